import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ASSUMED_KUBE_VERSION, chartRootsOf, hasConfig, parseCommandLine, plainChartName, releaseNameFor, templateArgs } from '../../bin/prestart.js';
import { assumedRenderVersions } from '../../src/kube-versions.js';
import { parseChartMeta, releaseNameFor as bundleReleaseName } from '../../src/render/chart-meta.js';
import { templateArgs as bundleTemplateArgs } from '../../src/render/chart-renderer.js';
import type { ChartJob } from '../../src/render/plan.js';
import { resolveTargets } from '../../src/render/targets.js';
import { RESULT_FORMAT, cacheDir } from '../../bin/result-cache.js';
import { defaultCacheLocation } from '../../src/render/cache.js';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, ROOT } from '../support/cli.js';
import { needs } from '../support/outside.js';

// bin/prestart.js starts `helm template` before the bundle loads and bin/result-cache.js replays
// an unchanged `lint --cache` (issue "performance"). The bundle adopts a started render only when
// its own helm command is identical (src/render/prestarted.ts), so these guesses must agree with
// src/render; and a replay must be byte-identical to the run it stands for.

const BIN = join(ROOT, 'bin', 'helm-rbac-lint.js');
const HELM = defaultHelm();
const HAVE_HELM = needs(Boolean(HELM), 'no helm binary: the head-start and result-cache runs are not checked');
const dir = mkdtempSync(join(tmpdir(), 'hrl-prestart-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const settings = (over: Partial<{ namespace: string; set: string[]; setString: string[] }> = {}) => ({ namespace: 'default', set: [], setString: [], ...over });

describe('the guesses of bin/prestart.js agree with src/render', () => {
  it.each(['prometheus', 'kube-prometheus-stack', 'My_Chart', '-x-', 'a'.repeat(60), 'UPPER.case', 'x--y'])(
    'release name of chart %j (src/render/chart-meta.ts releaseNameFor)',
    (name) => {
      expect(releaseNameFor(name)).toBe(bundleReleaseName(name));
    },
  );

  it.each([
    ['apiVersion: v2\nname: prometheus\nversion: 28.6.1\n', 'prometheus'],
    ['name: alloy\n', 'alloy'],
    ['name:   spaced   \n', 'spaced'],
  ])('reads a plain chart name as the YAML parser does: %j', (yaml, expected) => {
    expect(plainChartName(yaml)).toBe(expected);
    expect(parseChartMeta(yaml, 'fallback').name).toBe(expected);
  });

  it.each([
    ['a quoted name', 'name: "x"\n'],
    ['a number', 'name: 1e3\n'],
    ['a YAML 1.1 boolean', 'name: yes\n'],
    ['two name lines', 'name: a\nname: b\n'],
    ['no name', 'version: 1.0.0\n'],
    ['a name with a comment', 'name: a # b\n'],
  ])('leaves %s to the bundle', (_why, yaml) => {
    expect(plainChartName(yaml)).toBeNull();
  });

  it.each([
    { why: 'defaults', s: settings() },
    { why: 'a namespace and --set/--set-string values', s: settings({ namespace: 'monitoring', set: ['a=1', 'b.c=x,y'], setString: ['d=2'] }) },
  ])('helm arguments ($why) are src/render/render-chart.ts templateArgs', ({ s }) => {
    // Without --kube-version the bundle renders a chart without kubeVersion at the newest assumed minor.
    const [kubeVersion] = assumedRenderVersions(null, false);
    const job = { kind: 'chart', kubeVersion, ciValues: null, label: null, prepared: { dir: '/c', meta: { name: 'chart' } } } as unknown as ChartJob;
    const bundle = bundleTemplateArgs({ ...s, values: [], setFile: [], apiVersions: [], includeCrds: false, dependencyBuild: false }, job);
    expect(kubeVersion).toBe(ASSUMED_KUBE_VERSION);
    expect(templateArgs('/c', s, 'chart')).toEqual(bundle);
  });

  it('finds the charts of a directory in the order src/render/targets.ts resolves them', async () => {
    const expected = (await resolveTargets([FIXTURES])).map((t) => (t.kind === 'chart' ? t.root : null));
    expect(chartRootsOf(FIXTURES, ROOT)).toEqual(expected);
  });

  it.each([
    { argv: ['lint', 'c'], expected: { command: 'lint', charts: ['c'], settings: settings() } },
    { argv: ['c', '-n', 'monitoring', '--format', 'json'], expected: { command: 'lint', charts: ['c'], settings: settings({ namespace: 'monitoring' }) } },
    { argv: ['lint', 'c', '--set=a=1', '--set', 'b=2', '--set-string', 'c=3'], expected: { command: 'lint', charts: ['c'], settings: settings({ set: ['a=1', 'b=2'], setString: ['c=3'] }) } },
    { argv: ['diff', 'a', 'b', '--fail-on', 'high'], expected: { command: 'diff', charts: ['a', 'b'], settings: settings() } },
  ])('handles $argv', ({ argv, expected }) => {
    expect(parseCommandLine(argv)).toEqual(expected);
  });

  it.each([
    ['values files', ['lint', 'c', '-f', 'v.yaml']],
    ['a kube version', ['lint', 'c', '--kube-version', '1.33.0']],
    ['another helm', ['lint', 'c', '--helm', '/x/helm']],
    ['stdin', ['lint', '-']],
    ['two lint targets', ['lint', 'a', 'b']],
    ['can-i', ['can-i', '--list', '--as', 'x', 'c']],
    ['an option value missing', ['lint', 'c', '--format']],
  ])('leaves command lines with %s to the bundle', (_why, argv) => {
    expect(parseCommandLine(argv)).toBeNull();
  });

  it.each([
    { why: 'a repository above the chart', cwd: 'repo', charts: ['repo/charts/a'], env: { HOME: '/home/u' } },
    { why: 'the chart itself (lint . --cache)', cwd: 'repo/charts/a', charts: ['repo/charts/a'], env: { HOME: '/home/u' } },
    { why: 'the chart, XDG_CACHE_HOME set', cwd: 'repo/charts/a', charts: ['repo/charts/a'], env: { XDG_CACHE_HOME: '/xdg', HOME: '/home/u' } },
    { why: 'a directory inside the chart', cwd: 'repo/charts/a/templates', charts: ['repo/charts/a'], env: { HOME: '/home/u' } },
  ])('the default cache location ($why) is src/render/cache.ts defaultCacheLocation, never inside a linted chart', ({ cwd, charts, env }) => {
    const at = (p: string) => join(dir, 'cache-loc', p);
    mkdirSync(at(cwd), { recursive: true });
    const roots = charts.map(at);
    const location = cacheDir(null, at(cwd), roots, env);
    expect(location).toBe(defaultCacheLocation(at(cwd), roots, env));
    expect(roots.some((r) => location.startsWith(`${r}/`))).toBe(false);
  });

  it('sees a .helm-rbac-lint.yaml above the chart (its values would change the render)', () => {
    const root = join(dir, 'configured');
    mkdirSync(join(root, '.git'), { recursive: true });
    mkdirSync(join(root, 'charts', 'c'), { recursive: true });
    expect(hasConfig(join(root, 'charts', 'c'))).toBe(false);
    writeFileSync(join(root, '.helm-rbac-lint.yaml'), 'values: [v.yaml]\n');
    expect(hasConfig(join(root, 'charts', 'c'))).toBe(true);
  });
});

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  helmCalls: string[];
}

/** The CLI as users run it, with a helm wrapper that logs each call. */
function runBin(args: string[], env: NodeJS.ProcessEnv = {}, cwd = dir): Promise<Run> {
  // One log path for every run: the environment is part of the result cache's key.
  const log = join(dir, 'helm.log');
  rmSync(log, { force: true });
  const wrapper = join(dir, 'logging-helm');
  writeFileSync(wrapper, `#!/bin/sh\necho "$*" >> "$HELM_LOG"\nexec "${HELM}" "$@"\n`);
  chmodSync(wrapper, 0o755);
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, HELM_BIN: wrapper, HELM_LOG: log, CI: '', ...env } }, (err, stdout, stderr) => {
      let calls: string[] = [];
      try {
        calls = readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
      } catch {
        calls = [];
      }
      resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stdout, stderr, helmCalls: calls });
    });
  });
}

