import { dirname } from 'node:path';
import type { InputIssue, Severity } from './types.js';
import { renderResolvedTargets, renderTargets, resolveTargets } from './render/index.js';
import type { RenderHooks, RenderOptions, RenderResult, ResolvedTarget } from './render/index.js';
import { LintError } from './errors.js';
import { analyzeObjects, mergeRenders } from './engine/analyze.js';
import { unprocessableInput } from './engine/input-errors.js';
import type { Analysis } from './engine/analyze.js';
import { summarize } from './engine/summary.js';
import type { FailOn } from './engine/summary.js';
import { applySuppressions } from './engine/suppress.js';
import type { SuppressionNotice } from './engine/suppress.js';
import { ConfigResolver } from './config/load.js';
import type { LintConfig } from './config/load.js';
import { failOnFor, localDate, renderOptionsFor, ruleSeverityFor } from './config/apply.js';
import { readBaseline } from './config/baseline.js';
import { RBAC_KINDS, parseRendered } from './parse/index.js';
import type { LintReport } from './report/types.js';
import { TOOL } from './version.js';

export interface LintOptions {
  render: RenderOptions;
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
  /** Internal: collects per-chart errors so one broken chart does not hide the others. */
  onError?: (err: LintError) => void;
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
}

/**
 * Analyses one render result (pure once rendered). Throws a LintError naming file and line when
 * a document cannot be read or nothing in the render is a Kubernetes object (engine/input-errors.ts).
 */
export function analyzeRender(r: RenderResult, options: Pick<LintOptions, 'ruleSeverity' | 'defaultBindings'> = {}): Analysis {
  const parsed = parseRendered(r.text, {
    target: r.target.id,
    chartName: r.chartName,
    manifestFile: r.chartRoot ? null : r.displayPath,
    readTemplate: (p) => r.readTemplate(p),
    storedPath: r.storedPath,
  });
  const unprocessable = unprocessableInput(parsed, r.target);
  if (unprocessable) throw unprocessable;
  return analyzeObjects(parsed.objects, parsed.issues, parsed.documents, r.target, { ruleSeverity: options.ruleSeverity, defaultBindings: options.defaultBindings });
}

/** Issues about documents that are not RBAC objects (RBAC ones become malformed-rbac findings). */
function warningsOf(analyses: readonly Analysis[]): InputIssue[] {
  return analyses.flatMap((a) => a.issues.filter((i) => !i.object || !RBAC_KINDS.has(i.object.kind)));
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
}

/**
 * Analyses of renders made while other charts still render (several charts render in parallel,
 * and the analysis of the first ones then overlaps the rest). Keyed by the render's text; used
 * only for the same final target id, target and rule settings it was made with.
 */
class EarlyAnalyses {
  private readonly made = new Map<string, { id: number; signature: string; analysis: Analysis | null }>();

  constructor(private readonly defaultBindings: boolean | undefined) {}

  private static signature(r: RenderResult, ruleSeverity: LintOptions['ruleSeverity']): string {
    return JSON.stringify([{ ...r.target, id: null }, ruleSeverity ?? {}]);
  }

  /** Schedules the analysis of a render that just arrived (after the pool has started its next job). */
  schedule(r: RenderResult, ruleSeverity: LintOptions['ruleSeverity']): void {
    setImmediate(() => {
      if (this.made.has(r.text)) return;
      let analysis: Analysis | null = null;
      try {
        analysis = analyzeRender(r, { ruleSeverity, defaultBindings: this.defaultBindings });
      } catch {
        analysis = null; // analysed again, and reported, in order
      }
      this.made.set(r.text, { id: r.target.id, signature: EarlyAnalyses.signature(r, ruleSeverity), analysis });
    });
  }

  /** The analysis made early for exactly this render and these settings, or null. */
  take(r: RenderResult, ruleSeverity: LintOptions['ruleSeverity']): Analysis | null {
    const early = this.made.get(r.text);
    this.made.set(r.text, { id: -1, signature: '', analysis: null }); // never used twice
    if (!early || early.id !== r.target.id || early.signature !== EarlyAnalyses.signature(r, ruleSeverity)) return null;
    return early.analysis;
  }
}

