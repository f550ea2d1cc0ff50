// The two kubelet scrape jobs that Prometheus' own example configuration shipped for years
// (`kubernetes-nodes`, `kubernetes-nodes-cadvisor` / `kubernetes-cadvisor`, copied into many
// charts), rewritten from the API-server proxy form to scraping the kubelet directly — the change
// the prometheus chart made in 28.7.0 and VictoriaMetrics in #2678:
//
//   proxy form                                         direct form
//   relabel_configs:                                    (no __address__ / __metrics_path__ rewrite)
//     - target_label: __address__                      role: node already targets
//       replacement: kubernetes.default.svc:443        <node address>:<kubelet port> (10250)
//     - source_labels: [__meta_kubernetes_node_name]
//       regex: (.+)
//       target_label: __metrics_path__
//       replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor   metrics_path: /metrics/cadvisor
//
// Relabelling semantics (prometheus model/relabel): action defaults to replace, regex to (.*),
// so the __address__ rule is unconditional, and `(.+)` on the node name always matches for node
// targets. Only jobs of exactly this shape are rewritten; anything else is reported for a person.
import { LineCounter, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import type { Node, YAMLMap } from 'yaml';
import type { LineEdit } from './edits.js';

const PROXY_PATH = /^\/api\/v1\/nodes\/(?:\$1|\$\{1\})\/proxy(\/[^\s"']*)?$/;
const APISERVER = /^kubernetes\.default(?:\.svc(?:\.cluster\.local)?)?(?::443)?$/;
const SA_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

/** A job rewritten: where it is, which kubelet path it scrapes now, and the edits. */
export interface ScrapeJobRewrite {
  /** 1-based line of the job's first key. */
  line: number;
  name: string | null;
  kubeletPath: string;
  edits: LineEdit[];
}

/** A proxy-form occurrence that is not the standard shape: the lines a person must change. */
export interface ScrapeJobManual {
  line: number;
  reason: string;
  lines: string[];
}

export type ScrapeJobResult = { kind: 'rewrite'; job: ScrapeJobRewrite } | { kind: 'manual'; manual: ScrapeJobManual };

const indentOf = (line: string): number => line.length - line.trimStart().length;
const isBlankOrComment = (line: string): boolean => line.trim() === '' || line.trimStart().startsWith('#');
/** Column of a line's key: after a `- ` sequence indicator when there is one. */
const keyColumn = (line: string): number => {
  const m = /^(\s*)(-\s+)?/.exec(line);
  return (m?.[1]?.length ?? 0) + (m?.[2]?.length ?? 0);
};

/** The lines of the job mapping around `anchor` (0-based): [start, end) with its key column. */
function jobRegion(lines: readonly string[], anchor: number): { start: number; end: number; column: number } | null {
  let rc = -1;
  for (let i = anchor; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (isBlankOrComment(line)) continue;
    if (/^\s*(-\s+)?relabel_configs\s*:\s*$/.test(line) && keyColumn(line) < indentOf(lines[anchor] ?? '')) {
      rc = i;
      break;
    }
  }
  if (rc < 0) return null;
  const column = keyColumn(lines[rc] ?? '');
  let start = rc;
  if (!/^\s*-\s+/.test(lines[rc] ?? '')) {
    for (let i = rc - 1; i >= 0; i--) {
      const line = lines[i] ?? '';
      if (isBlankOrComment(line) || indentOf(line) > column) continue; // a sibling's nested lines
      if (indentOf(line) === column) {
        start = i;
        continue;
      }
      if (keyColumn(line) === column && /^\s*-\s+/.test(line)) start = i; // the sequence item's first key
      break;
    }
  }
  let end = lines.length;
  for (let i = rc + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (isBlankOrComment(line)) continue;
    if (indentOf(line) < column) {
      end = i;
      break;
    }
  }
  while (end > start && isBlankOrComment(lines[end - 1] ?? '')) end--;
  return { start, end, column };
}

const scalar = (map: YAMLMap, key: string): unknown => {
  const v = map.get(key, true);
  return isScalar(v) ? v.value : undefined;
};

function lineRange(node: Node, counter: LineCounter, offset: number): { first: number; last: number } {
  const [from, to] = node.range ?? [0, 0];
  return { first: counter.linePos(from).line - 1 + offset, last: counter.linePos(Math.max(from, to - 1)).line - 1 + offset };
}

/** `job_name`, else the key the job sits under (the prometheus chart's `scrapeConfigs.<name>` map). */
function jobName(job: YAMLMap, lines: readonly string[], start: number, column: number): string | null {
  const name = scalar(job, 'job_name');
  if (typeof name === 'string' && name) return name;
  if (/^\s*-\s+/.test(lines[start] ?? '')) return null;
  for (let i = start - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (isBlankOrComment(line)) continue;
    const m = /^\s*([A-Za-z0-9_.-]+)\s*:\s*$/.exec(line);
    return m && indentOf(line) < column ? (m[1] ?? null) : null;
  }
  return null;
}

/**
 * Rewrites the job that holds the API-server proxy path at `anchor` (0-based line of `text`), or
 * says why it cannot. `text` may be values.yaml or a template: only a job region without template
 * directives is rewritten.
 */
export function rewriteScrapeJob(text: string, anchor: number): ScrapeJobResult {
  const lines = text.split(/\r?\n/);
  const region = jobRegion(lines, anchor);
  const around = (reason: string): ScrapeJobResult => ({
    kind: 'manual',
    manual: { line: anchor + 1, reason, lines: lines.slice(Math.max(0, anchor - 4), anchor + 2) },
  });
  if (!region) return around('the proxy path is not in a relabel_configs list of a scrape job');
  const jobLines = lines.slice(region.start, region.end);
  if (jobLines.some((l) => l.includes('{{'))) return around('the scrape job is built with template directives');
  // Parse the job alone: its own column becomes column 0 (a sequence item's `- ` becomes spaces).
  const dedented = jobLines.map((l, i) => (i === 0 ? ' '.repeat(region.column) + l.slice(region.column) : l).slice(region.column));
  const counter = new LineCounter();
  const doc = parseDocument(dedented.join('\n'), { lineCounter: counter, keepSourceTokens: false });
  if (doc.errors.length > 0 || !isMap(doc.contents)) return around('the scrape job is not plain YAML');
  const job = doc.contents;
  const sd = job.get('kubernetes_sd_configs', true);
  const nodeRole = isSeq(sd) && sd.items.some((i) => isMap(i) && scalar(i, 'role') === 'node');
  const relabels = job.get('relabel_configs', true);
  if (!nodeRole || !isSeq(relabels)) return around('the job does not discover nodes (kubernetes_sd_configs role: node)');

  let address: Node | null = null;
  let path: { node: Node; kubeletPath: string } | null = null;
  for (const item of relabels.items) {
    if (!isMap(item)) continue;
    const action = scalar(item, 'action') ?? 'replace';
    const target = scalar(item, 'target_label');
    const replacement = String(scalar(item, 'replacement') ?? '');
    if (action !== 'replace') continue;
    if (target === '__address__' && APISERVER.test(replacement)) address = item;
    const m = PROXY_PATH.exec(replacement);
    if (target === '__metrics_path__' && m) {
      const sources = item.get('source_labels', true);
      const byNodeName = isSeq(sources) && sources.items.length === 1 && isScalar(sources.items[0]) && sources.items[0].value === '__meta_kubernetes_node_name';
      const regex = String(scalar(item, 'regex') ?? '(.*)');
      if (!byNodeName || !['(.+)', '(.*)'].includes(regex)) return around('the path rewrite does not take the node name the standard way');
      path = { node: item, kubeletPath: m[1] ?? '/' };
    }
  }
  if (!address || !path) return around('the job is not the standard proxy form (an __address__ rewrite to the API server and a __metrics_path__ rewrite to /api/v1/nodes/$1/proxy/…)');

  const edits: LineEdit[] = [];
  for (const node of [address, path.node]) {
    const { first, last } = lineRange(node, counter, region.start);
    edits.push({ line: first, count: last - first + 1, lines: [] });
  }
  const pad = ' '.repeat(region.column);
  const keyLine = (key: string): number | null => {
    const pair = job.items.find((p) => isScalar(p.key) && p.key.value === key);
    return pair && isScalar(pair.key) ? lineRange(pair.key, counter, region.start).first : null;
  };
  const insertAt = keyLine('kubernetes_sd_configs') ?? region.start + 1;
  const inserted: string[] = [];
  // Direct: the kubelet serves on https and wants a token; the proxy form had them for the API server.
  const scheme = scalar(job, 'scheme');
  if (scheme !== 'https') {
    const at = keyLine('scheme');
    if (at !== null) edits.push({ line: at, count: 1, lines: [`${pad}scheme: https`] });
    else inserted.push(`${pad}scheme: https`);
  }
  if (job.get('tls_config') === undefined) inserted.push(`${pad}tls_config:`, `${pad}  ca_file: ${SA_DIR}/ca.crt`);
  if (job.get('bearer_token_file') === undefined && job.get('authorization') === undefined) inserted.push(`${pad}bearer_token_file: ${SA_DIR}/token`);
  const current = scalar(job, 'metrics_path');
  if (current !== undefined && current !== path.kubeletPath) {
    const at = keyLine('metrics_path') as number;
    edits.push({ line: at, count: 1, lines: [`${pad}metrics_path: ${path.kubeletPath}`] });
  } else if (current === undefined && path.kubeletPath !== '/metrics') {
    inserted.push(`${pad}metrics_path: ${path.kubeletPath}`);
  }
  if (inserted.length > 0) edits.push({ line: insertAt, count: 0, lines: inserted });
  return { kind: 'rewrite', job: { line: region.start + 1, name: jobName(job, lines, region.start, region.column), kubeletPath: path.kubeletPath, edits } };
}

/** 0-based lines of `text` that hold an API-server node proxy path. */
export function proxyPathLines(text: string): number[] {
  const out: number[] = [];
  text.split(/\r?\n/).forEach((line, i) => {
    if (/\/api\/v1\/nodes\/[^/\s]+\/proxy\b/.test(line)) out.push(i);
  });
  return out;
}
