import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testHelms } from '../../scripts/dev-helm.mjs';
import { permissionLabel } from '../../src/diff/index.js';
import type { Permission } from '../../src/diff/index.js';
import { clusterRole, crb, rule } from '../support/objects.js';
import { FIXTURES, HAVE_SHARED, SHARED_CHARTS } from '../support/cli.js';
import { runDiffCli } from './cli-harness.js';

// `helm-rbac-lint diff` end to end with the real helm 4 and helm 3: render both sides, analyse,
// diff, format, exit code (docs/design.md#commands-targets-and-exit-codes: 1 when an introduced finding is at or above --fail-on).

interface DiffJson {
  old: { chart: string | null; kubeVersion: string | null };
  new: { chart: string | null; kubeVersion: string | null };
  subjects: { subject: { kind: string; name: string; namespace?: string | null }; added: Permission[]; removed: Permission[] }[];
  findings: Record<'introduced' | 'resolved' | 'unchanged', { ruleId: string; object: { kind: string; name: string }; evidenceChanges?: { removed: { text: string }[] } }[]>;
  verdict: string;
}

const chart = (dir: string) => join(SHARED_CHARTS, dir);
const glw = (resource: string) => ['get', 'list', 'watch'].map((v) => `${v} ${resource}`);
// The full rule set runs; the tables pin the kubelet rules (ground truth in INDEX.md), the other
// rules have their own tests. Verdicts and exit codes are whole-diff.
const KUBELET = new Set(['nodes-proxy', 'apiserver-node-proxy-path', 'kubelet-subresource-skew']);
const findingLabels = (fs: DiffJson['findings']['introduced']) => fs.filter((f) => KUBELET.has(f.ruleId)).map((f) => `${f.ruleId} ${f.object.kind}/${f.object.name}`);

/** Subjects as `ns/name` → added/removed atoms, like the text output. */
function subjectsOf(d: DiffJson): Record<string, { added: string[]; removed: string[] }> {
  return Object.fromEntries(
    d.subjects.map((s) => [`${s.subject.namespace ?? s.subject.kind}/${s.subject.name}`, { added: s.added.map(permissionLabel), removed: s.removed.map(permissionLabel) }]),
  );
}

async function diffJson(args: string[], helm: string, cwd?: string): Promise<{ code: number; json: DiffJson }> {
  const r = await runDiffCli([...args, '--format', 'json'], { helm, cwd });
  if (r.code === 2) throw new Error(`exit 2: ${r.stderr}`);
  return { code: r.code, json: JSON.parse(r.stdout) as DiffJson };
}

