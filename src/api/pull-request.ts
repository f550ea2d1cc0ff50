// The pull request's RBAC change: every linted chart against itself at the
// base commit (git archive of the chart, rendered with the same options), reusing the head renders
// of the lint run. A chart new in the PR compares with nothing (all introduced), a deleted one
// with nothing on the other side (all resolved), a moved one with where it was.
import { existsSync, realpathSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { analyzeRender } from './analyze.js';
import type { LintRun } from './lint.js';
import { analyzePair, suppressSide } from './diff.js';
import { registeredRules } from './registry.js';
import { localDate, renderOptionsFor, ruleSeverityFor } from '../config/apply.js';
import { ConfigResolver } from '../config/load.js';
import type { LintConfig } from '../config/load.js';
import { breaksAccessOf, diff, verdictOf } from '../diff/index.js';
import type { DiffFinding, RbacDiff, Verdict } from '../diff/index.js';
import { analyzeObjects } from '../engine/analyze.js';
import type { Analysis } from '../engine/analyze.js';
import { LintError, oneLine } from '../errors.js';
import { chartYamlIn, existsAt, materializeGitRef, renderTargets } from '../render/index.js';
import type { RenderOptions, RenderResult } from '../render/index.js';
import { defaultConcurrency, mapInOrder } from '../render/pool.js';
import { kubeMinorsOf, minorOf } from '../kube-versions.js';
import type { Finding, Severity, TargetInfo } from '../types.js';
import { severityRank } from '../severity.js';

export interface ChartDiff {
  /** Repo-relative chart root (for a deleted chart: where it was). */
  chart: string;
  diff: RbacDiff;
  /** Why one side is empty, or where a moved chart came from; null for a plain comparison. */
  note: string | null;
}

export interface PullRequestDiff {
  charts: ChartDiff[];
  verdict: Verdict;
  /** Unsuppressed introduced / resolved findings over every chart. */
  introduced: DiffFinding[];
  /** Introduced missing-kubelet-permission findings over every chart: the change breaks kubelet access. */
  breaksAccess: DiffFinding[];
  resolved: DiffFinding[];
  /** `<real chart root>\0<fingerprint>` of every unsuppressed introduced finding (selects the lint findings to annotate). */
  introducedKeys: Set<string>;
}

export interface PullRequestDiffOptions {
  /** Real path of the repository's top directory. */
  top: string;
  baseSha: string;
  /** The lint's render options (before any config). */
  render: RenderOptions;
  /** The `config` input: one config for every chart. */
  config?: string;
  removed: readonly string[];
  movedFrom: ReadonlyMap<string, string>;
  warn(message: string): void;
}

const toPosix = (p: string): string => p.split(sep).join('/');
export const findingKey = (chartRoot: string, fingerprint: string): string => `${chartRoot}\0${fingerprint}`;

/** How the base side of a chart renders and is analysed: the head's config applies to both sides. */
interface Side {
  options: RenderOptions;
  ruleSeverity: Record<string, Severity | 'off'>;
  /** `charts/x@abc1234`: how the base side is named in the diff. */
  baseLabel: string;
  /** The date exemptions expire against. */
  today: string;
}

function sideFor(basePath: string, config: LintConfig | null, opts: PullRequestDiffOptions): Side {
  return { options: renderOptionsFor(opts.render, config), ruleSeverity: ruleSeverityFor(config), baseLabel: `${basePath}@${opts.baseSha.slice(0, 7)}`, today: localDate() };
}

/** One side with no objects: the chart did not exist there. */
function emptyAnalysis(like: TargetInfo, display: string, id: 0 | 1): Analysis {
  const target: TargetInfo = { ...like, id, chart: display, version: null, renderer: 'nothing rendered (no chart here)', chartKubeVersion: null };
  return analyzeObjects([], [], 0, target, { rules: registeredRules() });
}

function asBase(r: RenderResult, display: string): RenderResult {
  return { ...r, displayPath: display, target: { ...r.target, chart: display } };
}

/** Head renders of each chart directory of the lint run, keyed by the chart's real path. */
function chartRenders(run: LintRun | null): Map<string, RenderResult[]> {
  const out = new Map<string, RenderResult[]>();
  for (const r of run?.renders ?? []) {
    if (!r.chartRoot || !existsSync(join(r.chartRoot, 'Chart.yaml'))) continue; // packaged charts and manifests have no base
    const root = realpathSync(r.chartRoot);
    out.set(root, [...(out.get(root) ?? []), r]);
  }
  return out;
}

/** Suppressed (or warn-only) lint findings by chart and fingerprint: a suppression in the head covers the finding it introduces. */
function suppressedFindings(run: LintRun | null): Map<string, Finding> {
  const out = new Map<string, Finding>();
  if (!run) return out;
  const rootOf = new Map(run.renders.map((r) => [r.target.id, r.chartRoot && existsSync(r.chartRoot) ? realpathSync(r.chartRoot) : null]));
  for (const f of run.report.findings) {
    const root = rootOf.get(f.target);
    // Suppressed, or given a threshold of its own by the config's `dependencies:` (warn-only subcharts).
    if ((f.suppressed || f.failOn !== undefined) && root) out.set(findingKey(root, f.fingerprint), f);
  }
  return out;
}

function withSuppressions(d: RbacDiff, root: string, suppressed: ReadonlyMap<string, Finding>): RbacDiff {
  const introduced = d.findings.introduced.map((f) => {
    const s = suppressed.get(findingKey(root, f.fingerprint));
    if (!s) return f;
    const threshold = s.failOn !== undefined ? { failOn: s.failOn } : {};
    return s.suppressed ? { ...f, ...threshold, suppressed: true, suppression: s.suppression } : { ...f, ...threshold };
  });
  const findings = { ...d.findings, introduced };
  return { ...d, findings, verdict: verdictOf(findings, d.objects.length > 0 || d.subjects.length > 0), breaksAccess: breaksAccessOf(introduced) };
}

async function baseRenders(opts: PullRequestDiffOptions, basePath: string, side: Side): Promise<{ renders: RenderResult[] | null; cleanup: () => Promise<void> }> {
  const m = await materializeGitRef(opts.top, opts.baseSha, basePath);
  try {
    return { renders: await renderTargets([m.dir], side.options), cleanup: m.cleanup };
  } catch (err) {
    if (!(err instanceof LintError)) {
      await m.cleanup();
      throw err;
    }
    opts.warn(`${side.baseLabel}: the chart at the base commit does not render (${oneLine(err.message)}); compared with an empty chart`);
    return { renders: null, cleanup: m.cleanup };
  }
}

function noteFor(atBase: boolean, baseRendered: boolean, movedFrom: string | null): string | null {
  if (!atBase) return 'new in this pull request: compared with no chart';
  if (!baseRendered) return 'the base does not render: compared with no chart';
  return movedFrom ? `moved from ${movedFrom}` : null;
}

/** The ci values part of a render label (`kube 1.32.0, ci/a-values.yaml` → `ci/a-values.yaml`). */
const valuesLabel = (r: RenderResult): string => (r.target.render ?? '').replace(/^kube [^,]+(, )?/, '');

/**
 * The base render to compare a head render with: the one with the same label, else (a chart that
 * started or stopped branching on the Kubernetes version renders once on one side and at both
 * ends of the assumed window on the other) the one with the same values whose render stands for
 * the head render's Kubernetes minor.
 */
function pairedBase(head: RenderResult, bases: readonly RenderResult[]): RenderResult | undefined {
  const sameLabel = bases.find((r) => (r.target.render ?? '') === (head.target.render ?? ''));
  if (sameLabel) return sameLabel;
  const minor = minorOf(head.target.kubeVersion);
  return bases.find((r) => valuesLabel(r) === valuesLabel(head) && minor !== null && kubeMinorsOf(r.target).includes(minor));
}

async function diffHeadChart(root: string, heads: RenderResult[], config: LintConfig | null, opts: PullRequestDiffOptions): Promise<ChartDiff[]> {
  const chart = toPosix(relative(opts.top, root)) || '.';
  const basePath = opts.movedFrom.get(chart) ?? chart;
  const side = sideFor(basePath, config, opts);
  const atBase = await existsAt(opts.top, opts.baseSha, chartYamlIn(basePath));
  const base = atBase ? await baseRenders(opts, basePath, side) : { renders: null, cleanup: async () => undefined };
  try {
    // Same options on both sides, so each head render has a base render with the same label (one
    // per kube version / ci values file). Paired by that label, not by position: a head render
    // the lint could not analyse is not among `heads`.
    return heads.map((head) => {
      const old = pairedBase(head, base.renders ?? []);
      const note = noteFor(atBase, old !== undefined, basePath !== chart ? basePath : null);
      if (!old) return { chart, note, diff: diff(emptyAnalysis(head.target, side.baseLabel, 0), analyzeRender({ ...head, target: { ...head.target, id: 1 } }, { ruleSeverity: side.ruleSeverity }), registeredRules()) };
      const pair = analyzePair(asBase(old, side.baseLabel), head, { ruleSeverity: side.ruleSeverity });
      // As in the CLI diff: what is suppressed at the base is not "resolved" by the PR. The head's
      // suppressions are the lint's (withSuppressions), which include its baseline.
      suppressSide(pair.old, config, side.ruleSeverity, side.today);
      return { chart, note, diff: diff(pair.old, pair.new, registeredRules()) };
    });
  } finally {
    await base.cleanup();
  }
}

async function diffRemovedChart(chart: string, config: LintConfig | null, opts: PullRequestDiffOptions): Promise<ChartDiff[]> {
  const side = sideFor(chart, config, opts);
  const base = await baseRenders(opts, chart, side);
  try {
    return (base.renders ?? []).map((old) => {
      const before = analyzeRender(asBase({ ...old, target: { ...old.target, id: 0 } }, side.baseLabel), { ruleSeverity: side.ruleSeverity });
      suppressSide(before, config, side.ruleSeverity, side.today);
      const after = emptyAnalysis(old.target, `${chart} (deleted)`, 1);
      return { chart, note: 'deleted in this pull request: compared with no chart', diff: diff(before, after, registeredRules()) };
    });
  } finally {
    await base.cleanup();
  }
}

/**
 * Unsuppressed introduced (or resolved) findings over every chart, each once: a chart rendered
 * for several kube versions (or ci values files) has one diff per render, and a finding seen in
 * several of them is one finding whose `renders` lists them (the worst severity wins), as in the
 * lint report. Counts, outputs and the failure line count findings, not renders.
 */
function acrossRenders(charts: readonly ChartDiff[], which: 'introduced' | 'resolved'): DiffFinding[] {
  const byKey = new Map<string, DiffFinding>();
  for (const c of charts) {
    const side = which === 'introduced' ? c.diff.new : c.diff.old;
    for (const f of c.diff.findings[which]) {
      if (f.suppressed) continue;
      const key = `${c.chart}\0${f.fingerprint}`;
      const seen = byKey.get(key);
      const renders = [...(seen?.renders ?? []), ...(side.render && !seen?.renders?.includes(side.render) ? [side.render] : [])];
      const worst = seen && severityRank(seen.severity) >= severityRank(f.severity) ? seen : f;
      byKey.set(key, renders.length > 0 ? { ...worst, renders } : worst);
    }
  }
  return [...byKey.values()];
}

/** `run` is the lint of the head (null when no chart of the head was linted, e.g. only deletions). */
export async function diffPullRequest(run: LintRun | null, opts: PullRequestDiffOptions): Promise<PullRequestDiff> {
  const resolver = new ConfigResolver({ explicit: opts.config || undefined, ruleIds: registeredRules().ids });
  const suppressed = suppressedFindings(run);
  const heads = [...chartRenders(run)];
  // Charts render their base in parallel (each is one or a few helm runs), results in input order.
  const limit = opts.render.concurrency ?? defaultConcurrency();
  const perHead = await mapInOrder(heads, limit, async ([root, renders]) =>
    (await diffHeadChart(root, renders, await resolver.forChart(root), opts)).map((c) => ({ ...c, root, diff: withSuppressions(c.diff, root, suppressed) })),
  );
  const perRemoved = await mapInOrder(opts.removed, limit, async (chart) => diffRemovedChart(chart, await resolver.forChart(join(opts.top, chart)), opts));
  const introducedKeys = new Set<string>();
  for (const c of perHead.flat()) for (const f of c.diff.findings.introduced) if (!f.suppressed) introducedKeys.add(findingKey(c.root, f.fingerprint));
  const charts: ChartDiff[] = [...perHead.flat().map(({ root: _root, ...c }) => c), ...perRemoved.flat()];
  const introduced = acrossRenders(charts, 'introduced');
  const resolved = acrossRenders(charts, 'resolved');
  const changed = charts.some((c) => c.diff.objects.length > 0 || c.diff.subjects.length > 0);
  return { charts, verdict: verdictOf({ introduced, resolved, unchanged: [] }, changed), introduced, breaksAccess: breaksAccessOf(introduced), resolved, introducedKeys };
}
