// New Relic nri-kubernetes (newrelic-infrastructure chart): the kubelet scraper, configured by
// `nri-kubernetes.yml` (`kubelet.enabled: true`) and `NRI_KUBERNETES_*` environment variables.
//
// Calls (newrelic/nri-kubernetes src/kubelet/client, src/kubelet/scraper): a connection probe at
// `testConnectionEndpoint` (default `/healthz`; the chart sets `NRI_KUBERNETES_TESTCONNECTIONENDPOINT`,
// `/metrics` on GKE Autopilot), then `/pods` (unless `kubelet.fetchPodsFromKubeService`, which
// lists pods from the API server instead), `/stats/summary` and `/metrics/cadvisor`, on the port
// from the Node object or `kubelet.port`. Port 10255 or `kubelet.scheme: http` is the read-only
// port, which authorizes nothing.
// When the probe fails, the connector retries through the API server's node proxy
// (`/api/v1/nodes/<node>/proxy/`, connector.go tryConnect, since 7feb7189): with nodes/proxy a
// refused direct probe silently becomes API-server proxy scraping; without it the scraper stops.
// Matched only under a key naming nri-kubernetes or through its own variables: `kubelet.enabled`
// alone is generic.

import { asRecord, asText, truthy, type Hit } from '../hit.js';
import { describeEnv, envPath, type EnvInput, type KubeletClient, type TreeInput } from './client.js';

const FALLBACK = 'nri-kubernetes then retries through the API server node proxy, which needs nodes/proxy, and without it stops scraping the kubelet';

function breaksFor(path: string, probe: string): string {
  return path === probe ? `the connection probe fails; ${FALLBACK}` : `the kubelet scraper fails (${path}): no kubelet metrics in New Relic`;
}

function configHits({ tree, key, path }: TreeInput): Hit[] {
  if (!/nri-kubernetes/i.test(key)) return [];
  const kubelet = asRecord(asRecord(tree).kubelet);
  if (kubelet.enabled !== true) return [];
  if (asText(kubelet.port) === '10255' || asText(kubelet.scheme)?.toLowerCase() === 'http') return [];
  const probe = asText(kubelet.testConnectionEndpoint) ?? '/healthz';
  const paths = [probe, ...(truthy(kubelet.fetchPodsFromKubeService) ? [] : ['/pods']), '/metrics/cadvisor', '/stats/summary'];
  return [...new Set(paths)].map((kubeletPath) => ({
    path,
    text: 'kubelet: enabled: true',
    access: 'kubelet-direct' as const,
    kubeletPath,
    client: 'new-relic',
    breaks: breaksFor(kubeletPath, probe),
  }));
}

/** `NRI_KUBERNETES_TESTCONNECTIONENDPOINT`: the kubelet path its connector probes on the node IP. */
function envHits({ env, path }: EnvInput): Hit[] {
  const probe = env.get('NRI_KUBERNETES_TESTCONNECTIONENDPOINT');
  const kubeletPath = probe?.value?.trim();
  if (!probe || !kubeletPath?.startsWith('/')) return [];
  const text = describeEnv('NRI_KUBERNETES_TESTCONNECTIONENDPOINT', probe);
  return [{ path: envPath(path, probe), text, access: 'kubelet-direct', kubeletPath, client: 'new-relic', breaks: `the connection probe fails; ${FALLBACK}` }];
}

export const newRelic: KubeletClient = {
  id: 'new-relic',
  name: 'New Relic nri-kubernetes',
  configTree: configHits,
  env: envHits,
};
