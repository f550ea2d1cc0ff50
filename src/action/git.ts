// The git questions the Action asks about a pull request: which files changed since the base
// commit, what moved, and what existed there. execa with argument arrays, never a shell.
import { execa } from 'execa';
import { inputError, oneLine } from '../errors.js';

async function git(cwd: string, args: string[]): Promise<{ ok: boolean; stdout: string; stderr: string }> {
  const r = await execa('git', args, { cwd, reject: false, stdin: 'ignore', maxBuffer: 256 * 1024 * 1024 });
  if (r.code === 'ENOENT') throw inputError(cwd, 'git is not installed (needed on pull requests)');
  return { ok: !r.failed, stdout: String(r.stdout), stderr: String(r.stderr) };
}

async function gitOrThrow(cwd: string, args: string[], what: string): Promise<string> {
  const r = await git(cwd, args);
  if (!r.ok) throw inputError(cwd, `${what}: ${oneLine(r.stderr.replace(/^(fatal|error): /gm, '')) || 'git failed'}`);
  return r.stdout;
}

/** The repository's top-level directory. */
export async function repoTop(cwd: string): Promise<string> {
  return (await gitOrThrow(cwd, ['rev-parse', '--show-toplevel'], 'not a git repository')).trim();
}

/**
 * Fails with what to change in the workflow when the base commit is missing: actions/checkout
 * fetches only the merge commit unless `fetch-depth: 0`.
 */
export async function requireCommit(top: string, sha: string): Promise<void> {
  const r = await git(top, ['cat-file', '-e', `${sha}^{commit}`]);
  if (!r.ok) {
    throw inputError(
      sha,
      "the pull request's base commit is not in this clone: check out with `fetch-depth: 0` (actions/checkout), or set the `charts` input and `diff: false`",
    );
  }
}


export interface FileChange {
  /** Repo-relative path in the working tree (the new path of a rename). */
  path: string;
  /** The path at the base when the file was renamed or copied. */
  from: string | null;
}

/**
 * `git diff --name-status -z` output: `M\0path\0`, `R100\0old\0new\0`, `C75\0src\0dst\0`.
 * Exported for tests; pure.
 */
export function parseNameStatus(out: string): FileChange[] {
  const fields = out.split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i < fields.length; ) {
    const status = fields[i++] ?? '';
    if (status === '') continue;
    if (status.startsWith('R') || status.startsWith('C')) {
      const from = fields[i++] ?? '';
      const to = fields[i++] ?? '';
      if (status.startsWith('R')) changes.push({ path: from, from: null });
      changes.push({ path: to, from });
    } else {
      changes.push({ path: fields[i++] ?? '', from: null });
    }
  }
  return changes.filter((c) => c.path !== '');
}

/** Files that differ between `base` and the working tree, with renames detected (so a moved chart is compared with where it was). */
export async function changedFiles(top: string, base: string): Promise<FileChange[]> {
  return parseNameStatus(await gitOrThrow(top, ['diff', '--name-status', '-z', '-M', base, '--'], `git diff ${base}`));
}

/** Every file path in the tree of `ref`, repo-relative. */
export async function filesAt(top: string, ref: string): Promise<Set<string>> {
  const out = await gitOrThrow(top, ['ls-tree', '-r', '--name-only', '-z', ref], `git ls-tree ${ref}`);
  return new Set(out.split('\0').filter((s) => s !== ''));
}