// Ground truth: shared/charts/INDEX.md (per-chart sections; release name = our default, the chart name).
const PAIRS: {
  name: string;
  source: string;
  args: string[];
  code: number;
  verdict: string;
  subjects: Record<string, { added: string[]; removed: string[] }>;
  introduced: string[];
  resolved: string[];
}[] = [
  {
    name: 'prometheus 28.6.1 → 28.7.0',
    source: 'INDEX.md prometheus: only nodes/proxy is removed from the server ClusterRole',
    args: [chart('prometheus-28.6.1'), chart('prometheus-28.7.0'), '-n', 'monitoring'],
    code: 0,
    verdict: 'less-risk',
    subjects: { 'monitoring/prometheus-server': { added: [], removed: glw('nodes/proxy') } },
    introduced: [],
    resolved: ['nodes-proxy ClusterRole/prometheus-server', 'apiserver-node-proxy-path ConfigMap/prometheus-server'],
  },
  {
    name: 'prometheus 28.7.0 → 28.6.1 (a regression)',
    source: 'INDEX.md prometheus, reversed',
    args: [chart('prometheus-28.7.0'), chart('prometheus-28.6.1'), '-n', 'monitoring'],
    code: 1,
    verdict: 'more-risk',
    subjects: { 'monitoring/prometheus-server': { added: glw('nodes/proxy'), removed: [] } },
    introduced: ['nodes-proxy ClusterRole/prometheus-server', 'apiserver-node-proxy-path ConfigMap/prometheus-server'],
    resolved: [],
  },
  {
    name: 'alloy 1.5.2 → 1.5.3 at kube 1.35.0',
    source: 'INDEX.md alloy: nodes/proxy replaced by nodes/pods, each get/list/watch',
    args: [chart('alloy-1.5.2'), chart('alloy-1.5.3'), '-n', 'monitoring', '--kube-version', '1.35.0'],
    code: 0,
    verdict: 'less-risk',
    subjects: { 'monitoring/alloy': { added: glw('nodes/pods'), removed: glw('nodes/proxy') } },
    introduced: [],
    resolved: ['nodes-proxy ClusterRole/alloy'],
  },
  {
    name: 'alloy 1.5.2 → 1.5.3 at kube 1.32.0 (helm 3 default)',
    source: 'INDEX.md alloy; docs/design.md#severity-follows-effective-reach kubelet-subresource-skew: nodes/pods needs 1.33 kubelets. A low introduced never outweighs a critical resolved',
    args: [chart('alloy-1.5.2'), chart('alloy-1.5.3'), '-n', 'monitoring', '--kube-version', '1.32.0'],
    code: 0,
    verdict: 'less-risk',
    subjects: { 'monitoring/alloy': { added: glw('nodes/pods'), removed: glw('nodes/proxy') } },
    introduced: ['kubelet-subresource-skew ClusterRole/alloy'],
    resolved: ['nodes-proxy ClusterRole/alloy'],
  },
  {
    name: 'opentelemetry-operator 0.107.0 → 0.107.1 at kube 1.32.0',
    source: 'INDEX.md opentelemetry-operator: below 1.33, 0.107.1 renders nodes/proxy exactly like 0.107.0',
    args: [chart('opentelemetry-operator-0.107.0'), chart('opentelemetry-operator-0.107.1'), '-n', 'monitoring', '--kube-version', '1.32.0'],
    code: 0,
    verdict: 'no-rbac-change',
    subjects: {},
    introduced: [],
    resolved: [],
  },
  {
    name: 'opentelemetry-operator 0.107.0 → 0.107.1 at kube 1.33.0',
    source: 'INDEX.md opentelemetry-operator: at >=1.33 the rule becomes nodes/pods (get)',
    args: [chart('opentelemetry-operator-0.107.0'), chart('opentelemetry-operator-0.107.1'), '-n', 'monitoring', '--kube-version', '1.33.0'],
    code: 0,
    verdict: 'less-risk',
    subjects: { 'monitoring/opentelemetry-operator': { added: ['get nodes/pods'], removed: ['get nodes/proxy'] } },
    introduced: [],
    resolved: ['nodes-proxy ClusterRole/opentelemetry-operator-manager'],
  },
  {
    name: 'a chart against itself',
    source: 'diff(a, a) is no-rbac-change by definition',
    args: [chart('prometheus-28.6.1'), chart('prometheus-28.6.1'), '-n', 'monitoring'],
    code: 0,
    verdict: 'no-rbac-change',
    subjects: {},
    introduced: [],
    resolved: [],
  },
];

