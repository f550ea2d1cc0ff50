import type { Evidence, Finding, ParsedObject } from '../types.js';
import { evidenceForSubjects, unattributedEvidence } from '../evidence/index.js';
import type { DiffFinding, EvidenceChanges } from './types.js';

// Kubelet-access evidence that changed between the renders (docs/design.md#fix-advice-from-evidence), and which
// introduced/resolved findings it explains: prometheus 28.6.1 → 28.7.0 dropped the
// `/api/v1/nodes/$1/proxy/metrics` scrape paths in the same release that dropped nodes/proxy.

/** Identity of evidence across renders: object + path + text (lines and target ids move). */
function evidenceKey(e: Evidence): string {
  return [e.object.kind, e.object.namespace ?? '', e.object.name, e.path, e.text].join('\u0000');
}

export function diffEvidence(before: readonly Evidence[], after: readonly Evidence[]): EvidenceChanges {
  const oldKeys = new Set(before.map(evidenceKey));
  const newKeys = new Set(after.map(evidenceKey));
  return {
    added: after.filter((e) => !oldKeys.has(evidenceKey(e))),
    removed: before.filter((e) => !newKeys.has(evidenceKey(e))),
  };
}

const sameObject = (e: Evidence, f: Finding): boolean =>
  e.object.kind === f.object.kind && e.object.name === f.object.name && (e.object.namespace ?? null) === (f.object.namespace ?? null);

/**
 * The changed evidence that concerns a finding: evidence the finding itself quotes, evidence in
 * the finding's own object (apiserver-node-proxy-path sits on the ConfigMap), and evidence of the
 * workloads running as the finding's ServiceAccounts (attributed as nodes-proxy advice does it).
 * A finding without subjects (a latent role) concerns every change, as its advice uses all evidence.
 */
function concerning(changed: readonly Evidence[], f: Finding, objects: readonly ParsedObject[]): Evidence[] {
  if (changed.length === 0) return [];
  if (f.subjects.length === 0) return [...changed];
  const quoted = new Set(f.evidence.map(evidenceKey));
  const serviceAccounts = f.subjects.filter((s) => s.kind === 'ServiceAccount').map((s) => ({ namespace: s.namespace ?? '', name: s.name }));
  const attributed = new Set(serviceAccounts.length > 0 ? evidenceForSubjects(changed, objects, serviceAccounts) : []);
  // Evidence nobody in the render runs concerns only the findings whose advice weighed it.
  if (f.unattributedEvidence) for (const e of unattributedEvidence(changed, objects)) attributed.add(e);
  return changed.filter((e) => quoted.has(evidenceKey(e)) || sameObject(e, f) || attributed.has(e));
}

/** Adds `evidenceChanges` to introduced/resolved findings of kubelet rules that some evidence change explains. */
export function attachEvidence(
  findings: DiffFinding[],
  changes: EvidenceChanges,
  objects: { old: readonly ParsedObject[]; new: readonly ParsedObject[] },
  kubeletRules: ReadonlySet<string>,
): DiffFinding[] {
  return findings.map((f) => {
    if (!kubeletRules.has(f.ruleId)) return f;
    const added = concerning(changes.added, f, objects.new);
    const removed = concerning(changes.removed, f, objects.old);
    return added.length + removed.length > 0 ? { ...f, evidenceChanges: { added, removed } } : f;
  });
}
