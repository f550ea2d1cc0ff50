// Under `helm rbac-lint`, helm takes -n/--namespace and --debug off the command line and passes
// them as HELM_NAMESPACE and HELM_DEBUG (helm v3.17.3 cmd/helm/load_plugins.go manuallyProcessArgs
// and pkg/cli/environment.go EnvVars; v4.1.4 pkg/cmd/load_plugins.go, the same file). These run
// main() with the environment helm gives a plugin; test/e2e/helm-plugin.test.ts runs the real helms.
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { pluginDefaults as prestartDefaults } from '../../bin/prestart.js';
import { pluginDefaults } from '../../src/cli/helm-plugin.js';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, runCli } from '../support/cli.js';
import { needs } from '../support/outside.js';

const HELM = defaultHelm();
const CHART = join(FIXTURES, 'scraper-apiserver-proxy');
const SA = 'system:serviceaccount:monitoring:kubelet-scraper-server';
/** What helm 3.17.3 and 4.1.4 set for `helm rbac-lint … -n monitoring` (both print HELM_DEBUG as Go's fmt.Sprint(bool)). */
const PLUGIN = { HELM_PLUGIN_NAME: 'rbac-lint', HELM_PLUGIN_DIR: '/plugins/helm-rbac-lint', HELM_NAMESPACE: 'monitoring', HELM_DEBUG: 'false' };

const dir = mkdtempSync(join(tmpdir(), 'hrl-plugin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('pluginDefaults (src/cli/helm-plugin.ts, mirrored by bin/prestart.js)', () => {
  it.each([
    { why: 'outside helm: nothing changes', env: { HELM_NAMESPACE: 'x', HELM_DEBUG: 'true', HELM_BIN: './helm' }, namespace: null, debug: false, bin: './helm', helmDebug: 'true' },
    { why: 'helm -n monitoring', env: { ...PLUGIN }, namespace: 'monitoring', debug: false, bin: undefined, helmDebug: undefined },
    { why: 'helm --debug', env: { ...PLUGIN, HELM_DEBUG: 'true' }, namespace: 'monitoring', debug: true, bin: undefined, helmDebug: undefined },
    { why: 'HELM_DEBUG=1 (strconv.ParseBool)', env: { ...PLUGIN, HELM_DEBUG: '1' }, namespace: 'monitoring', debug: true, bin: undefined, helmDebug: undefined },
    { why: 'helm run as ./helm: HELM_BIN is its argv[0]', env: { ...PLUGIN, HELM_BIN: './tools/helm' }, namespace: 'monitoring', debug: false, bin: '/work/dir/tools/helm', helmDebug: undefined },
    { why: 'helm from PATH: a bare name stays a name', env: { ...PLUGIN, HELM_BIN: 'helm' }, namespace: 'monitoring', debug: false, bin: 'helm', helmDebug: undefined },
    { why: 'an empty HELM_NAMESPACE is no namespace', env: { ...PLUGIN, HELM_NAMESPACE: '' }, namespace: null, debug: false, bin: undefined, helmDebug: undefined },
  ])('$why', ({ env, namespace, debug, bin, helmDebug }) => {
    for (const got of [pluginDefaults(env, '/work/dir'), prestartDefaults(env, '/work/dir')]) {
      expect({ namespace: got.namespace, debug: got.debug, bin: got.env['HELM_BIN'], helmDebug: got.env['HELM_DEBUG'] }).toEqual({ namespace, debug, bin, helmDebug });
    }
  });
});

describe.skipIf(!needs(Boolean(HELM), 'no helm binary (HELM_BIN, PATH or the linux-x64 dev dependency): plugin-mode renders are not run'))('main() under a Helm plugin', () => {
  const helm = HELM as string;

  it('lint renders into HELM_NAMESPACE: the same report as the CLI with -n', async () => {
    const plugin = await runCli(['lint', CHART], { helm, env: PLUGIN });
    const cli = await runCli(['lint', CHART, '-n', 'monitoring'], { helm });
    expect(plugin.stdout).toContain('namespace monitoring');
    expect(plugin.stdout).toContain('subjects: monitoring/kubelet-scraper-server');
    expect(plugin).toEqual(cli);
  });

  it('can-i answers for HELM_NAMESPACE: yes, as the CLI with -n (without it the binding names another namespace: no)', async () => {
    const args = ['can-i', 'get', 'nodes', '--subresource', 'proxy', '--as', SA, CHART];
    const plugin = await runCli(args, { helm, env: PLUGIN });
    expect(plugin).toEqual(await runCli([...args, '-n', 'monitoring'], { helm }));
    expect(plugin.stdout).toBe('yes\n');
    expect((await runCli(args, { helm })).stdout).toBe('no\n');
  });

  it('an explicit -n still wins over HELM_NAMESPACE', async () => {
    const r = await runCli(['lint', CHART, '-n', 'apps', '--format', 'json'], { helm, env: PLUGIN });
    expect(JSON.parse(r.stdout).targets[0].namespace).toBe('apps');
  });

  it('HELM_NAMESPACE outside a plugin is not ours to read (the README: -n defaults to default)', async () => {
    const r = await runCli(['lint', CHART, '--format', 'json'], { helm, env: { HELM_NAMESPACE: 'monitoring' } });
    expect(JSON.parse(r.stdout).targets[0].namespace).toBe('default');
  });

  it('HELM_DEBUG=true is --debug (a stack trace with the error); the helm we start runs without it', async () => {
    const log = join(dir, 'env.log');
    const wrapper = join(dir, 'helm-logging-debug');
    writeFileSync(wrapper, `#!/bin/sh\necho "HELM_DEBUG=\${HELM_DEBUG-unset}" >> '${log}'\nexec '${helm}' "$@"\n`);
    chmodSync(wrapper, 0o755);
    const ok = await runCli(['lint', CHART], { helm: wrapper, env: { ...PLUGIN, HELM_DEBUG: 'true' } });
    expect(ok.code).toBe(1);
    expect(readFileSync(log, 'utf8')).not.toMatch(/HELM_DEBUG=(?!unset)/);
    const bad = await runCli(['lint', join(dir, 'missing-chart')], { helm: wrapper, env: { ...PLUGIN, HELM_DEBUG: 'true' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^helm-rbac-lint: .*missing-chart/);
    expect(bad.stderr).toMatch(/\n\s+at /);
  });
});