const templates = (r: Run) => r.helmCalls.filter((c) => c.startsWith('template '));

describe.skipIf(!HAVE_HELM)('the started render is adopted, never duplicated', () => {
  const chart = join(dir, 'explicit-nodes-proxy');
  cpSync(join(FIXTURES, 'explicit-nodes-proxy'), chart, { recursive: true });

  it.each([
    { why: 'lint of a chart directory', args: ['lint', chart, '-n', 'monitoring'] },
    { why: 'the default command', args: [chart] },
    { why: 'diff of two chart directories', args: ['diff', chart, join(FIXTURES, 'list-watch-only')] },
    { why: 'lint of a directory of charts', args: ['lint', FIXTURES] },
    // helm passes -n as HELM_NAMESPACE and sets HELM_DEBUG (src/cli/helm-plugin.ts).
    { why: 'lint under a Helm plugin', args: ['lint', chart], env: { HELM_PLUGIN_NAME: 'rbac-lint', HELM_NAMESPACE: 'monitoring', HELM_DEBUG: 'false' } },
  ])('$why: output and exit code as without the head start, helm template run once per chart', async ({ args, env }) => {
    const started = await runBin(args, env);
    const plain = await runBin(args, { ...env, HELM_RBAC_LINT_NO_PRESTART: '1' });
    expect(started.stdout).toBe(plain.stdout);
    expect(started.stderr).toBe(plain.stderr);
    expect(started.code).toBe(plain.code);
    expect(templates(started).sort()).toEqual(templates(plain).sort());
  });
});

