import { describe, expect, it } from 'vitest';
import { analyzeObjects } from '../../src/engine/analyze.js';
import { fencedBlock, formatMarkdown, verdictLine } from '../../src/report/markdown.js';
import { accessGraph, mermaidLabel } from '../../src/report/mermaid.js';
import type { Finding } from '../../src/types.js';
import { clusterRole, crb, objectsFromYaml, rule, testTarget } from '../support/objects.js';
import { finding, HOSTILE, realisticReport, reportOf } from './fixture.js';
import { TEST_RULES } from '../support/rules.js';

const metricsRule = { apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'], resourceNames: [], nonResourceURLs: [] };

/** Rows of every GFM table in the text: lines that start with `|`. Cells split on raw pipes, as GFM does. */
const tableRows = (md: string) => md.split('\n').filter((l) => l.startsWith('|'));
const cellsOf = (row: string) => row.split('|').length - 2;

describe('formatMarkdown', () => {
  it('keeps code in fix advice and messages as code, never as &#96; entities', () => {
    const summary = 'Scrape the kubelet directly (Prometheus: `kubernetes_sd_configs` `role: node`), then replace `nodes/proxy` with `nodes/metrics`.';
    const md = formatMarkdown(reportOf([finding({ message: 'ClusterRole `r` grants get on nodes/proxy.', fix: { summary, rules: [metricsRule], minKubernetesVersion: null } })]));
    expect(md).toContain('Scrape the kubelet directly (Prometheus: <code>kubernetes_sd_configs</code> <code>role: node</code>), then replace <code>nodes/proxy</code> with <code>nodes/metrics</code>.');
    expect(md).toContain('| ClusterRole <code>r</code> grants get on nodes/proxy. |');
    expect(md).not.toMatch(/&#96;|&#95;/);
  });

  it('a small report, in full (reviewed)', () => {
    const report = reportOf([
      finding({ fix: { summary: 'Grant nodes/metrics instead.', rules: [metricsRule], minKubernetesVersion: null } }),
      finding({ severity: 'low', ruleId: 'ineffective-rule', subjects: [], source: { file: 'templates/x.yaml', line: null }, message: 'Rule 1 grants nothing.', fingerprint: '1'.repeat(32) }),
    ]);
    expect(formatMarkdown(report)).toBe(
      [
        '**helm-rbac-lint: FAIL — 1 critical, 0 high, 0 medium, 1 low, 0 info (0 suppressed)**',
        '',
        'Fails on high or above; 1 render checked.',
        '',
        '### Who reaches what',
        '',
        '```mermaid',
        'graph LR',
        '  n0(["ServiceAccount monitoring/sa"])',
        '  n1["ClusterRole r"]',
        '  n2>"nodes/proxy: get"]',
        '  n0 -->|bound| n1',
        '  n1 --> n2',
        '```',
        '',
        '### test 0.1.0 (<code>charts/test</code>)',
        '',
        '| severity | rule | object | template | subjects | message |',
        '| --- | --- | --- | --- | --- | --- |',
        '| critical | [nodes-proxy](https://github.com/helm-rbac-lint/helm-rbac-lint/blob/main/docs/rules.md#nodes-proxy) | ClusterRole <code>r</code> | <code>templates/clusterrole.yaml:5</code> | <code>monitoring/sa</code> | ClusterRole r grants get on nodes/proxy. |',
        '| low | [ineffective-rule](https://github.com/helm-rbac-lint/helm-rbac-lint/blob/main/docs/rules.md#ineffective-rule) | ClusterRole <code>r</code> | <code>templates/x.yaml</code> | none bound in the chart | Rule 1 grants nothing. |',
        '',
        '<details><summary>Fix for nodes-proxy on ClusterRole <code>r</code></summary>',
        '',
        'Grant nodes/metrics instead.',
        '',
        '```yaml',
        'rules:',
        '  - apiGroups: [""]',
        '    resources: ["nodes/metrics"]',
        '    verbs: ["get"]',
        '```',
        '',
        '</details>',
        '',
      ].join('\n'),
    );
  });

  it.each([
    { name: 'fails at the default threshold', findings: [finding({ severity: 'high' })], failOn: undefined, line: '**helm-rbac-lint: FAIL — 0 critical, 1 high, 0 medium, 0 low, 0 info (0 suppressed)**' },
    { name: 'passes below the threshold', findings: [finding({ severity: 'medium' })], failOn: 'high' as const, line: '**helm-rbac-lint: PASS — 0 critical, 0 high, 1 medium, 0 low, 0 info (0 suppressed)**' },
    { name: 'suppressed findings never fail, but are counted', findings: [finding({ suppressed: true })], failOn: 'info' as const, line: '**helm-rbac-lint: PASS — 0 critical, 0 high, 0 medium, 0 low, 0 info (1 suppressed)**' },
    { name: '--fail-on never', findings: [finding()], failOn: 'never' as const, line: '**helm-rbac-lint: PASS — 1 critical, 0 high, 0 medium, 0 low, 0 info (0 suppressed)**' },
  ])('verdict line: $name (docs/design.md#commands-targets-and-exit-codes exit codes, docs/design.md#severity-follows-effective-reach suppressed counts)', ({ findings, failOn, line }) => {
    expect(verdictLine(reportOf(findings), { failOn })).toBe(line);
    expect(formatMarkdown(reportOf(findings), { failOn }).split('\n')[0]).toBe(line);
  });

  it('quiet keeps only findings at or above failOn (as the text format)', () => {
    const md = formatMarkdown(reportOf([finding(), finding({ severity: 'low', ruleId: 'ineffective-rule', fingerprint: '1'.repeat(32) })]), { quiet: true, failOn: 'high' });
    expect(md).toContain('[nodes-proxy]');
    expect(md).not.toContain('[ineffective-rule]');
  });

  describe('chart-controlled text (docs/design.md#robustness: no comment injection)', () => {
    const { report, models } = realisticReport();
    const md = formatMarkdown(report, { models });
    // Mermaid labels have their own escaping (tested below); inside the fence GitHub links nothing.
    const prose = md.replace(/```mermaid\n[\s\S]*?\n```/, '');

    it.each([
      { raw: '<img', source: 'raw HTML (GFM tagfilter does not cover <img>)' },
      { raw: '@octocat', source: 'GitHub mentions notify the user' },
      { raw: '@admin', source: 'mentions inside subjects' },
      { raw: '#123', source: 'issue references' },
      { raw: '](https://evil', source: 'links' },
      { raw: '\u001b', source: 'terminal control characters' },
      { raw: '\u0007', source: 'BEL' },
      { raw: '\r', source: 'CR' },
    ])('no raw $raw ($source)', ({ raw }) => {
      expect(`${HOSTILE} @admin`).toContain(raw); // the input has it
      expect(md).toContain('```mermaid');
      expect(prose).not.toContain(raw);
    });

    it('every table row keeps its column count: a pipe in chart text cannot split a cell', () => {
      const counts = tableRows(md).map(cellsOf);
      const held = report.findings.filter((f) => !f.suppressed);
      const suppressed = report.findings.length - held.length;
      // Findings tables (6 columns): header + separator per chart section, one row per finding;
      // the suppressed table (5 columns): header + separator + one row each.
      expect(counts.filter((n) => n === 6)).toHaveLength(2 * new Set(held.map((f) => f.target)).size + held.length);
      expect(counts.filter((n) => n === 5)).toHaveLength(2 + suppressed);
      expect(counts.filter((n) => n !== 5 && n !== 6)).toEqual([]);
    });

    it('lists suppressed findings apart, with who suppressed them and why', () => {
      expect(md).toContain('<details><summary>3 suppressed findings</summary>');
      for (const by of ['annotation', 'config', 'baseline']) expect(md).toContain(`| ${by} | accepted by ${by}`);
    });

    it('fences and <details> are balanced', () => {
      expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
      expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    });
  });

  it('stays under the byte budget, ends with a note and never inside a block (GitHub step summary cap: 1 MiB)', () => {
    const findings: Finding[] = Array.from({ length: 400 }, (_, i) =>
      finding({ object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `role-${i}`, namespace: null }, fingerprint: String(i).padStart(32, '0'), fix: { summary: `Fix ${i}.`, rules: [metricsRule], minKubernetesVersion: null } }),
    );
    const maxBytes = 20_000;
    const md = formatMarkdown(reportOf(findings), { maxBytes });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(maxBytes);
    expect(md).toMatch(/_Output truncated to stay under the size GitHub accepts; the SARIF or JSON output has every finding\._\n$/);
    expect((md.match(/^```/gm) ?? []).length % 2).toBe(0);
    expect((md.match(/<details>/g) ?? []).length).toBe((md.match(/<\/details>/g) ?? []).length);
    expect(Buffer.byteLength(formatMarkdown(reportOf(findings)))).toBeLessThan(1_000_000);
  });

  it.each([
    { content: 'plain', fence: '```' },
    { content: 'has ``` inside', fence: '````' },
    { content: 'has ````` inside', fence: '``````' },
  ])('fencedBlock: a fence longer than any backtick run in "$content" (CommonMark §4.5)', ({ content, fence }) => {
    expect(fencedBlock('yaml', content)).toBe(`${fence}yaml\n${content}\n${fence}`);
  });
});

describe('access graph (mermaid)', () => {
  // Mermaid flowchart syntax, "Entity codes to escape characters": `#quot;`, `#35;`, … inside quoted labels.
  it.each([
    { text: 'a "b"', label: 'a #quot;b#quot;', why: 'a quote would end the label' },
    { text: '<script>x</script>', label: '#lt;script#gt;x#lt;/script#gt;', why: 'no HTML in labels' },
    { text: 'a & b', label: 'a #amp; b', why: 'no character references' },
    { text: '#quot; #35;', label: '#35;quot; #35;35;', why: 'entity look-alikes stay literal' },
    { text: '```', label: '#96;#96;#96;', why: 'would close the ```mermaid fence' },
    { text: '%%{init: {}}%%', label: '#37;#37;{init: {}}#37;#37;', why: 'no directives' },
    { text: 'a|b', label: 'a#124;b', why: 'edge-label delimiter' },
    { text: 'two\nlines\r\u001b', label: 'two lines ', why: 'one line, no control characters' },
    { text: 'x'.repeat(100), label: `${'x'.repeat(79)}…`, why: 'labels are capped' },
  ])('mermaidLabel: $why', ({ text, label }) => {
    expect(mermaidLabel(text)).toBe(label);
  });

  it('with models, names the binding: subject → binding → role → permission (prometheus 28.6.1 shape)', () => {
    const { report, models } = realisticReport();
    const held = report.findings.filter((f) => !f.suppressed && f.target === 0 && f.subjects.length > 0);
    expect(accessGraph(held, models).mermaid).toBe(
      [
        'graph LR',
        '  n0(["ServiceAccount monitoring/prometheus-server"])',
        '  n1{{"ClusterRoleBinding prometheus-server"}}',
        '  n2["ClusterRole prometheus-server"]',
        '  n3>"nodes/proxy: get, list, watch"]',
        '  n0 --> n1',
        '  n1 --> n2',
        '  n2 --> n3',
      ].join('\n'),
    );
  });

  // bootstrappolicy policy.go: view is labelled aggregate-to-edit and edit aggregate-to-admin, so a
  // rule aggregated into view reaches every holder of view, edit and admin.
  it('an aggregated grant shows the aggregating roles (aggregate-to-view reaches view, edit, admin)', () => {
    const yaml =
      clusterRole('scrape', rule([''], ['nodes/proxy'], ['get']), '  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: "true"\n') +
      crb('viewers', 'view', '  - { kind: ServiceAccount, name: viewer, namespace: monitoring }');
    const a = analyzeObjects(objectsFromYaml(yaml), [], 0, testTarget(), { rules: TEST_RULES });
    const held = a.findings.filter((f) => f.ruleId === 'nodes-proxy');
    expect(held.map((f) => f.subjects)).toEqual([[{ kind: 'ServiceAccount', name: 'viewer', namespace: 'monitoring' }]]);
    expect(accessGraph(held, new Map([[0, a.model]])).mermaid).toBe(
      [
        'graph LR',
        '  n0(["ServiceAccount monitoring/viewer"])',
        '  n1{{"ClusterRoleBinding viewers"}}',
        '  n2["ClusterRole view (built-in)"]',
        '  n3["ClusterRole scrape"]',
        '  n4["ClusterRole edit (built-in)"]',
        '  n5["ClusterRole admin (built-in)"]',
        '  n6>"nodes/proxy: get"]',
        '  n0 --> n1',
        '  n1 --> n2',
        '  n2 -->|aggregates| n3',
        '  n4 -->|aggregates| n3',
        '  n5 -->|aggregates| n3',
        '  n3 --> n6',
      ].join('\n'),
    );
  });

  it('caps the edges and says how many there were', () => {
    const findings = Array.from({ length: 30 }, (_, i) =>
      finding({ object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `r${i}`, namespace: null } }),
    );
    // Each finding: subject → its role, role → the shared permission node: 60 edges.
    expect(accessGraph(findings)).toMatchObject({ edges: 60, shownEdges: 50 });
    const capped = accessGraph(findings, undefined, 10);
    expect(capped.shownEdges).toBe(10);
    expect(capped.mermaid?.split('\n').filter((l) => l.includes('-->'))).toHaveLength(10);
    expect(formatMarkdown(reportOf(findings))).toContain('The graph shows the first 50 of 60 edges.');
    expect(accessGraph(findings.slice(0, 2))).toMatchObject({ edges: 4, shownEdges: 4 });
  });

  it('node ids are safe identifiers whatever the names', () => {
    const { report, models } = realisticReport();
    const graph = accessGraph(report.findings.filter((f) => f.subjects.length > 0), models).mermaid ?? '';
    for (const line of graph.split('\n').slice(1)) expect(line).toMatch(/^ {2}n\d+(\W|$)/);
    expect(graph).not.toContain(HOSTILE);
  });
});
