import { readdirSync, readFileSync } from 'node:fs';
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
  // argo-cd 10.1.1: every rule fires on the all-wildcard line, once each.
  'all-wildcard': { only: ['cluster-admin-binding', 'wildcard-grant'], findings: ['cluster-admin-binding critical ClusterRoleBinding/fx-controller', 'wildcard-grant high ClusterRole/fx-controller', 'wildcard-grant high ClusterRole/fx-controller', 'wildcard-grant high ClusterRole/fx-server'] },
};

const ONLY = ['nodes-proxy', 'ineffective-rule'];

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
    const fixes = text.stdout.split('\n').filter((l) => l.trim().startsWith('fix:'));
    expect(fixes.length).toBeGreaterThanOrEqual(2);
    expect(fixes.filter((l) => !l.includes('the same as for'))).toHaveLength(1);
    expect(text.stdout.split('\n').filter((l) => l.trim() === 'rules:')).toHaveLength(1);
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
