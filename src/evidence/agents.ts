// Agents whose configuration names no kubelet path: the path is in their code, so the rendered
// setting that switches the kubelet client on is the evidence, and the paths come from the
// agent's documentation or source (cited per agent).

import { asArray, asRecord, asText, forEachMapping, getCaseInsensitive, isRecord, truthy, type Hit } from './hit.js';

// ---------------------------------------------------------------- fluent-bit

/**
 * fluent-bit's kubernetes filter with `Use_Kubelet On` reads pod metadata from the kubelet's
 * `/pods` on `Kubelet_Host:Kubelet_Port` (defaults 127.0.0.1:10250) instead of the API server
 * (fluent-bit docs, pipeline/filters/kubernetes.md "Use_Kubelet"). Classic format: sections of
 * `Key Value` lines; keys are case-insensitive. `text` must already be comment-free.
 */
export function fluentBitClassicHits(text: string, path: string): Hit[] {
  const hits: Hit[] = [];
  for (const section of text.split(/^\s*(?=\[)/m)) {
    if (!/^\[\s*filter\s*\]/i.test(section)) continue;
    const settings = new Map<string, { key: string; value: string }>();
    for (const line of section.split('\n').slice(1)) {
      const m = /^\s*([\w.-]+)\s+(.*?)\s*$/.exec(line);
      if (m?.[1] && m[2] !== undefined) settings.set(m[1].toLowerCase(), { key: m[1], value: m[2] });
    }
    const useKubelet = settings.get('use_kubelet');
    if (settings.get('name')?.value.toLowerCase() !== 'kubernetes' || !useKubelet || !truthy(useKubelet.value)) continue;
    const port = settings.get('kubelet_port');
    const shown = [`${useKubelet.key} ${useKubelet.value}`, ...(port ? [`${port.key} ${port.value}`] : [])];
    hits.push({ path, text: shown.join(', '), access: 'kubelet-direct', kubeletPath: '/pods' });
  }
  return hits;
}

/** The same filter in fluent-bit's YAML format (`pipeline.filters[]: {name: kubernetes, use_kubelet: on}`). */
export function fluentBitYamlHits(tree: unknown, path: string): Hit[] {
  const hits: Hit[] = [];
  forEachMapping(tree, (node) => {
    const name = asText(getCaseInsensitive(node, 'name'));
    const useKubelet = getCaseInsensitive(node, 'use_kubelet');
    if (name?.toLowerCase() !== 'kubernetes' || !truthy(useKubelet)) return;
    hits.push({ path, text: `use_kubelet: ${asText(useKubelet) ?? ''}`, access: 'kubelet-direct', kubeletPath: '/pods' });
  });
  return hits;
}

// ---------------------------------------------------------------- OpenTelemetry kubeletstats

/**
 * OTel Collector `kubeletstats` receiver (opentelemetry-collector-contrib
 * receiver/kubeletstatsreceiver README): reads `/stats/summary`; also `/pods` when
 * `extra_metadata_labels` is set or a `*_request_utilization` / `*_limit_utilization` metric is
 * enabled ("Role-based access control"). `auth_type` (default `tls`, factory.go
 * createDefaultConfig): `none` uses the read-only port 10255, which authorizes nothing;
 * `kubeConfig` goes through the API-server proxy; `tls` and `serviceAccount` call :10250.
 * A receiver only runs when a pipeline lists it, so when the config has `service.pipelines`,
 * unlisted receivers are ignored. Receiver configs read here are added to `interpreted`.
 */
export function kubeletstatsHits(tree: unknown, path: string, interpreted: Set<unknown>): Hit[] {
  const hits: Hit[] = [];
  forEachMapping(tree, (root) => {
    if (!isRecord(root.receivers)) return;
    const used = pipelineReceivers(root);
    for (const [id, raw] of Object.entries(root.receivers)) {
      if (!/^kubeletstats(\/.*)?$/.test(id)) continue;
      // Fully read here: its endpoint URL must not count again as text, least of all when unused.
      interpreted.add(raw);
      if (used && !used.has(id)) continue;
      hits.push(...receiverHits(id, asRecord(raw), path));
    }
  });
  return hits;
}

function pipelineReceivers(root: Record<string, unknown>): Set<string> | null {
  const pipelines = asRecord(root.service).pipelines;
  if (!isRecord(pipelines)) return null;
  const ids = Object.values(pipelines).flatMap((p) => asArray(asRecord(p).receivers));
  return new Set(ids.map((id) => asText(id) ?? ''));
}

function needsPods(receiver: Record<string, unknown>): boolean {
  if (asArray(receiver.extra_metadata_labels).length > 0) return true;
  return Object.entries(asRecord(receiver.metrics)).some(
    ([name, setting]) => /_(request|limit)_utilization$/.test(name) && asRecord(setting).enabled === true,
  );
}

function receiverHits(id: string, receiver: Record<string, unknown>, path: string): Hit[] {
  const authType = asText(receiver.auth_type) ?? 'tls';
  if (authType === 'none') return [];
  const access = authType === 'kubeConfig' ? 'apiserver-proxy' : 'kubelet-direct';
  const endpoint = asText(receiver.endpoint);
  const base = `${id}: auth_type ${authType}${endpoint ? `, endpoint ${endpoint}` : ''}`;
  const hits: Hit[] = [{ path, text: base, access, kubeletPath: '/stats/summary' }];
  if (needsPods(receiver)) {
    const labels = asArray(receiver.extra_metadata_labels).map((l) => asText(l) ?? '');
    const why = labels.length > 0 ? `extra_metadata_labels [${labels.join(', ')}]` : 'utilization metrics';
    hits.push({ path, text: `${id}: ${why}`, access, kubeletPath: '/pods' });
  }
  return hits;
}

// ---------------------------------------------------------------- New Relic nri-kubernetes

/**
 * nri-kubernetes (newrelic-infrastructure chart) scraper config `nri-kubernetes.yml` with
 * `kubelet.enabled: true`: the kubelet scraper fetches `/pods`, `/metrics/cadvisor` and
 * `/stats/summary` (newrelic/nri-kubernetes src/kubelet scraper.go, metric package) after a
 * `/healthz` connection check (src/kubelet/client/client.go), on the port from the Node object.
 * `kubelet.port: 10255` or `kubelet.scheme: http` means the read-only port, which authorizes
 * nothing. Matched only under a key naming nri-kubernetes, since `kubelet.enabled` alone is generic.
 */
export function nriKubernetesHits(tree: unknown, key: string, path: string): Hit[] {
  if (!/nri-kubernetes/i.test(key)) return [];
  const kubelet = asRecord(asRecord(tree).kubelet);
  if (kubelet.enabled !== true) return [];
  if (asText(kubelet.port) === '10255' || asText(kubelet.scheme)?.toLowerCase() === 'http') return [];
  return ['/pods', '/metrics/cadvisor', '/stats/summary', '/healthz'].map((kubeletPath) => ({
    path,
    text: 'kubelet: enabled: true',
    access: 'kubelet-direct' as const,
    kubeletPath,
  }));
}
