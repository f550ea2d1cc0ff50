import type { Finding, Severity } from '../types.js';
import { severityRank } from '../severity.js';
import { sortFindings } from '../engine/run.js';
import type { DiffFinding, Verdict } from './types.js';

export interface FindingsDiff {
  introduced: DiffFinding[];
  resolved: DiffFinding[];
  unchanged: DiffFinding[];
}

/**
 * Findings matched by fingerprint (rule + chart + object + permission: stable across line
 * moves and re-ordering). A fingerprint on both sides with a higher severity now (a latent role
 * that became bound) is introduced at its new severity; with a lower one, resolved at its old
 * severity; both carry `severityChange`.
 */
export function diffFindings(before: readonly Finding[], after: readonly Finding[]): FindingsDiff {
  const old = new Map(before.map((f) => [f.fingerprint, f]));
  const now = new Set(after.map((f) => f.fingerprint));
  const introduced: DiffFinding[] = [];
  const resolved: DiffFinding[] = [];
  const unchanged: DiffFinding[] = [];
  for (const f of after) {
    const prev = old.get(f.fingerprint);
    if (!prev) introduced.push({ ...f });
    else if (severityRank(f.severity) > severityRank(prev.severity)) introduced.push({ ...f, severityChange: { from: prev.severity, to: f.severity } });
    else if (severityRank(f.severity) < severityRank(prev.severity)) resolved.push({ ...prev, severityChange: { from: prev.severity, to: f.severity } });
    else unchanged.push({ ...f });
  }
  for (const f of before) if (!now.has(f.fingerprint)) resolved.push({ ...f });
  return { introduced: sortFindings(introduced), resolved: sortFindings(resolved), unchanged: sortFindings(unchanged) };
}

/**
 * Severities on each side of the balance. Suppressed findings do not count. A severity change
 * weighs its new severity against its old one, so high → critical counts like resolving a high
 * and introducing a critical.
 */
function balance(d: FindingsDiff): { introduced: Severity[]; resolved: Severity[] } {
  const introduced: Severity[] = [];
  const resolved: Severity[] = [];
  const weigh = (findings: readonly DiffFinding[], side: Severity[]): void => {
    for (const f of findings) {
      if (f.suppressed) continue;
      if (f.severityChange) {
        introduced.push(f.severityChange.to);
        resolved.push(f.severityChange.from);
      } else side.push(f.severity);
    }
  };
  weigh(d.introduced, introduced);
  weigh(d.resolved, resolved);
  return { introduced, resolved };
}

/**
 * Compares two multisets of severities: both sorted most severe first, the first position where
 * they differ decides (a more severe entry outweighs any number of less severe ones); when one
 * is a prefix of the other, the longer one weighs more. Positive: `a` weighs more.
 */
export function compareSeverityMultisets(a: readonly Severity[], b: readonly Severity[]): number {
  const desc = (xs: readonly Severity[]) => xs.map(severityRank).sort((x, y) => y - x);
  const ra = desc(a);
  const rb = desc(b);
  for (let i = 0; i < Math.max(ra.length, rb.length); i++) {
    const x = ra[i];
    const y = rb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x !== y) return x - y;
  }
  return 0;
}

/**
 * - `more-risk`: what the change introduces outweighs what it resolves (compareSeverityMultisets);
 * - `less-risk`: what it resolves outweighs what it introduces;
 * - `same-risk`: the balance is even but some RBAC object or subject permission changed;
 * - `no-rbac-change`: even balance and no object or subject change (always so for diff(a, a)).
 */
export function verdictOf(findings: FindingsDiff, rbacChanged: boolean): Verdict {
  const { introduced, resolved } = balance(findings);
  const weight = compareSeverityMultisets(introduced, resolved);
  if (weight > 0) return 'more-risk';
  if (weight < 0) return 'less-risk';
  return rbacChanged ? 'same-risk' : 'no-rbac-change';
}

/** The rule whose introduced findings mean the change breaks kubelet access (its id is a contract). */
export const BREAKS_ACCESS_RULE = 'missing-kubelet-permission';

/** Introduced, unsuppressed findings of BREAKS_ACCESS_RULE. */
export function breaksAccessOf(introduced: readonly DiffFinding[]): DiffFinding[] {
  return introduced.filter((f) => f.ruleId === BREAKS_ACCESS_RULE && !f.suppressed);
}
