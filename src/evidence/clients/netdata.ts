// Netdata (netdata chart). Two kubelet clients:
// - the go.d `k8s_kubelet` collector scrapes `url:` (the chart's `kubelet` config:
//   `https://localhost:10250/metrics`, nodes/metrics); that URL is read by the URL scan;
// - cgroup naming (cgroup-name.sh, cgroup-name/kubernetes_sources.go in v2.11) reads pod
//   metadata from `${KUBELET_URL:-https://localhost:10250}/pods` when
//   `USE_KUBELET_FOR_PODS_METADATA` is set (chart `child.podsMetadata.useKubelet`); otherwise
//   it lists pods from the API server (`/api/v1/pods?fieldSelector=spec.nodeName==…`).
// Sources: netdata/netdata src/collectors/cgroups.plugin/cgroup-name.sh.in k8s_get_kubepod_name
// (8480bf24), netdata/helmchart templates/child/daemonset.yaml (36361aea).

import { truthy, type Hit } from '../hit.js';
import { describeEnv, envPath, type EnvInput, type KubeletClient } from './client.js';

function netdataHits({ env, path }: EnvInput): Hit[] {
  const flag = env.get('USE_KUBELET_FOR_PODS_METADATA');
  if (!flag || !truthy(flag.value)) return [];
  const url = env.get('KUBELET_URL')?.value?.trim() || 'https://localhost:10250';
  if (!url.toLowerCase().startsWith('https://')) return [];
  return [
    {
      path: envPath(path, flag),
      text: `${describeEnv('USE_KUBELET_FOR_PODS_METADATA', flag)}: GET ${url.replace(/\/+$/, '')}/pods`,
      access: 'kubelet-direct',
      kubeletPath: '/pods',
      client: 'netdata',
      breaks: 'netdata cannot name container cgroups after their pods (charts show cgroup ids)',
    },
  ];
}

export const netdata: KubeletClient = {
  id: 'netdata',
  name: 'Netdata (cgroup pod names; go.d k8s_kubelet through its URL)',
  env: netdataHits,
};
