import type { Evidence, Finding, InputIssue, TargetInfo } from '../types.js';
import type { FailOn } from '../severity.js';
import type { Summary } from '../engine/summary.js';
import type { SuppressionNotice } from '../engine/suppress.js';
import type { RbacModel } from '../rbac/model.js';
import type { RuleMeta } from '../rule-api/index.js';
import type { TargetPaths } from './locations.js';

/** What every lint formatter receives. */
export interface LintReport {
  tool: { name: string; version: string };
  targets: TargetInfo[];
  findings: Finding[];
  summary: Summary;
  /** Input problems that are not findings (documents that could not be read as objects). */
  warnings: InputIssue[];
  /** Suppressions that need attention: unused, missing reason, expired, unknown rule. */
  notices: SuppressionNotice[];
  /**
   * Kubelet-access evidence nobody in a render is known to run, by target id: listed once per
   * render and referenced from findings by count (Finding.unattributedEvidence).
   */
  unattributedEvidence?: ReadonlyMap<number, readonly Evidence[]>;
  /**
   * Renders that were asked for but not linted, by id (ids are shared with `targets`): a chart
   * helm could not render or a render that could not be read (status error), or a file the
   * pre-commit hook skipped (status skipped). Every requested target is in `targets` or here.
   */
  failed?: FailedTarget[];
}

export interface FailedTarget {
  target: TargetInfo;
  status: 'error' | 'skipped';
  /** One line naming the chart or file. */
  message: string;
}

/**
 * The one context every formatter takes, whatever it formats (lint report, diff, who-can):
 * formatters are pure functions `(report, ctx) => string` and read only what they need.
 */
export interface FormatContext {
  /** ANSI colours in text output. */
  color: boolean;
  /** Human formats: only findings at or above `failOn`. */
  quiet: boolean;
  failOn: FailOn;
  /** Repository root that SARIF and annotation paths are relative to (null: as given). */
  repoRoot: string | null;
  /** Chart directory (repo-relative) per target id; null for manifests. */
  targetPaths: TargetPaths;
  /** Every registered rule, in registry order (SARIF lists them all). */
  rules: readonly { meta: RuleMeta }[];
  /** RBAC models by target id: lets the Markdown graph name bindings between subjects and roles. */
  models: ReadonlyMap<number, RbacModel>;
  /** Longest Markdown output in bytes (job summaries and PR comments have caps). */
  maxBytes: number;
}

/** A formatter: pure, deterministic, the whole output as one string. */
export type Formatter<R> = (report: R, ctx: FormatContext) => string;

/** GitHub's job summary cap is 1 MiB; stay under it with room for what the Action adds. */
export const MARKDOWN_MAX_BYTES = 1_000_000;

/** A context with every field set: the given ones, and neutral defaults for the rest. */
export function formatContext(given: Partial<FormatContext> = {}): FormatContext {
  return {
    color: false,
    quiet: false,
    failOn: 'high',
    repoRoot: null,
    targetPaths: new Map(),
    rules: [],
    models: new Map(),
    maxBytes: MARKDOWN_MAX_BYTES,
    ...given,
  };
}
