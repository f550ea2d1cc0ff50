// Target discovery (docs/design.md#commands-targets-and-exit-codes): what each command-line argument stands for.
import { constants, readdirSync, realpathSync, statSync } from 'node:fs';
import { access, stat } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { inputError } from '../errors.js';

export type ResolvedTarget =
  /** A chart directory; `root` is absolute. */
  | { kind: 'chart'; input: string; display: string; root: string }
  /** A packaged chart (.tgz); `file` is absolute. */
  | { kind: 'package'; input: string; display: string; file: string }
  /** A rendered manifest file (or a pipe such as `<(helm template …)`). */
  | { kind: 'manifest'; input: string; display: string; file: string }
  | { kind: 'stdin'; input: '-'; display: '<stdin>' }
  /** A chart reference that `helm pull` resolves (`repo/chart`, `oci://…`): needs network. */
  | { kind: 'remote'; input: string; display: string; ref: string };

export interface ResolveOptions {
  cwd?: string;
  /** With a version, an argument like `repo/chart` that is not a local path is a remote chart. */
  version?: string;
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);
const PACKAGE = /\.(tgz|tar\.gz)$/i;
const MANIFEST = /\.(ya?ml|json)$/i;
const REPO_REF = /^[^/\s.][^/\s]*\/[^/\s]+$/;

async function statOrNull(p: string): Promise<Stats | null> {
  try {
    return await stat(p);
  } catch {
    return null;
  }
}

async function hasChartYaml(dir: string): Promise<boolean> {
  return (await statOrNull(join(dir, 'Chart.yaml')))?.isFile() ?? false;
}

/**
 * The chart a path belongs to: the nearest directory with a Chart.yaml, and a chart that
 * is `<parent>/charts/<sub>` counts as part of its parent (pre-commit passes changed files,
 * and a vendored subchart only ever renders as part of its parent).
 */
export async function enclosingChart(startDir: string): Promise<string | null> {
  let dir = startDir;
  while (!(await hasChartYaml(dir))) {
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
  while (basename(dirname(dir)) === 'charts' && (await hasChartYaml(dirname(dirname(dir))))) {
    dir = dirname(dirname(dir));
  }
  return dir;
}

function statSyncOrNull(p: string): Stats | null {
  try {
    return statSync(p);
  } catch {
    return null;
  }
}

/**
 * Every chart directory below `root`, sorted; not descending into a chart's own charts/.
 * Synchronous file-system calls: a chart repository has hundreds of directories, and one
 * thread-pool round trip per call (under the load of the renders bin/prestart.js has already
 * started) made this walk take 40-60 ms of a 0.9 s lint of ../shared/charts.
 */
async function chartsBelow(root: string): Promise<string[]> {
  const found: string[] = [];
  const seen = new Set<string>();
  const visit = (dir: string): void => {
    const real = realpathSync(dir);
    if (seen.has(real)) return; // symlink loop
    seen.add(real);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      throw inputError(dir, `cannot read directory (${(err as NodeJS.ErrnoException).code ?? 'error'})`, err);
    }
    const isChart = statSyncOrNull(join(dir, 'Chart.yaml'))?.isFile() ?? false;
    if (isChart) found.push(dir);
    for (const entry of entries) {
      if (SKIPPED_DIRS.has(entry.name) || (isChart && entry.name === 'charts')) continue;
      const child = join(dir, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && statSyncOrNull(child)?.isDirectory());
      if (isDir) visit(child);
    }
  };
  visit(root);
  return found.sort((a, b) => (relative(root, a) < relative(root, b) ? -1 : 1));
}

function displayOf(input: string, absolute: string, cwd: string): string {
  return isAbsolute(input) ? absolute : relative(cwd, absolute) || '.';
}

async function readable(input: string, file: string): Promise<void> {
  try {
    await access(file, constants.R_OK);
  } catch (err) {
    throw inputError(input, 'cannot read file', err);
  }
}

async function resolveDirectory(input: string, abs: string, cwd: string): Promise<ResolvedTarget[]> {
  if (await hasChartYaml(abs)) return [{ kind: 'chart', input, display: input, root: abs }];
  const owner = await enclosingChart(abs);
  if (owner) return [{ kind: 'chart', input, display: displayOf(input, owner, cwd), root: owner }];
  const charts = await chartsBelow(abs);
  if (charts.length === 0) throw inputError(input, 'no Chart.yaml in or below this directory');
  return charts.map((root) => ({
    kind: 'chart' as const,
    input,
    display: isAbsolute(input) ? root : join(input, relative(abs, root)),
    root,
  }));
}

async function resolveFile(input: string, abs: string, info: Stats, cwd: string): Promise<ResolvedTarget> {
  const owner = await enclosingChart(dirname(abs));
  if (owner) return { kind: 'chart', input, display: displayOf(input, owner, cwd), root: owner };
  const isPipe = !info.isFile();
  if (PACKAGE.test(abs) && !isPipe) {
    await readable(input, abs);
    return { kind: 'package', input, display: input, file: abs };
  }
  if (MANIFEST.test(abs) || isPipe) {
    await readable(input, abs);
    return { kind: 'manifest', input, display: input, file: abs };
  }
  throw inputError(input, 'not a chart directory, packaged chart (.tgz) or manifest (.yaml, .yml, .json)');
}

async function resolveOne(input: string, cwd: string, version: string | undefined): Promise<ResolvedTarget[]> {
  if (input === '-') return [{ kind: 'stdin', input: '-', display: '<stdin>' }];
  if (input.startsWith('oci://')) return [{ kind: 'remote', input, display: input, ref: input }];
  if (input === '') throw inputError('""', 'empty path');
  const abs = resolve(cwd, input);
  let info: Stats;
  try {
    info = await stat(abs);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && version && REPO_REF.test(input)) {
      return [{ kind: 'remote', input, display: input, ref: input }];
    }
    const hint = code === 'ENOENT' && REPO_REF.test(input) ? ' (a chart repository reference needs --version)' : '';
    throw inputError(input, `${code === 'ENOENT' ? 'no such file or directory' : `cannot access (${code})`}${hint}`, err);
  }
  return info.isDirectory() ? resolveDirectory(input, abs, cwd) : [await resolveFile(input, abs, info, cwd)];
}

/** Synchronous realpath: asked once per target, one after another. */
function identity(t: ResolvedTarget): string {
  switch (t.kind) {
    case 'chart':
      return `chart:${realpathSync(t.root)}`;
    case 'package':
    case 'manifest':
      return `${t.kind}:${realpathSync(t.file)}`;
    case 'stdin':
      return 'stdin';
    case 'remote':
      return `remote:${t.ref}`;
  }
}

/** What the arguments stand for, in argument order, each chart/file once (the first mention names it). */
export async function resolveTargets(args: string[], opts: ResolveOptions = {}): Promise<ResolvedTarget[]> {
  const cwd = opts.cwd ?? process.cwd();
  const seen = new Set<string>();
  const out: ResolvedTarget[] = [];
  for (const arg of args) {
    for (const target of await resolveOne(arg, cwd, opts.version)) {
      const id = identity(target);
      if (seen.has(id)) continue;
      seen.add(id);
      out.push(target);
    }
  }
  return out;
}
