// A diff that leaves a workload calling the kubelet without the permission it needs
// (VictoriaMetrics/helm-charts 2894e2d5: nodes/proxy dropped, the API-server proxy scrape kept):
// the risk verdict reads less-risk, and the diff says it breaks kubelet access (docs/design.md#outputs
// Diff JSON `breaksAccess`; issue #14).
import { describe, expect, it } from 'vitest';
import { analyzeObjects } from '../../src/engine/analyze.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText } from '../../src/report/diff.js';
import missingKubeletPermission from '../../rules/missing-kubelet-permission/index.js';
import { objectsFromYaml, testTarget } from '../support/objects.js';
import { diffOf, only } from '../support/rules.js';
import { DIFF_TEST_RULES, DIRECT_SCRAPE, PROXY_SCRAPE, scraper } from './support.js';

const analysis = (yaml: string, id: number) => {
  const t = testTarget({ id, name: 'vm-agent' });
  return analyzeObjects(objectsFromYaml(yaml, id), [], 0, t, { rules: only(...DIFF_TEST_RULES, missingKubeletPermission) });
};
const BEFORE = scraper({ resources: ['nodes', 'nodes/proxy', 'nodes/metrics'], config: PROXY_SCRAPE });
const DROPPED = scraper({ resources: ['nodes', 'nodes/metrics'], config: PROXY_SCRAPE });
const FIXED = scraper({ resources: ['nodes', 'nodes/metrics'], config: DIRECT_SCRAPE });

describe('breaksAccess', () => {
  const broken = diffOf(analysis(BEFORE, 0), analysis(DROPPED, 1));

  it('lists the introduced missing-kubelet-permission findings, whatever the verdict', () => {
    expect(broken.verdict).toBe('less-risk');
    expect(broken.breaksAccess.map((f) => `${f.ruleId} ${f.severity} ${f.object.kind}/${f.object.name}`)).toEqual(['missing-kubelet-permission high ConfigMap/prometheus-server']);
  });

  it('is empty when the scrape moves to the kubelet in the same release (prometheus 28.6.1 → 28.7.0)', () => {
    expect(diffOf(analysis(BEFORE, 0), analysis(FIXED, 1)).breaksAccess).toEqual([]);
  });

  it('text: a line per broken workload and the verdict says it', () => {
    const text = formatDiffText(broken);
    expect(text).toContain('Breaks kubelet access: 1 workload keeps calling the kubelet without the permission (missing-kubelet-permission)');
    expect(text).toContain('  ✗ ConfigMap monitoring/prometheus-server runs as ServiceAccount monitoring/prometheus-server and loses get nodes/proxy');
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^Verdict: less-risk, but breaks kubelet access \(introduced 1 high; resolved /);
  });

  it('JSON: breaksAccess after the verdict, as findings', () => {
    const doc = JSON.parse(formatDiffJson(broken)) as { verdict: string; breaksAccess: { ruleId: string; fix: { confidence: string } }[] };
    expect(doc.verdict).toBe('less-risk');
    expect(doc.breaksAccess.map((f) => f.ruleId)).toEqual(['missing-kubelet-permission']);
    expect(doc.breaksAccess[0]?.fix.confidence).toBe('high');
  });

  it('Markdown: the heading and a list say it', () => {
    const md = formatDiffMarkdown(broken);
    expect(md.split('\n')[0]).toBe('### ⛔ RBAC diff: less risk, but breaks kubelet access (<code>less-risk</code>, <code>breaksAccess</code>)');
    expect(md).toContain('**Breaks kubelet access:** 1 workload keep calling the kubelet without the permission (<code>missing-kubelet-permission</code>):');
  });
});
