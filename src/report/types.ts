import type { Finding, InputIssue, TargetInfo } from '../types.js';
import type { Summary } from '../engine/summary.js';
import type { SuppressionNotice } from '../engine/suppress.js';

/** What every lint formatter receives. Formatters are pure: (report, options) => string. */
export interface LintReport {
  tool: { name: string; version: string };
  targets: TargetInfo[];
  findings: Finding[];
  summary: Summary;
  /** Input problems that are not findings (documents that could not be read as objects). */
  warnings: InputIssue[];
  /** Suppressions that need attention: unused, missing reason, expired, unknown rule. */
  notices: SuppressionNotice[];
}

export interface FormatOptions {
  color?: boolean;
  /** Only findings at or above this show in human formats (`--quiet` shows only failing ones). */
  quiet?: boolean;
  failOn?: import('../engine/summary.js').FailOn;
  /** Repository root relative to which chart paths are printed in SARIF/GitHub (default: as given). */
  repoRoot?: string | null;
}
