import { posix } from 'node:path';
import type { Finding, TargetInfo } from '../types.js';

// Code scanning and annotations match results to repository files by path, so every finding
// is placed at `<chart dir relative to the repo>/<chart-relative template>`. Pure string work:
// no fs, the caller says where each chart sits in the repository (`targetPaths`).

/** Chart directory (repo-relative) per target id; null for manifests, whose source file is the path. */
export type TargetPaths = ReadonlyMap<number, string | null>;

const isAbsolute = (p: string): boolean => p.startsWith('/') || /^[A-Za-z]:\//.test(p);

/** Posix separators, no `./`, no `//`, `a/../b` folded; leading `..` kept (the file is outside the root). */
export function normalizePath(path: string): string {
  const p = path.replace(/\\/g, '/');
  const drive = /^[A-Za-z]:\//.test(p) ? p.slice(0, 2) : '';
  const rest = drive ? p.slice(2) : p;
  const normalized = posix.normalize(rest);
  const trimmed = normalized === '.' || normalized === './' ? '' : normalized.replace(/^\.\//, '').replace(/\/$/, '');
  return drive + trimmed;
}

function join(dir: string | null, file: string | null): string | null {
  const d = dir === null ? '' : normalizePath(dir);
  const f = file === null ? '' : normalizePath(file);
  if (f && (isAbsolute(f) || !d)) return f;
  if (!f) return d ? `${d}/Chart.yaml` : null;
  return normalizePath(`${d}/${f}`);
}

/**
 * The chart's directory relative to the repository: from `targetPaths` when the caller knows it,
 * else the chart path as given, made relative to an absolute `repoRoot` when both are absolute.
 */
function chartDir(target: TargetInfo | undefined, id: number, targetPaths: TargetPaths | undefined, repoRoot: string | null | undefined): string | null {
  if (targetPaths?.has(id)) return targetPaths.get(id) ?? null;
  const chart = target?.chart ?? null;
  if (chart === null) return null;
  const c = normalizePath(chart);
  const root = repoRoot ? normalizePath(repoRoot) : null;
  if (root && isAbsolute(root) && isAbsolute(c)) return posix.relative(root, c) || null;
  return c;
}

/**
 * Repo-relative posix path of the file a finding points at: the chart template, else the chart's
 * Chart.yaml when the template is unknown, else the target's name (a manifest read from stdin).
 */
export function findingPath(
  f: Pick<Finding, 'target' | 'source'>,
  targets: readonly TargetInfo[],
  targetPaths?: TargetPaths,
  repoRoot?: string | null,
): string {
  const target = targets.find((t) => t.id === f.target);
  const dir = chartDir(target, f.target, targetPaths, repoRoot);
  return join(dir, f.source.file) ?? normalizePath(target?.name ?? 'unknown');
}

// RFC 3986 pchar minus ':' (a colon in the first segment would read as a scheme).
const SEGMENT_SAFE = /[A-Za-z0-9\-._~!$&'()*+,;=@]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function encodeSegment(segment: string): string {
  let out = '';
  for (const ch of segment.replace(LONE_SURROGATE, '\ufffd')) out += SEGMENT_SAFE.test(ch) ? ch : encodeURIComponent(ch);
  return out;
}

/** A path as a URI reference: each segment percent-encoded where a URI needs it, `/` kept. */
export function pathToUri(path: string): string {
  if (/^[A-Za-z]:\//.test(path)) return `file:///${path.slice(0, 2)}${path.slice(2).split('/').map(encodeSegment).join('/')}`;
  if (path.startsWith('/')) return `file://${path.split('/').map(encodeSegment).join('/')}`;
  return path.split('/').map(encodeSegment).join('/');
}

export function isAbsolutePath(path: string): boolean {
  return isAbsolute(normalizePath(path));
}
