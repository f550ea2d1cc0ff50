// The RBAC edit at the template line a nodes-proxy finding points to: `- nodes/proxy` in a
// block list of resources becomes the subresources the workload uses, or goes when the list
// already holds them. A subresource newer than the oldest Kubernetes the chart may run on
// (nodes/pods, nodes/healthz, nodes/configz since 1.33 with KubeletFineGrainedAuthz) is gated on
// .Capabilities.KubeVersion, so older clusters keep nodes/proxy — the idiom dynatrace-operator's
// and opentelemetry-operator's charts use. Anything else (a flow list, a templated list, a
// wildcard) is left to a person.
import { compareMinors } from '../kube-versions.js';
import { kubeletSubresourceSince } from '../rbac/kubelet.js';
import type { LineEdit } from './edits.js';

export type RbacLineResult = { kind: 'edit'; edits: LineEdit[]; gated: boolean; added: string[] } | { kind: 'manual'; reason: string; line: string };

const ITEM = /^(\s*)-(\s+)(["']?)nodes\/proxy\3(\s*(?:#.*)?)$/;
/** `resources: ["nodes", "nodes/proxy"]` on one line (also as a `- resources:` item key). */
const FLOW = /^(\s*)(-\s+)?resources:(\s*)\[([^\]{}#]*)\](\s*(?:#.*)?)$/;
const WILDCARD = 'the grant comes through a wildcard (`*` or `*/proxy`), not a nodes/proxy entry: list the resources the workload uses instead';
const FLOW_ITEM = /^\s*(["']?)([^"',\s]+)\1\s*$/;
const ANY_ITEM = /^(\s*)-\s+(["']?)([^"'#\s]+)\2\s*(?:#.*)?$/;

/** The resources of the block list the item at `index` belongs to (its siblings at the same indent). */
function siblings(lines: readonly string[], index: number, indent: number): string[] {
  const out: string[] = [];
  const visit = (step: number) => {
    for (let i = index + step; i >= 0 && i < lines.length; i += step) {
      const line = lines[i] ?? '';
      if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
      const m = ANY_ITEM.exec(line);
      if (!m || (m[1]?.length ?? -1) !== indent) break;
      out.push(m[3] ?? '');
    }
  };
  visit(-1);
  visit(1);
  return out;
}

/** The minor a subresource needs, when it is newer than `oldest` (the oldest minor the chart may run on). */
function gateOf(subresource: string, oldest: string): string | null {
  const since = kubeletSubresourceSince[subresource] ?? null;
  return since && compareMinors(since, oldest) > 0 ? since : null;
}

/**
 * The edit of `line` (1-based) of a template so that it grants `needed` (`metrics`, `pods`, …)
 * instead of nodes/proxy, for a chart that may run on Kubernetes `oldest` (a minor, `1.32`) and newer.
 */
export function rbacLineEdit(text: string, line: number, needed: readonly string[], oldest: string): RbacLineResult {
  const lines = text.split(/\r?\n/);
  const current = lines[line - 1];
  if (current === undefined) return { kind: 'manual', reason: 'the finding points past the end of the template', line: '' };
  const flow = FLOW.exec(current);
  if (flow) return flowEdit(flow, line, needed, oldest);
  const m = ITEM.exec(current);
  if (!m) {
    const reason = current.includes('{{')
      ? 'the resources come from a template expression (a values list or a loop): change the value it reads'
      : /nodes\/proxy/.test(current)
        ? 'nodes/proxy is not a plain list item on its own line (a flow list or a comment)'
        : WILDCARD;
    return { kind: 'manual', reason, line: current };
  }
  const indent = m[1] ?? '';
  const space = m[2] ?? ' ';
  const quote = m[3] ?? '';
  const present = new Set(siblings(lines, line - 1, indent.length));
  const add = needed.filter((s) => !present.has(`nodes/${s}`));
  const item = (r: string) => `${indent}-${space}${quote}${r}${quote}`;
  const always = add.filter((s) => gateOf(s, oldest) === null);
  const gates = [...new Set(add.map((s) => gateOf(s, oldest)).filter((g): g is string => g !== null))].sort(compareMinors);
  // A chomping `{{-` joins each block to the line above, as helm charts write it.
  const blocks = gates.flatMap((since) => [
    `${indent}{{- if semverCompare ">=${since}-0" .Capabilities.KubeVersion.Version }}`,
    ...add.filter((s) => gateOf(s, oldest) === since).map((s) => item(`nodes/${s}`)),
    `${indent}{{- else }}`,
    item('nodes/proxy'),
    `${indent}{{- end }}`,
  ]);
  const replacement = [...always.map((s) => item(`nodes/${s}`)), ...blocks];
  return { kind: 'edit', edits: [{ line: line - 1, count: 1, lines: replacement }], gated: gates.length > 0, added: add };
}

/**
 * A one-line flow list: without a gate it stays a flow list (`nodes/proxy` out, the needed ones
 * in, same quoting); with a gate it becomes a block list under the key, since a template block
 * cannot sit inside `[…]`.
 */
function flowEdit(m: RegExpExecArray, line: number, needed: readonly string[], oldest: string): RbacLineResult {
  const [, indent = '', dash = '', space = ' ', body = '', comment = ''] = m;
  const items = body.split(',').filter((s) => s.trim() !== '').map((s) => FLOW_ITEM.exec(s));
  if (items.some((i) => i === null)) return { kind: 'manual', reason: 'the flow list of resources holds something other than plain names', line: m[0] };
  const names = items.map((i) => (i as RegExpExecArray)[2] as string);
  if (!names.includes('nodes/proxy')) return { kind: 'manual', reason: WILDCARD, line: m[0] };
  const quote = (items[0] as RegExpExecArray)[1] ?? '';
  const add = needed.filter((s) => !names.includes(`nodes/${s}`));
  const gates = [...new Set(add.map((s) => gateOf(s, oldest)).filter((g): g is string => g !== null))].sort(compareMinors);
  const key = `${indent}${dash}resources:`;
  if (gates.length === 0) {
    const kept = names.flatMap((n) => (n === 'nodes/proxy' ? add.map((s) => `nodes/${s}`) : [n]));
    return { kind: 'edit', edits: [{ line: line - 1, count: 1, lines: [`${key}${space}[${kept.map((n) => `${quote}${n}${quote}`).join(', ')}]${comment}`] }], gated: false, added: add };
  }
  const itemIndent = ' '.repeat(indent.length + dash.length + 2);
  const item = (r: string) => `${itemIndent}- ${quote}${r}${quote}`;
  const out = [`${key}${comment}`];
  for (const n of names) {
    if (n !== 'nodes/proxy') {
      out.push(item(n));
      continue;
    }
    out.push(...add.filter((s) => gateOf(s, oldest) === null).map((s) => item(`nodes/${s}`)));
    for (const since of gates) {
      out.push(`${itemIndent}{{- if semverCompare ">=${since}-0" .Capabilities.KubeVersion.Version }}`);
      out.push(...add.filter((s) => gateOf(s, oldest) === since).map((s) => item(`nodes/${s}`)));
      out.push(`${itemIndent}{{- else }}`, item('nodes/proxy'), `${itemIndent}{{- end }}`);
    }
  }
  return { kind: 'edit', edits: [{ line: line - 1, count: 1, lines: out }], gated: true, added: add };
}
