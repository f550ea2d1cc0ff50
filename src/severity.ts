// The one place that knows how severities order. Everything that sorts, counts, compares with a
// threshold or lowers a severity goes through here.
import type { Severity } from './types.js';

export type { Severity };

/** Most severe first: the order of every table, count line and report. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info'];

/** Least severe first: severityRank is the index. */
export const SEVERITY_ASCENDING: readonly Severity[] = [...SEVERITIES].reverse();
const RANK = new Map(SEVERITY_ASCENDING.map((s, i) => [s, i]));

export function severityRank(s: Severity): number {
  return RANK.get(s) ?? -1;
}

export function isSeverity(s: string): s is Severity {
  return RANK.has(s as Severity);
}

/** One level lower (latent grants), never below info; negative levels raise, never above critical. */
export function lower(s: Severity, levels = 1): Severity {
  return SEVERITY_ASCENDING[Math.min(SEVERITY_ASCENDING.length - 1, Math.max(0, severityRank(s) - levels))] as Severity;
}

/** The most severe of the list (info for an empty list). */
export function worst(severities: Iterable<Severity>): Severity {
  let out: Severity = 'info';
  for (const s of severities) if (severityRank(s) > severityRank(out)) out = s;
  return out;
}

/** Sort comparator: most severe first (stable sorts keep the rest of the order). */
export const mostSevereFirst = (a: { severity: Severity }, b: { severity: Severity }): number => severityRank(b.severity) - severityRank(a.severity);

/** `--fail-on` / config `failOn`: a severity, or never fail. */
export type FailOn = Severity | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = [...SEVERITIES, 'never'];

export function atOrAbove(severity: Severity, threshold: FailOn): boolean {
  return threshold !== 'never' && severityRank(severity) >= severityRank(threshold);
}

export type SeverityCounts = Record<Severity, number>;

export function zeroCounts(): SeverityCounts {
  return { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
}

/** `1 critical, 2 high` (only non-zero counts; `none` when all are zero). */
export function nonZeroCountsText(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** `0 critical, 1 high, 0 medium, 0 low, 0 info` (every severity). */
export function allCountsText(counts: SeverityCounts): string {
  return SEVERITIES.map((s) => `${counts[s]} ${s}`).join(', ');
}