describe.skipIf(!HAVE_HELM)('lint --cache replays an unchanged run (bin/result-cache.js)', () => {
  const chart = join(dir, 'cached-chart');
  cpSync(join(FIXTURES, 'explicit-nodes-proxy'), chart, { recursive: true });
  const cache = join(dir, 'cache');
  const args = ['lint', chart, '--cache', '--cache-location', cache];
  const realHelm = { HELM_BIN: HELM as string };
  const entries = () => readdirSync(cache).filter((n) => n.startsWith('lint-'));
  // Files changed in the last two seconds are never cached (timestamps may be coarse): let the copy age.
  const settle = () => new Promise((r) => setTimeout(r, 2100));

  it('the second run prints exactly what the first printed and exits the same, from the stored entry', async () => {
    await settle();
    const first = await runBin(args, realHelm);
    expect(first.code).toBe(1); // explicit-nodes-proxy: a critical finding
    expect(entries()).toHaveLength(1);
    const second = await runBin(args, realHelm);
    expect({ code: second.code, stdout: second.stdout, stderr: second.stderr }).toEqual({ code: first.code, stdout: first.stdout, stderr: first.stderr });
    // It really is the entry that answers: a (validly checksummed) edited entry is what is printed.
    const file = join(cache, entries()[0] as string);
    const body = JSON.stringify({ stdout: 'replayed\n', stderr: '', code: 0 });
    writeFileSync(file, `${RESULT_FORMAT} ${createHash('sha256').update(body).digest('hex')}\n${body}`);
    const third = await runBin(args, realHelm);
    expect({ code: third.code, stdout: third.stdout }).toEqual({ code: 0, stdout: 'replayed\n' });
    // A damaged entry is ignored: the chart is linted again.
    writeFileSync(file, 'garbage');
    const fourth = await runBin(args, realHelm);
    expect(fourth.stdout).toBe(first.stdout);
  }, 30_000);

  it('another format, or a changed chart file, is linted afresh', async () => {
    const json = await runBin([...args, '--format', 'json'], realHelm);
    expect(JSON.parse(json.stdout).findings.length).toBeGreaterThan(0);
    const role = join(chart, 'templates', 'clusterrole.yaml');
    writeFileSync(role, readFileSync(role, 'utf8').replace('nodes/proxy', 'nodes/metrics'));
    const after = await runBin(args, realHelm);
    expect(after.stdout).not.toMatch(/nodes-proxy/);
  }, 20_000);

  it('run from inside the chart (lint . --cache), the second run is replayed and the chart gets no cache files', async () => {
    const inside = join(dir, 'inside-chart');
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), inside, { recursive: true });
    await settle();
    const env = { ...realHelm, XDG_CACHE_HOME: join(dir, 'xdg') };
    const first = await runBin(['lint', '.', '--cache'], env, inside);
    const second = await runBin(['lint', '.', '--cache'], env, inside);
    expect(second.stdout).toBe(first.stdout);
    expect(readdirSync(join(dir, 'xdg', 'helm-rbac-lint', 'renders')).filter((n) => n.startsWith('lint-'))).toHaveLength(1);
    expect(readdirSync(inside).sort()).toEqual(readdirSync(join(FIXTURES, 'explicit-nodes-proxy')).sort());
  }, 30_000);

  it('a helm that is a script (a version-manager shim) is never trusted to stay the same: the bundle runs', async () => {
    const viaScript = await runBin(args);
    expect(viaScript.helmCalls.some((c) => c.startsWith('version '))).toBe(true);
  }, 20_000);
});