function hooksOf(options: LintOptions, config: LintConfig | null = null): RenderHooks {
  const early = options.early;
  const ruleSeverity = early ? ruleSeverityFor(config, options.ruleSeverity) : undefined;
  return {
    onProgress: options.onProgress,
    onWaiting: options.onRendering,
    onRendered: early ? (r) => early.schedule(r, ruleSeverity) : undefined,
    onRenderError: options.onError ? (err) => options.onError?.(err) : undefined,
  };
}

/**
 * Renders every target with the options of the config that applies to it. Usually all targets
 * share one config (or none): one call to renderTargets keeps them rendering in parallel.
 */
async function renderWithConfigs(args: string[], options: LintOptions): Promise<RenderGroup[]> {
  const cwd = options.render.cwd ?? process.cwd();
  if (options.noConfig) return [{ config: null, renders: await renderTargets(args, options.render, hooksOf(options)) }];
  const resolver = new ConfigResolver({ explicit: options.config });
  const targets = await resolveTargets(args, { cwd, version: options.render.version });
  const configs = await Promise.all(targets.map((t) => resolver.forChart(configDirOf(t, cwd))));
  const files = new Set(configs.map((c) => c?.file ?? null));
  if (files.size <= 1) {
    const config = configs[0] ?? null;
    return [{ config, renders: await renderResolvedTargets(targets, renderOptionsFor(options.render, config), hooksOf(options, config)) }];
  }
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
  for (const g of groups.values()) {
    out.push({ config: g.config, renders: await renderResolvedTargets(g.targets, renderOptionsFor(options.render, g.config), hooksOf(options, g.config)) });
  }
  let id = 0;
  for (const g of out) for (const r of g.renders) r.target = { ...r.target, id: id++ };
  return out;
}

/** Renders every target and lints it: the library entry point behind `helm-rbac-lint lint`. */
export async function lint(args: string[], options: LintOptions): Promise<LintRun> {
  const baselinePromise = options.baseline ? readBaseline(options.baseline) : Promise.resolve(null);
  baselinePromise.catch(() => undefined);
  const errors: LintError[] = [];
  const early = new EarlyAnalyses(options.defaultBindings);
  const groups = await renderWithConfigs(args, { ...options, onError: (e) => errors.push(e), early });
  const renders: RenderResult[] = [];
  const analyses: Analysis[] = [];
  const suppressionRenders = [];
  for (const g of groups) {
    const ruleSeverity = ruleSeverityFor(g.config, options.ruleSeverity);
    for (const r of g.renders) {
      let a: Analysis;
      try {
        a = early.take(r, ruleSeverity) ?? analyzeRender(r, { ruleSeverity, defaultBindings: options.defaultBindings });
      } catch (err) {
        if (!(err instanceof LintError)) throw err;
        errors.push(err);
        continue;
      }
      renders.push(r);
      analyses.push(a);
      suppressionRenders.push({ target: a.target, objects: a.objects, config: g.config, ruleSeverity });
    }
  }
  // Nothing could be linted: the (first) error is the answer, as for a single chart.
  if (analyses.length === 0 && errors[0]) throw errors[0];
  const merged = mergeRenders(analyses);
  const { findings, notices } = applySuppressions(merged, { analyses: suppressionRenders, baseline: await baselinePromise, today: options.today ?? localDate() });
  const configs = groups.map((g) => g.config);
  const failOn = failOnFor(options.failOn, configs.length === 1 ? (configs[0] ?? null) : null);
  const report: LintReport = {
    tool: TOOL,
    targets: renders.map((r) => r.target).sort((a, b) => a.id - b.id),
    findings,
    summary: summarize(findings),
    warnings: warningsOf(analyses),
    notices,
  };
  return { errors, report, analyses, renders, failOn };
}

export type { SuppressionNotice };
