// A chart as it is at a git ref (`diff --git-base <ref>`): `git archive` of the chart path,
// extracted into a temp dir. git runs through execa with an argument array; refs that
// look like options are refused and pathspecs are literal, so nothing in a ref or a
// path is interpreted.
import { existsSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { execa } from 'execa';
import { LintError, inputError, oneLine } from '../errors.js';
import { extractArchiveBuffer } from './archive.js';
import { makeTempDir, removeTempDir } from './tempdirs.js';

function gitMessage(stderr: string): string {
  return oneLine(stderr.replace(/^(fatal|error): /gm, '')) || 'git failed';
}

async function git(cwd: string, args: string[]) {
  const result = await execa('git', args, { cwd, reject: false, encoding: 'buffer', stdin: 'ignore', maxBuffer: 1024 * 1024 * 1024 });
  if (result.code === 'ENOENT' && !existsSync(cwd)) throw inputError(cwd, 'no such directory');
  if (result.code === 'ENOENT') throw inputError(cwd, 'git is not installed (needed for a git ref)');
  return { ok: !result.failed, stdout: Buffer.from(result.stdout), stderr: Buffer.from(result.stderr).toString('utf8') };
}

/** realpath of the longest existing ancestor, plus the rest (the chart may be gone from the work tree). */
async function realpathOfExisting(path: string): Promise<string> {
  const parent = dirname(path);
  try {
    return await realpath(path);
  } catch (err) {
    if (parent === path) throw err;
    return join(await realpathOfExisting(parent), basename(path));
  }
}

/** The chart path relative to the repository top, `/`-separated (`.` for the top itself). */
async function pathInRepo(top: string, repoDir: string, chartPath: string): Promise<string> {
  const real = await realpathOfExisting(resolve(repoDir, chartPath));
  const rel = relative(top, real);
  if (rel.startsWith('..') || resolve(top, rel) !== real) throw inputError(chartPath, `outside the git repository ${top}`);
  return rel === '' ? '.' : rel.split(sep).join('/');
}

export interface MaterializedChart {
  dir: string;
  cleanup(): Promise<void>;
}

/**
 * Extract `chartPath` as it is at `ref` into a temp dir; returns the chart dir inside it.
 * Call `cleanup` once the renders of that dir (and their readTemplate) are no longer needed.
 * `git archive` honours `export-ignore` attributes and does not descend into submodules
 * or fetch LFS content; a chart that relies on those differs from its working tree.
 */
export async function materializeGitRef(repoDir: string, ref: string, chartPath: string): Promise<MaterializedChart> {
  if (ref === '' || ref.startsWith('-')) throw inputError(ref || '""', 'not a git ref');
  const topRun = await git(repoDir, ['rev-parse', '--show-toplevel']);
  if (!topRun.ok) throw inputError(repoDir, `not a git repository (${gitMessage(topRun.stderr)})`);
  const top = await realpath(topRun.stdout.toString('utf8').trim());
  const rel = await pathInRepo(top, repoDir, chartPath);
  const subject = `${chartPath}@${ref}`;

  const archive = await git(top, ['--literal-pathspecs', 'archive', '--format=tar', ref, '--', rel]);
  if (!archive.ok) throw inputError(subject, gitMessage(archive.stderr));
  const tmp = await makeTempDir('helm-rbac-lint-git-');
  const cleanup = () => removeTempDir(tmp);
  try {
    await extractArchiveBuffer(archive.stdout, tmp);
    const dir = join(tmp, rel);
    if (!existsSync(join(dir, 'Chart.yaml'))) throw inputError(subject, `no Chart.yaml at ${ref}`);
    return { dir, cleanup };
  } catch (err) {
    await cleanup();
    throw err instanceof LintError ? err : inputError(subject, `cannot extract: ${String(err)}`, err);
  }
}

/** Whether `path` (repo-relative) exists in the tree of `ref`. */
export async function existsAt(top: string, ref: string, path: string): Promise<boolean> {
  return (await git(top, ['cat-file', '-e', `${ref}:${path}`])).ok;
}

/** The repo-relative path of the Chart.yaml of a repo-relative chart directory. */
export const chartYamlIn = (dir: string): string => (dir === '.' ? 'Chart.yaml' : `${dir}/Chart.yaml`);
