import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, runCli } from '../support/cli.js';

const made: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const helm = defaultHelm() ?? undefined;

/** A copy of a fixture chart in a temp dir (optionally with a config beside it). */
function chartCopy(fixture: string, config?: string): string {
  const dir = tempDir('hrl-sup-');
  const chart = join(dir, 'chart');
  cpSync(join(FIXTURES, fixture), chart, { recursive: true });
  if (config !== undefined) writeFileSync(join(dir, '.helm-rbac-lint.yaml'), config);
  return chart;
}

const lintJson = async (chart: string, ...args: string[]) => {
  const r = await runCli(['lint', chart, '-n', 'monitoring', '--release-name', 'fx', '--format', 'json', ...args], { helm });
  return { ...r, json: r.code === 2 ? null : JSON.parse(r.stdout) };
};

describe('suppression end to end (docs/design.md#severity-follows-effective-reach Suppression)', () => {
  it('a config exemption with a reason suppresses: the run passes, the finding stays in JSON, counted as suppressed', async () => {
    const chart = chartCopy('explicit-nodes-proxy', 'exemptions:\n  - rule: nodes-proxy\n    kind: ClusterRole\n    name: fx-agent\n    reason: "needed until the agent 2.0 scrapes directly (OPS-1)"\n');
    const { code, json } = await lintJson(chart);
    expect(code).toBe(0);
    const f = json.findings.find((x: { ruleId: string }) => x.ruleId === 'nodes-proxy');
    expect(f.suppressed).toBe(true);
    expect(f.suppression).toEqual({ by: 'config', reason: 'needed until the agent 2.0 scrapes directly (OPS-1)' });
    expect(json.summary.suppressed).toBeGreaterThanOrEqual(1);
    expect(json.summary.critical).toBe(0);
  });

  it('an exemption that matches nothing is reported', async () => {
    const chart = chartCopy('explicit-nodes-proxy', 'exemptions:\n  - rule: nodes-proxy\n    name: no-such-role\n    reason: "old"\n');
    const { code, json, stderr } = await lintJson(chart);
    expect(code).toBe(1);
    expect(json.suppressions.map((s: { kind: string }) => s.kind)).toContain('unused-suppression');
    expect(stderr).toMatch(/unused-suppression: .*\.helm-rbac-lint\.yaml:\d+:/);
  });

  it('an expired exemption no longer applies and is reported', async () => {
    const chart = chartCopy('explicit-nodes-proxy', 'exemptions:\n  - rule: nodes-proxy\n    reason: "temporary"\n    expires: 2020-01-01\n    kind: ClusterRole\n');
    const { code, json } = await lintJson(chart);
    expect(code).toBe(1);
    expect(json.suppressions.map((s: { kind: string }) => s.kind)).toContain('expired-exemption');
  });

  it('the object annotation suppresses; without a reason it does not, and says so', async () => {
    const chart = chartCopy('explicit-nodes-proxy');
    const tpl = join(chart, 'templates/clusterrole.yaml');
    const withAnnotation = (value: string) =>
      readFileSync(join(FIXTURES, 'explicit-nodes-proxy/templates/clusterrole.yaml'), 'utf8').replace(
        'metadata:\n',
        `metadata:\n  annotations:\n    ignore-check.helm-rbac-lint.io/nodes-proxy: ${JSON.stringify(value)}\n`,
      );
    writeFileSync(tpl, withAnnotation('the agent needs /containerLogs'));
    const a = await lintJson(chart);
    expect(a.code).toBe(0);
    expect(a.json.findings.find((x: { ruleId: string }) => x.ruleId === 'nodes-proxy').suppression.by).toBe('annotation');
    writeFileSync(tpl, withAnnotation(''));
    const b = await lintJson(chart);
    expect(b.code).toBe(1);
    expect(b.json.suppressions.map((s: { kind: string }) => s.kind)).toContain('missing-reason');
  });

  it('a baseline written by one run suppresses the same findings in the next, even after lines move', async () => {
    const chart = chartCopy('explicit-nodes-proxy');
    const baseline = join(chart, '..', 'baseline.json');
    const first = await runCli(['lint', chart, '-n', 'monitoring', '--release-name', 'fx', '--write-baseline', baseline], { helm });
    // Writing the baseline accepts what it records: the run succeeds although it has a critical finding.
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/CRITICAL nodes-proxy/);
    const tpl = join(chart, 'templates/clusterrole.yaml');
    writeFileSync(tpl, `# a comment that moves every line\n\n${readFileSync(tpl, 'utf8')}`);
    const second = await lintJson(chart, '--baseline', baseline);
    expect(second.code).toBe(0);
    expect(second.json.summary.suppressed).toBeGreaterThanOrEqual(1);
  });

  it('a config error names the file and the path, exit 2', async () => {
    const chart = chartCopy('explicit-nodes-proxy', 'exemptions:\n  - rule: nodes-proxie\n    reason: x\n');
    const r = await runCli(['lint', chart], { helm });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/\.helm-rbac-lint\.yaml: exemptions\[0\]\.rule: .*nodes-proxy/);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });

  it('config rules: turns a rule off and values/kubeVersion feed the render', async () => {
    const chart = chartCopy('values-gated', 'rules:\n  ineffective-rule: off\nvalues: [chart/ci/node-proxy-values.yaml]\nkubeVersion: "1.31.0"\n');
    const { json } = await lintJson(chart);
    expect(json.targets[0].kubeVersion).toBe('1.31.0');
    expect(json.findings.map((f: { ruleId: string }) => f.ruleId)).toContain('nodes-proxy');
  });

  it('charts with different configs in one run: each gets its own, names and ids stay in input order', async () => {
    const root = tempDir('hrl-groups-');
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(root, 'a-plain'), { recursive: true });
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(root, 'b-configured'), { recursive: true });
    writeFileSync(join(root, 'b-configured', '.helm-rbac-lint.yaml'), 'rules:\n  nodes-proxy: off\n');
    const r = await runCli(['lint', root, '-n', 'monitoring', '--format', 'json'], { helm });
    const json = JSON.parse(r.stdout);
    expect(json.targets.map((t: { id: number; chart: string }) => [t.id, t.chart])).toEqual([
      [0, join(root, 'a-plain')],
      [1, join(root, 'b-configured')],
    ]);
    const proxyTargets = json.findings.filter((f: { ruleId: string }) => f.ruleId === 'nodes-proxy').map((f: { target: number }) => f.target);
    expect(proxyTargets).toEqual([0]);
  });

  it('diff: an introduced finding suppressed in NEW (annotation or config) does not fail the run', async () => {
    const oldChart = chartCopy('nodes-slash-star');
    const newChart = chartCopy('explicit-nodes-proxy', 'exemptions:\n  - rule: nodes-proxy\n    kind: ClusterRole\n    reason: "accepted for this release (OPS-2)"\n');
    const args = ['diff', oldChart, newChart, '-n', 'monitoring', '--release-name', 'fx', '--format', 'json'];
    const r = await runCli(args, { helm });
    expect(r.code, r.stderr).toBe(0);
    const introduced = JSON.parse(r.stdout).findings.introduced.filter((f: { ruleId: string }) => f.ruleId === 'nodes-proxy');
    expect(introduced.map((f: { suppressed: boolean }) => f.suppressed)).toEqual([true]);
    const unsuppressed = await runCli([...args, '--config', '/dev/null'], { helm });
    expect(unsuppressed.code).toBe(1);
  });
});
