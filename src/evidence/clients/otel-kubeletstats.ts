// The OpenTelemetry Collector's kubelet stats receiver: `kubelet_stats` (the canonical type name
// since opentelemetry-collector-contrib #47957) and `kubeletstats` (its deprecated alias, still
// accepted and still what SigNoz k8s-infra and the collector chart's kubeletMetrics preset write),
// each optionally with a `/name` suffix.
//
// Paths (receiver/kubeletstatsreceiver internal/kubelet/rest_client.go and scraper.go):
// - `GET /stats/summary` on every scrape (nodes/stats); metric_groups only pick what is kept;
// - `GET /pods` too when `extra_metadata_labels` is non-empty or one of the eight
//   `k8s.{pod,container}.{cpu,memory}_{limit,request}_utilization` metrics is enabled
//   (nodes/pods from 1.33, nodes/proxy before). The `*.node.utilization` metrics read the Node
//   from the API server instead, no kubelet call.
// Route by `auth_type` (internal/kubelet/client.go; default `tls`, factory.go): `tls` and
// `serviceAccount` call :10250 directly (an endpoint without a scheme gets https://); `none` is the
// read-only port 10255, which authorizes nothing; `kubeConfig` goes through the API server,
// `/api/v1/nodes/<endpoint>/proxy/`, always nodes/proxy. An explicit `http://` endpoint is no
// authenticated call either.
// A receiver only runs when a pipeline lists it; configs without `service.pipelines` (a
// receiver_creator's templates, partial snippets) count every receiver. Receivers read here are
// added to `interpreted`, so their endpoint URL is not counted again by the URL scan.

import { asArray, asRecord, asText, forEachMapping, isRecord, truthy, type Hit } from '../hit.js';
import type { KubeletClient, TreeInput } from './client.js';

const RECEIVER = /^(kubeletstats|kubelet_stats)(\/.*)?$/;
const NEEDS_PODS = /^k8s\.(pod|container)\.(cpu|memory)_(limit|request)_utilization$/;

function pipelineReceivers(root: Record<string, unknown>): Set<string> | null {
  const pipelines = asRecord(root.service).pipelines;
  if (!isRecord(pipelines)) return null;
  const ids = Object.values(pipelines).flatMap((p) => asArray(asRecord(p).receivers));
  return new Set(ids.map((id) => asText(id) ?? ''));
}

/** Why the receiver reads /pods, or null when it does not. */
function podsReason(receiver: Record<string, unknown>): string | null {
  const labels = asArray(receiver.extra_metadata_labels).map((l) => asText(l) ?? '');
  if (labels.length > 0) return `extra_metadata_labels [${labels.join(', ')}]`;
  const enabled = Object.entries(asRecord(receiver.metrics))
    .filter(([name, setting]) => NEEDS_PODS.test(name) && truthy(asRecord(setting).enabled))
    .map(([name]) => name);
  return enabled.length > 0 ? `metrics ${enabled.join(', ')} enabled` : null;
}

function receiverHits(id: string, receiver: Record<string, unknown>, path: string): Hit[] {
  const authType = asText(receiver.auth_type) ?? 'tls';
  if (authType === 'none') return [];
  const endpoint = asText(receiver.endpoint);
  const access = authType === 'kubeConfig' ? 'apiserver-proxy' : 'kubelet-direct';
  if (access === 'kubelet-direct' && endpoint && /^http:\/\//i.test(endpoint.trim())) return [];
  const base = `${id}: auth_type ${authType}${endpoint ? `, endpoint ${endpoint}` : ''}`;
  const hits: Hit[] = [
    {
      path,
      text: base,
      access,
      kubeletPath: '/stats/summary',
      client: 'otel-kubeletstats',
      breaks: `the ${id} receiver fails every scrape (403 on /stats/summary): no kubelet metrics`,
    },
  ];
  const why = podsReason(receiver);
  if (why) {
    hits.push({
      path,
      text: `${id}: ${why}`,
      access,
      kubeletPath: '/pods',
      client: 'otel-kubeletstats',
      breaks: `the ${id} receiver fails the whole scrape when /pods is refused: all kubelet metrics are dropped`,
    });
  }
  return hits;
}

/** Kubelet stats receivers in an OTel Collector config tree. */
export function kubeletStatsHits({ tree, path, interpreted }: TreeInput): Hit[] {
  const hits: Hit[] = [];
  forEachMapping(tree, (root) => {
    if (!isRecord(root.receivers)) return;
    const used = pipelineReceivers(root);
    for (const [id, raw] of Object.entries(root.receivers)) {
      if (!RECEIVER.test(id)) continue;
      // Fully read here: its endpoint URL must not count again as text, least of all when unused.
      interpreted.add(raw);
      if (used && !used.has(id)) continue;
      const entry = asRecord(raw);
      // receiver_creator templates: `<type>: { rule: …, config: { … } }`.
      const receiver = isRecord(entry.config) && 'rule' in entry ? entry.config : entry;
      hits.push(...receiverHits(id, receiver, path));
    }
  });
  return hits;
}

export const otelKubeletStats: KubeletClient = {
  id: 'otel-kubeletstats',
  name: 'OpenTelemetry Collector kubelet_stats / kubeletstats receiver',
  configTree: kubeletStatsHits,
};
