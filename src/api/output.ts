// Where reports go and how they are placed: atomic files, and the repository-relative paths that
// SARIF and annotations need. Shared by the CLI and the Action.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { inputError } from '../errors.js';
import type { RenderResult } from '../render/index.js';
import { formatContext } from '../report/index.js';
import type { FormatContext } from '../report/index.js';
import type { LintRun } from './lint.js';

/**
 * Writes a whole file atomically: a temp file in the same directory, then rename, so a
 * reader (or a crash) never sees half a report and nothing is written anywhere else.
 */
export function writeFileAtomic(path: string, text: string, cwd: string): void {
  const full = resolve(cwd, path);
  const dir = dirname(full);
  const tmp = join(dir, `.${basename(full)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, full);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temp file was never created (its directory is a file, or cannot be made).
    }
    throw inputError(path, `cannot write output: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, err);
  }
}

/** The repository root: the nearest directory up from cwd holding `.git`, else cwd. */
export function repoRootOf(cwd: string): string {
  let dir = resolve(cwd);
  for (;;) {
    if (existsSync(join(dir, '.git'))) return dir;
    const up = dirname(dir);
    if (up === dir) return resolve(cwd);
    dir = up;
  }
}

const posix = (p: string): string => p.split(sep).join('/');

/**
 * Where each render's files sit in the repository: the chart directory (or, for a manifest,
 * null: its source file is the path) relative to the repo root, so SARIF and annotations
 * land on `charts/prometheus/templates/clusterrole.yaml`.
 */
export function targetPathsOf(renders: readonly RenderResult[], repoRoot: string): Map<number, string | null> {
  const out = new Map<number, string | null>();
  for (const r of renders) {
    if (!r.chartRoot) {
      out.set(r.target.id, null);
      continue;
    }
    const rel = relative(repoRoot, r.chartRoot);
    out.set(r.target.id, isAbsolute(rel) ? posix(r.chartRoot) : posix(rel) || '.');
  }
  return out;
}

/** The format context of a lint run: paths relative to the repository of `cwd`, the models for the graph. */
export function lintFormatContext(run: LintRun, cwd: string, given: Partial<FormatContext> = {}): FormatContext {
  const repoRoot = repoRootOf(cwd);
  return formatContext({
    failOn: run.failOn,
    repoRoot,
    targetPaths: targetPathsOf(run.renders, repoRoot),
    rules: run.rules.rules,
    models: new Map(run.analyses.map((a) => [a.target.id, a.model])),
    ...given,
  });
}
