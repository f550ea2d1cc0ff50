// Rendering: the only module that runs helm (and git). Resolves targets, renders every
// chart (in parallel, bounded, results in input order), optionally through the render cache.
import { LintError, inputError } from '../errors.js';
import type { TargetInfo } from '../types.js';
import { RenderCache, defaultCacheLocation } from './cache.js';
import { hasContent } from './documents.js';
import { helmContext, resolveHelm } from './helm.js';
import type { HelmInfo } from './helm.js';
import { assumedMinors, minorOf } from '../kube-versions.js';
import { kubeVersionsToRender, planRenders } from './plan.js';
import type { ChartJob, ManifestJob, RenderJob } from './plan.js';
import { prepareTarget } from './prepare.js';
import type { Prepared, PreparedChart } from './prepare.js';
import { ChartRenderer, releaseFor, valuesOf } from './chart-renderer.js';
import type { ChartRenderSettings } from './chart-renderer.js';
import { defaultConcurrency, mapInOrder } from './pool.js';
import { resolveTargets } from './targets.js';
import type { ResolvedTarget } from './targets.js';

export { resolveTargets } from './targets.js';
export type { ResolvedTarget, ResolveOptions } from './targets.js';
export { resolveHelm } from './helm.js';
export type { HelmInfo, HelmSelection } from './helm.js';
export { chartYamlIn, existsAt, materializeGitRef } from './git.js';
export type { MaterializedChart } from './git.js';
export { normalizeKubeVersion } from './plan.js';
export { defaultCacheLocation } from './cache.js';

export interface RenderOptions {
  values: string[];
  set: string[];
  setString: string[];
  setFile: string[];
  /** Default 'default' (the caller fills it). */
  namespace: string;
  /** Default: the chart's name. */
  releaseName?: string;
  /** [] = picked from the supported window (src/kube-versions.ts); several = one render per version. */
  kubeVersions: string[];
  /** Without given versions, render each chart once, at the newest assumed minor (diff: one render per side). */
  singleAssumedRender?: boolean;
  apiVersions: string[];
  /** Explicit binary; else HELM_BIN from env; else `helm` on PATH. */
  helm?: string;
  /** Per helm run; default 120000. */
  timeoutMs?: number;
  /** Run `helm dependency build` when dependencies are missing (may use the network). */
  dependencyBuild?: boolean;
  /** Also one render per <chart>/ci/*-values.yaml. */
  ciValues?: boolean;
  /** Version for remote refs (repo/chart, oci://). */
  version?: string;
  includeCrds?: boolean;
  /** Opt-in render cache. */
  cache?: boolean;
  cacheLocation?: string;
  /** Parallel renders; default defaultConcurrency(). */
  concurrency?: number;
  /** Directory paths are relative to and helm runs in; default process.cwd(). */
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: () => Promise<string>;
}

export interface RenderResult {
  /** id assigned in input order (0..n-1), across all renders. */
  target: TargetInfo;
  /** Rendered multi-document YAML (or the manifest text). */
  text: string;
  /**
   * Absolute chart root for chart directories; for a packaged chart the absolute .tgz
   * path (its extraction is temporary, read files with readTemplate); null for remote
   * charts and manifests.
   */
  chartRoot: string | null;
  /** The name in `# Source: <chartName>/…` lines. */
  chartName: string | null;
  /** A chart file by chart-relative path (`templates/x.yaml`, `charts/sub/templates/y.yaml`); null if unreadable. */
  readTemplate(chartRelativePath: string): string | null;
  /** Where a `# Source:` path is stored in the chart (subcharts loaded under an alias live in another directory). */
  storedPath?: (chartRelativePath: string) => string;
  /** The input as the user gave it (or the discovered chart path, or '<stdin>'). */
  displayPath: string;
}

