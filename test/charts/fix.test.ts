// `helm-rbac-lint fix` end to end with the real helm: the patch it proposes, its proof, writing
// it, and what it leaves to a person. Fixtures: scraper-apiserver-proxy (the shape of the
// prometheus chart 28.6.1) and scraper-values-rules (rules from a values list, like alloy 1.5.2).
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execaSync } from 'execa';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, HAVE_SHARED, SHARED_CHARTS, runCli, runJson } from '../support/cli.js';
import { SUPPORT_WINDOW } from '../../src/kube-versions.js';
import { analyzeRender, registeredRules } from '../../src/api/index.js';
import { proofChecks } from '../../src/api/fix.js';
import { diff } from '../../src/diff/index.js';
import { renderTargets } from '../../src/render/index.js';
import type { RenderOptions, RenderResult } from '../../src/render/index.js';

const helm = defaultHelm();
if (!helm) console.warn('[skip] no helm binary (HELM_BIN, PATH or the dev dependency): fix tests are skipped');
const scratch = mkdtempSync(join(tmpdir(), 'fix-test-'));
const renderOptions: RenderOptions = { values: [], set: [], setString: [], setFile: [], namespace: 'monitoring', kubeVersions: [], apiVersions: [], helm: helm ?? undefined };
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function copyChart(from: string, name: string): string {
  const dir = join(scratch, name);
  cpSync(from, dir, { recursive: true });
  return dir;
}

describe.skipIf(!helm)('fix', () => {
  it('proposes the proven patch on stdout and explains it on stderr', async () => {
    const r = await runCli(['fix', join(FIXTURES, 'scraper-apiserver-proxy'), '-n', 'monitoring'], { helm: helm as string });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^diff --git a\/templates\/clusterrole.yaml b\/templates\/clusterrole.yaml\n/);
    expect(r.stdout).toContain('-      - nodes/proxy\n');
    expect(r.stdout).toContain('-            replacement: /api/v1/nodes/$1/proxy/metrics\n');
    expect(r.stderr).toMatch(/a proven patch/);
    // Proven at both ends of the window of supported Kubernetes versions (src/kube-versions.ts).
    expect(r.stderr).toContain(`Proof (rendered old and new, then diffed) at ${SUPPORT_WINDOW.oldest}.0 and ${SUPPORT_WINDOW.newest}.0:`);
    expect(r.stderr).toMatch(new RegExp(`${SUPPORT_WINDOW.oldest}\\.0: holds[\\s\\S]*${SUPPORT_WINDOW.newest}\\.0: holds`));
    expect(r.stderr).not.toMatch(/FAIL/);
  });

  it('--write on a git working tree changes only the files in the diff, and a second fix has nothing to do', async () => {
    const dir = copyChart(join(FIXTURES, 'scraper-apiserver-proxy'), 'written');
    execaSync('git', ['init', '-q', dir]);
    execaSync('git', ['-C', dir, 'add', '-A']);
    execaSync('git', ['-C', dir, '-c', 'user.email=t@t', '-c', 'user.name=t', 'commit', '-qm', 'base']);
    const first = await runCli(['fix', dir, '-n', 'monitoring', '--write'], { helm: helm as string });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/written into the chart/);
    const changed = execaSync('git', ['-C', dir, 'status', '--porcelain']).stdout.split('\n').map((l) => l.slice(3)).sort();
    expect(changed).toEqual(['templates/clusterrole.yaml', 'templates/configmap.yaml']);
    const second = await runCli(['fix', dir, '-n', 'monitoring'], { helm: helm as string });
    expect(second.code).toBe(0);
    expect(second.stdout).toBe('');
    expect(second.stderr).toMatch(/nothing to fix/);
    const { json } = await runJson(['lint', dir, '-n', 'monitoring', '--kube-version', '1.35.0'], { helm: helm as string });
    expect(json.findings.filter((f) => f.ruleId === 'nodes-proxy' || f.ruleId === 'apiserver-node-proxy-path')).toEqual([]);
  });

  it('rules from a values list: says what to change by hand, no patch, exit 0', async () => {
    const r = await runCli(['fix', join(FIXTURES, 'scraper-values-rules'), '-n', 'monitoring'], { helm: helm as string });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/no patch: every change needs a person/);
    expect(r.stderr).toMatch(/templates\/rbac.yaml:12: the resources come from a template expression/);
    expect(r.stderr).toMatch(/values.yaml:6: - nodes\/proxy/);
  });

  it('refuses what is not one chart directory', async () => {
    const r = await runCli(['fix', join(FIXTURES)], { helm: helm as string });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^helm-rbac-lint: fix edits one chart directory/);
  });

  it.skipIf(!HAVE_SHARED)('prometheus 28.6.1: the patched chart grants what 28.7.0 grants and scrapes the kubelet directly', async () => {
    const dir = copyChart(join(SHARED_CHARTS, 'prometheus-28.6.1'), 'prometheus');
    const r = await runCli(['fix', dir, '-n', 'monitoring', '--write', '--kube-version', '1.32.0', '--kube-version', '1.35.0'], { helm: helm as string });
    expect(r.code).toBe(0);
    for (const v of ['1.32.0', '1.35.0']) expect(r.stdout).toContain(`${v}: holds`);
    const rbac = async (chart: string) => {
      const list = await runCli(['can-i', '--list', '--as', 'system:serviceaccount:monitoring:prometheus-server', chart, '-n', 'monitoring', '--kube-version', '1.35.0'], { helm: helm as string });
      return list.stdout;
    };
    expect(await rbac(dir)).toBe(await rbac(join(SHARED_CHARTS, 'prometheus-28.7.0')));
    const values = readFileSync(join(dir, 'values.yaml'), 'utf8');
    expect(values).not.toMatch(/\/api\/v1\/nodes\/\$1\/proxy/);
    expect(values).toMatch(/kubernetes-nodes-cadvisor:[\s\S]*?metrics_path: \/metrics\/cadvisor/);
  });
});

