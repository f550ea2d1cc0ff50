import { dirname } from 'node:path';
import type { Severity, TargetInfo } from '../types.js';
import { renderResolvedTargets, resolveTargets } from '../render/index.js';
import type { RenderHooks, RenderOptions, RenderResult, ResolvedTarget } from '../render/index.js';
import { LintError } from '../errors.js';
import { mergeRenders } from '../engine/analyze.js';
import type { Analysis } from '../engine/analyze.js';
import { summarize } from '../engine/summary.js';
import type { FailOn } from '../severity.js';
import { applySuppressions } from '../engine/suppress.js';
import { applyDependencyPolicy } from '../engine/dependencies.js';
import type { SuppressionNotice } from '../engine/suppress.js';
import { ConfigResolver } from '../config/load.js';
import type { LintConfig } from '../config/load.js';
import { failOnFor, localDate, renderOptionsFor, ruleSeverityFor } from '../config/apply.js';
import { readBaseline } from '../config/baseline.js';
import { NoKubernetesObjectError, inputWarnings } from '../engine/input-errors.js';
import { unattributedEvidence } from '../evidence/index.js';
import type { FailedTarget, LintReport } from '../report/types.js';
import { TOOL } from '../version.js';
import type { RuleSet } from '../rule-api/index.js';
import { registeredRules } from './registry.js';
import { EarlyAnalyses } from './speed.js';
import { analyzeRender } from './analyze.js';

export interface LintOptions {
  render: RenderOptions;
  /** The rules to run (default: every registered rule). */
  rules?: RuleSet;
  /** `--rule` overrides (win over the config's `rules:`). */
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
  /** `--config`: one config for every chart instead of the nearest `.helm-rbac-lint.yaml`. */
  config?: string;
  /** Do not look for `.helm-rbac-lint.yaml` files. */
  noConfig?: boolean;
  baseline?: string;
  /** `--fail-on` as given (undefined: the config's, else high). */
  failOn?: FailOn;
  defaultBindings?: boolean;
  /** YYYY-MM-DD for exemption expiry (default: today, local time). */
  today?: string;
  onProgress?: (done: number, total: number, current: string) => void;
  /** Called once while the first helm renders run (RenderHooks.onWaiting). */
  onRendering?: () => void;
  /**
   * The targets are the files a commit changes (the pre-commit hook): a YAML file outside any
   * chart that holds no Kubernetes object (a values file kept elsewhere, say) is skipped with a
   * note instead of being an error.
   */
  changedFiles?: boolean;
  /** Internal: analyses renders as they arrive, while other charts still render. */
  early?: EarlyAnalyses;
}

export interface LintRun {
  /**
   * Charts that could not be rendered or read, each a one-line error naming it. When some
   * targets fail and others do not, the others are still linted and reported; the run exits 2.
   */
  errors: LintError[];
  report: LintReport;
  analyses: Analysis[];
  renders: RenderResult[];
  failOn: FailOn;
  /** The rules the run used (the formatters describe them: SARIF lists every rule). */
  rules: RuleSet;
}

/** Where the nearest config of a target is looked for (lint and diff alike). */
export function configDirOf(t: ResolvedTarget, cwd: string): string {
  switch (t.kind) {
    case 'chart':
      return t.root;
    case 'package':
    case 'manifest':
      return dirname(t.file);
    default:
      return cwd;
  }
}

interface RenderGroup {
  config: LintConfig | null;
  renders: RenderResult[];
  /** Renders that failed, with the target each would have been. */
  failed: { error: LintError; target: TargetInfo }[];
}

function hooksOf(options: LintOptions, config: LintConfig | null, failed: RenderGroup['failed']): RenderHooks {
  const early = options.early;
  const ruleSeverity = early ? ruleSeverityFor(config, options.ruleSeverity) : undefined;
  return {
    onProgress: options.onProgress,
    onWaiting: options.onRendering,
    onRendered: early ? (r) => early.schedule(r, ruleSeverity) : undefined,
    // One broken chart does not hide the others: its error is collected, the others render.
    onRenderError: (error, _display, target) => void failed.push({ error, target }),
  };
}

async function renderGroup(targets: ResolvedTarget[] | Promise<ResolvedTarget[]>, options: LintOptions, config: LintConfig | null): Promise<RenderGroup> {
  const failed: RenderGroup['failed'] = [];
  const renders = await renderResolvedTargets(targets, renderOptionsFor(options.render, config), hooksOf(options, config, failed));
  return { config, renders, failed };
}

/**
 * Renders every target with the options of the config that applies to it. Usually all targets
 * share one config (or none): one call to renderTargets keeps them rendering in parallel.
 */
