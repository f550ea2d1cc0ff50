// Robust IO (docs/design.md#robustness "Outputs are written atomically"; src/render/tempdirs.ts "an aborted
// run leaves nothing behind"; docs/design.md#performance "Memory stays flat per chart"). Output files through the CLI
// in-process; interrupts and memory in child processes running the current sources, bundled
// with esbuild (the way scripts/build-dist.mjs builds dist/cli.js), with a private TMPDIR.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { liveTempDirs } from '../../src/render/tempdirs.js';
import { ROOT, runCli } from '../support/cli.js';
import { NODES_PROXY_ROLE, bundle, chart, fakeHelm, lines, link, scratch, write } from './support.js';

const HELM = defaultHelm() ?? 'helm';
const DIR = scratch('hrl-io-');

/** Every path below `dir`, relative, sorted: what a run wrote. */
function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      out.push(relative(dir, join(d, e.name)));
      if (e.isDirectory()) walk(join(d, e.name));
    }
  };
  walk(dir);
  return out.sort();
}

/** A fresh workspace with a manifest that has a critical finding (exit 1). */
function workspace(name: string): string {
  const ws = join(DIR, name);
  write(join(ws, 'rbac.yaml'), lines(...NODES_PROXY_ROLE));
  return ws;
}

describe('--output and --write-baseline are written atomically, and only there', () => {
  it.each([
    { flag: '--output', file: 'out/report.json', format: 'json' },
    { flag: '--write-baseline', file: 'out/baseline.json', format: 'text' },
  ])('$flag on success: exactly the file, no temp file beside it', async ({ flag, file, format }) => {
    const ws = workspace(`ok${flag}`);
    const r = await runCli(['lint', 'rbac.yaml', '--format', format, flag, file], { cwd: ws });
    // Findings exit 1; writing a baseline accepts them (exit 0).
    expect(r.code, r.stderr).toBe(flag === '--write-baseline' ? 0 : 1);
    expect(tree(ws)).toEqual(['out', file, 'rbac.yaml'].sort());
    expect(() => JSON.parse(readFileSync(join(ws, file), 'utf8'))).not.toThrow();
  });

  it.each([
    { why: 'the target is a directory (rename fails: EISDIR)', flag: '--output', setup: (ws: string) => mkdirSync(join(ws, 'taken')), message: /^helm-rbac-lint: taken: cannot write output: EISDIR$/ },
    { why: 'the baseline target is a directory', flag: '--write-baseline', setup: (ws: string) => mkdirSync(join(ws, 'taken')), message: /^helm-rbac-lint: taken: cannot write output: EISDIR$/ },
    { why: 'the parent is a file (mkdir: EEXIST)', flag: '--output', setup: (ws: string) => write(join(ws, 'taken'), 'x'), target: 'taken/report.txt', message: /^helm-rbac-lint: taken\/report\.txt: cannot write output: EEXIST$/ },
  ])('a write that fails ($why): exit 2 naming the path, nothing left behind', async ({ flag, setup, target, message }) => {
    const ws = workspace(`fail${flag}-${target ? 'parent' : 'dir'}`);
    setup(ws);
    const before = tree(ws);
    const r = await runCli(['lint', 'rbac.yaml', flag, target ?? 'taken'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd()).toMatch(message);
    expect(tree(ws)).toEqual(before);
  });

  it('a run that fails before writing leaves no output and no temp file', async () => {
    const ws = workspace('input-error');
    write(join(ws, 'broken.yaml'), 'a: b: c\n');
    const r = await runCli(['lint', 'broken.yaml', '--output', 'report.txt', '--write-baseline', 'baseline.json'], { cwd: ws });
    expect(r.code).toBe(2);
    expect(tree(ws)).toEqual(['broken.yaml', 'rbac.yaml']);
  });

  it('an existing symlink at the output path is replaced, never written through', async () => {
    const ws = workspace('symlink');
    const outside = write(join(DIR, 'outside-symlink.txt'), 'precious\n');
    link(outside, join(ws, 'report.txt'));
    const r = await runCli(['lint', 'rbac.yaml', '--output', 'report.txt'], { cwd: ws });
    expect(r.code, r.stderr).toBe(1);
    expect(readFileSync(outside, 'utf8')).toBe('precious\n');
    expect(lstatSync(join(ws, 'report.txt')).isFile()).toBe(true);
    expect(readFileSync(join(ws, 'report.txt'), 'utf8')).toMatch(/nodes-proxy/);
  });

  it('diff --output too', async () => {
    const ws = workspace('diff-output');
    write(join(ws, 'old.yaml'), lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}'));
    const r = await runCli(['diff', 'old.yaml', 'rbac.yaml', '--format', 'json', '--output', 'diff.json'], { cwd: ws });
    expect(r.code, r.stderr).toBe(1);
    expect(tree(ws)).toEqual(['diff.json', 'old.yaml', 'rbac.yaml']);
  });
});

describe('temp dirs are removed after a run, whether it succeeds or fails (in-process)', () => {
  const dir = join(DIR, 'inproc');
  const pkgSrc = chart(join(dir, 'src', 'c'), 'c', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) });
  beforeAll(() => {
    execFileSync(HELM, ['package', '--destination', dir, pkgSrc]);
  });

  it.each([
    { why: 'a packaged chart that renders', args: ['c-0.1.0.tgz'], helm: () => HELM, code: 1 },
    { why: 'a packaged chart whose render fails', args: ['c-0.1.0.tgz'], helm: () => fakeHelm(dir, 'failing-helm', 'echo "Error: boom" >&2; exit 1'), code: 2 },
    { why: 'a remote chart whose pull fails', args: ['repo/c', '--version', '1.0.0'], helm: () => fakeHelm(dir, 'failing-pull', 'echo "Error: no repo" >&2; exit 1'), code: 2 },
    {
      why: 'a remote chart whose pull writes an archive that is not one',
      args: ['repo/c', '--version', '1.0.0'],
      helm: () => fakeHelm(dir, 'bad-pull', 'for a in "$@"; do case "$a" in --destination=*) echo junk > "${a#--destination=}/c-1.0.0.tgz";; esac; done'),
      code: 2,
    },
  ])('$why', async ({ args, helm, code }) => {
    const r = await runCli(['lint', ...args], { cwd: dir, helm: helm() });
    expect(r.code, r.stderr).toBe(code);
    expect(liveTempDirs()).toEqual([]);
  });
});

