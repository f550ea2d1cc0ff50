// One remedy, printed once. Two findings about the same cause often carry the same fix: nodes-proxy
// on a scraper's ClusterRole and apiserver-node-proxy-path on its ConfigMap both say "scrape the
// kubelet directly, then grant nodes/metrics", with the same rules and the same evidence. The
// human formats print such a fix (and such evidence) under the first finding and refer to it from
// the others. Pure: decided from the findings in the order they are shown.
import type { Evidence, Finding } from '../types.js';

const evidenceKey = (e: Evidence): string =>
  [e.object.kind, e.object.namespace ?? '', e.object.name, e.path, e.text, e.source.file ?? '', e.source.line ?? ''].join('\u0000');

function evidenceSetKey(f: Finding): string {
  return [...new Set(f.evidence.map(evidenceKey))].sort().join('\u0001');
}

/**
 * What a fix is, for "the same remedy": its replacement rules and the evidence it rests on; a fix
 * without evidence is the same only when its text is too.
 */
function remedyKey(f: Finding): string | null {
  if (!f.fix) return null;
  const evidence = evidenceSetKey(f);
  return JSON.stringify([f.target, f.fix.rules, f.fix.minKubernetesVersion, evidence, evidence === '' ? f.fix.summary : '']);
}

export interface SharedRemedies {
  /** The earlier finding whose fix this one shares, if any. */
  fixOf(f: Finding): Finding | undefined;
  /** The earlier finding that showed exactly this evidence, if any. */
  evidenceOf(f: Finding): Finding | undefined;
  /** Later findings that share this finding's fix. */
  sharing(f: Finding): Finding[];
}

export function sharedRemedies(shown: readonly Finding[]): SharedRemedies {
  const firstFix = new Map<string, Finding>();
  const firstEvidence = new Map<string, Finding>();
  const fixOf = new Map<Finding, Finding>();
  const evidenceOf = new Map<Finding, Finding>();
  const sharing = new Map<Finding, Finding[]>();
  for (const f of shown) {
    const key = remedyKey(f);
    if (key !== null) {
      const first = firstFix.get(key);
      if (first) {
        fixOf.set(f, first);
        sharing.set(first, [...(sharing.get(first) ?? []), f]);
      } else firstFix.set(key, f);
    }
    if (f.evidence.length > 0) {
      const ekey = `${f.target}\u0002${evidenceSetKey(f)}`;
      const first = firstEvidence.get(ekey);
      if (first) evidenceOf.set(f, first);
      else firstEvidence.set(ekey, f);
    }
  }
  return {
    fixOf: (f) => fixOf.get(f),
    evidenceOf: (f) => evidenceOf.get(f),
    sharing: (f) => sharing.get(f) ?? [],
  };
}