describe.each(testHelms())('diff CLI with $label', ({ bin }) => {
  if (HAVE_SHARED) {
    it.each(PAIRS)('$name ($source)', async ({ args, code, verdict, subjects, introduced, resolved }) => {
      const r = await diffJson(args, bin);
      expect({ code: r.code, verdict: r.json.verdict, subjects: subjectsOf(r.json), introduced: findingLabels(r.json.findings.introduced), resolved: findingLabels(r.json.findings.resolved) }).toEqual({
        code,
        verdict,
        subjects,
        introduced,
        resolved,
      });
    });

    it('prometheus: the resolved nodes-proxy finding carries the removed API-server proxy paths (INDEX.md: two jobs)', async () => {
      const { json } = await diffJson([chart('prometheus-28.6.1'), chart('prometheus-28.7.0'), '-n', 'monitoring'], bin);
      expect(json.findings.resolved[0]?.evidenceChanges?.removed.map((e) => e.text)).toEqual(['/api/v1/nodes/$1/proxy/metrics', '/api/v1/nodes/$1/proxy/metrics/cadvisor']);
    });

    it('opentelemetry-operator at kube 1.32.0 keeps the nodes-proxy finding as unchanged', async () => {
      const { json } = await diffJson([chart('opentelemetry-operator-0.107.0'), chart('opentelemetry-operator-0.107.1'), '-n', 'monitoring', '--kube-version', '1.32.0'], bin);
      expect(findingLabels(json.findings.unchanged)).toContain('nodes-proxy ClusterRole/opentelemetry-operator-manager');
    expect(json.findings.unchanged.length).toBeGreaterThan(0);
      expect([json.old.kubeVersion, json.new.kubeVersion]).toEqual(['1.32.0', '1.32.0']);
    });

    it('text output ends with the verdict; markdown goes to --output', async () => {
      const text = await runDiffCli([chart('alloy-1.5.2'), chart('alloy-1.5.3'), '-n', 'monitoring', '--kube-version', '1.32.0'], { helm: bin });
      expect(text.stdout.trimEnd().split('\n').at(-1)).toBe('Verdict: less-risk (introduced 1 low; resolved 1 critical)');
      const dir = mkdtempSync(join(tmpdir(), 'hrl-diff-out-'));
      try {
        const md = await runDiffCli([chart('alloy-1.5.2'), chart('alloy-1.5.3'), '-n', 'monitoring', '--kube-version', '1.32.0', '-o', 'markdown', '--output', join(dir, 'rbac.md')], { helm: bin });
        expect([md.code, md.stdout]).toEqual([0, '']);
        expect(readFileSync(join(dir, 'rbac.md'), 'utf8').split('\n')[0]).toBe('### 🟢 RBAC diff: less risk (<code>less-risk</code>)');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  } else {
    it(`real-chart cases need ${SHARED_CHARTS}`, () => {
      console.warn(`[diff] ${SHARED_CHARTS} is absent: the real-chart diff cases do not run`);
      expect(HAVE_SHARED).toBe(false);
    });
  }

  describe('--git-base in a temporary repository (charts-fixtures scraper pair)', () => {
    let repo = '';
    const git = (...args: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', ...args], { cwd: repo, stdio: 'pipe' });
    beforeAll(() => {
      repo = mkdtempSync(join(tmpdir(), 'hrl-diff-git-'));
      git('init', '-q');
      cpSync(join(FIXTURES, 'scraper-direct-kubelet'), join(repo, 'charts/x'), { recursive: true });
      git('add', '.');
      git('commit', '-q', '-m', 'base');
    });
    afterAll(() => rmSync(repo, { recursive: true, force: true }));

    it('an unchanged work tree is no-rbac-change', async () => {
      const r = await diffJson(['--git-base', 'HEAD', 'charts/x', '-n', 'monitoring'], bin, repo);
      expect([r.code, r.json.verdict, r.json.old.chart, r.json.new.chart]).toEqual([0, 'no-rbac-change', 'charts/x@HEAD', 'charts/x']);
    });

    // As lint defaults to `.`: run in the chart's directory, `diff --git-base main` needs no path.
    it('without a CHART_PATH, the chart in the working directory', async () => {
      const r = await diffJson(['--git-base', 'HEAD', '-n', 'monitoring'], bin, join(repo, 'charts/x'));
      expect([r.code, r.json.verdict, r.json.old.chart, r.json.new.chart]).toEqual([0, 'no-rbac-change', '.@HEAD', '.']);
    });

    it('a work tree that adds nodes/proxy (the API-server proxy scraper) is more-risk and exits 1', async () => {
      cpSync(join(FIXTURES, 'scraper-apiserver-proxy/templates'), join(repo, 'charts/x/templates'), { recursive: true });
      const r = await diffJson(['--git-base', 'HEAD', 'charts/x', '-n', 'monitoring', '--release-name', 'fx'], bin, repo);
      expect([r.code, r.json.verdict, findingLabels(r.json.findings.introduced)]).toEqual([1, 'more-risk', ['nodes-proxy ClusterRole/fx-server', 'apiserver-node-proxy-path ConfigMap/fx-server']]);
      expect(subjectsOf(r.json)).toEqual({ 'monitoring/fx-server': { added: glw('nodes/proxy'), removed: [] } });
      const never = await runDiffCli(['--git-base', 'HEAD', 'charts/x', '-n', 'monitoring', '--fail-on', 'never'], { helm: bin, cwd: repo });
      expect(never.code).toBe(0);
    });
  });
});

describe('diff CLI: manifests and usage errors', () => {
  let dir = '';
  const manifest = clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'hrl-diff-manifests-'));
    writeFileSync(join(dir, 'old.yaml'), manifest);
    writeFileSync(join(dir, 'new.yaml'), `# same objects, another file name\n${manifest}`);
    mkdirSync(join(dir, 'two'));
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(dir, 'two/a'), { recursive: true });
    cpSync(join(FIXTURES, 'wrong-group'), join(dir, 'two/b'), { recursive: true });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('two manifest files with the same objects match finding by finding (fingerprints under one identity)', async () => {
    const r = await runDiffCli([join(dir, 'old.yaml'), join(dir, 'new.yaml'), '--format', 'json']);
    const json = JSON.parse(r.stdout) as DiffJson;
    expect([r.code, json.verdict, json.findings.introduced.length, json.findings.unchanged.length]).toEqual([0, 'no-rbac-change', 0, 1]);
  });

  it('the config beside a NEW manifest applies, as lint of that manifest finds it (not the working directory)', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'new.yaml'), readFileSync(join(dir, 'new.yaml'), 'utf8'));
    writeFileSync(join(dir, 'sub', '.helm-rbac-lint.yaml'), 'rules:\n  nodes-proxy: off\n');
    const r = await runDiffCli([join(dir, 'old.yaml'), join('sub', 'new.yaml'), '--format', 'json'], { cwd: dir });
    const json = JSON.parse(r.stdout) as DiffJson;
    expect([...json.findings.unchanged, ...json.findings.introduced].map((f) => f.ruleId)).not.toContain('nodes-proxy');
  });

  const helm = testHelms()[0]?.bin ?? 'helm';
  const usage: { name: string; args: string[]; message: RegExp }[] = [
    { name: 'one target', args: ['old.yaml'], message: /diff takes OLD and NEW \(got 1 argument\)/ },
    { name: 'three targets', args: ['old.yaml', 'new.yaml', 'new.yaml'], message: /diff takes OLD and NEW \(got 3 arguments\)/ },
    { name: 'several --kube-version', args: ['old.yaml', 'new.yaml', '--kube-version', '1.32.0', '--kube-version', '1.33.0'], message: /at most one --kube-version/ },
    { name: '--ci-values', args: ['old.yaml', 'new.yaml', '--ci-values'], message: /--ci-values is not supported/ },
    { name: 'a directory with several charts', args: ['two', 'new.yaml', '--helm', helm], message: /OLD two gives 2 renders .*exactly one render per side/ },
    { name: 'stdin on both sides', args: ['-', '-'], message: /cannot both be -/ },
    { name: '--git-base with two paths', args: ['--git-base', 'HEAD', 'a', 'b'], message: /--git-base takes one CHART_PATH \(default \.\), got 2 arguments/ },
    { name: 'an unknown format', args: ['old.yaml', 'new.yaml', '--format', 'sarif'], message: /Allowed choices are text, json, markdown/ },
  ];
  it.each(usage)('$name is a usage error (exit 2)', async ({ args, message }) => {
    const r = await runDiffCli(args, { cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
  });

  it('--help shows the examples', async () => {
    const r = await runDiffCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('helm-rbac-lint diff --git-base origin/main charts/my-chart');
  });
});
