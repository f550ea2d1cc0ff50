// Text-level evidence: paths that are unambiguous wherever they appear, once comments are gone.
//
// - `/api/v1/nodes/<node>/proxy/<rest>` (and the legacy `/api/v1/proxy/nodes/<node>/<rest>`) is
//   the API-server node proxy (docs/kubernetes.md#the-api-servers-node-proxy): always authorized as `nodes/proxy`, and it
//   reaches the kubelet path `/<rest>`.
// - `https://<host>:10250/<path>` is a direct call to the kubelet's authenticated port. Only the
//   https scheme with the port written next to a host counts: a bare `10250` (the
//   prometheus-operator's own `--web.listen-address=:10250`, a containerPort) says nothing about
//   the kubelet, and plain http to 10250 fails the TLS handshake before any authorization.
//   `:10255` is the read-only port, which authorizes nothing, so it never counts.

import type { Hit } from './hit.js';

export type TextFormat = 'yaml' | 'json' | 'hash' | 'river' | 'plain';

// A node segment may be a relabel reference (`$1`, `${1}`, OTel's escaped `$$1`), never a slash.
const NODE = String.raw`[^/\s"'\x60]+`;
// The rest of a path stops at whitespace, quotes and the punctuation that closes JSON, PromQL or prose.
const REST = String.raw`(/[^\s"'\x60<>|,;)\]}]*)?`;
const APISERVER_PROXY = new RegExp(String.raw`/api/v1/nodes/${NODE}/proxy${REST}`, 'g');
const LEGACY_APISERVER_PROXY = new RegExp(String.raw`/api/v1/proxy/nodes/${NODE}${REST}`, 'g');
// Host is anything up to the port (it may hold `${env:NODE_IP}`, which contains a colon).
const KUBELET_URL = new RegExp(String.raw`https://[^\s/"'\x60]+?:10250(?![0-9])${REST}`, 'g');

/** Where the path inside an API-server proxy URL starts. */
const PROXY_PREFIX = /^\/api\/v1\/(?:nodes\/[^/]+\/proxy|proxy\/nodes\/[^/]+)/;

/** Format of an embedded config from its ConfigMap/Secret key. */
export function formatForKey(key: string): TextFormat {
  const ext = /\.([A-Za-z0-9]+)$/.exec(key)?.[1]?.toLowerCase() ?? '';
  if (ext === 'yaml' || ext === 'yml') return 'yaml';
  if (ext === 'json') return 'json';
  if (ext === 'alloy' || ext === 'river') return 'river';
  if (['conf', 'cfg', 'ini', 'toml', 'properties', 'sh', 'env'].includes(ext)) return 'hash';
  return 'plain';
}

/** River (Alloy / Grafana Agent flow) is recognised by its `name.sub "label" {` blocks. */
export function looksLikeRiver(text: string): boolean {
  return /^\s*[a-z_][a-z0-9_]*(?:\.[a-z0-9_]+)+\s+"[^"\n]*"\s*\{/m.test(text);
}

/**
 * Removes comments by format so commented-out examples never count (newrelic-infrastructure
 * 4.5.0's `#  --port … Default is 10255`, kube-prometheus-stack's `#  - nodes/proxy`).
 * `#` starts a comment at a line start or after whitespace (YAML, TOML, INI, fluent-bit, shell);
 * a `#` inside a word or URL fragment is kept. River uses `//` line and slash-star block comments, outside strings.
 */
export function stripComments(text: string, format: TextFormat): string {
  if (format === 'json') return text;
  if (format === 'river') return stripRiverComments(text);
  return text
    .split(/\r?\n/)
    .map((line) => line.replace(/(^|\s)#.*$/, '$1'))
    .join('\n');
}

function stripRiverComments(text: string): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i] as string;
    if (ch === '"' || ch === '`') {
      const end = stringEnd(text, i);
      out += text.slice(i, end);
      i = end;
    } else if (text.startsWith('//', i)) {
      const nl = text.indexOf('\n', i);
      i = nl < 0 ? text.length : nl;
    } else if (text.startsWith('/*', i)) {
      const close = text.indexOf('*/', i + 2);
      const skipped = text.slice(i, close < 0 ? text.length : close + 2);
      out += skipped.replace(/[^\n]/g, ' ');
      i = close < 0 ? text.length : close + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Index just past the string literal opened at `start` (`"…"` with escapes, or raw `` `…` ``). */
export function stringEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (quote === '"' && ch === '\\') i += 2;
    else if (ch === quote) return i + 1;
    else if (quote === '"' && ch === '\n') return i;
    else i++;
  }
  return text.length;
}

/** The kubelet path an API-server proxy path reaches (`/api/v1/nodes/$1/proxy/metrics` → `/metrics`). */
export function kubeletPathOfProxyPath(proxyPath: string): string {
  const rest = proxyPath.replace(PROXY_PREFIX, '');
  return withoutQuery(rest === '' ? '/' : rest);
}

function withoutQuery(path: string): string {
  const end = path.search(/[?#]/);
  const bare = end < 0 ? path : path.slice(0, end);
  return bare === '' ? '/' : bare;
}

/**
 * Whether scanText can find anything in the text: every pattern it looks for contains one of
 * these; most strings (dashboards, labels, arguments) contain neither. Removing comments only
 * removes text, so callers may ask before stripping them.
 */
export function mayHoldKubeletPath(text: string): boolean {
  return text.includes('/api/v1/') || text.includes(':10250');
}

/**
 * Evidence found in comment-free text: the catalogue's `urls` client (src/evidence/clients),
 * which reads these paths wherever they are written, whatever program reads them.
 */
export function scanText(text: string, path: string): Hit[] {
  const hits: Hit[] = [];
  if (!mayHoldKubeletPath(text)) return hits;
  for (const re of [APISERVER_PROXY, LEGACY_APISERVER_PROXY]) {
    for (const m of text.matchAll(re)) {
      const kubeletPath = kubeletPathOfProxyPath(m[0]);
      hits.push({ path, text: m[0], access: 'apiserver-proxy', kubeletPath, client: 'urls', breaks: `every request to ${kubeletPath} through the API server's node proxy gets 403` });
    }
  }
  for (const m of text.matchAll(KUBELET_URL)) {
    const rest = m[1];
    // A base URL without a path only says "talks to the kubelet"; the path stays unknown.
    const kubeletPath = rest && rest !== '/' ? withoutQuery(rest) : null;
    hits.push({ path, text: m[0], access: 'kubelet-direct', kubeletPath, client: 'urls', breaks: kubeletPath ? `every request to ${kubeletPath} on the kubelet gets 403` : null });
  }
  return hits;
}

/** True when the string is (or contains) an API-server proxy path. */
export function isApiserverProxyPath(text: string): boolean {
  return APISERVER_PROXY_TEST.test(text) || LEGACY_APISERVER_PROXY_TEST.test(text);
}

// Without the g flag: test() keeps no lastIndex between calls.
const APISERVER_PROXY_TEST = new RegExp(APISERVER_PROXY.source);
const LEGACY_APISERVER_PROXY_TEST = new RegExp(LEGACY_APISERVER_PROXY.source);
