// What a set of evidence means for the fix advice (docs/design.md#fix-advice-from-evidence).

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
  /** Direct evidence of paths only nodes/proxy authorizes, first per feature. */
  proxyOnly: Evidence[];
  /** Direct kubelet access whose paths the configuration does not show. */
  unknownPaths: Evidence[];
}

/**
 * The kubelet tries the subresources in order and the first Allow wins (docs/kubernetes.md#fallback-to-proxy),
 * so the first one is what a least-privilege grant needs; `proxy` first means no finer
 * subresource exists for that path. Only `config` evidence counts: comments and operator
 * patterns are judged by the advice itself.
 */
export function summarizeEvidence(evidence: readonly Evidence[]): EvidenceSummary {
  const config = evidence.filter((e) => e.kind === 'config');
  const apiserverProxy = config.filter((e) => e.access === 'apiserver-proxy');
  const direct = config.filter((e) => e.access === 'kubelet-direct');
  const needed = new Set<string>();
  const proxyOnly: Evidence[] = [];
  const unknownPaths: Evidence[] = [];
  for (const e of direct) {
    const first = e.subresources[0];
    if (first === undefined || e.kubeletPath === null) {
      unknownPaths.push(e);
      continue;
    }
    // A tolerated refusal (a probe that accepts 403) needs nothing.
    if (e.breaks === undefined) continue;
    if (first === 'proxy') proxyOnly.push(e);
    else if (!(DEAD_KUBELET_SUBRESOURCES as readonly string[]).includes(first)) needed.add(first);
  }
  return { apiserverProxy, direct, neededSubresources: [...needed].sort(), needsProxy: proxyOnly.length > 0, proxyOnly, unknownPaths };
}

const summaries = new WeakMap<readonly Evidence[], { length: number; summary: EvidenceSummary }>();

/** summarizeEvidence of an array asked about many times (a render's unattributed evidence), once per array. */
export function summarizeOnce(evidence: readonly Evidence[]): EvidenceSummary {
  const hit = summaries.get(evidence);
  if (hit && hit.length === evidence.length) return hit.summary;
  const summary = summarizeEvidence(evidence);
  summaries.set(evidence, { length: evidence.length, summary });
  return summary;
}
