// How the workloads of a render talk to the kubelet, found in the rendered objects (docs/design.md#fix-advice-from-evidence).
// Pure: objects in, evidence out, deterministic order.

import type { Evidence, ParsedObject } from '../types.js';
import { kubeletAuthorization, kubeletVerb } from '../rbac/kubelet.js';
import type { Hit } from './hit.js';
import { objectHits } from './objects.js';
import { kubeletServices } from './clients/service-monitor.js';

export { summarizeEvidence, summarizeOnce, type EvidenceSummary } from './summary.js';
export { attributionOf, evidenceForSubjects, unattributedEvidence, type Attribution, type Owner, type ServiceAccountRef } from './attribution.js';

function toEvidence(obj: ParsedObject, hit: Hit): Evidence {
  const method = hit.method ?? 'GET';
  // For the API-server proxy the subresources are those of the direct call it would become:
  // what to grant once the config scrapes the kubelet directly (the proxy itself is always
  // authorized as nodes/proxy, docs/kubernetes.md#the-api-servers-node-proxy).
  const authz = hit.kubeletPath
    ? kubeletAuthorization(hit.kubeletPath, method, { fineGrained: true })
    : { verb: kubeletVerb(method), subresources: [] };
  const position = obj.positions[hit.path];
  return {
    object: obj.ref,
    target: obj.target,
    path: hit.path,
    text: hit.text,
    access: hit.access,
    kubeletPath: hit.kubeletPath,
    subresources: authz.subresources,
    verb: authz.verb,
    source: { file: obj.source.file, line: position?.template ?? obj.source.line },
    kind: 'config',
    client: hit.client,
    ...(hit.breaks !== null ? { breaks: hit.breaks } : {}),
    ...(hit.feature ? { feature: hit.feature } : {}),
  };
}

/**
 * A kubelet URL without a path (`https://${NODE}:10250`) is only kept when nothing more precise
 * was found in the same value (the kubeletstats receiver's endpoint next to its /stats/summary).
 */
function withoutVagueDuplicates(hits: readonly Hit[]): Hit[] {
  const precise = new Set(hits.filter((h) => h.kubeletPath !== null).map((h) => `${h.access}\u0000${h.path}`));
  return hits.filter((h) => h.kubeletPath !== null || !precise.has(`${h.access}\u0000${h.path}`));
}

function evidenceKey(e: Evidence): string {
  const o = e.object;
  return [e.target, o.kind, o.namespace ?? '', o.name, o.apiVersion, e.path, e.access, e.kubeletPath ?? '', e.text].join('\u0000');
}

function byTarget(objects: readonly ParsedObject[]): Map<number, ParsedObject[]> {
  const groups = new Map<number, ParsedObject[]>();
  for (const obj of objects) {
    const group = groups.get(obj.target);
    if (group) group.push(obj);
    else groups.set(obj.target, [obj]);
  }
  return groups;
}

/** Every piece of kubelet-access evidence in the rendered objects, deduplicated and sorted. */
export function findKubeletEvidence(objects: readonly ParsedObject[]): Evidence[] {
  const found = new Map<string, Evidence>();
  for (const group of byTarget(objects).values()) {
    const context = { kubeletServices: kubeletServices(group) };
    for (const obj of group) {
      for (const hit of withoutVagueDuplicates(objectHits(obj, context))) {
        const evidence = toEvidence(obj, hit);
        const key = evidenceKey(evidence);
        if (!found.has(key)) found.set(key, evidence);
      }
    }
  }
  // By target, then by key; each key built once.
  return [...found.entries()]
    .sort(([ka, a], [kb, b]) => a.target - b.target || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .map(([, e]) => e);
}
