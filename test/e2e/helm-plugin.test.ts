// The Helm plugin (plugin.yaml), installed from this directory into throw-away Helm homes and run
// by the real helm 3.17.3 and 4.1.4 (docs/design.md#integrations, #what-other-tools-expect: a Helm 3 format plugin.yaml with only
// platformCommand loads in both; `helm plugin install <local dir>` needs no signature; helm sets
// HELM_BIN, so charts render with the helm that ran the plugin). The plugin runs bin/ → dist/cli.js.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { devHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, ROOT } from '../support/cli.js';
import { commitProjectCopy, scratchDir } from '../action/support.js';
import { needs } from '../support/outside.js';

const HELMS = ([3, 4] as const).map((major) => ({ major, bin: devHelm(major) })).filter((h) => needs(h.bin !== null, `no helm ${h.major} dev binary for this platform (linux-x64 only): the plugin is not tried with helm ${h.major}`));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('plugin.yaml', () => {
  const plugin = parse(readFileSync(join(ROOT, 'plugin.yaml'), 'utf8')) as Record<string, unknown>;

  // docs/design.md#what-other-tools-expect: name, version, usage, description and only platformCommand; Helm 3.17 rejects
  // unknown fields (`args`) and needs `os` on each platformCommand entry (checked with the real binary).
  it('is the legacy format both helms load: only name, version, usage, description, platformCommand', () => {
    expect(Object.keys(plugin).sort()).toEqual(['description', 'name', 'platformCommand', 'usage', 'version']);
    expect(plugin['name']).toBe('rbac-lint');
    for (const entry of plugin['platformCommand'] as Record<string, string>[]) {
      expect(Object.keys(entry).sort()).toEqual(['command', 'os']);
      expect(entry['command']).toBe('node $HELM_PLUGIN_DIR/bin/helm-rbac-lint.js');
    }
  });

  it('carries the package version', () => {
    expect(plugin['version']).toBe(VERSION);
  });
});

