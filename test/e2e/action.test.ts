// The bundled Action (dist/action.js) end to end, as a runner starts it: a pull request whose head
// changes a chart's RBAC, inputs through INPUT_*, results in stdout (annotations), the step
// summary, GITHUB_OUTPUT and the SARIF file. docs/design.md#integrations (Action), docs/design.md#what-other-tools-expect (annotations, SARIF).
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { execaSync } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, HAVE_SHARED, SHARED_CHARTS, runCli } from '../support/cli.js';
import { annotations, lineOf, pullRequestRepo, runAction, scratchDir } from '../action/support.js';
import type { ActionResult, PullRequestRepo } from '../action/support.js';

const HELM = defaultHelm();
if (!HAVE_SHARED) console.warn(`[skip] ${SHARED_CHARTS} is absent: the prometheus 28.6.1/28.7.0 Action cases are skipped (the fixture pair still runs)`);

interface Sarif {
  runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
}

/**
 * Chart pairs that add or remove nodes/proxy between base and head, both directions:
 * - charts-fixtures scraper-direct-kubelet (1.1.0, nodes/metrics only) ↔ scraper-apiserver-proxy (1.0.0, nodes/proxy, scrapes via
 *   /api/v1/nodes/…/proxy) — fixtures README;
 * - prometheus 28.7.0 (no nodes/proxy) ↔ 28.6.1 (nodes/proxy in templates/clusterrole.yaml) — ../shared/charts/INDEX.md.
 */
const PAIRS = [
  { name: 'fixtures', chart: 'charts/kubelet-scraper', safe: join(FIXTURES, 'scraper-direct-kubelet'), risky: join(FIXTURES, 'scraper-apiserver-proxy'), shared: false },
  { name: 'prometheus', chart: 'charts/prometheus', safe: join(SHARED_CHARTS, 'prometheus-28.7.0'), risky: join(SHARED_CHARTS, 'prometheus-28.6.1'), shared: true },
];

describe.each(PAIRS.filter((p) => !p.shared || HAVE_SHARED))('Action on a pull request: $name', ({ chart, safe, risky }) => {
  const dir = scratchDir('action-e2e-');
  let adds: PullRequestRepo;
  let removes: PullRequestRepo;
  let added: ActionResult;
  let removed: ActionResult;
  const proxyLine = lineOf(join(risky, 'templates/clusterrole.yaml'), 'nodes/proxy');

  beforeAll(async () => {
    adds = await pullRequestRepo(dir, 'adds', { [chart]: { copy: safe } }, { [chart]: { copy: risky } });
    removes = await pullRequestRepo(dir, 'removes', { [chart]: { copy: risky } }, { [chart]: { copy: safe } });
    const inputs = { namespace: 'monitoring', 'sarif-file': 'results/rbac.sarif' };
    [added, removed] = await Promise.all([runAction(adds, { inputs, helm: HELM }), runAction(removes, { inputs, helm: HELM })]);
  });

  it('adding nodes/proxy fails the step (critical introduced, fail-on high) without a stack trace', () => {
    expect(added.code, added.stdout + added.stderr).toBe(1);
    expect(added.stdout).toMatch(/^::error::helm-rbac-lint: this pull request introduces \d+ findings? at or above high: nodes-proxy \(critical\)/m);
    expect(added.stdout + added.stderr).not.toMatch(/^\s+at /m);
  });

  it('annotates the nodes/proxy line of the template, as an error', () => {
    const nodesProxy = annotations(added.stdout).filter((a) => a.props['title']?.startsWith('nodes-proxy (critical)'));
    expect(nodesProxy).toHaveLength(1);
    expect(nodesProxy[0]).toMatchObject({ level: 'error', props: { file: `${chart}/templates/clusterrole.yaml`, line: String(proxyLine) } });
    expect(nodesProxy[0]?.message).toContain('nodes/proxy');
  });

  it('writes the verdict, the diff and the access graph to the step summary', () => {
    expect(added.summary).toContain('nodes/proxy');
    expect(added.summary).toContain('```mermaid');
    expect(added.summary).toContain('RBAC change in this pull request: more risk (`more-risk`)');
  });

  it('sets the outputs: counts of the head, verdict more-risk, introduced findings, the files', () => {
    expect(added.outputs).toMatchObject({ critical: '1', verdict: 'more-risk', resolved: '0', 'sarif-file': join(adds.dir, 'results/rbac.sarif') });
    expect(Number(added.outputs['introduced'])).toBeGreaterThanOrEqual(1);
    expect(added.outputs['report-file']).toMatch(/helm-rbac-lint-[^/]+\/report\.json$/);
    const report = JSON.parse(added.report ?? 'null') as { schemaVersion: number; summary: { critical: number } };
    expect(report).toMatchObject({ schemaVersion: 1, summary: { critical: 1 } });
  });

  it('writes SARIF whose nodes-proxy result sits on the template line, repo-relative', () => {
    const sarif = JSON.parse(readFileSync(join(adds.dir, 'results/rbac.sarif'), 'utf8')) as Sarif;
    const results = sarif.runs[0]?.results.filter((r) => r.ruleId === 'nodes-proxy') ?? [];
    expect(results.map((r) => r.locations[0]?.physicalLocation)).toEqual([{ artifactLocation: expect.objectContaining({ uri: `${chart}/templates/clusterrole.yaml` }), region: expect.objectContaining({ startLine: proxyLine }) }]);
  });

  it('removing nodes/proxy passes and says the risk is resolved (less-risk)', () => {
    expect(removed.code, removed.stdout + removed.stderr).toBe(0);
    expect(removed.outputs).toMatchObject({ verdict: 'less-risk', critical: '0', introduced: expect.any(String) });
    expect(Number(removed.outputs['resolved'])).toBeGreaterThanOrEqual(1);
    expect(removed.summary).toContain('RBAC change in this pull request: less risk (`less-risk`)');
    expect(removed.summary).toMatch(/Resolved findings \(\d+\)[\s\S]*nodes-proxy/);
  });
});

