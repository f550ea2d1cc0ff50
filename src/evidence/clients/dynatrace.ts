// Dynatrace log monitoring and OneAgent pods, which the dynatrace-operator creates from a DynaKube
// with `KUBELET_API_NODENAME` (spec.nodeName) and `KUBELET_API_ADDRESS` (status.hostIP) in their
// environment (Dynatrace/dynatrace-operator pkg/controllers/dynakube/logmonitoring/daemonset
// env.go GetKubeletEnvs; oneagent/daemonset/env_vars.go): they call the kubelet directly. The
// agents are closed source; that they read `/pods` is inferred from the chart, which grants
// nodes/pods in place of nodes/proxy to exactly these ServiceAccounts (dynatrace-operator 1.10
// templates/Common/logmonitoring/clusterrole-logmonitoring.yaml, 79ce5677, #6853).
// The pods are usually created at runtime, not rendered; a rendered pod with both variables counts.

import { type Hit } from '../hit.js';
import { describeEnv, envPath, type EnvInput, type KubeletClient } from './client.js';

function dynatraceHits({ env, path }: EnvInput): Hit[] {
  const address = env.get('KUBELET_API_ADDRESS');
  if (!address || !env.has('KUBELET_API_NODENAME')) return [];
  return [
    {
      path: envPath(path, address),
      text: `${describeEnv('KUBELET_API_ADDRESS', address)}, KUBELET_API_NODENAME`,
      access: 'kubelet-direct',
      kubeletPath: '/pods',
      client: 'dynatrace',
      breaks: 'the Dynatrace agent cannot read the pods of its node: logs and metrics lose their pod context',
    },
  ];
}

export const dynatrace: KubeletClient = {
  id: 'dynatrace',
  name: 'Dynatrace log monitoring / OneAgent',
  env: dynatraceHits,
};
