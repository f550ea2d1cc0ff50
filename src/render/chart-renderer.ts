// `helm template` of one chart render, with the render cache and opt-in dependency build.
import { join, resolve } from 'node:path';
import { renderError } from '../errors.js';
import { cacheKey, hashTree, isCacheableValuesPath, setFilePaths } from './cache.js';
import type { RenderCache } from './cache.js';
import { releaseNameFor } from './chart-meta.js';
import { hasContent } from './documents.js';
import { describeTimeout, helmErrorLine, runHelm } from './helm.js';
import type { HelmContext, HelmInfo, HelmRun } from './helm.js';
import type { ChartJob } from './plan.js';
import type { PreparedChart } from './prepare.js';

export interface ChartRenderSettings {
  namespace: string;
  releaseName?: string;
  values: string[];
  set: string[];
  setString: string[];
  setFile: string[];
  apiVersions: string[];
  includeCrds: boolean;
  dependencyBuild: boolean;
}

const MISSING_DEPENDENCY = /but missing in charts\/ directory/i;

/** Quote a path for a shell command shown in advice, only when it needs it. */
function shellWord(p: string): string {
  return /^[\w@%+=:,./-]+$/.test(p) && !p.startsWith('-') ? p : `'${p.replace(/'/g, `'\\''`)}'`;
}

export function releaseFor(settings: Pick<ChartRenderSettings, 'releaseName'>, prepared: PreparedChart): string {
  return settings.releaseName || releaseNameFor(prepared.meta.name);
}

/** The values files of a render: the user's, then the ci scenario file. */
export function valuesOf(settings: ChartRenderSettings, job: ChartJob): { helm: string[]; display: string[] } {
  const ci = job.ciValues;
  return {
    helm: ci ? [...settings.values, join(job.prepared.dir, ci)] : settings.values,
    display: ci ? [...settings.values, join(job.prepared.display, ci)] : settings.values,
  };
}

/**
 * `--values` and `--api-versions` are comma-separated lists in helm (pflag StringSlice,
 * read as one CSV record), so a path with `,` or `"` would be split or rejected; one CSV
 * field in quotes is exactly one file.
 */
function csvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

/** Flags use the `--flag=value` form so a value starting with `-` is never taken for a flag. */
export function templateArgs(settings: ChartRenderSettings, job: ChartJob): string[] {
  return [
    'template',
    `--namespace=${settings.namespace}`,
    ...valuesOf(settings, job).helm.map((v) => `--values=${csvField(v)}`),
    ...settings.set.map((s) => `--set=${s}`),
    ...settings.setString.map((s) => `--set-string=${s}`),
    ...settings.setFile.map((s) => `--set-file=${s}`),
    ...(job.kubeVersion ? [`--kube-version=${job.kubeVersion}`] : []),
    ...settings.apiVersions.map((a) => `--api-versions=${csvField(a)}`),
    ...(settings.includeCrds ? ['--include-crds'] : []),
    '--',
    releaseFor(settings, job.prepared),
    job.prepared.dir,
  ];
}

/** Renders the jobs of one chart; shares the dependency build and the tree digest between them. */
export class ChartRenderer {
  private dependencyBuild: Promise<void> | null = null;
  private firstRender: Promise<unknown> | null = null;
  private tree: Promise<string> | null = null;

  constructor(
    private readonly prepared: PreparedChart,
    private readonly settings: ChartRenderSettings,
    private readonly helm: HelmContext,
    private readonly helmInfo: Promise<HelmInfo>,
    private readonly cache: RenderCache | null,
  ) {}

  async render(job: ChartJob, subject: string): Promise<string> {
    // `helm dependency build` writes into charts/: let the chart's first render (which
    // runs it when needed) finish before the chart's other renders read that directory.
    if (this.settings.dependencyBuild) {
      if (this.firstRender) await this.firstRender.catch(() => undefined);
      else return this.track(this.renderCached(job, subject));
    }
    return this.renderCached(job, subject);
  }

  private track(render: Promise<string>): Promise<string> {
    this.firstRender = render;
    return render;
  }

  private async renderCached(job: ChartJob, subject: string): Promise<string> {
    if (!this.cache || !this.cacheable()) return this.renderWithHelm(job, subject);
    const before = await this.key(job, false);
    const hit = await this.cache.get(before);
    if (hit !== null) return hit;
    const text = await this.renderWithHelm(job, subject);
    // Store only when nothing changed during the render (an edit or a dependency build),
    // so an entry always matches the files its key describes.
    if ((await this.key(job, true)) === before) await this.cache.put(before, text).catch(() => undefined);
    return text;
  }

  private cacheable(): boolean {
    return this.settings.values.every(isCacheableValuesPath) && setFilePaths(this.settings.setFile) !== null;
  }

  private async key(job: ChartJob, fresh: boolean): Promise<string> {
    if (fresh || !this.tree) this.tree = hashTree(this.prepared.dir);
    const s = this.settings;
    return cacheKey({
      tree: await this.tree,
      form: this.prepared.form,
      helmVersion: (await this.helmInfo).version,
      flags: {
        namespace: s.namespace,
        release: releaseFor(s, this.prepared),
        values: s.values,
        ciValues: job.ciValues,
        set: s.set,
        setString: s.setString,
        setFile: s.setFile,
        kubeVersion: job.kubeVersion,
        apiVersions: s.apiVersions,
        includeCrds: s.includeCrds,
      },
      files: [...s.values, ...(setFilePaths(s.setFile) ?? [])].map((f) => resolve(this.helm.cwd, f)),
    });
  }

  private async renderWithHelm(job: ChartJob, subject: string): Promise<string> {
    let run = await runHelm(this.helm, templateArgs(this.settings, job));
    if (!run.ok && !run.timedOut && MISSING_DEPENDENCY.test(run.stderr) && this.settings.dependencyBuild) {
      await this.buildDependencies(subject);
      run = await runHelm(this.helm, templateArgs(this.settings, job));
    }
    if (!run.ok) throw this.failure(run, subject);
    if (!hasContent(run.stdout)) {
      throw renderError(subject, 'the chart rendered no objects (no non-empty YAML documents) with these values and flags');
    }
    return run.stdout;
  }

  private buildDependencies(subject: string): Promise<void> {
    this.dependencyBuild ??= (async () => {
      const run = await runHelm(this.helm, ['dependency', 'build', '--', this.prepared.dir]);
      if (run.timedOut) throw renderError(subject, `helm dependency build did not finish within ${describeTimeout(this.helm.timeoutMs)}`);
      if (!run.ok) throw renderError(subject, `helm dependency build failed: ${helmErrorLine(run)}`);
      this.tree = null;
    })();
    return this.dependencyBuild;
  }

  private failure(run: HelmRun, subject: string): Error {
    if (run.timedOut) {
      return renderError(subject, `helm template did not finish within ${describeTimeout(this.helm.timeoutMs)} (render timeout)`);
    }
    const message = helmErrorLine(run);
    if (MISSING_DEPENDENCY.test(message)) {
      const missing = /missing in charts\/ directory:\s*(.+)$/i.exec(message)?.[1] ?? '';
      return renderError(
        subject,
        `chart dependencies are missing from charts/${missing ? ` (${missing})` : ''}: ` +
          `run \`helm dependency build ${shellWord(this.prepared.display)}\` (or pass --dependency-build)`,
      );
    }
    return renderError(subject, message);
  }
}
