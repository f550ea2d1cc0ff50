// Prometheus-style scrape jobs that reach the kubelet directly.
//
// With `kubernetes_sd_configs: [{role: node}]` Prometheus discovers one target per Node whose
// `__address__` is the node address plus the kubelet port from the Node object (normally 10250,
// Prometheus docs, kubernetes_sd_config "node" role). The job then scrapes
// `<__scheme__>://<__address__><__metrics_path__>`, where `__scheme__` starts as `scheme`
// (default http) and `__metrics_path__` as `metrics_path` (default /metrics), and
// `relabel_configs` may rewrite all three (action `replace` is the default, replacement `$1`).
// So a node-role job is direct kubelet access when, after relabelling, the address is still the
// kubelet and the scheme is https (plain http to 10250 fails before authorization, and the
// read-only port 10255 authorizes nothing). When `__address__` is rewritten to the API server
// and `__metrics_path__` to `/api/v1/nodes/$1/proxy/…` (prometheus 28.6.1) the job uses the
// API-server proxy instead; that path is reported by the text scan, never here.
// The same logic serves the camelCase forms: ScrapeConfig (`kubernetesSDConfigs`, `scheme: HTTPS`,
// `metricsPath`, `relabelings`), ServiceMonitor endpoints and Alloy's River components.

import { asArray, asRecord, asText, forEachMapping, type Hit } from './hit.js';
import { isApiserverProxyPath } from './text.js';

/** A relabel rule reduced to what decides where a scrape goes. */
export interface RelabelRule {
  action: string;
  targetLabel: string;
  replacement: string;
}

export type AddressKind = 'kubelet' | 'apiserver' | 'readonly' | 'unknown';

/** Where a scrape ends up once relabelling is done. */
export interface ScrapeTarget {
  address: AddressKind;
  /** Lower-case scheme, or null when a relabel sets it from a label. */
  scheme: string | null;
  /** Metrics path, or null when a relabel sets it from a label. */
  metricsPath: string | null;
}

/** Classifies a literal `__address__` replacement by the port or host it names. */
export function classifyAddress(address: string): AddressKind {
  if (/kubernetes\.default(\.svc)?|:6443$|:443$/.test(address)) return 'apiserver';
  if (/:10250$/.test(address)) return 'kubelet';
  if (/:10255$/.test(address)) return 'readonly';
  return 'unknown';
}

/** A replacement made only of group references (`$1`, `${1}`) takes its value from a label. */
function isDynamic(replacement: string): boolean {
  return /^(\$\$?\{?\w+\}?)+$/.test(replacement.trim());
}

/** Applies the rules that rewrite `__address__`, `__scheme__` and `__metrics_path__`, in order. */
export function resolveTarget(start: ScrapeTarget, rules: readonly RelabelRule[]): ScrapeTarget {
  const target = { ...start };
  for (const rule of rules) {
    if (rule.action.toLowerCase() !== 'replace') continue;
    const value = rule.replacement;
    if (rule.targetLabel === '__address__') {
      target.address = isDynamic(value) ? 'unknown' : classifyAddress(value);
    } else if (rule.targetLabel === '__scheme__') {
      target.scheme = isDynamic(value) ? null : value.toLowerCase();
    } else if (rule.targetLabel === '__metrics_path__') {
      target.metricsPath = isDynamic(value) ? null : value;
    }
  }
  return target;
}

/** True when the resolved scrape reaches the kubelet's authenticated port directly. */
export function reachesKubeletDirectly(target: ScrapeTarget): boolean {
  if (target.address !== 'kubelet' || target.scheme !== 'https') return false;
  return target.metricsPath === null || !isApiserverProxyPath(target.metricsPath);
}

/** `camel`: the camelCase key (`targetLabel`); `either`: whichever each entry uses, camelCase first. */
function relabelRules(raw: unknown, keys: 'snake' | 'camel' | 'either'): RelabelRule[] {
  return asArray(raw).map((r) => {
    const rule = asRecord(r);
    const label = keys === 'snake' ? rule.target_label : keys === 'camel' ? rule.targetLabel : (rule.targetLabel ?? rule.target_label);
    return {
      action: asText(rule.action) ?? 'replace',
      targetLabel: asText(label) ?? '',
      replacement: asText(rule.replacement) ?? '$1',
    };
  });
}

