// Prometheus-format scrape jobs: Prometheus itself, vmagent (VictoriaMetrics), Grafana Agent in
// static mode, the OTel Collector's prometheus receiver (all read `scrape_configs`), and the
// prometheus-operator ScrapeConfig / VictoriaMetrics VMScrapeConfig CRs (the same job in camelCase).
//
// A job reaches the kubelet when its targets are kubelets: `kubernetes_sd_configs` with
// `role: node` (ScrapeConfig's enum is `Node`), or static targets on port 10250. After the
// relabel rules (src/evidence/relabel.ts) it is either
// - a direct scrape: address still the kubelet, scheme https → `GET <metrics_path>` on :10250,
//   authorized by the kubelet (nodes/metrics for /metrics*; prometheus 28.7.0's jobs), or
// - an API-server proxy scrape: `__address__` rewritten to the API server and `__metrics_path__`
//   to `/api/v1/nodes/$1/proxy/metrics` (prometheus 28.6.1, victoria-metrics-agent 0.30.0). That
//   path is found by the URL scan (clients/urls.ts), which reads it wherever it is written.
// Sources: prometheus docs "kubernetes_sd_config", documentation/examples/prometheus-kubernetes.yml
// (both forms), VictoriaMetrics docs "kubernetes_sd_configs" (same node role and relabelling).

import type { ParsedObject } from '../../types.js';
import { asArray, asRecord, asText, forEachMapping, type Hit } from '../hit.js';
import { reachesKubeletDirectly, relabelRules, resolveTarget, type ScrapeTarget } from '../relabel.js';
import type { KubeletClient, TreeInput } from './client.js';

interface JobFields {
  sdConfigs: string;
  metricsPath: string;
  relabels: string;
  staticConfigs: string;
  jobName: string;
  relabelKeys: 'snake' | 'camel' | 'either';
}

const SNAKE: JobFields = { sdConfigs: 'kubernetes_sd_configs', metricsPath: 'metrics_path', relabels: 'relabel_configs', staticConfigs: 'static_configs', jobName: 'job_name', relabelKeys: 'snake' };
/** prometheus-operator ScrapeConfig (monitoring.coreos.com/v1alpha1). */
const CAMEL: JobFields = { sdConfigs: 'kubernetesSDConfigs', metricsPath: 'metricsPath', relabels: 'relabelings', staticConfigs: 'staticConfigs', jobName: 'jobName', relabelKeys: 'camel' };
/** VictoriaMetrics VMScrapeConfig: `path` and `relabelConfigs`, whose entries take either spelling (VM operator docs). */
const VM: JobFields = { sdConfigs: 'kubernetesSDConfigs', metricsPath: 'path', relabels: 'relabelConfigs', staticConfigs: 'staticConfigs', jobName: 'jobName', relabelKeys: 'either' };

/** The first node-role SD config's index, or -1. */
function nodeRoleIndex(job: Record<string, unknown>, fields: JobFields): number {
  return asArray(job[fields.sdConfigs]).findIndex((sd) => asText(asRecord(sd).role)?.toLowerCase() === 'node');
}

/** True when the job starts from kubelet targets: node discovery, or a static `host:10250` target. */
function targetsKubelets(job: Record<string, unknown>, fields: JobFields): boolean {
  if (nodeRoleIndex(job, fields) >= 0) return true;
  const targets = asArray(job[fields.staticConfigs]).flatMap((sc) => asArray(asRecord(sc).targets));
  return targets.some((t) => /:10250$/.test(asText(t) ?? ''));
}

/** The direct kubelet scrape a job makes, or null. */
export function scrapeJobHit(job: Record<string, unknown>, fields: JobFields, path: string, client: string): Hit | null {
  if (!targetsKubelets(job, fields)) return null;
  const start: ScrapeTarget = {
    address: 'kubelet',
    scheme: (asText(job.scheme) ?? 'http').toLowerCase(),
    metricsPath: asText(job[fields.metricsPath]) ?? '/metrics',
  };
  const target = resolveTarget(start, relabelRules(job[fields.relabels], fields.relabelKeys).filter((r) => r.targetLabel !== ''));
  if (!reachesKubeletDirectly(target)) return null;
  const name = asText(job[fields.jobName]);
  const describedPath = target.metricsPath ?? '(from a label)';
  const text =
    `${name ? `${fields.jobName} ${name}: ` : ''}` +
    `${fields.sdConfigs} role node, scheme https, ${fields.metricsPath} ${describedPath}`;
  return { path, text, access: 'kubelet-direct', kubeletPath: target.metricsPath, client, breaks: `the scrape job${name ? ` ${name}` : ''} gets 403 from every kubelet: its metrics are lost` };
}

/** Direct kubelet scrapes in any Prometheus-format config tree. */
export function prometheusJobHits(tree: unknown, path: string): Hit[] {
  const hits: Hit[] = [];
  forEachMapping(tree, (node) => {
    if (!Array.isArray(node[SNAKE.sdConfigs]) && !Array.isArray(node[SNAKE.staticConfigs])) return;
    const hit = scrapeJobHit(node, SNAKE, path, 'prometheus');
    if (hit) hits.push(hit);
  });
  return hits;
}

/** Where a camelCase job's evidence sits: its first node-role SD config, else its static targets. */
function camelJobPath(spec: Record<string, unknown>, fields: JobFields): string {
  const i = nodeRoleIndex(spec, fields);
  return i >= 0 ? `spec.${fields.sdConfigs}.${i}.role` : `spec.${fields.staticConfigs}`;
}

const specJob = (fields: JobFields) => (obj: ParsedObject): Hit[] => {
  const spec = asRecord(obj.body.spec);
  const hit = scrapeJobHit(spec, fields, camelJobPath(spec, fields), 'prometheus');
  return hit ? [hit] : [];
};

export const prometheus: KubeletClient = {
  id: 'prometheus',
  name: 'Prometheus-format scrape configs (Prometheus, vmagent, Grafana Agent static mode, OTel prometheus receiver, ScrapeConfig, VMScrapeConfig)',
  configTree: ({ tree, path }: TreeInput) => prometheusJobHits(tree, path),
  objects: [
    { group: 'monitoring.coreos.com', kinds: ['ScrapeConfig'], read: specJob(CAMEL) },
    { group: 'operator.victoriametrics.com', kinds: ['VMScrapeConfig'], read: specJob(VM) },
  ],
};
