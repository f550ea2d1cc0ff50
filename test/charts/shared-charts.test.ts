import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testHelms } from '../../scripts/dev-helm.mjs';
import { HAVE_SHARED, runJson, SHARED_CHARTS } from '../support/cli.js';

// The real charts of ../shared/charts with the commands of its INDEX.md (release name left to
// our default = chart name). Ground truth per INDEX.md "nodes/proxy in output".
const CHARTS: { dir: string; args: string[]; nodesProxy: { role: string; subjects: string[] }[] }[] = [
  { dir: 'prometheus-28.6.1', args: [], nodesProxy: [{ role: 'prometheus-server', subjects: ['monitoring/prometheus-server'] }] },
  { dir: 'prometheus-28.7.0', args: [], nodesProxy: [] },
  { dir: 'kube-prometheus-stack-88.5.3', args: [], nodesProxy: [] },
  {
    dir: 'datadog-3.240.0',
    args: ['--set', 'datadog.apiKey=00000000000000000000000000000000'],
    nodesProxy: [
      { role: 'datadog', subjects: ['monitoring/datadog'] },
      { role: 'datadog-operator', subjects: ['monitoring/datadog-operator'] },
    ],
  },
  { dir: 'opentelemetry-operator-0.107.0', args: ['--kube-version', '1.33.0'], nodesProxy: [{ role: 'opentelemetry-operator-manager', subjects: ['monitoring/opentelemetry-operator'] }] },
  { dir: 'opentelemetry-operator-0.107.1', args: ['--kube-version', '1.33.0'], nodesProxy: [] },
  { dir: 'opentelemetry-operator-0.107.1', args: ['--kube-version', '1.32.0'], nodesProxy: [{ role: 'opentelemetry-operator-manager', subjects: ['monitoring/opentelemetry-operator'] }] },
  { dir: 'alloy-1.5.2', args: [], nodesProxy: [{ role: 'alloy', subjects: ['monitoring/alloy'] }] },
  { dir: 'alloy-1.5.3', args: [], nodesProxy: [] },
  { dir: 'fluent-bit-0.58.1', args: [], nodesProxy: [] },
  { dir: 'fluent-bit-0.58.1', args: ['-f', join(SHARED_CHARTS, 'fluent-bit-0.58.1.values.yaml')], nodesProxy: [{ role: 'fluent-bit', subjects: ['monitoring/fluent-bit'] }] },
  {
    dir: 'argo-cd-10.1.1',
    args: [],
    nodesProxy: [
      { role: 'argo-cd-argocd-application-controller', subjects: ['monitoring/argocd-application-controller'] },
      { role: 'argo-cd-argocd-server', subjects: ['monitoring/argocd-server'] },
    ],
  },
  {
    dir: 'newrelic-infrastructure-4.5.0',
    args: ['--set', 'licenseKey=0000000000000000000000000000000000000000', '--set', 'cluster=test-cluster'],
    nodesProxy: [
      { role: 'newrelic-infrastructure', subjects: ['monitoring/newrelic-infrastructure'] },
      { role: 'newrelic-infrastructure-nrk8s-controlplane', subjects: ['monitoring/newrelic-infrastructure-nrk8s-controlplane'] },
    ],
  },
];

const label = (s: { kind: string; name: string; namespace?: string | null }) => (s.kind === 'ServiceAccount' ? `${s.namespace}/${s.name}` : `${s.kind} ${s.name}`);

describe.skipIf(!HAVE_SHARED).each(testHelms())('real charts in ../shared/charts with $label', ({ bin }) => {
  it.each(CHARTS)('$dir $args', async ({ dir, args, nodesProxy }) => {
    const { json, code, stderr } = await runJson(['lint', join(SHARED_CHARTS, dir), '-n', 'monitoring', ...args], { helm: bin });
    expect(code, stderr).not.toBe(2);
    const got = json.findings
      .filter((f) => f.ruleId === 'nodes-proxy')
      .map((f) => ({ role: f.object.name, subjects: f.subjects.map(label) }))
      .sort((a, b) => a.role.localeCompare(b.role));
    expect(got.map((g) => g.role)).toEqual(nodesProxy.map((n) => n.role).sort());
    for (const g of got) expect(g.subjects).toEqual(expect.arrayContaining(nodesProxy.find((n) => n.role === g.role)?.subjects ?? []));
  });

  it('every finding points at a template file that exists in the chart (subchart aliases resolved: datadog operator)', async () => {
    const dir = join(SHARED_CHARTS, 'datadog-3.240.0');
    const { json } = await runJson(['lint', dir, '-n', 'monitoring', '--set', 'datadog.apiKey=00000000000000000000000000000000', '--fail-on', 'never'], { helm: bin });
    const files = [...new Set(json.findings.map((f) => f.source.file).filter((f): f is string => f !== null))];
    expect(files).toContain('charts/datadog-operator/templates/clusterrole.yaml');
    for (const f of files) expect(existsSync(join(dir, f)), f).toBe(true);
  });

  it('prometheus 28.6.1: critical nodes-proxy for monitoring/prometheus-server at templates/clusterrole.yaml and the nodes/proxy line', async () => {
    const { json } = await runJson(['lint', join(SHARED_CHARTS, 'prometheus-28.6.1'), '-n', 'monitoring'], { helm: bin });
    const f = json.findings.find((x) => x.ruleId === 'nodes-proxy');
    expect(f?.severity).toBe('critical');
    expect(f?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus-server', namespace: 'monitoring' }]);
    expect(f?.source.file).toBe('templates/clusterrole.yaml');
    const line = readFileSync(join(SHARED_CHARTS, 'prometheus-28.6.1/templates/clusterrole.yaml'), 'utf8').split('\n')[(f?.source.line ?? 0) - 1];
    expect(line).toMatch(/nodes\/proxy/);
  });
});
