// What a set of evidence means for the fix advice (PRODUCT.md §5).

import type { Evidence } from '../types.js';
import { DEAD_KUBELET_SUBRESOURCES } from '../rbac/kubelet.js';

export interface EvidenceSummary {
  /** Access through `/api/v1/nodes/…/proxy/…`: needs `nodes/proxy` until the config changes. */
  apiserverProxy: Evidence[];
  /** Direct calls to the kubelet. */
  direct: Evidence[];
  /** Fine-grained subresources the direct evidence needs, sorted; never `spec` (dead since 1.21). */
  neededSubresources: string[];
  /** Some direct path is authorized only as `nodes/proxy` (`/containerLogs`, `/exec`, …). */
  needsProxy: boolean;
}

/**
 * The kubelet tries the subresources in order and the first Allow wins (KUBERNETES.md §1.4),
 * so the first one is what a least-privilege grant needs; `proxy` first means no finer
 * subresource exists for that path. Evidence with an unknown path adds nothing either way.
 */
export function summarizeEvidence(evidence: readonly Evidence[]): EvidenceSummary {
  const apiserverProxy = evidence.filter((e) => e.access === 'apiserver-proxy');
  const direct = evidence.filter((e) => e.access === 'kubelet-direct');
  const needed = new Set<string>();
  let needsProxy = false;
  for (const e of direct) {
    const first = e.subresources[0];
    if (first === undefined) continue;
    if (first === 'proxy') needsProxy = true;
    else if (!(DEAD_KUBELET_SUBRESOURCES as readonly string[]).includes(first)) needed.add(first);
  }
  return { apiserverProxy, direct, neededSubresources: [...needed].sort(), needsProxy };
}