// ---------------------------------------------------------------- child processes

const BUILD = join(DIR, 'build');
let cli = '';
let probe = '';
beforeAll(async () => {
  [cli, probe] = await Promise.all([
    bundle(join(ROOT, 'src/cli/index.ts'), join(BUILD, 'cli.mjs')),
    bundle(join(ROOT, 'test/corpus/memory-probe.ts'), join(BUILD, 'memory-probe.mjs')),
  ]);
}, 60_000);

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** Runs the bundled CLI; `whenStarted` runs once `ready()` holds, then the process is signalled. */
function runChild(args: string[], opts: { cwd: string; tmp: string; signal?: NodeJS.Signals; ready?: () => boolean }): Promise<Exit & { tmpWhileRunning: string[] }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: opts.cwd, env: { ...process.env, TMPDIR: opts.tmp, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let tmpWhileRunning: string[] = [];
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    const started = Date.now();
    const poll = setInterval(() => {
      if (!opts.signal || !opts.ready) return clearInterval(poll);
      if (Date.now() - started > 15_000) {
        clearInterval(poll);
        child.kill('SIGKILL');
        reject(new Error(`never became ready: ${stderr}`));
      } else if (opts.ready()) {
        clearInterval(poll);
        tmpWhileRunning = readdirSync(opts.tmp);
        child.kill(opts.signal);
      }
    }, 50);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      resolvePromise({ code, signal, stderr, tmpWhileRunning });
    });
  });
}

/** Gone, or a zombie (killed; the container's init may not reap it). */
function processGone(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? true;
  } catch {
    return true;
  }
}