describe.each(HELMS)('helm $major: helm plugin install <this repo>, then helm rbac-lint', ({ major, bin }) => {
  const home = scratchDir(`helm${major}-plugin-`);
  // Only node on PATH, no HELM_BIN: rendering can only work through the HELM_BIN that helm sets.
  const env: Record<string, string> = {
    PATH: `${dirname(process.execPath)}:/usr/bin:/bin`,
    HOME: home,
    HELM_DATA_HOME: join(home, 'data'),
    // Helm 4.1.4 installs into $HELM_DATA_HOME/plugins whatever HELM_PLUGINS says, and loads from HELM_PLUGINS: keep them equal.
    HELM_PLUGINS: join(home, 'data', 'plugins'),
    HELM_CONFIG_HOME: join(home, 'config'),
    HELM_CACHE_HOME: join(home, 'cache'),
    NO_COLOR: '1',
  };
  const helm = (args: string[]) => execa(bin as string, args, { cwd: ROOT, env, extendEnv: false, reject: false, stdin: 'ignore' });

  it('installs from the local directory without signature flags and is listed', async () => {
    mkdirSync(env['HELM_DATA_HOME'] as string, { recursive: true });
    const install = await helm(['plugin', 'install', ROOT]);
    expect(install.exitCode, String(install.stderr)).toBe(0);
    const list = await helm(['plugin', 'list']);
    expect(String(list.stdout)).toMatch(new RegExp(`^rbac-lint\\s+${VERSION.replace(/\./g, '\\.')}\\s`, 'm'));
  });

  // charts-fixtures/explicit-nodes-proxy: critical nodes-proxy (fixtures README); exit 1 at the default --fail-on high.
  it('lints a chart granting nodes/proxy with the invoking helm: exit 1', async () => {
    const r = await helm(['rbac-lint', 'lint', join(FIXTURES, 'explicit-nodes-proxy')]);
    expect(r.exitCode, String(r.stderr)).toBe(1);
    expect(String(r.stdout)).toContain('CRITICAL nodes-proxy');
    expect(String(r.stdout)).toContain('nodes/proxy');
    expect(String(r.stdout)).toMatch(new RegExp(`helm v${major}\\.`));
  });

  // How users install it: from the git repository. Helm 4 verifies signatures of non-local sources
  // by default and a git source has none ("plugin source does not support verification").
  it(`installs from a git repository${major === 4 ? ' with --verify=false' : ''} and runs the committed dist/cli.js`, async () => {
    const repo = join(home, 'repo');
    await commitProjectCopy(repo);
    const gitEnv = { ...env, HELM_DATA_HOME: join(home, 'git-data'), HELM_PLUGINS: join(home, 'git-data', 'plugins') };
    const viaGit = (args: string[]) => execa(bin as string, args, { cwd: ROOT, env: gitEnv, extendEnv: false, reject: false, stdin: 'ignore' });
    const install = await viaGit(['plugin', 'install', ...(major === 4 ? ['--verify=false'] : []), `file://${repo}`]);
    expect(install.exitCode, String(install.stderr)).toBe(0);
    const r = await viaGit(['rbac-lint', 'lint', join(FIXTURES, 'explicit-nodes-proxy')]);
    expect(r.exitCode, String(r.stderr)).toBe(1);
    expect(String(r.stdout)).toContain('CRITICAL nodes-proxy');
  });

  // helm takes -n/--namespace (and --debug) off the command line and passes HELM_NAMESPACE
  // (helm v3.17.3 cmd/helm/load_plugins.go manuallyProcessArgs; v4.1.4 pkg/cmd/load_plugins.go):
  // the plugin must answer exactly what the CLI answers with the same -n and the same helm.
  const cli = (args: string[]) =>
    execa(process.execPath, [join(ROOT, 'bin/helm-rbac-lint.js'), ...args], { cwd: ROOT, env: { ...env, HELM_BIN: bin as string }, extendEnv: false, reject: false, stdin: 'ignore' });
  const SA = 'system:serviceaccount:monitoring:kubelet-scraper-server';
  it.each([
    { why: 'lint', args: ['lint', join(FIXTURES, 'scraper-apiserver-proxy'), '-n', 'monitoring'], says: /namespace monitoring.*\n[\s\S]*subjects: monitoring\/kubelet-scraper-server/ },
    { why: 'lint (-n before the arguments, --namespace=)', args: ['lint', '--namespace=monitoring', join(FIXTURES, 'scraper-apiserver-proxy')], says: /namespace monitoring/ },
    { why: 'can-i', args: ['can-i', 'get', 'nodes', '--subresource', 'proxy', '--as', SA, join(FIXTURES, 'scraper-apiserver-proxy'), '-n', 'monitoring'], says: /^yes$/ },
    { why: 'can-i --list', args: ['can-i', '--list', '--as', SA, join(FIXTURES, 'scraper-apiserver-proxy'), '-n', 'monitoring'], says: /^nodes\/proxy\s/m },
  ])('$why with -n monitoring prints what the CLI prints', async ({ args, says }) => {
    const viaHelm = await helm(['rbac-lint', ...args]);
    const direct = await cli(args);
    expect(String(viaHelm.stdout), String(viaHelm.stderr)).toMatch(says);
    expect(String(viaHelm.stdout)).toBe(String(direct.stdout));
    expect(viaHelm.exitCode === 0 ? 0 : 1, String(viaHelm.stderr)).toBe(direct.exitCode === 0 ? 0 : 1);
  });

  it('passes --help through to the CLI', async () => {
    const r = await helm(['rbac-lint', '--help']);
    expect(r.exitCode, String(r.stderr)).toBe(0);
    expect(String(r.stdout)).toMatch(/^Usage: helm-rbac-lint \[options\] \[command\]/);
  });
});
