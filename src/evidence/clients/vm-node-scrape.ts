// VictoriaMetrics VMNodeScrape: the operator's vmagent scrapes every Node at `<node address>:<port>`
// with `spec.scheme` (default http) and `spec.path` (default /metrics), after
// `spec.relabelConfigs`. The operator rewrites the port only when `spec.port` is set
// (VictoriaMetrics/operator generateNodeScrapeConfig, vmscrapes); without it the target keeps the
// port node discovery found, the kubelet's (Node status.daemonEndpoints.kubeletEndpoint, 10250).
// victoria-metrics-k8s-stack 0.91.2's kubelet, cadvisor, probes and resources VMNodeScrapes set
// no port and `scheme: https`: direct kubelet scrapes. A VMNodeScrape on another port (node
// exporter on 9100) is no kubelet call.

import type { ParsedObject } from '../../types.js';
import { asRecord, asText, type Hit } from '../hit.js';
import { reachesKubeletDirectly, relabelRules, resolveTarget } from '../relabel.js';
import type { KubeletClient } from './client.js';

function vmNodeScrapeHits(obj: ParsedObject): Hit[] {
  const spec = asRecord(obj.body.spec);
  const port = asText(spec.port);
  if (port !== null && port !== '10250') return [];
  // One pass in list order: the relabel rules apply in turn, whichever key spelling each uses.
  const rules = relabelRules(spec.relabelConfigs, 'either').filter((r) => r.targetLabel !== '');
  const target = resolveTarget(
    { address: 'kubelet', scheme: (asText(spec.scheme) ?? 'http').toLowerCase(), metricsPath: asText(spec.path) ?? '/metrics' },
    rules,
  );
  if (!reachesKubeletDirectly(target)) return [];
  const shown = target.metricsPath ?? '(from a label)';
  const how = port === null ? 'no port (the kubelet port node discovery finds)' : 'port 10250';
  return [
    {
      path: port === null ? 'spec' : 'spec.port',
      text: `VMNodeScrape ${how}, scheme https, path ${shown}`,
      access: 'kubelet-direct',
      kubeletPath: target.metricsPath,
      client: 'vm-node-scrape',
      breaks: `vmagent's scrape of ${shown} gets 403 from every kubelet: those metrics are lost`,
    },
  ];
}

export const vmNodeScrape: KubeletClient = {
  id: 'vm-node-scrape',
  name: 'VictoriaMetrics VMNodeScrape',
  objects: [{ group: 'operator.victoriametrics.com', kinds: ['VMNodeScrape'], read: vmNodeScrapeHits }],
};
