import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testHelms } from '../../scripts/dev-helm.mjs';
import { FIXTURES, runCli, runJson } from '../support/cli.js';

// Every chart in charts-fixtures/ with its expected outcome, linted end to end (real helm
// render → parse → model → rules) with helm 4 and helm 3. `rule severity Kind/name` per finding.
const EXPECTED: Record<string, { args?: string[]; findings: string[]; only?: string[] }> = {
  'explicit-nodes-proxy': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'wildcard-resources': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'star-slash-proxy': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'apigroup-wildcard': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'nodes-slash-star': { findings: ['ineffective-rule low ClusterRole/fx-agent'] },
  'wrong-group': { findings: ['ineffective-rule low ClusterRole/fx-agent'] },
  'list-watch-only': { findings: ['nodes-proxy low ClusterRole/fx-agent'] },
  'resource-names': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  aggregation: { findings: ['nodes-proxy critical ClusterRole/fx-kubelet-access'] },
  'aggregate-to-view': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'role-only': { findings: ['ineffective-rule low Role/fx-agent'] },
  'rolebinding-to-clusterrole': { findings: ['ineffective-rule low ClusterRole/fx-agent'] },
  'values-gated': { findings: [] },
  'subchart-grant': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'kind-list': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'scraper-apiserver-proxy': { findings: ['nodes-proxy critical ClusterRole/fx-server'] },
  'scraper-direct-kubelet': { findings: [] },
  // kube-prometheus-stack 88.5.3's and opentelemetry-operator 0.107.1's operator ClusterRoles.
  'operator-writes': {
    only: ['configmap-write', 'secret-write', 'service-hijack', 'destructive-delete', 'networkpolicy-write'],
    findings: [
      'secret-write critical ClusterRole/fx-operator',
      'configmap-write high ClusterRole/fx-operator',
      'service-hijack high ClusterRole/fx-operator',
      'service-hijack high ClusterRole/fx-operator',
      'service-hijack medium ClusterRole/fx-operator',
      'networkpolicy-write medium ClusterRole/fx-operator',
      'destructive-delete medium ClusterRole/fx-operator',
      'destructive-delete medium ClusterRole/fx-operator',
      'destructive-delete medium ClusterRole/fx-operator',
      'destructive-delete medium ClusterRole/fx-operator',
    ],
  },
  // datadog 3.240.0's cluster-agent: the named token ConfigMap is not flagged, create-only is one level lower.
  'agent-configmaps': {
    only: ['configmap-write', 'secret-write'],
    findings: [
      'configmap-write high ClusterRole/fx-cluster-agent',
      'configmap-write medium ClusterRole/fx-cluster-agent',
      'configmap-write medium Role/fx-cluster-agent-main',
      'secret-write high Role/fx-cluster-agent-main',
    ],
  },
  // prometheus 28.7.0: its kube-state-metrics subchart lists and watches Secrets.
  'dependency-secrets': { only: ['secrets-read'], findings: ['secrets-read high ClusterRole/fx-state-metrics'] },
  // argo-cd 10.1.1: every rule fires on the all-wildcard line, once each.
  'all-wildcard': { only: ['cluster-admin-binding', 'wildcard-grant'], findings: ['cluster-admin-binding critical ClusterRoleBinding/fx-controller', 'wildcard-grant high ClusterRole/fx-controller', 'wildcard-grant high ClusterRole/fx-controller', 'wildcard-grant high ClusterRole/fx-server'] },
  'builtin-delegator': { findings: [] },
  'builtin-edit-binding': { findings: [] },
  'vm-agent-proxy-scrape': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'vm-agent-dropped-grant': { findings: ['missing-kubelet-permission high ConfigMap/fx-config'] },
  'otel-kubelet-stats': { findings: ['nodes-proxy critical ClusterRole/fx-otel-agent'] },
  'datadog-operator-like': { findings: ['nodes-proxy critical ClusterRole/fx-operator'] },
  'otel-operator-like': { findings: ['nodes-proxy critical ClusterRole/fx-manager'] },
  'netdata-like': { findings: ['nodes-proxy critical ClusterRole/fx-netdata'] },
  'kubelet-log-streaming': { findings: ['nodes-proxy critical ClusterRole/fx-agent'] },
  'kubeversion-gated-helper': { findings: ['nodes-proxy critical ClusterRole/fx-logmonitoring'] },
  'scraper-values-rules': { findings: ['nodes-proxy critical ClusterRole/fx'] },
};

