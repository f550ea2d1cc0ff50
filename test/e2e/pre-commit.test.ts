// The pre-commit hooks (.pre-commit-hooks.yaml), run by the real `pre-commit try-repo` (PRODUCT.md
// §6, §9): pre-commit passes the changed files that match `files`, the CLI maps each to its chart
// root (a file under <chart>/charts/<sub>/ belongs to <chart>) and renders each chart once.
// try-repo installs hooks from a git repository's HEAD, so the project's files (tracked and new,
// not ignored: what the next commit holds) are committed into a temp repository first.
// Needs the `pre-commit` program (Debian: apt-get install -y pre-commit). The `language: node` hook
// runs `npm install` + `npm pack` in that repository: it needs the npm registry (or its cache).
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa, execaSync } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, ROOT } from '../support/cli.js';
import { commitProjectCopy, git, scratchDir } from '../action/support.js';

const HELM = defaultHelm();
const PRE_COMMIT = execaSync('sh', ['-c', 'command -v pre-commit'], { reject: false }).stdout.trim();
if (!PRE_COMMIT) throw new Error('pre-commit is not installed (Debian/Ubuntu: apt-get install -y pre-commit): the hook tests need the real program');

/** This process's environment without npm's own variables (npm_config_local_prefix & co. would point npm at the project). */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^npm_/i.test(e[0]) && e[0] !== 'INIT_CWD'));
}

const npmReachable = (await execa('npm', ['ping'], { env: cleanEnv(), extendEnv: false, reject: false, timeout: 30_000 })).exitCode === 0;
if (!npmReachable) console.warn('[skip] the npm registry is unreachable: the language: node hook (npm install of the hook repo) is not run; the language: system hook still is');

describe('pre-commit hooks', () => {
  const dir = scratchDir('pre-commit-');
  const hookRepo = join(dir, 'hook-repo');
  const work = join(dir, 'work');
  const shims = join(dir, 'shims');

  beforeAll(async () => {
    await commitProjectCopy(hookRepo);

    // A chart repository: a chart granting nodes/proxy, one whose vendored subchart does, one with no finding, and a README.
    mkdirSync(join(work, 'charts'), { recursive: true });
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(work, 'charts/explicit'), { recursive: true });
    cpSync(join(FIXTURES, 'subchart-grant'), join(work, 'charts/parent'), { recursive: true });
    cpSync(join(FIXTURES, 'scraper-direct-kubelet'), join(work, 'charts/safe'), { recursive: true });
    writeFileSync(join(work, 'charts/README.md'), '# charts\n');
    await git(work, 'init', '-q');
    await git(work, 'add', '-A');

    // `language: system` runs the entry from PATH, as for a user who ran npm install -g helm-rbac-lint.
    mkdirSync(shims);
    writeFileSync(join(shims, 'helm-rbac-lint'), `#!/bin/sh\nexec '${process.execPath}' '${join(ROOT, 'bin/helm-rbac-lint.js')}' "$@"\n`);
    chmodSync(join(shims, 'helm-rbac-lint'), 0o755);
  });

  async function tryRepo(hook: string, args: string[]) {
    const env = {
      ...cleanEnv(),
      PATH: `${shims}:${process.env['PATH'] ?? ''}`,
      PRE_COMMIT_HOME: join(dir, 'pre-commit-home'),
      HELM_BIN: HELM ?? '',
      NO_COLOR: '1',
      // Reuse the npm cache where it has the packages (the registry is still asked for what it lacks).
      npm_config_prefer_offline: 'true',
      npm_config_audit: 'false',
      npm_config_fund: 'false',
      npm_config_update_notifier: 'false',
    };
    const r = await execa(PRE_COMMIT, ['try-repo', hookRepo, hook, '--color', 'never', ...args], { cwd: work, env, extendEnv: false, reject: false, stdin: 'ignore' });
    return { code: r.exitCode, output: `${String(r.stdout)}\n${String(r.stderr)}` };
  }

  // Expected findings: charts-fixtures/README.md (explicit-nodes-proxy and subchart-grant are critical
  // nodes-proxy, scraper-direct-kubelet has none); default --fail-on high (PRODUCT.md §2).
  it.each([
    { why: 'every chart file: the two charts granting nodes/proxy fail the commit', hook: 'helm-rbac-lint-system', args: ['--all-files'], code: 1, says: [/nodes\/proxy/, /charts\/explicit \(/, /charts\/parent \(/, /3 renders: 2 critical/] },
    { why: 'two files of one chart, one inside its vendored subchart: the parent chart, rendered once', hook: 'helm-rbac-lint-system', args: ['--files', 'charts/parent/Chart.yaml', 'charts/parent/charts/agent/templates/clusterrole.yaml'], code: 1, says: [/charts\/parent \(/, /charts\/agent\/templates\/clusterrole\.yaml:\d+/, /nodes\/proxy/, /1 render: 1 critical/] },
    { why: 'a chart with no finding, and charts/README.md, which `files` keeps from the CLI (it would refuse it)', hook: 'helm-rbac-lint-system', args: ['--files', 'charts/safe/values.yaml', 'charts/README.md'], code: 0, says: [/helm-rbac-lint \(installed\)\.+Passed/] },
  ])('$hook: $why', async ({ hook, args, code, says }) => {
    const r = await tryRepo(hook, args);
    expect(r.code, r.output).toBe(code);
    for (const s of says) expect(r.output).toMatch(s);
  }, 120_000);

  it.skipIf(!npmReachable)('the language: node hook installs from the repository (npm install, prepare build, npm pack) and fails on nodes/proxy', async () => {
    const r = await tryRepo('helm-rbac-lint', ['--all-files']);
    expect(r.code, r.output).toBe(1);
    expect(r.output).toMatch(/helm-rbac-lint\.+Failed/);
    expect(r.output).toMatch(/CRITICAL nodes-proxy/);
    expect(r.output).toMatch(/nodes\/proxy/);
  }, 600_000);
});