export interface RenderHooks {
  onProgress?(done: number, total: number, current: string): void;
  /**
   * Called instead of failing the whole run when one chart's render fails (helm error, empty
   * render, timeout): the other charts are still rendered. Without it the first failure throws.
   * `target` describes the render that failed; its id is the one it would have had.
   */
  onRenderError?(error: LintError, display: string, target: TargetInfo): void;
  /** Called once, soon after the helm renders have started, while they run (not with --cache, nor when they queue). */
  onWaiting?(): void;
  /**
   * Called with each render as soon as it is done, while others may still run. Its `target.id`
   * is the render's place among all jobs, which is its final id unless an earlier one failed.
   */
  onRendered?(result: RenderResult): void;
}

type Rendered = Omit<RenderResult, 'target'> & { target: Omit<TargetInfo, 'id'> };

function subjectOf(display: string, label: string | null): string {
  return label ? `${display} (${label})` : display;
}

function manifestTarget(job: ManifestJob, namespace: string, kubeVersions: (string | null)[]): Omit<TargetInfo, 'id'> {
  // A manifest renders nothing, so it stands for every version given, else every assumed one.
  const given = kubeVersions.filter((v): v is string => v !== null);
  const kubeMinors = given.length > 0 ? [...new Set(given.map((v) => minorOf(v) ?? v))] : assumedMinors(null);
  return {
    chart: null, name: job.prepared.name, version: null, release: '', namespace, values: [],
    renderer: 'manifest', kubeVersion: null, chartKubeVersion: null, render: null,
    kubeVersionSource: given.length > 0 ? 'given' : 'assumed', kubeMinors,
  };
}

/** `helm`: null when the render failed before helm's version was known. */
function chartTarget(job: ChartJob, settings: ChartRenderSettings, helm: HelmInfo | null): Omit<TargetInfo, 'id'> {
  const p = job.prepared;
  const helmMinor = helm ? [minorOf(helm.defaultKubeVersion) ?? helm.defaultKubeVersion] : [];
  return {
    chart: p.display, name: p.meta.name, version: p.meta.version, release: releaseFor(settings, p),
    namespace: settings.namespace, values: valuesOf(settings, job).display, renderer: helm ? `helm ${helm.version}` : 'helm',
    kubeVersion: job.kubeVersion ?? (helm?.defaultKubeVersion || null), chartKubeVersion: p.meta.kubeVersion,
    render: job.label,
    ...(job.kubeVersionSource ? { kubeVersionSource: job.kubeVersionSource } : {}),
    kubeMinors: job.kubeMinors.length > 0 ? job.kubeMinors : helmMinor,
  };
}

function renderManifestJob(job: ManifestJob, namespace: string, kubeVersions: (string | null)[]): Rendered {
  const m = job.prepared;
  if (!hasContent(m.text)) throw inputError(m.display, 'no YAML documents (the file is empty)');
  return {
    target: manifestTarget(job, namespace, kubeVersions),
    text: m.text,
    chartRoot: null,
    chartName: null,
    readTemplate: () => null,
    displayPath: m.display,
  };
}

async function renderChartJob(job: ChartJob, renderer: ChartRenderer, settings: ChartRenderSettings, helmInfo: Promise<HelmInfo>): Promise<Rendered> {
  const p = job.prepared;
  const text = await renderer.render(job, subjectOf(p.display, job.label)).catch(async (err: unknown) => {
    await helmInfo; // a binary that is not helm (`--helm /bin/false`) is reported as such, not as the chart's failure
    throw err;
  });
  return {
    target: chartTarget(job, settings, await helmInfo),
    text,
    chartRoot: p.chartRoot,
    chartName: p.meta.name,
    readTemplate: p.readTemplate,
    storedPath: p.readTemplate.storedPath,
    displayPath: p.display,
  };
}

function settingsOf(opts: RenderOptions): ChartRenderSettings {
  return {
    namespace: opts.namespace || 'default',
    releaseName: opts.releaseName,
    values: opts.values,
    set: opts.set,
    setString: opts.setString,
    setFile: opts.setFile,
    apiVersions: opts.apiVersions,
    includeCrds: opts.includeCrds ?? false,
    dependencyBuild: opts.dependencyBuild ?? false,
  };
}