async function renderWithConfigs(args: string[], options: LintOptions): Promise<RenderGroup[]> {
  const cwd = options.render.cwd ?? process.cwd();
  if (options.noConfig) return [await renderGroup(resolveTargets(args, { cwd, version: options.render.version }), options, null)];
  const resolver = new ConfigResolver({ explicit: options.config, ruleIds: (options.rules ?? registeredRules()).ids });
  const targets = await resolveTargets(args, { cwd, version: options.render.version });
  const configs = await Promise.all(targets.map((t) => resolver.forChart(configDirOf(t, cwd))));
  const files = new Set(configs.map((c) => c?.file ?? null));
  if (files.size <= 1) return [await renderGroup(targets, options, configs[0] ?? null)];
  // Different configs: render each group with its own options, then restore input order and ids.
  const groups = new Map<string | null, { config: LintConfig | null; targets: ResolvedTarget[] }>();
  targets.forEach((t, i) => {
    const c = configs[i] ?? null;
    const key = c?.file ?? null;
    const g = groups.get(key) ?? { config: c, targets: [] };
    g.targets.push(t);
    groups.set(key, g);
  });
  const out: RenderGroup[] = [];
  for (const g of groups.values()) out.push(await renderGroup(g.targets, options, g.config));
  // Each group numbered its renders from 0 (failed ones included): number them across groups.
  let base = 0;
  for (const g of out) {
    const ids = [...g.renders.map((r) => r.target.id), ...g.failed.map((f) => f.target.id)];
    for (const r of g.renders) r.target = { ...r.target, id: base + r.target.id };
    for (const f of g.failed) f.target = { ...f.target, id: base + f.target.id };
    base += ids.length > 0 ? Math.max(...ids) + 1 : 0;
  }
  return out;
}

/** Renders every target and lints it: the library entry point behind `helm-rbac-lint lint`. */
export async function lint(args: string[], options: LintOptions): Promise<LintRun> {
  const baselinePromise = options.baseline ? readBaseline(options.baseline) : Promise.resolve(null);
  baselinePromise.catch(() => undefined);
  const errors: LintError[] = [];
  const failed: FailedTarget[] = [];
  const skipped: FailedTarget[] = [];
  const fail = (error: LintError, target: TargetInfo): void => {
    errors.push(error);
    failed.push({ target, status: 'error', message: error.message });
  };
  const rules = options.rules ?? registeredRules();
  const early = new EarlyAnalyses({ defaultBindings: options.defaultBindings, rules });
  const groups = await renderWithConfigs(args, { ...options, early });
  const renders: RenderResult[] = [];
  const analyses: Analysis[] = [];
  const suppressionRenders = [];
  for (const g of groups) {
    for (const f of g.failed) fail(f.error, f.target);
    const ruleSeverity = ruleSeverityFor(g.config, options.ruleSeverity);
    for (const r of g.renders) {
      let a: Analysis;
      try {
        a = early.take(r, ruleSeverity) ?? analyzeRender(r, { ruleSeverity, defaultBindings: options.defaultBindings, rules });
      } catch (err) {
        if (!(err instanceof LintError)) throw err;
        if (options.changedFiles && err instanceof NoKubernetesObjectError && r.chartRoot === null && r.target.renderer === 'manifest' && r.displayPath !== '<stdin>') {
          skipped.push({ target: r.target, status: 'skipped', message: `${r.displayPath}: skipped: not part of a chart and holds no Kubernetes object` });
        } else fail(err, r.target);
        continue;
      }
      renders.push(r);
      analyses.push(a);
      suppressionRenders.push({ target: a.target, objects: a.objects, config: g.config, ruleSeverity });
    }
  }
  // Nothing could be linted: the (first) error is the answer, as for a single chart.
  if (analyses.length === 0 && errors[0] && skipped.length === 0) throw errors[0];
  const merged = mergeRenders(analyses);
  const suppressed = applySuppressions(merged, { analyses: suppressionRenders, baseline: await baselinePromise, today: options.today ?? localDate(), ruleIds: rules.ids });
  const dependencies = applyDependencyPolicy(suppressed.findings, suppressionRenders);
  const findings = dependencies.findings;
  const notices = [...suppressed.notices, ...dependencies.notices];
  const configs = groups.map((g) => g.config);
  const failOn = failOnFor(options.failOn, configs.length === 1 ? (configs[0] ?? null) : null);
  const report: LintReport = {
    tool: TOOL,
    targets: renders.map((r) => r.target).sort((a, b) => a.id - b.id),
    findings,
    summary: summarize(findings),
    warnings: inputWarnings(analyses),
    notices,
    unattributedEvidence: new Map(analyses.map((a) => [a.target.id, unattributedEvidence(a.evidence, a.objects)])),
    failed: [...failed, ...skipped].sort((a, b) => a.target.id - b.target.id),
  };
  return { errors, report, analyses, renders, failOn, rules };
}

export type { SuppressionNotice };
