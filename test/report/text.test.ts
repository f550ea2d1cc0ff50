import { describe, expect, it } from 'vitest';
import { formatText } from '../../src/report/text.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import type { Evidence, Finding } from '../../src/types.js';
import { finding, realisticReport, reportOf } from './fixture.js';

const metricsRule = { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'], resourceNames: [], nonResourceURLs: [] };
const count = (text: string, needle: string): number => text.split(needle).length - 1;

const evidence = (text: string): Evidence => ({
  object: { apiVersion: 'v1', kind: 'ConfigMap', name: 'server', namespace: 'monitoring' },
  target: 0,
  path: 'data.prometheus.yml',
  text,
  kind: 'config',
  access: 'apiserver-proxy',
  kubeletPath: '/metrics',
  subresources: ['metrics'],
  verb: 'get',
  source: { file: 'templates/cm.yaml', line: 20 },
});

describe('formatText: one block per rule line', () => {
  // The argo-cd 10.1.1 shape: one all-wildcard rule line that many rules flag.
  const onOneLine: Finding[] = ['impersonate', 'pod-exec', 'secrets-read', 'wildcard-grant'].map((ruleId, i) =>
    finding({ ruleId, message: `ClusterRole r grants * (${ruleId}).`, fingerprint: String(i).repeat(32), source: { file: 'templates/clusterrole.yaml', line: 15 } }),
  );
  const elsewhere = finding({ ruleId: 'wildcard-grant', message: 'ClusterRole r rule 2 uses "*".', source: { file: 'templates/clusterrole.yaml', line: 21 }, fingerprint: '9'.repeat(32) });

  it('prints the line and the holders once, then each rule with its message', () => {
    const text = formatText(reportOf([...onOneLine, elsewhere]));
    expect(text).toContain('    templates/clusterrole.yaml:15: 4 findings on this line, held by monitoring/sa\n      CRITICAL impersonate\n        ClusterRole r grants * (impersonate).\n');
    expect(count(text, 'templates/clusterrole.yaml:15')).toBe(1);
    // The other rule line of the same object stays a finding of its own, with its location and holders.
    expect(text).toContain('    CRITICAL wildcard-grant  templates/clusterrole.yaml:21\n      ClusterRole r rule 2 uses "*".\n      subjects: monitoring/sa\n');
    expect(count(text, 'subjects: monitoring/sa')).toBe(1);
  });

  it('keeps the holders per finding when they differ within a line', () => {
    const other = finding({ ruleId: 'secrets-read', subjects: [{ kind: 'Group', name: 'ops' }], source: { file: 'templates/clusterrole.yaml', line: 15 }, fingerprint: '8'.repeat(32) });
    const text = formatText(reportOf([onOneLine[0] as Finding, other]));
    expect(text).toContain('templates/clusterrole.yaml:15: 2 findings on this line\n');
    expect(text).toContain('subjects: monitoring/sa');
    expect(text).toContain('subjects: Group ops');
  });
});

describe('fix text once (prometheus 28.6.1: nodes-proxy and apiserver-node-proxy-path share one remedy)', () => {
  const shared = { rules: [metricsRule], minKubernetesVersion: null };
  const proxy = finding({ evidence: [evidence('/api/v1/nodes/$1/proxy/metrics'), evidence('/api/v1/nodes/$1/proxy/metrics/cadvisor')], fix: { ...shared, summary: 'nodes/proxy is still needed while the scrape config goes through the API server; scrape the kubelet directly.' } });
  const path = finding({
    ruleId: 'apiserver-node-proxy-path',
    severity: 'medium',
    object: { apiVersion: 'v1', kind: 'ConfigMap', name: 'server', namespace: 'monitoring' },
    source: { file: 'templates/cm.yaml', line: 20 },
    subjects: [],
    evidence: [...proxy.evidence].reverse(),
    fix: { ...shared, summary: 'Stop going through the API server: scrape the kubelet directly.' },
    fingerprint: '1'.repeat(32),
  });

  it('text prints the fix and the evidence under the first finding and refers to them from the second', () => {
    const text = formatText(reportOf([proxy, path]));
    expect(count(text, 'resources: ["nodes/metrics"]')).toBe(1);
    expect(text.split('\n').filter((l) => /^\s*fix( \(confidence \w+\))?: /.test(l))).toHaveLength(2);
    expect(count(text, '/api/v1/nodes/$1/proxy/metrics/cadvisor')).toBe(1);
    expect(text).toContain('evidence: the 2 entries shown for nodes-proxy on ClusterRole r (templates/clusterrole.yaml:5)');
    expect(text).toContain('fix: the same as for nodes-proxy on ClusterRole r (templates/clusterrole.yaml:5) above');
    expect(text).not.toContain('Stop going through the API server');
  });

  it('markdown has one fix block naming both findings', () => {
    const md = formatMarkdown(reportOf([proxy, path]));
    expect(count(md, '<details><summary>Fix for')).toBe(1);
    expect(md).toContain('<details><summary>Fix for nodes-proxy on ClusterRole <code>r</code> (also apiserver-node-proxy-path on ConfigMap <code>monitoring/server</code>)</summary>');
    expect(count(md, '```yaml')).toBe(1);
  });

  it('a different remedy is still printed in full', () => {
    const other = finding({ ...path, fix: { rules: [], minKubernetesVersion: null, summary: 'Remove the scrape job.' } });
    const text = formatText(reportOf([proxy, other]));
    expect(text).toContain('fix (confidence high): Remove the scrape job.');
  });

  it('the engine-made prometheus report prints each fix paragraph once', () => {
    const { report } = realisticReport();
    const text = formatText({ ...report, findings: report.findings.filter((f) => f.target === 0) });
    const fixes = text.split('\n').filter((l) => l.trim().startsWith('fix:') && !l.includes('the same as for'));
    expect(new Set(fixes).size).toBe(fixes.length);
    expect(count(text, 'resources: ["nodes/metrics"]')).toBeLessThanOrEqual(1);
  });
});
