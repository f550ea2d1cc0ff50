// Kepler (sustainable-computing-io/kepler, chart manifests/helm/kepler): its config file's
// `kube` section. With `kube.enable: true` the pod informer runs in `kube.podInformer.mode`,
// `kubelet` by default ("kubelet" (default) or "apiserver", config/config.go): it polls
// `https://<node InternalIP>:<kubelet port>/pods` (internal/k8s/pod/kubelet.go), nodes/pods from
// 1.33, nodes/proxy before; the chart grants nodes/proxy for it ("Required for kubelet /pods
// endpoint access", templates/rbac.yaml, b6a31395). `apiserver` mode watches pods through the API
// server instead. Recognised by the config's shape: a `kube` section with `enable` next to
// Kepler's own sections (`rapl`, `monitor`, `host`) or an explicit `podInformer`.

import { asRecord, asText, isRecord, truthy, type Hit } from '../hit.js';
import type { KubeletClient, TreeInput } from './client.js';

function keplerHits({ tree, path }: TreeInput): Hit[] {
  const root = asRecord(tree);
  const kube = asRecord(root.kube);
  if (!truthy(kube.enable)) return [];
  const informer = kube.podInformer;
  const keplerShaped = isRecord(informer) || ['rapl', 'monitor', 'host'].some((k) => isRecord(root[k]));
  if (!keplerShaped) return [];
  const mode = asText(asRecord(informer).mode) ?? 'kubelet';
  if (mode !== 'kubelet') return [];
  return [
    {
      path,
      text: `kube.enable: true, kube.podInformer.mode: ${mode}${isRecord(informer) && asText(informer.mode) ? '' : ' (default)'}`,
      access: 'kubelet-direct',
      kubeletPath: '/pods',
      client: 'kepler',
      breaks: 'Kepler cannot map processes to pods: no per-pod power metrics',
    },
  ];
}

export const kepler: KubeletClient = {
  id: 'kepler',
  name: 'Kepler',
  configTree: keplerHits,
};
