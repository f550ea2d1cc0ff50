// Kubelet URLs and API-server node proxy paths written anywhere a client reads its configuration
// (src/evidence/text.ts scanText): `https://<host>:10250/<path>` is a direct call to the kubelet's
// authenticated port; `/api/v1/nodes/<node>/proxy/<path>` (and the legacy
// `/api/v1/proxy/nodes/<node>/<path>`) goes through the API server, always nodes/proxy. This is how
// netdata's go.d k8s_kubelet `url:`, the API-server proxy form of Prometheus, vmagent and Alloy
// jobs (`__metrics_path__` replacements), Probe targets and scripts in container args are read.
// It runs inside the readers that walk strings (embedded.ts, env.ts, objects.ts), not as a hook.
import type { KubeletClient } from './client.js';

export const urls: KubeletClient = {
  id: 'urls',
  name: 'Kubelet URLs and API-server node proxy paths in any configuration text',
};
