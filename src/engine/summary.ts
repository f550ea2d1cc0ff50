import type { Finding } from '../types.js';
import { zeroCounts } from '../severity.js';
import type { FailOn } from '../severity.js';
import { failsAt } from './dependencies.js';

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
  const s: Summary = { ...zeroCounts(), suppressed: 0 };
  for (const f of findings) {
    if (f.suppressed) s.suppressed++;
    else s[f.severity]++;
  }
  return s;
}

/** Exit code for findings: 1 when an unsuppressed finding is at or above its threshold (failsAt). */
export function exitCodeFor(findings: readonly Finding[], failOn: FailOn): 0 | 1 {
  return findings.some((f) => failsAt(f, failOn)) ? 1 : 0;
}