describe('Action: which charts, which mode', () => {
  const dir = scratchDir('action-modes-');
  const explicit = join(FIXTURES, 'explicit-nodes-proxy');

  // A chart the PR adds has no base: everything in it is introduced (docs/design.md#integrations `diff`).
  it('a chart new in the pull request is compared with nothing: all introduced, more-risk', async () => {
    const repo = await pullRequestRepo(dir, 'new-chart', { 'README.md': { text: 'charts\n' } }, { 'README.md': { text: 'charts\n' }, 'charts/agent': { copy: explicit } });
    const r = await runAction(repo, { helm: HELM });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs).toMatchObject({ verdict: 'more-risk', critical: '1' });
    expect(r.summary).toContain('new in this pull request');
  });

  // Default selection: only charts whose files changed; a pull request that changes none checks nothing.
  it('a pull request that changes no chart checks nothing and passes', async () => {
    const repo = await pullRequestRepo(dir, 'docs-only', { 'charts/agent': { copy: explicit }, 'README.md': { text: 'a\n' } }, { 'charts/agent': { copy: explicit }, 'README.md': { text: 'b\n' } });
    const r = await runAction(repo, { helm: HELM });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ critical: '0', verdict: 'no-rbac-change', introduced: '0' });
    expect(r.summary).toContain('No chart to check');
  });

  // Outside a pull request (push) every chart is linted and every finding at or above fail-on counts.
  it('on push: every chart in the repository, no diff outputs, fails on the existing critical', async () => {
    const repo = await pullRequestRepo(dir, 'push', { 'charts/agent': { copy: explicit } }, { 'charts/agent': { copy: explicit } });
    const r = await runAction(repo, { helm: HELM, event: 'push', inputs: { 'fail-on': 'critical' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs['critical']).toBe('1');
    expect(r.outputs['verdict']).toBeUndefined();
    expect(r.stdout).toMatch(/^::error::helm-rbac-lint: 1 finding at or above critical: nodes-proxy/m);
  });

  // fail-on never: findings are reported but never fail (docs/design.md#commands-targets-and-exit-codes --fail-on never).
  it('fail-on never passes with the critical still annotated and counted', async () => {
    const repo = await pullRequestRepo(dir, 'never', {}, { 'charts/agent': { copy: explicit } });
    const r = await runAction(repo, { helm: HELM, inputs: { 'fail-on': 'never' } });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs['critical']).toBe('1');
    expect(annotations(r.stdout).some((a) => a.level === 'error' && a.props['file'] === 'charts/agent/templates/clusterrole.yaml')).toBe(true);
  });

  // docs/design.md#severity-follows-effective-reach suppression: `ignore-check.helm-rbac-lint.io/<rule-id>: "<reason>"` on the object. A
  // finding the head introduces but suppresses is counted as suppressed and does not fail the PR.
  it('an introduced finding suppressed in the head by annotation does not fail the pull request', async () => {
    const role = readFileSync(join(explicit, 'templates/clusterrole.yaml'), 'utf8').replace(
      /^metadata:\n/m,
      'metadata:\n  annotations:\n    ignore-check.helm-rbac-lint.io/nodes-proxy: "the agent really proxies to the kubelet"\n',
    );
    const head = { 'charts/agent': { copy: explicit }, 'charts/agent/templates/clusterrole.yaml': { text: role } };
    const repo = await pullRequestRepo(dir, 'suppressed', {}, head);
    const r = await runAction(repo, { helm: HELM });
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.outputs).toMatchObject({ critical: '0', suppressed: '1' });
    expect(annotations(r.stdout).filter((a) => a.props['title']?.startsWith('nodes-proxy'))).toEqual([]);
  });

  // docs/design.md#severity-follows-effective-reach, #integrations: suppressed findings count on neither side of a verdict, as in `diff`. A PR
  // that drops an accepted (suppressed) critical and adds an unsuppressed secrets read adds risk.
  it('a suppressed finding the pull request removes is not counted as resolved', async () => {
    const template = readFileSync(join(explicit, 'templates/clusterrole.yaml'), 'utf8');
    const accepted = template.replace(/^metadata:\n/m, 'metadata:\n  annotations:\n    ignore-check.helm-rbac-lint.io/nodes-proxy: "accepted until the agent moves off the proxy"\n');
    const secrets = template.replace('"nodes/proxy"', 'secrets');
    const repo = await pullRequestRepo(
      dir,
      'suppressed-base',
      { 'charts/agent': { copy: explicit }, 'charts/agent/templates/clusterrole.yaml': { text: accepted } },
      { 'charts/agent': { copy: explicit }, 'charts/agent/templates/clusterrole.yaml': { text: secrets } },
    );
    const r = await runAction(repo, { helm: HELM });
    expect(r.outputs).toMatchObject({ verdict: 'more-risk', resolved: '0' });
  });

  // Each head render is compared with the base render of the same kube version, also when a head
  // render could not be linted (it is reported as an error and has no diff).
  it('base and head renders pair by kube version, not by position', async () => {
    const chart = (older: string, newer: string) => ({
      'charts/agent/Chart.yaml': { text: 'apiVersion: v2\nname: agent\nversion: 0.1.0\n' },
      'charts/agent/templates/all.yaml': {
        text: `{{- if semverCompare "<1.30-0" .Capabilities.KubeVersion.Version }}\n${older}{{- else }}\n${newer}{{- end }}\n`,
      },
    });
    const role = (resource: string) =>
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agent\nrules:\n  - apiGroups: [""]\n    resources: ["${resource}"]\n    verbs: ["get"]\n`;
    const repo = await pullRequestRepo(dir, 'by-kube-version', chart(role('nodes/proxy'), role('nodes/metrics')), chart('foo: bar\n', role('nodes/metrics')));
    const r = await runAction(repo, { helm: HELM, inputs: { 'kube-version': '1.29.0 1.33.0' } });
    expect(r.outputs).toMatchObject({ resolved: '0', verdict: 'no-rbac-change' });
  });

  // The failure line points at the job summary only when one was written; a summary file that
  // cannot be written (run outside a runner, a broken runner) is a warning, not an internal error.
  it.each([
    { summaryFile: 'missing' as const, warns: true },
    { summaryFile: 'unset' as const, warns: false },
  ])('GITHUB_STEP_SUMMARY $summaryFile: the check still fails on the finding, without "see the job summary"', async ({ summaryFile, warns }) => {
    const repo = await pullRequestRepo(dir, `summary-${summaryFile}`, {}, { 'charts/agent': { copy: explicit } });
    const r = await runAction(repo, { helm: HELM, summaryFile });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.stdout).toMatch(/^::error::helm-rbac-lint: this pull request introduces 1 finding at or above high: nodes-proxy \(critical\) on ClusterRole explicit-nodes-proxy-agent$/m);
    expect(r.stdout).not.toMatch(/internal error|see the job summary/);
    expect(/^::warning::helm-rbac-lint: no job summary written/m.test(r.stdout)).toBe(warns);
    expect(r.outputs['critical']).toBe('1');
  });

  // The lint merges a finding seen in several renders into one; the pull request's introduced
  // findings, the outputs and the failure line must count it once too.
  it('several kube versions: a finding introduced in each render is one finding (outputs, failure line, summary)', async () => {
    const repo = await pullRequestRepo(dir, 'two-kube-versions', { 'README.md': { text: 'charts\n' } }, { 'README.md': { text: 'charts\n' }, 'charts/agent': { copy: explicit } });
    const r = await runAction(repo, { helm: HELM, inputs: { 'kube-version': '1.32.0 1.35.0' } });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    expect(r.outputs).toMatchObject({ critical: '1', introduced: '1', verdict: 'more-risk' });
    expect(r.stdout).toMatch(/^::error::helm-rbac-lint: this pull request introduces 1 finding at or above high: nodes-proxy \(critical\) on ClusterRole explicit-nodes-proxy-agent \(see the job summary\)$/m);
    expect(r.summary).toContain('introduced 1 critical');
    expect(r.summary).toContain('### Chart <code>charts/agent</code> (kube 1.32.0)');
    expect(r.summary).toMatch(/renders: kube 1\.32\.0, kube 1\.35\.0/);
  });

  // docs/design.md#integrations: "Expects helm on PATH (e.g. from azure/setup-helm); clear failure otherwise."
  it('without helm: exit 1, one line naming azure/setup-helm, no stack trace', async () => {
    const repo = await pullRequestRepo(dir, 'no-helm', {}, { 'charts/agent': { copy: explicit } });
    const bin = join(dir, 'git-only-bin');
    mkdirSync(bin);
    symlinkSync(execaSync('sh', ['-c', 'command -v git']).stdout.trim(), join(bin, 'git'));
    const r = await runAction(repo, { helm: null, path: `${bin}:${dirname(process.execPath)}` });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error::helm not found: add `- uses: azure\/setup-helm@v4` before this step/m);
    expect(r.stdout + r.stderr).not.toMatch(/^\s+at /m);
  });

  it('a wrong input value is one clear error line', async () => {
    const repo = await pullRequestRepo(dir, 'bad-input', {}, { 'charts/agent': { copy: explicit } });
    const r = await runAction(repo, { helm: HELM, inputs: { 'fail-on': 'severe' } });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^::error::helm-rbac-lint: input fail-on must be one of critical, high, medium, low, info, never \(got "severe"\)$/m);
  });
});

/**
 * A pull request that deletes a chart and changes two others (../shared/charts/INDEX.md: alloy 1.5.2
 * deleted; prometheus 28.6.1 → 28.7.0; opentelemetry-operator 0.107.0 → 0.107.1, each dropping
 * nodes/proxy). The job summary must stay small and still name every sensitive permission that
 * changes, which `helm-rbac-lint diff --format json` lists per subject as `reach`.
 */
describe.runIf(HAVE_SHARED)('Action summary of a pull request that deletes a chart and changes two', () => {
  const dir = scratchDir('action-big-');
  let result: ActionResult;
  const pairs: { chart: string; old: string; new: string | undefined }[] = [
    { chart: 'charts/alloy', old: 'alloy-1.5.2', new: undefined },
    { chart: 'charts/prometheus', old: 'prometheus-28.6.1', new: 'prometheus-28.7.0' },
    { chart: 'charts/otel', old: 'opentelemetry-operator-0.107.0', new: 'opentelemetry-operator-0.107.1' },
  ];

  beforeAll(async () => {
    const base = Object.fromEntries(pairs.map((p) => [p.chart, { copy: join(SHARED_CHARTS, p.old) }]));
    const head = Object.fromEntries(pairs.filter((p) => p.new).map((p) => [p.chart, { copy: join(SHARED_CHARTS, p.new as string) }]));
    result = await runAction(await pullRequestRepo(dir, 'big', base, head), { inputs: { namespace: 'monitoring' }, helm: HELM });
  });

  it('stays under 60 KB', () => {
    expect(result.summary).toContain('### Chart <code>charts/alloy</code> — deleted in this pull request');
    expect(Buffer.byteLength(result.summary)).toBeLessThan(60_000);
  });

  it('names every added or removed sensitive permission in its chart section', async () => {
    // The deleted chart against a render with no RBAC at all.
    const empty = join(dir, 'empty.yaml');
    writeFileSync(empty, 'apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n');
    const sections = result.summary.split('\n### Chart ');
    for (const p of pairs) {
      const run = await runCli(['diff', join(SHARED_CHARTS, p.old), p.new ? join(SHARED_CHARTS, p.new) : empty, '-n', 'monitoring', '--format', 'json'], { helm: HELM ?? undefined });
      const doc = JSON.parse(run.stdout) as { subjects: { reach: Record<'added' | 'removed', { apiGroup: string; resource: string; verb: string }[]> }[] };
      const section = sections.find((s) => s.startsWith(`<code>${p.chart}</code>`)) ?? '';
      const sensitive = section.split('\n').filter((l) => l.startsWith('- ➕ gains') || l.startsWith('- ➖ loses'));
      let expected = 0;
      for (const s of doc.subjects) {
        for (const sign of ['added', 'removed'] as const) {
          for (const perm of s.reach[sign]) {
            expected++;
            const slash = perm.resource.indexOf('/');
            const label = perm.apiGroup === '' ? perm.resource : slash < 0 ? `${perm.resource}.${perm.apiGroup}` : `${perm.resource.slice(0, slash)}.${perm.apiGroup}${perm.resource.slice(slash)}`;
            const named = sensitive.some((l) => l.startsWith(sign === 'added' ? '- ➕' : '- ➖') && l.includes(`<code>${perm.verb}</code>`) && l.includes(`<code>${label}</code>`));
            expect(named, `${p.chart}: ${sign} ${perm.verb} ${label}`).toBe(true);
          }
        }
      }
      expect(expected, p.chart).toBeGreaterThan(0);
    }
  });
});

describe('Action with fix: suggest', () => {
  it('puts a proven patch for the nodes/proxy the pull request introduces in the summary, and pushes nothing', async () => {
    const dir = scratchDir('action-fix-');
    const chart = 'charts/kubelet-scraper';
    const repo = await pullRequestRepo(dir, 'adds', { [chart]: { copy: join(FIXTURES, 'scraper-direct-kubelet') } }, { [chart]: { copy: join(FIXTURES, 'scraper-apiserver-proxy') } });
    const before = execaSync('git', ['-C', repo.dir, 'status', '--porcelain']).stdout;
    const result = await runAction(repo, { inputs: { namespace: 'monitoring', fix: 'suggest' }, helm: HELM });
    expect(result.code).toBe(1);
    expect(result.summary).toContain('## Suggested fix for nodes/proxy');
    expect(result.summary).toMatch(/Apply at the repository root with `git apply`:/);
    expect(result.summary).toContain(`diff --git a/${chart}/templates/clusterrole.yaml b/${chart}/templates/clusterrole.yaml`);
    expect(execaSync('git', ['-C', repo.dir, 'status', '--porcelain']).stdout).toBe(before);
    // The patch in the summary applies to the head as it is.
    const patch = /```+diff\n([\s\S]*?)\n```+/.exec(result.summary)?.[1] ?? '';
    expect(execaSync('git', ['-C', repo.dir, 'apply', '--check', '-'], { input: `${patch}\n`, reject: false }).exitCode).toBe(0);
  });
});
