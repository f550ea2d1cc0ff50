// The Sysdig agent (sysdiglabs shield chart, host DaemonSet): `live_logs: {enabled: true}` in its
// `dragent.yaml` turns on live log streaming, which the shield chart 1.49 serves with a separate
// nodes/proxy rule granted only then (templates/host/clusterrole.yaml, gated on
// `features.investigations.live_logs.enabled` since 9e371376, #2655). The agent is closed source:
// that it streams `/containerLogs/` from the kubelet is inferred from that grant (no
// fine-grained subresource covers container logs). Recognised only in a `dragent.yaml` key.

import { asRecord, truthy, type Hit } from '../hit.js';
import type { KubeletClient, TreeInput } from './client.js';

const FEATURE = {
  name: 'Sysdig live logs (streaming container logs from the kubelet)',
  off: 'features.investigations.live_logs.enabled=false in the shield chart (live_logs.enabled: false in dragent.yaml)',
};

function sysdigHits({ tree, key, path }: TreeInput): Hit[] {
  if (!/(^|\/)dragent\.ya?ml$/i.test(key)) return [];
  const liveLogs = asRecord(asRecord(tree).live_logs);
  if (!truthy(liveLogs.enabled)) return [];
  return [
    {
      path,
      text: 'dragent.yaml live_logs: enabled: true',
      access: 'kubelet-direct',
      kubeletPath: '/containerLogs/',
      client: 'sysdig',
      breaks: 'live logs in Sysdig stop streaming',
      feature: FEATURE,
    },
  ];
}

export const sysdig: KubeletClient = {
  id: 'sysdig',
  name: 'Sysdig agent (shield chart)',
  configTree: sysdigHits,
};