interface JobFields {
  sdConfigs: string;
  metricsPath: string;
  relabels: string;
  staticConfigs: string;
  camel: boolean;
}

const SNAKE: JobFields = {
  sdConfigs: 'kubernetes_sd_configs',
  metricsPath: 'metrics_path',
  relabels: 'relabel_configs',
  staticConfigs: 'static_configs',
  camel: false,
};
const CAMEL: JobFields = {
  sdConfigs: 'kubernetesSDConfigs',
  metricsPath: 'metricsPath',
  relabels: 'relabelings',
  staticConfigs: 'staticConfigs',
  camel: true,
};

/** Start of a job's targets: the kubelet for node discovery or a static `host:10250` target. */
function initialAddress(job: Record<string, unknown>, fields: JobFields): AddressKind | null {
  const nodeRole = asArray(job[fields.sdConfigs]).some((sd) => asText(asRecord(sd).role)?.toLowerCase() === 'node');
  if (nodeRole) return 'kubelet';
  const targets = asArray(job[fields.staticConfigs]).flatMap((sc) => asArray(asRecord(sc).targets));
  if (targets.some((t) => /:10250$/.test(asText(t) ?? ''))) return 'kubelet';
  return null;
}

function jobHit(job: Record<string, unknown>, fields: JobFields, path: string): Hit | null {
  const address = initialAddress(job, fields);
  if (!address) return null;
  const start: ScrapeTarget = {
    address,
    scheme: (asText(job.scheme) ?? 'http').toLowerCase(),
    metricsPath: asText(job[fields.metricsPath]) ?? '/metrics',
  };
  const target = resolveTarget(start, relabelRules(job[fields.relabels], fields.camel ? 'camel' : 'snake'));
  if (!reachesKubeletDirectly(target)) return null;
  const name = asText(fields.camel ? job.jobName : job.job_name);
  const describedPath = target.metricsPath ?? '(from a label)';
  const text =
    `${name ? `${fields.camel ? 'jobName' : 'job_name'} ${name}: ` : ''}` +
    `${fields.sdConfigs} role node, scheme https, ${fields.metricsPath} ${describedPath}`;
  return { path, text, access: 'kubelet-direct', kubeletPath: target.metricsPath };
}

/** Direct kubelet scrapes in any Prometheus-format config tree (prometheus.yml, OTel prometheus receiver, agent configs). */
export function prometheusJobHits(tree: unknown, path: string): Hit[] {
  const hits: Hit[] = [];
  forEachMapping(tree, (node) => {
    if (!Array.isArray(node[SNAKE.sdConfigs]) && !Array.isArray(node[SNAKE.staticConfigs])) return;
    const hit = jobHit(node, SNAKE, path);
    if (hit) hits.push(hit);
  });
  return hits;
}

/** Direct kubelet scrapes in a prometheus-operator ScrapeConfig's `spec`. */
export function scrapeConfigHits(spec: Record<string, unknown>, path: string): Hit[] {
  const hit = jobHit(spec, CAMEL, path);
  return hit ? [hit] : [];
}

/**
 * VictoriaMetrics VMNodeScrape: one target per Node at `<node address>:<spec.port>`, scraped with
 * `spec.scheme` (default http) at `spec.path` (default /metrics), after `spec.relabelConfigs`
 * (VictoriaMetrics operator docs, VMNodeScrape; relabel entries accept snake_case and camelCase).
 */
export function vmNodeScrapeHits(spec: Record<string, unknown>): Hit[] {
  if (asText(spec.port) !== '10250') return [];
  // One pass in list order: the relabel rules apply in turn, whichever key spelling each uses.
  const rules = relabelRules(spec.relabelConfigs, 'either').filter((r) => r.targetLabel !== '');
  const target = resolveTarget(
    { address: 'kubelet', scheme: (asText(spec.scheme) ?? 'http').toLowerCase(), metricsPath: asText(spec.path) ?? '/metrics' },
    rules,
  );
  if (!reachesKubeletDirectly(target)) return [];
  const path = target.metricsPath ?? '(from a label)';
  return [{ path: 'spec.port', text: `VMNodeScrape port 10250, scheme https, path ${path}`, access: 'kubelet-direct', kubeletPath: target.metricsPath }];
}

/** ServiceMonitor endpoint relabelings use the camelCase form. */
export function camelRelabelRules(raw: unknown): RelabelRule[] {
  return relabelRules(raw, 'camel');
}