describe.skipIf(!helm)('fix keeps what a workload needs', () => {
  it('a feature only nodes/proxy authorizes (kubelet log streaming): nothing is removed, the off switch is named', async () => {
    const r = await runCli(['fix', join(FIXTURES, 'kubelet-log-streaming'), '-n', 'monitoring'], { helm: helm as string });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/a feature only nodes\/proxy authorizes: keep nodes\/proxy while it is on/);
    expect(r.stderr).toMatch(/DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API unset or false/);
  });

  it('the SigNoz-shaped kubelet_stats receiver: nodes/pods gated on 1.33, nodes/stats already granted', async () => {
    const r = await runCli(['fix', join(FIXTURES, 'otel-kubelet-stats'), '-n', 'monitoring'], { helm: helm as string });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('+      {{- if semverCompare ">=1.33-0" .Capabilities.KubeVersion.Version }}\n+      - nodes/pods\n+      {{- else }}\n+      - nodes/proxy\n+      {{- end }}\n');
    expect(r.stdout).not.toMatch(/^\+.*nodes\/stats/m);
  });

  it('the proof refuses an edit that drops nodes/proxy while the config still scrapes through the API server', async () => {
    // VictoriaMetrics helm-charts 2894e2d5: the grant went, the proxy scrape stayed.
    const at = async (chart: string) => {
      const [render] = await renderTargets([join(FIXTURES, chart)], { ...renderOptions, kubeVersions: ['1.37.0'] });
      return analyzeRender(render as RenderResult, {});
    };
    const before = await at('vm-agent-proxy-scrape');
    const after = await at('vm-agent-dropped-grant');
    const fixed = before.findings.filter((f) => f.ruleId === 'nodes-proxy').map((f) => f.fingerprint);
    const plan = { edits: [], changes: [], manual: [], fixed, skipped: [], gated: false };
    const checks = proofChecks(diff(before, after, registeredRules()), before, after, plan, '1.37.0', false);
    expect(checks.find((c) => c.name === 'kubelet access')).toMatchObject({ ok: false });
    expect(checks.find((c) => c.name === 'kubelet access')?.detail).toMatch(/\/metrics/);
  });
});
