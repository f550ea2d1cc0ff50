// The Datadog Agent, configured through environment variables (DD_ + the upper-cased config key).
// The chart (datadog 3.240.0) sets `DD_KUBERNETES_KUBELET_HOST` from status.hostIP on every agent
// container, `DD_KUBELET_USE_API_SERVER` and `DD_KUBELET_CORE_CHECK_ENABLED`; any of the kubelet
// keys marks a container that runs the kubelet client.
//
// Calls (DataDog/datadog-agent pkg/util/kubernetes/kubelet kubelet.go, kubelet_client.go; the
// kubelet core check's providers in pkg/collector/corechecks/containers/kubelet), all GET on
// https://<host>:10250 (then http :10255, which authorizes nothing):
// - `/pods`: the pod list for tagging and autodiscovery, unless `kubelet_use_api_server`, which
//   sends only this call to the API server as `GET /api/v1/pods?fieldSelector=spec.nodeName=…`
//   (plain pods list, not the node proxy);
// - the kubelet check: `/stats/summary`, `/metrics`, `/metrics/cadvisor`, `/metrics/probes`,
//   `/metrics/slis`, `/healthz` (service check) and `/spec/` (404 ignored);
// - the connection probe (`/healthz`, `/spec` in older agents) fails only on 401, so a 403 there
//   breaks nothing;
// - `/configz` with `DD_ORCHESTRATOR_EXPLORER_KUBELET_CONFIG_CHECK_ENABLED`;
// - `/containerLogs/<ns>/<pod>/<container>` with `DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API`
//   (pkg/logs/launchers/container whichTailer): only nodes/proxy authorizes it, for good.
// `DD_EKS_FARGATE=true` prefixes every call with `/api/v1/nodes/<node>/proxy` on the API server.
// `DD_KUBERNETES_HTTPS_KUBELET_PORT=0` (GKE Autopilot values) leaves only the read-only port.

import { truthy, type Hit } from '../hit.js';
import { describeEnv, envPath, type EnvEntry, type EnvInput, type KubeletClient } from './client.js';

// The evidence points at the first one present, in this order.
const TRIGGERS = ['DD_KUBELET_USE_API_SERVER', 'DD_KUBERNETES_KUBELET_HOST', 'DD_EKS_FARGATE', 'DD_KUBELET_CORE_CHECK_ENABLED'];

const LOGS_FEATURE = {
  name: 'Datadog container log collection through the kubelet API (DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API)',
  off: 'leave DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API unset or false: the agent then tails the log files on the node (datadog.logs.containerCollectUsingFiles: true)',
};

interface Call {
  path: string;
  breaks: string | null;
}

function calls(env: ReadonlyMap<string, EnvEntry>): Call[] {
  const on = (name: string): boolean => truthy(env.get(name)?.value);
  const check = 'the kubelet check fails: no kubelet metrics';
  const out: Call[] = [];
  if (!on('DD_KUBELET_USE_API_SERVER')) out.push({ path: '/pods', breaks: 'the agent cannot list the pods of its node: no pod tags and no autodiscovered checks' });
  out.push(
    { path: '/stats/summary', breaks: check },
    { path: '/metrics', breaks: check },
    { path: '/metrics/cadvisor', breaks: 'the kubelet check loses the cAdvisor container metrics' },
    { path: '/metrics/probes', breaks: 'the kubelet check loses the probe metrics' },
    { path: '/healthz', breaks: null },
  );
  if (on('DD_ORCHESTRATOR_EXPLORER_KUBELET_CONFIG_CHECK_ENABLED')) out.push({ path: '/configz', breaks: 'Orchestrator Explorer gets no kubelet configuration' });
  if (on('DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API')) out.push({ path: '/containerLogs/', breaks: 'container log collection stops' });
  return out;
}

function datadogHits({ env, path }: EnvInput): Hit[] {
  const name = TRIGGERS.find((n) => env.has(n));
  if (!name) return [];
  const trigger = env.get(name) as EnvEntry;
  const fargate = truthy(env.get('DD_EKS_FARGATE')?.value);
  const httpsPort = env.get('DD_KUBERNETES_HTTPS_KUBELET_PORT')?.value?.trim();
  if (!fargate && (httpsPort === '0' || httpsPort === '-1')) return [];
  const text = describeEnv(name, trigger);
  return calls(env).map((c) => ({
    path: envPath(path, trigger),
    text,
    access: fargate ? 'apiserver-proxy' : 'kubelet-direct',
    kubeletPath: c.path,
    client: 'datadog',
    breaks: c.breaks,
    ...(c.path === '/containerLogs/' ? { feature: LOGS_FEATURE } : {}),
  }));
}

export const datadog: KubeletClient = {
  id: 'datadog',
  name: 'Datadog Agent',
  env: datadogHits,
};
