// Turning a resolved target into something renderable: a chart directory on disk (packaged
// and remote charts are unpacked into temp dirs) with its metadata, or a manifest's text.
import { readFileSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { inputError, renderError } from '../errors.js';
import { extractArchiveFile } from './archive.js';
import { archiveReader, directoryReader } from './chart-files.js';
import type { TemplateReader } from './chart-files.js';
import { parseChartMeta } from './chart-meta.js';
import type { ChartMeta } from './chart-meta.js';
import { describeTimeout, helmErrorLine, runHelm } from './helm.js';
import type { HelmContext } from './helm.js';
import type { ResolvedTarget } from './targets.js';
import { makeTempDir, removeTempDir } from './tempdirs.js';

export interface PreparedChart {
  kind: 'chart';
  /** How the chart is named to the user (TargetInfo.chart, messages). */
  display: string;
  /** Absolute directory helm renders (a temp dir for packaged and remote charts). */
  dir: string;
  /** Reported chart root: the directory, the .tgz for packages, null for remote charts. */
  chartRoot: string | null;
  meta: ChartMeta;
  /** Distinguishes target forms in the cache key. */
  form: string;
  readTemplate: TemplateReader;
  /** chart-testing scenario files, chart-relative (`ci/ha-values.yaml`), sorted. */
  ciValues: string[];
}

export interface PreparedManifest {
  kind: 'manifest';
  display: string;
  name: string;
  text: string;
}

export type Prepared = PreparedChart | PreparedManifest;

export interface PrepareContext {
  helm: HelmContext;
  ciValues: boolean;
  version?: string;
  stdin?: () => Promise<string>;
  /** Receives the removal of every temp dir as soon as it exists (run after rendering). */
  onTempDir(cleanup: () => Promise<void>): void;
}

async function readText(file: string): Promise<string | null> {
  return readFile(file, 'utf8').catch(() => null);
}

/** Small files read synchronously: a thread-pool round trip costs more than the read (every chart of a run is prepared before any render). */
function readTextSync(file: string): string | null {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function chartMeta(dir: string, display: string): ChartMeta {
  const chartYaml = readTextSync(join(dir, 'Chart.yaml'));
  if (chartYaml === null) throw inputError(join(display, 'Chart.yaml'), 'cannot read file');
  try {
    return parseChartMeta(chartYaml, basename(dir), readTextSync(join(dir, 'requirements.yaml')));
  } catch (err) {
    throw inputError(join(display, 'Chart.yaml'), `not valid YAML: ${(err as Error).message.split('\n')[0]}`, err);
  }
}

async function ciValueFiles(dir: string, wanted: boolean): Promise<string[]> {
  if (!wanted) return [];
  const names = await readdir(join(dir, 'ci')).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith('-values.yaml')).sort().map((n) => `ci/${n}`);
}

async function chartAt(
  dir: string,
  display: string,
  extra: Pick<PreparedChart, 'chartRoot' | 'form' | 'readTemplate'>,
  ctx: PrepareContext,
): Promise<PreparedChart> {
  const meta = chartMeta(dir, display);
  return { kind: 'chart', display, dir, meta, ciValues: await ciValueFiles(dir, ctx.ciValues), ...extra };
}

/** The directory inside an extracted archive that holds Chart.yaml (`<name>/` for helm packages). */
async function packagedChartDir(tmp: string, display: string): Promise<string> {
  const entries = await readdir(tmp, { withFileTypes: true });
  const dirs = entries.filter((e) => e.isDirectory()).map((e) => join(tmp, e.name));
  for (const dir of dirs) if ((await readText(join(dir, 'Chart.yaml'))) !== null) return dir;
  throw inputError(display, 'not a packaged chart (no <name>/Chart.yaml inside)');
}

async function unpack(file: string, display: string, ctx: PrepareContext): Promise<string> {
  const tmp = await makeTempDir('helm-rbac-lint-chart-');
  ctx.onTempDir(() => removeTempDir(tmp));
  try {
    await extractArchiveFile(file, tmp);
  } catch (err) {
    throw inputError(display, `not a readable chart archive (${(err as Error).message.split('\n')[0]})`, err);
  }
  return packagedChartDir(tmp, display);
}

/**
 * `helm pull` a chart reference into a temp dir. This is the one place that uses the
 * network, and only because the user named a remote chart (`repo/chart`, `oci://…`).
 */
async function pull(ref: string, display: string, ctx: PrepareContext): Promise<string> {
  const tmp = await makeTempDir('helm-rbac-lint-pull-');
  ctx.onTempDir(() => removeTempDir(tmp));
  const version = ctx.version ? [`--version=${ctx.version}`] : [];
  const run = await runHelm(ctx.helm, ['pull', `--destination=${tmp}`, ...version, '--', ref]);
  if (run.timedOut) throw renderError(display, `helm pull did not finish within ${describeTimeout(ctx.helm.timeoutMs)}`);
  if (!run.ok) throw renderError(display, `helm pull failed: ${helmErrorLine(run)}`);
  const archive = (await readdir(tmp)).find((n) => /\.(tgz|tar\.gz)$/.test(n));
  if (!archive) throw renderError(display, 'helm pull did not produce a chart archive');
  return join(tmp, archive);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

export async function prepareTarget(target: ResolvedTarget, ctx: PrepareContext): Promise<Prepared> {
  switch (target.kind) {
    case 'chart':
      return chartAt(target.root, target.display, { chartRoot: target.root, form: 'dir', readTemplate: directoryReader(target.root) }, ctx);
    case 'package': {
      const dir = await unpack(target.file, target.display, ctx);
      const readTemplate = archiveReader(() => readFileSync(target.file));
      return chartAt(dir, target.display, { chartRoot: target.file, form: 'package', readTemplate }, ctx);
    }
    case 'remote': {
      const file = await pull(target.ref, target.display, ctx);
      const data = readFileSync(file); // kept: templates stay readable after the temp dir is gone
      const dir = await unpack(file, target.display, ctx);
      const form = `remote ${target.ref} ${ctx.version ?? ''}`;
      return chartAt(dir, target.display, { chartRoot: null, form, readTemplate: archiveReader(() => data) }, ctx);
    }
    case 'manifest': {
      const text = await readText(target.file);
      if (text === null) throw inputError(target.display, 'cannot read file');
      return { kind: 'manifest', display: target.display, name: basename(target.file), text };
    }
    case 'stdin':
      return { kind: 'manifest', display: '<stdin>', name: '<stdin>', text: await (ctx.stdin ?? readStdin)() };
  }
}
