import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { LintRun } from '../api.js';
import type { FailOn } from '../engine/summary.js';
import type { RbacModel } from '../rbac/model.js';
import type { RenderResult } from '../render/index.js';
import { formatGithub } from '../report/github.js';
import { formatJson } from '../report/json.js';
import { formatMarkdown } from '../report/markdown.js';
import { formatSarif } from '../report/sarif.js';
import { formatText } from '../report/text.js';
import { RULES } from '../../rules/index.js';

export const LINT_FORMATS = ['text', 'json', 'sarif', 'markdown', 'github'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

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

export interface LintFormatOptions {
  color: boolean;
  quiet: boolean;
  failOn: FailOn;
  repoRoot: string;
  targetPaths: Map<number, string | null>;
}

export function formatLintRun(run: LintRun, format: LintFormat, opts: LintFormatOptions): string {
  const report = run.report;
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'sarif':
      return formatSarif(report, { rules: RULES, targetPaths: opts.targetPaths, repoRoot: opts.repoRoot });
    case 'github':
      return formatGithub(report, { targetPaths: opts.targetPaths, repoRoot: opts.repoRoot });
    case 'markdown': {
      const models = new Map<number, RbacModel>(run.analyses.map((a) => [a.target.id, a.model]));
      return formatMarkdown(report, { models, quiet: opts.quiet, failOn: opts.failOn });
    }
    case 'text':
      return formatText(report, { color: opts.color, quiet: opts.quiet, failOn: opts.failOn });
  }
}
