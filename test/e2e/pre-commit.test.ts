// The pre-commit hooks (.pre-commit-hooks.yaml, docs/pre-commit.md), run by the real pre-commit:
// pre-commit passes the changed files that match `files`, the CLI maps each to its chart root (a
// file under <chart>/charts/<sub>/ belongs to <chart>) and renders each chart once.
// pre-commit installs hooks from a git repository, so the project's files (tracked and new, not
// ignored: what the next commit holds) are committed into a temp repository first.
//
// Which pre-commit: $HELM_RBAC_LINT_PRE_COMMIT, else `pre-commit` on PATH. .ci/run installs the
// current release (Debian sid's package) and points the variable at it; without any pre-commit
// these tests skip and say so (test/support/outside.ts). The `language: node` hook is installed
// by npm from npm's cache (npm ci filled it), but npm resolves the versions of the production
// dependencies at the registry: that part skips when the registry is unreachable.
import { chmodSync, cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { execa, execaSync } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, ROOT } from '../support/cli.js';
import { commitProjectCopy, git, scratchDir } from '../action/support.js';
import { needs, npmRegistryReachable } from '../support/outside.js';

const HELM = defaultHelm();
const PRE_COMMIT = process.env['HELM_RBAC_LINT_PRE_COMMIT'] || execaSync('sh', ['-c', 'command -v pre-commit'], { reject: false }).stdout.trim();
const VERSION = PRE_COMMIT ? execaSync(PRE_COMMIT, ['--version'], { reject: false }).stdout.trim() : '';
const AVAILABLE = needs(VERSION.startsWith('pre-commit '), `pre-commit is not installed (${PRE_COMMIT || 'not on PATH'}; set HELM_RBAC_LINT_PRE_COMMIT or install it): the pre-commit hook tests are not run`) &&
  needs(Boolean(HELM), 'no helm binary: the pre-commit hook tests are not run');
const REGISTRY = AVAILABLE && (await npmRegistryReachable());
if (AVAILABLE) console.info(`[pre-commit] hook tests run with ${VERSION} (${PRE_COMMIT})`);

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

/** This process's environment without npm's own variables (npm_config_local_prefix & co. would point npm at the project). */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^npm_/i.test(e[0]) && e[0] !== 'INIT_CWD'));
}

