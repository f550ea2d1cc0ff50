// Which charts the Action looks at (docs/design.md#integrations): the `charts` input (paths or globs), else on a
// pull request the charts its changed files belong to, else every chart in the workspace.
import { existsSync, realpathSync } from 'node:fs';
import { isAbsolute, join, posix, relative, sep } from 'node:path';
import { escapePath, glob, isDynamicPattern } from 'tinyglobby';
import { chartYamlIn } from '../api/index.js';
import { usageError } from '../errors.js';
import type { ActionContext, PullRequest } from './context.js';
import { changedFiles, filesAt, repoTop, requireCommit } from './git.js';

export interface ChartSelection {
  /** Lint targets, relative to the workspace. */
  targets: string[];
  /** Charts the pull request deleted: repo-relative roots that exist only at the base. */
  removed: string[];
  /** Charts the pull request moved: repo-relative root now → root at the base. */
  movedFrom: Map<string, string>;
  /** How they were chosen, for the job summary. */
  how: string;
}

const IGNORED = ['**/node_modules/**', '**/.git/**'];
const CONFIG_FILE = /(^|\/)\.helm-rbac-lint\.ya?ml$/;


/**
 * The chart a repo-relative file belongs to: the nearest directory up with a Chart.yaml, where a
 * chart at `<parent>/charts/<sub>` counts as part of its parent (a vendored subchart only renders
 * with it). Pure: `hasChartYaml` says whether a directory holds a Chart.yaml (working tree or a
 * git tree). Same rule as render/targets.ts `enclosingChart`, over any tree.
 */
export function chartRootOf(file: string, hasChartYaml: (dir: string) => boolean): string | null {
  let dir = posix.dirname(file);
  while (!hasChartYaml(dir)) {
    if (dir === '.') return null;
    dir = posix.dirname(dir);
  }
  for (;;) {
    const parent = posix.dirname(dir);
    const grand = posix.dirname(parent);
    if (dir === '.' || posix.basename(parent) !== 'charts' || !hasChartYaml(grand)) return dir;
    dir = grand;
  }
}

const toPosix = (p: string): string => p.split(sep).join('/');
const sorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** Chart roots (workspace-relative) that a glob's matching directories belong to. */
async function chartsMatching(pattern: string, workspace: string): Promise<string[]> {
  const inWorkspace = (dir: string) => existsSync(join(workspace, chartYamlIn(dir)));
  const dirs = await glob(pattern, { cwd: workspace, onlyDirectories: true, expandDirectories: false, ignore: IGNORED });
  const roots = dirs
    .map((d) => d.replace(/\/$/, '') || '.')
    .filter(inWorkspace)
    .map((d) => chartRootOf(`${d}/Chart.yaml`, inWorkspace))
    .filter((d): d is string => d !== null);
  if (roots.length === 0) throw usageError(`input charts: "${pattern}" matches no chart directory (a directory with a Chart.yaml)`);
  return roots.sort();
}

/** The `charts` input: plain paths as given (the render layer explains a wrong one), globs expanded to chart roots. */
export async function chartsFromInput(patterns: string[], workspace: string): Promise<string[]> {
  const out: string[] = [];
  for (const p of patterns) out.push(...(isDynamicPattern(p) ? await chartsMatching(p, workspace) : [p]));
  return [...new Set(out)];
}

interface PullRequestCharts {
  /** Repo-relative chart roots in the working tree. */
  head: string[];
  /** Repo-relative directories holding a changed `.helm-rbac-lint.yaml` outside any chart. */
  configDirs: string[];
  removed: string[];
  movedFrom: Map<string, string>;
}

/** Maps a pull request's changed files to chart roots, in the working tree or (deleted charts) at the base. */
async function pullRequestCharts(top: string, pr: PullRequest): Promise<PullRequestCharts> {
  await requireCommit(top, pr.baseSha);
  const changes = await changedFiles(top, pr.baseSha);
  const inHead = (dir: string) => existsSync(join(top, chartYamlIn(dir)));
  let baseFiles: Set<string> | null = null;
  const head = new Set<string>();
  const configDirs = new Set<string>();
  const removed = new Set<string>();
  const movedFrom = new Map<string, string>();
  for (const change of changes) {
    const root = chartRootOf(change.path, inHead);
    if (root !== null) {
      head.add(root);
      if (change.from !== null && posix.basename(change.path) === 'Chart.yaml' && posix.dirname(change.path) === root) {
        movedFrom.set(root, posix.dirname(change.from));
      }
    } else if (CONFIG_FILE.test(change.path)) {
      if (existsSync(join(top, change.path))) configDirs.add(posix.dirname(change.path));
    } else {
      baseFiles ??= await filesAt(top, pr.baseSha);
      const files = baseFiles;
      const old = chartRootOf(change.path, (dir) => files.has(chartYamlIn(dir)));
      if (old !== null) removed.add(old);
    }
  }
  for (const from of movedFrom.values()) removed.delete(from);
  return { head: sorted(head), configDirs: sorted(configDirs), removed: sorted(removed), movedFrom };
}

/** Workspace-relative form of a repo-relative path, or null when it lies outside the workspace. */
function inWorkspace(top: string, workspace: string, repoPath: string): string | null {
  const rel = relative(realpathSync(workspace), join(top, repoPath));
  if (rel.startsWith('..') || isAbsolute(rel)) return null;
  return toPosix(rel) || '.';
}

/** Every chart below the directories of changed configs (a config applies to the charts below it). */
async function chartsBelow(dirs: string[], workspace: string): Promise<string[]> {
  const out: string[] = [];
  for (const dir of dirs) {
    const files = await glob(`${dir === '.' ? '' : `${escapePath(dir)}/`}**/Chart.yaml`, { cwd: workspace, ignore: IGNORED });
    const has = (d: string) => existsSync(join(workspace, chartYamlIn(d)));
    out.push(...files.map((f) => chartRootOf(f, has)).filter((d): d is string => d !== null));
  }
  return out;
}

export async function selectCharts(chartsInput: string[], ctx: ActionContext): Promise<ChartSelection> {
  const none = { removed: [], movedFrom: new Map<string, string>() };
  if (chartsInput.length > 0) {
    return { ...none, targets: await chartsFromInput(chartsInput, ctx.workspace), how: 'the `charts` input' };
  }
  if (!ctx.pullRequest) return { ...none, targets: ['.'], how: 'every chart in the workspace' };
  const top = realpathSync(await repoTop(ctx.workspace));
  const pr = await pullRequestCharts(top, ctx.pullRequest);
  const rel = (paths: string[]) => paths.map((p) => inWorkspace(top, ctx.workspace, p)).filter((p): p is string => p !== null);
  const targets = sorted([...rel(pr.head), ...(await chartsBelow(rel(pr.configDirs), ctx.workspace))]);
  return { targets, removed: pr.removed, movedFrom: pr.movedFrom, how: `the charts changed since ${ctx.pullRequest.baseSha.slice(0, 7)}` };
}
