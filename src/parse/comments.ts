// Comments rendered beside an RBAC rule, kept for the advice: helm renders template comments
// (`# used by netdata (cgroup-name.sh) when querying Kubelet /pods endpoint` beside
// `- "nodes/proxy"` in netdata 3.7.172's ClusterRole; kepler's `# Required for kubelet /pods
// endpoint access` above its rule), and a maintainer's note about why a grant is there is
// evidence of what it is for. Kept per grant: for `rules.N.resources.M` the comment at the end of
// its line and the comment lines right above it; for `rules.N` the comment lines right above the
// rule and at the end of its first line.
import type { Position } from '../types.js';
import type { RenderedLines } from './rendered-object.js';

/** The comment of a YAML line (after a `#` that starts a comment outside quotes), or null. */
export function lineComment(line: string): string | null {
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quote === '"' && ch === '\\') {
      i++;
      continue;
    }
    if (quote) {
      if (ch === quote) quote = null;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const prev = line[i - 1];
      if (i === 0 || prev === ' ' || prev === '\t' || prev === '[' || prev === '{' || prev === ',' || prev === '-' || prev === ':') quote = ch;
      continue;
    }
    if (ch === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
      const text = line.slice(i + 1).trim();
      return text === '' ? null : text;
    }
  }
  return null;
}

const isCommentOnly = (line: string): boolean => /^\s*#/.test(line);

/** Comment-only lines right above `line` (nearest last), within `first`. */
function commentsAbove(lines: RenderedLines, line: number, first: number): string[] {
  const out: string[] = [];
  for (let n = line - 1; n >= first; n--) {
    const text = lines.line(n);
    if (!isCommentOnly(text)) break;
    const comment = lineComment(text);
    if (comment) out.unshift(comment);
  }
  return out;
}

/**
 * Comments beside each rule and each resource entry of an RBAC object, keyed by dotted path
 * (`rules.0`, `rules.0.resources.1`); `first` is the object's first rendered line.
 */
export function rbacComments(positions: Readonly<Record<string, Position>>, lines: RenderedLines, first: number): Record<string, string> {
  const out: Record<string, string> = {};
  const ruleFirst = new Map<string, number>();
  for (const [path, pos] of Object.entries(positions)) {
    const m = /^(rules\.\d+)\./.exec(path);
    if (!m?.[1]) continue;
    const known = ruleFirst.get(m[1]);
    if (known === undefined || pos.rendered < known) ruleFirst.set(m[1], pos.rendered);
    if (/^rules\.\d+\.resources\.\d+$/.test(path)) {
      const texts = [...commentsAbove(lines, pos.rendered, first), lineComment(lines.line(pos.rendered))].filter((t): t is string => !!t);
      if (texts.length > 0) out[path] = texts.join(' ');
    }
  }
  for (const [rule, line] of ruleFirst) {
    const texts = [...commentsAbove(lines, line, first), lineComment(lines.line(line))].filter((t): t is string => !!t);
    if (texts.length > 0) out[rule] = texts.join(' ');
  }
  return out;
}