describe.skipIf(!AVAILABLE)('pre-commit hooks', () => {
  const dir = scratchDir('pre-commit-');
  const hookRepo = join(dir, 'hook-repo');
  const work = join(dir, 'work');
  const shims = join(dir, 'shims');
  const env = {
    ...cleanEnv(),
    ...GIT_ENV,
    // helm and node for the hooks; `language: system` finds helm-rbac-lint in shims.
    PATH: [shims, dirname(HELM as string), dirname(process.execPath), process.env['PATH'] ?? ''].join(delimiter),
    PRE_COMMIT_HOME: join(dir, 'pre-commit-home'),
    HELM_BIN: HELM as string,
    NO_COLOR: '1',
    // npm installs the node hook preferring its cache (npm ci filled it with every tarball); the
    // versions of the production dependencies come from the registry.
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  const preCommit = async (args: string[], cwd = work) => {
    const r = await execa(PRE_COMMIT, args, { cwd, env, extendEnv: false, reject: false, stdin: 'ignore' });
    return { code: r.exitCode, output: `${String(r.stdout)}\n${String(r.stderr)}` };
  };

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

  const tryRepo = (hook: string, args: string[]) => preCommit(['try-repo', hookRepo, hook, '--color', 'never', ...args]);

  // Expected findings: charts-fixtures/README.md (explicit-nodes-proxy and subchart-grant are critical
  // nodes-proxy, scraper-direct-kubelet has none); default --fail-on high.
  it.each([
    { why: 'every chart file: the two charts granting nodes/proxy fail the commit', args: ['--all-files'], code: 1, says: [/nodes\/proxy/, /charts\/explicit \(/, /charts\/parent \(/, /3 renders: 2 critical/] },
    { why: 'two files of one chart, one inside its vendored subchart: the parent chart, rendered once', args: ['--files', 'charts/parent/Chart.yaml', 'charts/parent/charts/agent/templates/clusterrole.yaml'], code: 1, says: [/charts\/parent \(/, /charts\/agent\/templates\/clusterrole\.yaml:\d+/, /nodes\/proxy/, /1 render: 1 critical/] },
    { why: 'a chart with no finding, and charts/README.md, which `files` keeps from the CLI (it would refuse it)', args: ['--files', 'charts/safe/values.yaml', 'charts/README.md'], code: 0, says: [/helm-rbac-lint \(installed\)\.+Passed/] },
  ])('helm-rbac-lint-system: $why', async ({ args, code, says }) => {
    const r = await tryRepo('helm-rbac-lint-system', args);
    expect(r.code, r.output).toBe(code);
    for (const s of says) expect(r.output).toMatch(s);
  }, 120_000);

  // The README's default: `- id: helm-rbac-lint` from the repository at a rev, installed by
  // pre-commit's own npm install (pre-commit ≥ 4.6.1: `npm install -g git+file://<clone>`; before:
  // `npm install` in the clone, `npm pack`, global install of the tarball), then git commit.
  describe.skipIf(!REGISTRY)('a repository using the language: node hook, through git commit', () => {
    const user = join(dir, 'user');
    const commit = (message: string) => execa('git', ['commit', '-q', '-m', message], { cwd: user, env, extendEnv: false, reject: false, stdin: 'ignore' }).then((r) => ({ code: r.exitCode, output: `${String(r.stdout)}\n${String(r.stderr)}` }));

    beforeAll(async () => {
      const rev = await git(hookRepo, 'rev-parse', 'HEAD');
      mkdirSync(join(user, 'charts'), { recursive: true });
      await git(user, 'init', '-q');
      writeFileSync(join(user, '.pre-commit-config.yaml'), `repos:\n  - repo: ${hookRepo}\n    rev: ${rev}\n    hooks:\n      - id: helm-rbac-lint\n        args: [--fail-on, high]\n`);
      await git(user, 'add', '.pre-commit-config.yaml');
      await git(user, 'commit', '-q', '-m', 'pre-commit config');
      const install = await preCommit(['install'], user);
      expect(install.code, install.output).toBe(0);
      // git runs .git/hooks/pre-commit, which runs the Python pre-commit was installed with: make
      // sure that is this pre-commit, not another one the machine has.
      const python = /^INSTALL_PYTHON='?([^'\n]*)'?$/m.exec(readFileSync(join(user, '.git/hooks/pre-commit'), 'utf8'))?.[1] ?? '';
      expect((await execa(python, ['-m', 'pre_commit', '--version'], { env, extendEnv: false, reject: false })).stdout.trim()).toBe(VERSION);
    }, 60_000);

    it('installs the hook and blocks a commit that adds a chart granting nodes/proxy', async () => {
      cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(user, 'charts/agent'), { recursive: true });
      await git(user, 'add', '-A');
      const r = await commit('add agent');
      expect(r.code, r.output).toBe(1);
      expect(r.output).toMatch(/helm-rbac-lint\.+Failed/);
      expect(r.output).toMatch(/CRITICAL nodes-proxy\s+templates\/clusterrole\.yaml:\d+/);
      expect(await git(user, 'log', '--format=%s')).toBe('pre-commit config');
    }, 600_000);

    it('lets a chart without risky grants through, and a values file kept outside any chart (skipped with a note)', async () => {
      await git(user, 'reset', '-q', '--hard');
      await git(user, 'clean', '-qfd');
      cpSync(join(FIXTURES, 'scraper-direct-kubelet'), join(user, 'charts/scraper'), { recursive: true });
      mkdirSync(join(user, 'env'));
      writeFileSync(join(user, 'env/values-prod.yaml'), 'server:\n  replicas: 3\n');
      await git(user, 'add', '-A');
      const r = await commit('add scraper and prod values');
      expect(r.code, r.output).toBe(0);
      expect(r.output).toMatch(/helm-rbac-lint\.+Passed/);
      expect(await git(user, 'log', '-1', '--format=%s')).toBe('add scraper and prod values');
    }, 600_000);
  });
});
