// Container command, args and env: text evidence in each value, plus agents configured through
// environment variables.

import { asArray, asRecord, asText, truthy, type Hit } from './hit.js';
import { mayHoldKubeletPath, scanText, stripComments } from './text.js';

/** A list's items by index, or a map's values by key (an OpenTelemetryCollector's `args` is a map of flag → value). */
function entriesOf(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  return Object.entries(asRecord(value));
}

/**
 * Paths in each command/arg/env value. Multi-line values are shell scripts (`sh -c`), so
 * `#` comments are dropped first.
 */
export function containerTextHits(container: Record<string, unknown>, path: string): Hit[] {
  const hits: Hit[] = [];
  for (const field of ['command', 'args']) {
    for (const [key, value] of entriesOf(container[field])) {
      const text = asText(value);
      if (text !== null && mayHoldKubeletPath(text)) hits.push(...scanText(stripComments(text, 'hash'), `${path}.${field}.${key}`));
    }
  }
  asArray(container.env).forEach((raw, i) => {
    const text = asText(asRecord(raw).value);
    if (text !== null && mayHoldKubeletPath(text)) hits.push(...scanText(stripComments(text, 'hash'), `${path}.env.${i}.value`));
  });
  return hits;
}

interface EnvEntry {
  index: number;
  value: string | null;
  fieldPath: string | null;
}

function envByName(container: Record<string, unknown>): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  asArray(container.env).forEach((raw, index) => {
    const entry = asRecord(raw);
    const name = asText(entry.name);
    if (!name) return;
    const fieldPath = asText(asRecord(asRecord(entry.valueFrom).fieldRef).fieldPath);
    env.set(name, { index, value: asText(entry.value), fieldPath });
  });
  return env;
}

function envPath(path: string, entry: EnvEntry): string {
  return `${path}.env.${entry.index}.${entry.value !== null ? 'value' : 'name'}`;
}

function describe(name: string, entry: EnvEntry): string {
  if (entry.value !== null) return `${name}=${entry.value}`;
  return entry.fieldPath ? `${name} from ${entry.fieldPath}` : name;
}

/**
 * Datadog Agent. `DD_KUBERNETES_KUBELET_HOST` / `DD_KUBELET_USE_API_SERVER` configure its kubelet
 * client (DataDog/datadog-agent pkg/util/kubernetes/kubelet kubelet.go, kubelet_client.go):
 * `/pods` (pod list for tagging and autodiscovery), `/stats/summary`, `/metrics`, and the
 * kubelet check's `/metrics/cadvisor`, `/metrics/probes` and `/healthz`
 * (DataDog/integrations-core kubelet). `/configz` only with
 * `DD_ORCHESTRATOR_EXPLORER_KUBELET_CONFIG_CHECK_ENABLED`, `/containerLogs/` only with
 * `DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API`.
 * - `DD_KUBELET_USE_API_SERVER=true` sends only the pod list to the API server, and as a plain
 *   `GET /api/v1/pods?fieldSelector=spec.nodeName=…` (not the node proxy): `/pods` drops out and
 *   every other path still goes to the kubelet.
 * - `DD_EKS_FARGATE=true` prefixes every kubelet call with `/api/v1/nodes/<node>/proxy`.
 * The connection check's `GET /spec` fails only on 401, so a 403 there needs no permission and
 * it is not listed.
 */
function datadogHits(env: Map<string, EnvEntry>, path: string): Hit[] {
  const useApiServer = env.get('DD_KUBELET_USE_API_SERVER');
  const fargate = env.get('DD_EKS_FARGATE');
  const trigger = useApiServer ?? env.get('DD_KUBERNETES_KUBELET_HOST') ?? fargate;
  if (!trigger) return [];
  const name = [...env.entries()].find(([, entry]) => entry === trigger)?.[0] ?? '';
  const access = truthy(fargate?.value) ? 'apiserver-proxy' : 'kubelet-direct';
  const paths = ['/stats/summary', '/metrics', '/metrics/cadvisor', '/metrics/probes', '/healthz'];
  if (!truthy(useApiServer?.value)) paths.unshift('/pods');
  if (truthy(env.get('DD_ORCHESTRATOR_EXPLORER_KUBELET_CONFIG_CHECK_ENABLED')?.value)) paths.push('/configz');
  if (truthy(env.get('DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API')?.value)) paths.push('/containerLogs/');
  const text = describe(name, trigger);
  return paths.map((kubeletPath) => ({ path: envPath(path, trigger), text, access, kubeletPath }));
}

/**
 * nri-kubernetes: `NRI_KUBERNETES_TESTCONNECTIONENDPOINT` is the kubelet path its connector
 * probes on the node IP (newrelic-infrastructure 4.5.0 sets `/healthz`).
 */
function newRelicHits(env: Map<string, EnvEntry>, path: string): Hit[] {
  const probe = env.get('NRI_KUBERNETES_TESTCONNECTIONENDPOINT');
  const kubeletPath = probe?.value?.trim();
  if (!probe || !kubeletPath?.startsWith('/')) return [];
  const text = describe('NRI_KUBERNETES_TESTCONNECTIONENDPOINT', probe);
  return [{ path: envPath(path, probe), text, access: 'kubelet-direct', kubeletPath }];
}

/** Agents recognised by their environment variables. */
export function containerEnvHits(container: Record<string, unknown>, path: string): Hit[] {
  const env = envByName(container);
  return [...datadogHits(env, path), ...newRelicHits(env, path)];
}