const ONLY = ['nodes-proxy', 'ineffective-rule', 'missing-kubelet-permission', 'kubelet-subresource-skew'];
const BARE_REMOVE = /remove it|Nothing in the rendered chart was found/i;

// Findings as the JSON says them, without what names the helm binary (the renderer).
async function findingsWith(bin: string, chart: string): Promise<string> {
  const { json } = await runJson(['lint', join(FIXTURES, chart), '-n', 'monitoring', '--release-name', 'fx', '--fail-on', 'never'], { helm: bin });
  return JSON.stringify({ targets: json.targets.map(({ renderer: _renderer, ...t }) => t), findings: json.findings });
}

describe('charts without kubeVersion give the same findings whatever helm renders them (helm 3.17 defaults to 1.32, helm 4.1 to 1.35)', () => {
  const helms = testHelms();
  const withoutKubeVersion = readdirSync(FIXTURES, { withFileTypes: true })
    .filter((d) => d.isDirectory() && !/^kubeVersion:/m.test(readFileSync(join(FIXTURES, d.name, 'Chart.yaml'), 'utf8')))
    .map((d) => d.name)
    .sort();
  it.skipIf(helms.length < 2).each(withoutKubeVersion)('%s', async (chart) => {
    const [a, b] = helms as unknown as [{ bin: string }, { bin: string }];
    expect(await findingsWith(b.bin, chart)).toEqual(await findingsWith(a.bin, chart));
  });
});

