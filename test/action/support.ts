// Temporary git repositories shaped like a pull request, and a runner for the bundled Action
// (dist/action.js) as GitHub runs it: a child process with INPUT_* and GITHUB_* set, files for
// the step summary and outputs. Everything lives in temp dirs; nothing is written to the project.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { afterAll } from 'vitest';
import { ROOT } from '../support/cli.js';

export const ACTION = join(ROOT, 'dist', 'action.js');

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

export async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await execa('git', args, { cwd, env: GIT_ENV })).stdout;
}

/** A temp dir removed after the test file. */
export function scratchDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `helm-rbac-lint-${prefix}`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** One commit's content: repo-relative path → directory to copy there, or file text. */
export type Tree = Record<string, { copy: string } | { text: string }>;

function writeTree(repo: string, tree: Tree): void {
  for (const [path, entry] of Object.entries(tree)) {
    const target = join(repo, path);
    if ('copy' in entry) cpSync(entry.copy, target, { recursive: true });
    else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, entry.text);
    }
  }
}

/** The working tree replaced by `tree` (except .git), committed. */
async function commitTree(repo: string, tree: Tree, message: string): Promise<string> {
  for (const entry of await git(repo, 'ls-files', '-z').then((s) => s.split('\0').filter(Boolean))) rmSync(join(repo, entry), { force: true });
  writeTree(repo, tree);
  await git(repo, 'add', '-A');
  await git(repo, 'commit', '-q', '--allow-empty', '-m', message);
  return git(repo, 'rev-parse', 'HEAD');
}

export interface PullRequestRepo {
  dir: string;
  baseSha: string;
  headSha: string;
}

/** A repository whose base commit holds `base` and whose HEAD (the checked-out PR head) holds `head`. */
export async function pullRequestRepo(parent: string, name: string, base: Tree, head: Tree): Promise<PullRequestRepo> {
  const dir = join(parent, name);
  mkdirSync(dir, { recursive: true });
  await git(dir, 'init', '-q', '-b', 'main');
  const baseSha = await commitTree(dir, base, 'base');
  const headSha = await commitTree(dir, head, 'head');
  return { dir, baseSha, headSha };
}

export interface ActionResult {
  code: number;
  stdout: string;
  stderr: string;
  summary: string;
  outputs: Record<string, string>;
  /** The JSON report the `report-file` output names (read before RUNNER_TEMP is removed), or null. */
  report: string | null;
}

/** GITHUB_OUTPUT as @actions/core writes it: `name<<delimiter\nvalue\ndelimiter`. */
export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/^([^\n<]+)<<(\S+)\n([\s\S]*?)\n\2$/gm)) out[m[1] as string] = m[3] as string;
  return out;
}

export interface ActionRun {
  inputs?: Record<string, string>;
  /** `pull_request` with the repo's base/head, or another event with no pull request. */
  event?: 'pull_request' | 'push';
  helm?: string | null;
  /** PATH for the child (default: this process's PATH). */
  path?: string;
  /** GITHUB_STEP_SUMMARY: a file (default), a path whose file does not exist, or not set. */
  summaryFile?: 'file' | 'missing' | 'unset';
}

/** Runs `node dist/action.js` in the repository as a GitHub runner would. */
export async function runAction(repo: PullRequestRepo, run: ActionRun = {}): Promise<ActionResult> {
  const files = mkdtempSync(join(tmpdir(), 'helm-rbac-lint-runner-'));
  try {
    const event = run.event ?? 'pull_request';
    const payload = event === 'pull_request' ? { pull_request: { number: 1, base: { sha: repo.baseSha }, head: { sha: repo.headSha } } } : { ref: 'refs/heads/main', after: repo.headSha };
    writeFileSync(join(files, 'event.json'), JSON.stringify(payload));
    writeFileSync(join(files, 'summary.md'), '');
    writeFileSync(join(files, 'output.txt'), '');
    mkdirSync(join(files, 'temp'));
    const env: Record<string, string> = {
      PATH: run.path ?? process.env['PATH'] ?? '',
      HOME: files,
      GITHUB_ACTIONS: 'true',
      GITHUB_EVENT_NAME: event,
      GITHUB_EVENT_PATH: join(files, 'event.json'),
      GITHUB_STEP_SUMMARY: join(files, 'summary.md'),
      GITHUB_OUTPUT: join(files, 'output.txt'),
      RUNNER_TEMP: join(files, 'temp'),
      GITHUB_WORKSPACE: repo.dir,
    };
    if (run.helm) env['HELM_BIN'] = run.helm;
    if (run.summaryFile === 'missing') env['GITHUB_STEP_SUMMARY'] = join(files, 'no-such-dir', 'summary.md');
    if (run.summaryFile === 'unset') delete env['GITHUB_STEP_SUMMARY'];
    // @actions/core reads input `fail-on` from INPUT_FAIL-ON: upper-cased, spaces → `_`, dashes kept.
    for (const [name, value] of Object.entries(run.inputs ?? {})) env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
    const r = await execa(process.execPath, [ACTION], { cwd: repo.dir, env, extendEnv: false, reject: false, stdin: 'ignore' });
    const outputs = parseOutputs(readFileSync(join(files, 'output.txt'), 'utf8'));
    const reportFile = outputs['report-file'];
    return {
      code: r.exitCode ?? -1,
      stdout: String(r.stdout),
      stderr: String(r.stderr),
      summary: readFileSync(join(files, 'summary.md'), 'utf8'),
      outputs,
      report: reportFile && existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : null,
    };
  } finally {
    rmSync(files, { recursive: true, force: true });
  }
}

/** 1-based line of the first line of `file` containing `text` (where a template grants it). */
export function lineOf(file: string, text: string): number {
  const i = readFileSync(file, 'utf8').split('\n').findIndex((l) => l.includes(text));
  if (i < 0) throw new Error(`${text} not in ${file}`);
  return i + 1;
}

/** `::error title=…,file=…,line=…::message` lines, properties unescaped as the runner reads them. */
export function annotations(stdout: string): { level: string; props: Record<string, string>; message: string }[] {
  const unescape = (s: string) => s.replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
  return [...stdout.matchAll(/^::(error|warning|notice)(?: ([^:]*))?::(.*)$/gm)].map((m) => ({
    level: m[1] as string,
    props: Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), unescape(kv.slice(kv.indexOf('=') + 1))])),
    message: unescape(m[3] as string),
  }));
}

/**
 * The project as its next commit holds it (tracked and new files, not ignored ones: dist/ but not
 * node_modules/ or dist-lib/), committed into a new repository at `dest`. Tools that install from
 * a git repository's HEAD (pre-commit try-repo, helm plugin install from git) read it from there.
 */
export async function commitProjectCopy(dest: string): Promise<void> {
  const files = (await git(ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard')).split('\0').filter(Boolean);
  for (const f of files) if (existsSync(join(ROOT, f))) cpSync(join(ROOT, f), join(dest, f), { recursive: true });
  await git(dest, 'init', '-q');
  await git(dest, 'add', '-A');
  await git(dest, 'commit', '-qm', 'project copy');
}
