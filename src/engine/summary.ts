import type { Finding, Severity } from '../types.js';
import { severityRank } from './rule.js';

export type FailOn = Severity | 'never';
export const FAIL_ON_VALUES: readonly FailOn[] = ['critical', 'high', 'medium', 'low', 'info', 'never'];

export interface Summary {
  critical: number;
  high: number;
  medium: number;
  low: number;
  info: number;
  suppressed: number;
}

/** Counts unsuppressed findings by severity, and suppressed ones separately. */
export function summarize(findings: readonly Finding[]): Summary {
  const s: Summary = { critical: 0, high: 0, medium: 0, low: 0, info: 0, suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) s.suppressed++;
    else s[f.severity]++;
  }
  return s;
}

export function atOrAbove(severity: Severity, threshold: FailOn): boolean {
  return threshold !== 'never' && severityRank(severity) >= severityRank(threshold);
}

/** Exit code for findings: 1 when an unsuppressed finding is at or above the threshold. */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  return findings.some((f) => !f.suppressed && atOrAbove(f.severity, failOn)) ? 1 : 0;
}
