// `diff`: render two targets (or take two renders), analyse them as one pair, apply the NEW
// side's config to both, and hand the pure diff (src/diff) two analyses.
import { analyzeRender } from './analyze.js';
import { configDirOf } from './lint.js';
import type { LintOptions } from './lint.js';
import { registeredRules } from './registry.js';
import type { Analysis } from '../engine/analyze.js';
import { ConfigResolver } from '../config/load.js';
import type { LintConfig } from '../config/load.js';
import { localDate, ruleSeverityFor } from '../config/apply.js';
import { applySuppressions } from '../engine/suppress.js';
import { applyDependencyPolicy, failsAt } from '../engine/dependencies.js';
import type { SuppressionNotice } from '../engine/suppress.js';
import { diff } from '../diff/index.js';
import type { RbacDiff } from '../diff/index.js';
import { usageError } from '../errors.js';
import { materializeGitRef, renderTargets, resolveTargets } from '../render/index.js';
import type { RenderOptions, RenderResult } from '../render/index.js';
import type { RuleSet } from '../rule-api/index.js';
import type { FailOn } from '../severity.js';
import type { InputIssue, Severity, TargetInfo } from '../types.js';
import { inputWarnings } from '../engine/input-errors.js';

/** What a finding fingerprint takes from the target (engine/run.ts `fingerprint`). */
const identityOf = (t: TargetInfo): string => (t.renderer === 'manifest' ? `manifest:${t.name}` : `chart:${t.name}`);

/**
 * Analyses the two sides of a diff: old as target 0, new as target 1. Fingerprints include the
 * chart identity, so when the sides differ in it (a renamed chart, two manifest files, a manifest
 * against a chart) the old side is fingerprinted under the new side's identity — its findings
 * then match across the rename — and gets its own target info back afterwards.
 */
export function analyzePair(
  oldRender: RenderResult,
  newRender: RenderResult,
  options: Pick<LintOptions, 'ruleSeverity' | 'defaultBindings' | 'rules'> = {},
): { old: Analysis; new: Analysis } {
  const oldTarget: TargetInfo = { ...oldRender.target, id: 0 };
  const newTarget: TargetInfo = { ...newRender.target, id: 1 };
  const sameIdentity = identityOf(oldTarget) === identityOf(newTarget);
  const fingerprintAs: TargetInfo = sameIdentity ? oldTarget : { ...oldTarget, name: newTarget.name, renderer: newTarget.renderer };
  const oldAnalysis = analyzeRender({ ...oldRender, target: fingerprintAs }, options);
  const newAnalysis = analyzeRender({ ...newRender, target: newTarget }, options);
  return { old: { ...oldAnalysis, target: oldTarget }, new: newAnalysis };
}

/**
 * Marks the suppressed findings of one side of a diff (its annotations, and the NEW side's config
 * exemptions, which apply to both sides), in place; returns the side's notices. Suppressed
 * findings count on neither side of a verdict, so both sides of every diff (CLI and Action) go
 * through here.
 */
export function suppressSide(
  side: Analysis,
  config: LintConfig | null,
  ruleSeverity: Readonly<Record<string, Severity | 'off'>>,
  today: string,
  rules: RuleSet = registeredRules(),
): SuppressionNotice[] {
  const result = applySuppressions(side.findings, { analyses: [{ target: side.target, objects: side.objects, config, ruleSeverity }], today, ruleIds: rules.ids });
  // Vendored subcharts count as the config's `dependencies:` says, on both sides alike.
  side.findings = applyDependencyPolicy(result.findings, [{ target: side.target, config }]).findings;
  return result.notices;
}

/** One side of a diff: what to render, and how to show it. */
export interface DiffSide {
  /** OLD or NEW, for messages. */
  label: 'OLD' | 'NEW';
  /** Target argument as renderTargets takes it. */
  target: string;
  /** Extra values files for this side, after the shared ones (later files win, as in helm). */
  values: string[];
  /** Chart version for a remote ref; else the shared --version. */
  version?: string;
  /** Shown instead of the rendered path (`charts/x@main` for --git-base). */
  display?: string;
  /** Render `target` as it is at this git ref of the repository around `cwd` (--git-base). */
  gitRef?: string;
}