describe('an interrupted run removes its temp dirs (SIGINT/SIGTERM to the CLI process)', () => {
  const dir = join(DIR, 'signals');
  const src = chart(join(dir, 'chart'), 'c', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) });
  const pidFile = (name: string) => join(dir, `${name}.pid`);

  beforeAll(() => {
    execFileSync(HELM, ['package', '--destination', dir, src]);
    // A git repository with the chart committed, for diff --git-base.
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: dir, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q');
    git('add', 'chart');
    git('commit', '-q', '-m', 'chart');
  });

  const cases = [
    { why: 'packaged chart, helm template hanging', args: (h: string) => ['lint', 'c-0.1.0.tgz', '--helm', h], prefix: 'helm-rbac-lint-chart-' },
    { why: 'remote chart, helm pull hanging', args: (h: string) => ['lint', 'repo/c', '--version', '1.0.0', '--helm', h], prefix: 'helm-rbac-lint-pull-' },
    { why: 'diff --git-base, helm template hanging', args: (h: string) => ['diff', '--git-base', 'HEAD', 'chart', '--helm', h], prefix: 'helm-rbac-lint-git-' },
  ];

  it.each((['SIGINT', 'SIGTERM'] as const).flatMap((signal) => cases.map((c) => ({ ...c, signal }))))('$signal: $why', async ({ args, prefix, signal, why }) => {
    const name = `hang-${signal}-${cases.findIndex((c) => c.why === why)}`;
    const helm = fakeHelm(dir, name, 'exec sleep 30');
    const tmp = join(dir, `tmp-${name}`);
    mkdirSync(tmp);
    const started = Date.now();
    const exit = await runChild(args(helm), { cwd: dir, tmp, signal, ready: () => existsSync(pidFile(name)) });
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(exit.tmpWhileRunning.some((d) => d.startsWith(prefix)), `a ${prefix}* dir existed while running`).toBe(true);
    expect(readdirSync(tmp), 'nothing left in TMPDIR').toEqual([]);
    // The default action of the signal, as for any interrupted command (exit status 128 + n in a shell).
    expect({ code: exit.code, signal: exit.signal }).toEqual({ code: null, signal });
    expect(processGone(Number(readFileSync(pidFile(name), 'utf8'))), 'the helm child was stopped too').toBe(true);
  });

  it('diff --git-base whose render fails removes the git snapshot (in-process)', async () => {
    const r = await runCli(['diff', '--git-base', 'HEAD', 'chart'], { cwd: dir, helm: fakeHelm(dir, 'git-fail-helm', 'echo "Error: boom" >&2; exit 1') });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^helm-rbac-lint: .*: boom\n$/);
    expect(liveTempDirs()).toEqual([]);
  });

  it('a failing run in a child process leaves TMPDIR empty too', async () => {
    const tmp = join(dir, 'tmp-fail');
    mkdirSync(tmp);
    const exit = await runChild(['lint', 'c-0.1.0.tgz', '--helm', fakeHelm(dir, 'fail-helm', 'echo "Error: boom" >&2; exit 1')], { cwd: dir, tmp });
    expect(exit.code).toBe(2);
    expect(exit.stderr).toBe('helm-rbac-lint: c-0.1.0.tgz: boom\n');
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('bounded memory on huge input', () => {
  // 50 MB of Services (a kind nothing is looked for in): skipped by kind, never kept.
  const file = join(DIR, 'huge.yaml');
  const docs = 160_000;
  beforeAll(() => {
    const chunk = (i: number) =>
      `---\n# Source: big/templates/svc-${i}.yaml\napiVersion: v1\nkind: Service\nmetadata:\n  name: svc-${i}\n  labels:\n    app.kubernetes.io/name: big\n    app.kubernetes.io/instance: big-${i}\nspec:\n  type: ClusterIP\n  ports:\n    - port: 80\n      targetPort: http\n      protocol: TCP\n      name: http\n  selector:\n    app: big-${i}\n`;
    writeFileSync(file, Array.from({ length: docs }, (_, i) => chunk(i)).join(''));
  });

  it('parseRendered keeps nothing per document (heapUsed with the result vs. with the text alone)', () => {
    const out = execFileSync(process.execPath, ['--expose-gc', '--max-old-space-size=128', probe, file], { encoding: 'utf8' });
    const m = JSON.parse(out) as { textBytes: number; retainedBytes: number; documents: number; kubernetesObjects: number; objects: number };
    expect(m.textBytes).toBeGreaterThan(50_000_000);
    expect(m.documents).toBe(docs);
    expect(m.kubernetesObjects).toBe(docs);
    expect(m.objects).toBe(0);
    expect(m.retainedBytes).toBeLessThan(1_000_000);
  });

  it('the whole CLI lints it inside a 128 MB heap (the text alone is 50 MB)', async () => {
    const tmp = join(DIR, 'tmp-huge');
    mkdirSync(tmp);
    const exit = await new Promise<Exit>((resolvePromise) => {
      const child = spawn(process.execPath, ['--max-old-space-size=128', cli, 'lint', file], { env: { ...process.env, TMPDIR: tmp }, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('exit', (code, signal) => resolvePromise({ code, signal, stderr }));
    });
    expect(exit.stderr).toBe('');
    expect(exit.code).toBe(0);
  });
});