/** Resolve, render and return every target's render(s), in input order. */
export async function renderTargets(args: string[], opts: RenderOptions, hooks: RenderHooks = {}): Promise<RenderResult[]> {
  return renderResolvedTargets(resolveTargets(args, { cwd: opts.cwd ?? process.cwd(), version: opts.version }), opts, hooks);
}

/** renderTargets for targets already resolved (with the same cwd and version), so they are not looked up twice. */
export async function renderResolvedTargets(resolved: Promise<ResolvedTarget[]> | ResolvedTarget[], opts: RenderOptions, hooks: RenderHooks = {}): Promise<RenderResult[]> {
  const cwd = opts.cwd ?? process.cwd();
  const helm = helmContext({ ...opts, cwd });
  // Ask helm its version while targets are discovered; a manifest-only run never waits for it.
  const helmInfo = resolveHelm({ ...opts, cwd });
  helmInfo.catch(() => undefined);
  // A usage error below must not leave a failed lookup unobserved.
  const targetsFound = Promise.resolve(resolved);
  targetsFound.catch(() => undefined);
  const kubeVersions = kubeVersionsToRender(opts.kubeVersions);
  const limit = Math.max(1, opts.concurrency ?? defaultConcurrency());
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const targets = await targetsFound;
    const prepared: Prepared[] = await mapInOrder(targets, limit, (t) =>
      prepareTarget(t, { helm, ciValues: opts.ciValues ?? false, version: opts.version, stdin: opts.stdin, onTempDir: (c) => void cleanups.push(c) }),
    );
    const jobs: RenderJob[] = planRenders(prepared, kubeVersions, { singleAssumedRender: opts.singleAssumedRender ?? false });
    const settings = settingsOf(opts);
    const chartDirs = prepared.flatMap((p) => (p.kind === 'chart' ? [p.dir] : []));
    const cache = opts.cache ? new RenderCache(opts.cacheLocation ?? defaultCacheLocation(cwd, chartDirs, opts.env ?? process.env), cwd) : null;
    const renderers = new Map<PreparedChart, ChartRenderer>();
    const rendererFor = (p: PreparedChart): ChartRenderer => {
      if (!renderers.has(p)) renderers.set(p, new ChartRenderer(p, settings, helm, helmInfo, cache));
      return renderers.get(p) as ChartRenderer;
    };
    let done = 0;
    // Runs once the pool has started the first jobs (it starts them before it awaits). Only when
    // every render starts at once: with more, the first analyses overlap the later renders anyway.
    // Not when a render has already arrived (helm finished while this bundle loaded): then the
    // real analysis is ready to run and the warm-up would only delay it.
    const charts = jobs.filter((j) => j.kind === 'chart').length;
    const onWaiting = hooks.onWaiting;
    if (onWaiting && !cache && charts > 0 && charts <= limit) setImmediate(() => done === 0 && onWaiting());
    const rendered = await mapInOrder(jobs, limit, async (job, index) => {
      try {
        const result = job.kind === 'chart' ? await renderChartJob(job, rendererFor(job.prepared), settings, helmInfo) : renderManifestJob(job, settings.namespace, kubeVersions);
        hooks.onProgress?.(++done, jobs.length, subjectOf(result.displayPath, result.target.render));
        hooks.onRendered?.({ ...result, target: { id: index, ...result.target } });
        return result;
      } catch (err) {
        // A broken chart must not hide the findings of the others; helm missing stops everything.
        if (!hooks.onRenderError || !(err instanceof LintError) || err.kind === 'helm-missing') throw err;
        const helm = job.kind === 'chart' ? await helmInfo.catch(() => null) : null;
        const target = job.kind === 'chart' ? chartTarget(job, settings, helm) : manifestTarget(job, settings.namespace, kubeVersions);
        hooks.onRenderError(err, job.prepared.display, { id: index, ...target });
        ++done;
        return null;
      }
    });
    // Ids are places among the jobs: a render that failed keeps its id (reports list it there).
    return rendered.flatMap((r, id) => (r === null ? [] : [{ ...r, target: { id, ...r.target } }]));
  } finally {
    await Promise.all(cleanups.map((c) => c()));
  }
}