export interface DiffRun {
  diff: RbacDiff;
  old: Analysis;
  new: Analysis;
  /** Documents of either side that could not be read as objects (not RBAC: those are findings). */
  warnings: InputIssue[];
  /** Suppression notices of the NEW side (unused, expired, missing reason). */
  notices: SuppressionNotice[];
}

export interface DiffOptions {
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
  config?: string;
  noConfig?: boolean;
  today?: string;
  rules?: RuleSet;
}

/** A --git-base side becomes the chart extracted at that ref; `cleanups` removes it once analysed. */
async function materialize(side: DiffSide, cwd: string, cleanups: (() => Promise<void>)[]): Promise<DiffSide> {
  if (side.gitRef === undefined) return side;
  const materialized = await materializeGitRef(cwd, side.gitRef, side.target);
  cleanups.push(() => materialized.cleanup());
  return { ...side, target: materialized.dir, display: side.display ?? `${side.target}@${side.gitRef}` };
}

async function renderSide(side: DiffSide, render: RenderOptions): Promise<RenderResult> {
  // One render per side: without a given version, the newest assumed Kubernetes minor.
  const options = { ...render, values: [...render.values, ...side.values], version: side.version ?? render.version, singleAssumedRender: true };
  const renders = await renderTargets([side.target], options);
  const only = renders[0];
  if (renders.length !== 1 || !only) {
    const labels = renders.map((r) => `${r.target.chart ?? r.target.name}${r.target.render ? ` (${r.target.render})` : ''}`).join(', ');
    throw usageError(
      `${side.label} ${side.display ?? side.target} gives ${renders.length} renders (${labels}); diff compares exactly one render per side: ` +
        'name one chart (not a directory of charts) and use at most one --kube-version, no --ci-values',
    );
  }
  if (!side.display) return only;
  return { ...only, displayPath: side.display, target: { ...only.target, chart: side.display } };
}

/**
 * Renders both sides concurrently (each must be exactly one render), analyses them as one pair
 * and diffs them. The library entry point behind `helm-rbac-lint diff`.
 */
export async function diffTargets(sides: { old: DiffSide; new: DiffSide }, render: RenderOptions, options: DiffOptions = {}): Promise<DiffRun> {
  if (sides.old.target === '-' && sides.new.target === '-') throw usageError('OLD and NEW cannot both be - (stdin can be read once)');
  const rules = options.rules ?? registeredRules();
  const cwd = render.cwd ?? process.cwd();
  // Templates are read again while analysing (source lines): extracted sides live until then.
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const old = await materialize(sides.old, cwd, cleanups);
    return await diffRendered({ old, new: sides.new }, render, options, rules, cwd);
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

async function diffRendered(sides: { old: DiffSide; new: DiffSide }, render: RenderOptions, options: DiffOptions, rules: RuleSet, cwd: string): Promise<DiffRun> {
  // allSettled: never leave one render running (and its temp files) behind a failed one.
  const [oldR, newR] = await Promise.allSettled([renderSide(sides.old, render), renderSide(sides.new, render)]);
  if (oldR.status === 'rejected') throw oldR.reason;
  if (newR.status === 'rejected') throw newR.reason;
  // The NEW side's config (nearest .helm-rbac-lint.yaml, or --config) applies to both sides:
  // the same rule settings, and its exemptions and each side's annotations suppress.
  const [newTarget] = options.noConfig ? [] : await resolveTargets([sides.new.target], { cwd, version: sides.new.version ?? render.version });
  const config = newTarget ? await new ConfigResolver({ explicit: options.config, ruleIds: rules.ids }).forChart(configDirOf(newTarget, cwd)) : null;
  const ruleSeverity = ruleSeverityFor(config, options.ruleSeverity);
  const pair = analyzePair(oldR.value, newR.value, { ruleSeverity, rules });
  const today = options.today ?? localDate();
  suppressSide(pair.old, config, ruleSeverity, today, rules);
  const notices = suppressSide(pair.new, config, ruleSeverity, today, rules);
  return { diff: diff(pair.old, pair.new, rules), old: pair.old, new: pair.new, warnings: inputWarnings([pair.old, pair.new]), notices };
}

/** 1 when an unsuppressed introduced finding (or a rise in severity) is at or above the threshold. */
export function diffExitCode(d: RbacDiff, failOn: FailOn): 0 | 1 {
  return d.findings.introduced.some((f) => failsAt(f, failOn)) ? 1 : 0;
}