describe.each(testHelms())('charts-fixtures with $label', ({ bin }) => {
  it('has an expectation for every fixture chart', () => {
    const dirs = readdirSync(FIXTURES, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort();
    expect(dirs).toEqual(Object.keys(EXPECTED).sort());
  });

  it.each(Object.entries(EXPECTED))('%s', async (name, { args = [], findings, only = ONLY }) => {
    const { json } = await runJson(['lint', join(FIXTURES, name), '-n', 'monitoring', '--release-name', 'fx', '--fail-on', 'never', ...args], { helm: bin });
    const got = json.findings.filter((f) => only.includes(f.ruleId)).map((f) => `${f.ruleId} ${f.severity} ${f.object.kind}/${f.object.name}`);
    expect(got.sort()).toEqual([...findings].sort());
  });

  it('values-gated grants nodes/proxy only with its ci values (--ci-values says in which render)', async () => {
    const { json } = await runJson(['lint', join(FIXTURES, 'values-gated'), '-n', 'monitoring', '--release-name', 'fx', '--ci-values', '--fail-on', 'never'], { helm: bin });
    const f = json.findings.filter((x) => x.ruleId === 'nodes-proxy');
    expect(f).toHaveLength(1);
    expect(f[0]?.renders).toEqual(['ci/node-proxy-values.yaml']);
  });

  it('subchart grants point at the subchart template, with its real line', async () => {
    const { json } = await runJson(['lint', join(FIXTURES, 'subchart-grant'), '-n', 'monitoring', '--release-name', 'fx', '--fail-on', 'never'], { helm: bin });
    const f = json.findings.find((x) => x.ruleId === 'nodes-proxy');
    expect(f?.source.file).toBe('charts/agent/templates/clusterrole.yaml');
    const lines = readFileSync(join(FIXTURES, 'subchart-grant/charts/agent/templates/clusterrole.yaml'), 'utf8').split('\n');
    expect(lines[(f?.source.line ?? 0) - 1]).toContain('nodes/proxy');
  });

  it('all-wildcard (argo-cd 10.1.1 shape): at most one finding per rule per object rule line, and the text shows each line once', async () => {
    const { json } = await runJson(['lint', join(FIXTURES, 'all-wildcard'), '-n', 'monitoring', '--release-name', 'fx', '--fail-on', 'never'], { helm: bin });
    const perLine = new Map<string, number>();
    for (const f of json.findings) {
      const key = [f.ruleId, f.object.kind, f.object.name, f.source.file, f.source.line].join(' ');
      perLine.set(key, (perLine.get(key) ?? 0) + 1);
    }
    expect([...perLine.values()].every((n) => n === 1)).toBe(true);
    expect(json.findings.filter((f) => f.object.name === 'fx-controller' && f.source.line === 10).length).toBeGreaterThan(10);
    const text = await runCli(['lint', join(FIXTURES, 'all-wildcard'), '-n', 'monitoring', '--release-name', 'fx', '--fail-on', 'never'], { helm: bin });
    expect(text.stdout.split('\n').filter((l) => l.trim().startsWith('templates/clusterrole.yaml:10'))).toHaveLength(1);
  });

  it('scraper-apiserver-proxy (prometheus 28.6.1 shape): the fix paragraph and its rules print once', async () => {
    const text = await runCli(['lint', join(FIXTURES, 'scraper-apiserver-proxy'), '-n', 'monitoring', '--release-name', 'fx', '--fail-on', 'never'], { helm: bin });
    const fixes = text.stdout.split('\n').filter((l) => /^fix( \(confidence \w+\))?:/.test(l.trim()));
    expect(fixes.length).toBeGreaterThanOrEqual(2);
    expect(fixes.filter((l) => !l.includes('the same as for'))).toHaveLength(1);
    expect(text.stdout.split('\n').filter((l) => l.trim() === 'rules:')).toHaveLength(1);
  });

  describe('dependency-secrets (prometheus 28.7.0 shape): a subchart finding is named, and the config decides how it counts', () => {
    const lintWith = async (config: string | null, extra: string[] = []) => {
      const dir = mkdtempSync(join(tmpdir(), 'hrl-deps-'));
      const file = join(dir, 'config.yaml');
      if (config !== null) writeFileSync(file, config);
      const args = ['lint', join(FIXTURES, 'dependency-secrets'), '-n', 'monitoring', '--release-name', 'fx', ...(config !== null ? ['--config', file] : []), ...extra];
      return { json: await runJson(args, { helm: bin }), text: await runCli(args, { helm: bin }) };
    };

    it('without a config it fails at the default high and names the subchart and its version', async () => {
      const { json, text } = await lintWith(null);
      expect(json.code).toBe(1);
      expect(json.json.findings[0]?.dependency).toEqual({ name: 'state-metrics', version: '7.1.0', path: 'charts/state-metrics' });
      expect(text.stdout).toContain('charts/state-metrics/templates/clusterrole.yaml:11 (subchart state-metrics 7.1.0)');
    });

    it('`dependencies: warn` passes at high and still lists the finding', async () => {
      const { json, text } = await lintWith('dependencies: warn\n');
      expect(json.code).toBe(0);
      expect(json.json.findings.map((f) => `${f.ruleId} ${f.severity} ${f.suppressed}`)).toEqual(['secrets-read high false']);
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('(subchart state-metrics 7.1.0, warn only)');
      expect(text.stdout).toContain('1 from subcharts listed without failing the run (config dependencies)');
    });

    it('one line per subchart, with the reason shown beside the finding', async () => {
      const { json, text } = await lintWith('dependencies:\n  charts:\n    - { chart: state-metrics, mode: warn, reason: "kube_secret_* metrics need it; the subchart\'s call" }\n');
      expect(json.code).toBe(0);
      expect(text.stdout).toContain("(subchart state-metrics 7.1.0, warn only: kube_secret_* metrics need it; the subchart's call)");
    });

    it('`ignore` suppresses with the reason; `report` with a failOn of its own fails only at that level', async () => {
      const ignored = await lintWith('dependencies:\n  charts:\n    - { chart: state-*, mode: ignore, reason: accepted upstream risk }\n');
      expect(ignored.json.code).toBe(0);
      expect(ignored.json.json.findings[0]?.suppression).toEqual({ by: 'config', reason: 'accepted upstream risk' });
      const critical = await lintWith('dependencies:\n  failOn: critical\n');
      expect(critical.json.code).toBe(0);
      // A dependency threshold never makes the run stricter than --fail-on.
      const low = await lintWith('dependencies:\n  failOn: low\n', ['--fail-on', 'critical']);
      expect(low.json.code).toBe(0);
    });

    it('an entry naming no subchart with findings is reported as unused', async () => {
      const { json } = await lintWith('dependencies:\n  charts:\n    - { chart: kube-state-metrics, mode: warn, reason: r }\n');
      expect(json.code).toBe(1);
      expect(json.json.suppressions.map((n) => n.message)).toContain('dependencies.charts[0] (chart kube-state-metrics, mode warn) matched no finding of a vendored subchart; remove it');
    });
  });

  it('builtin-edit-binding fails at the default threshold: pod-exec critical, secrets-read high, on the binding\'s roleRef, naming the built-in role', async () => {
    const { json, code } = await runJson(['lint', join(FIXTURES, 'builtin-edit-binding'), '-n', 'ci', '--release-name', 'fx'], { helm: bin });
    expect(code).toBe(1);
    const lines = readFileSync(join(FIXTURES, 'builtin-edit-binding/templates/rbac.yaml'), 'utf8').split('\n');
    for (const [ruleId, severity] of [['pod-exec', 'critical'], ['secrets-read', 'high']] as const) {
      const f = json.findings.filter((x) => x.ruleId === ruleId);
      expect(f.length, ruleId).toBeGreaterThan(0);
      expect(f.map((x) => x.severity)).toContain(severity);
      for (const x of f) {
        expect(x.object).toMatchObject({ kind: 'ClusterRoleBinding', name: 'fx-runner' });
        expect(x.message).toMatch(/^ClusterRoleBinding fx-runner → ClusterRole edit \(built-in\) grants /);
        expect(lines[(x.source.line ?? 0) - 1]).toMatch(/^roleRef:/);
      }
    }
    // Built-in content is never reported on its own: every finding is on the chart's binding.
    expect(json.findings.every((x) => x.object.kind === 'ClusterRoleBinding')).toBe(true);
  });

  it('builtin-delegator: can-i answers from the built-in roles the chart binds', async () => {
    const sa = 'system:serviceaccount:monitoring:fx-agent';
    const ask = (...args: string[]) => runCli(['can-i', ...args, '--as', sa, join(FIXTURES, 'builtin-delegator'), '-n', 'monitoring', '--release-name', 'fx'], { helm: bin });
    expect((await ask('create', 'tokenreviews')).stdout).toBe('yes\n');
    expect((await ask('create', 'subjectaccessreviews.authorization.k8s.io')).stdout).toBe('yes\n');
    // -n is both the release namespace and the namespace asked about: install into kube-system to ask there.
    const reader = await runCli(['can-i', 'get', 'configmaps/extension-apiserver-authentication', '--as', 'system:serviceaccount:kube-system:fx-agent', join(FIXTURES, 'builtin-delegator'), '-n', 'kube-system', '--release-name', 'fx'], { helm: bin });
    expect(reader.stdout).toBe('yes\n');
    expect((await ask('get', 'secrets')).stdout).toBe('no\n');
  });

  it('the VictoriaMetrics pair (helm-charts 2894e2d5): the diff introduces missing-kubelet-permission and breaks kubelet access; the new side fails at high', async () => {
    const args = ['-n', 'monitoring', '--release-name', 'fx'];
    const diff = await runJson(['diff', join(FIXTURES, 'vm-agent-proxy-scrape'), join(FIXTURES, 'vm-agent-dropped-grant'), ...args], { helm: bin });
    const doc = diff.json as unknown as { verdict: string; breaksAccess: { ruleId: string }[]; findings: { introduced: { ruleId: string; severity: string }[] } };
    expect(diff.code).toBe(1);
    expect(doc.verdict).toBe('less-risk');
    expect(doc.findings.introduced.map((f) => `${f.ruleId} ${f.severity}`)).toEqual(['missing-kubelet-permission high']);
    expect(doc.breaksAccess.map((f) => f.ruleId)).toEqual(['missing-kubelet-permission']);
    const lint = await runJson(['lint', join(FIXTURES, 'vm-agent-dropped-grant'), '-n', 'monitoring', '--release-name', 'fx', '--fail-on', 'high'], { helm: bin });
    expect(lint.code).toBe(1);
  });

  const lintFixture = (name: string, ...extra: string[]) => runJson(['lint', join(FIXTURES, name), '-n', 'monitoring', '--release-name', 'fx', '--fail-on', 'never', ...extra], { helm: bin });

  it.each(['kubelet_stats', 'kubeletstats'])('SigNoz k8s-infra shape with receiver %s: advice names nodes/stats and nodes/pods from config evidence', async (receiver) => {
    const { json } = await lintFixture('otel-kubelet-stats', '--set', `otelAgent.receiverName=${receiver}`);
    const f = json.findings.find((x) => x.ruleId === 'nodes-proxy') as unknown as { fix: { rules: { resources: string[] }[]; confidence: string }; evidence: { kind: string; client: string; kubeletPath: string }[] };
    expect(f.fix.rules.flatMap((r) => r.resources).sort()).toEqual(['nodes/pods', 'nodes/stats']);
    expect(f.fix.confidence).toBe('high');
    expect(f.evidence.map((e) => `${e.kind} ${e.client} ${e.kubeletPath}`).sort()).toEqual(['config otel-kubeletstats /pods', 'config otel-kubeletstats /stats/summary']);
  });

  it.each([
    { chart: 'datadog-operator-like', switch: /clusterRole\.kubeletFineGrainedAuthorization=true/, renders: undefined },
    { chart: 'otel-operator-like', switch: /opentelemetry-operator chart 0\.107\.1 and later grant nodes\/pods instead/, renders: ['kube 1.32.0'] },
  ])('$chart: the advice explains escalation prevention and names the switch, never a bare "remove it"', async ({ chart, switch: named, renders }) => {
    const { json } = await lintFixture(chart);
    const f = json.findings.find((x) => x.ruleId === 'nodes-proxy') as unknown as { renders?: string[]; fix: { summary: string; confidence: string }; evidence: { kind: string }[] };
    expect(f.renders).toEqual(renders);
    expect(f.fix.summary).toMatch(/escalation prevention lets a subject without the escalate verb grant only permissions it holds itself/);
    expect(f.fix.summary).toMatch(named);
    expect(f.fix.summary).not.toMatch(BARE_REMOVE);
    expect(f.fix.confidence).toBe('medium');
    expect(f.evidence.map((e) => e.kind)).toEqual(['operator']);
  });

  it('datadog-operator shape with its switch on: no nodes/proxy left', async () => {
    const { json } = await lintFixture('datadog-operator-like', '--set', 'clusterRole.kubeletFineGrainedAuthorization=true');
    expect(json.findings.filter((x) => x.ruleId === 'nodes-proxy')).toEqual([]);
  });

  it('netdata 3.7.172 shape: lints (exit 1, nodes-proxy critical) despite the quoted init args, and the comment adds nodes/pods', async () => {
    const { json, code } = await runJson(['lint', join(FIXTURES, 'netdata-like'), '-n', 'monitoring', '--release-name', 'fx'], { helm: bin });
    expect(code).toBe(1);
    const f = json.findings.find((x) => x.ruleId === 'nodes-proxy') as unknown as { severity: string; fix: { rules: { resources: string[] }[]; confidence: string }; evidence: { kind: string; kubeletPath: string }[] };
    expect(f.severity).toBe('critical');
    expect(f.fix.rules.flatMap((r) => r.resources)).toContain('nodes/pods');
    expect(f.evidence.filter((e) => e.kind === 'comment').map((e) => e.kubeletPath)).toEqual(['/pods']);
    expect((json as unknown as { warnings: unknown[] }).warnings).toEqual([]);
  });

  it('kubelet log streaming keeps nodes/proxy and names the value that turns it off; without it, the fine-grained replacement', async () => {
    const on = (await lintFixture('kubelet-log-streaming')).json.findings.find((x) => x.ruleId === 'nodes-proxy');
    expect(on?.fix?.summary).toMatch(/keep nodes\/proxy while it is on\. To turn it off: leave DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API unset or false/);
    const off = (await lintFixture('kubelet-log-streaming', '--set', 'logs.viaKubeletApi=false')).json.findings.find((x) => x.ruleId === 'nodes-proxy');
    expect(off?.fix?.summary).toMatch(/only needs nodes\/metrics, nodes\/pods, nodes\/stats; replace nodes\/proxy with them/);
  });

  it('a grant the template switches on the Kubernetes version (through a helper) is judged per render: nodes-proxy at the oldest, no skew', async () => {
    const { json } = await lintFixture('kubeversion-gated-helper');
    expect(json.targets.map((t) => t.render)).toEqual(['kube 1.37.0', 'kube 1.32.0']);
    expect(json.findings.filter((x) => ONLY.includes(x.ruleId)).map((f) => `${f.ruleId} ${f.renders?.join(',')}`)).toEqual(['nodes-proxy kube 1.32.0']);
  });

  it('the scraper pair: API-server proxy evidence keeps nodes/proxy, the fix moves to direct scraping with nodes/metrics', async () => {
    const { json, code } = await runJson(['lint', join(FIXTURES, 'scraper-apiserver-proxy'), '-n', 'monitoring', '--release-name', 'fx'], { helm: bin });
    expect(code).toBe(1);
    const f = json.findings.find((x) => x.ruleId === 'nodes-proxy');
    expect(f?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'fx-server', namespace: 'monitoring' }]);
    expect(f?.evidence.map((e) => e.text)).toContain('/api/v1/nodes/$1/proxy/metrics');
    expect(f?.fix?.summary).toMatch(/still needed/);
    expect(f?.fix?.rules).toEqual([{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'] }]);
  });
});
