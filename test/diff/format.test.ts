import { describe, expect, it } from 'vitest';
import { diffOf as diff } from '../support/rules.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText } from '../../src/report/diff.js';
import { clusterRole, crb, rule } from '../support/objects.js';
import { DIRECT_SCRAPE, PROXY_SCRAPE, analysisOf, scraper } from './support.js';

// Scenario: shared/charts/INDEX.md prometheus 28.6.1 → 28.7.0 (nodes/proxy dropped, scraping
// moved from the API-server proxy path to the kubelet), rebuilt as YAML.
const PROM_OLD = scraper({ resources: ['nodes', 'nodes/proxy', 'nodes/metrics', 'pods'], config: PROXY_SCRAPE });
const PROM_NEW = scraper({ resources: ['nodes', 'nodes/metrics', 'pods'], config: DIRECT_SCRAPE });
const WILDCARD_OLD = scraper({ resources: ['*'], config: PROXY_SCRAPE });
const prometheus = () => diff(analysisOf(PROM_OLD, { name: 'prometheus', version: '28.6.1' }), analysisOf(PROM_NEW, { name: 'prometheus', version: '28.7.0' }));

describe('formatDiffText', () => {
  const text = formatDiffText(prometheus());
  const lines = text.trimEnd().split('\n');

  it('lists per subject what it lost, then findings, then the verdict as the last line', () => {
    const subject = lines.indexOf('  ServiceAccount monitoring/prometheus-server');
    expect(subject).toBeGreaterThan(0);
    // Atoms fold back into rule-like lines: one line for the three verbs.
    expect(lines[subject + 1]).toBe('    - get, list, watch on nodes/proxy');
    const resolved = lines.indexOf('Resolved findings (2)');
    expect(resolved).toBeGreaterThan(subject);
    expect(lines[resolved + 1]).toMatch(/^ {2}CRITICAL +nodes-proxy {2}ClusterRole prometheus-server/);
    expect(lines.at(-1)).toBe('Verdict: less-risk (introduced none; resolved 1 critical, 1 medium)');
  });

  it('lists each evidence change once, and the findings it explains point at it', () => {
    expect(text.split('/api/v1/nodes/$1/proxy/metrics (').length - 1).toBe(1);
    expect(text).toContain('  - ConfigMap monitoring/prometheus-server data.prometheus.yml: /api/v1/nodes/$1/proxy/metrics');
    expect(text.split('    evidence: 1 removed, 1 added (listed under Kubelet access evidence below)').length - 1).toBe(2);
  });

  it('marks probe-level consequences of a narrowed wildcard, and only those', () => {
    const wildcard = formatDiffText(diff(analysisOf(WILDCARD_OLD), analysisOf(PROM_NEW)));
    expect(wildcard).toContain('    - get, list, watch on *\n');
    expect(wildcard).toMatch(/ {4}- get, list, watch on [^\n]*nodes\/proxy[^\n]*\(no longer reachable\)\n/);
    // An explicit removal is said once, as the atom.
    expect(text).not.toContain('(no longer reachable)');
  });

  it('colours only when asked', () => {
    expect(text).not.toContain('\u001b[');
    expect(formatDiffText(prometheus(), { color: true })).toContain('\u001b[');
  });

  it('shows chart-controlled control characters as escapes', () => {
    const evil = JSON.stringify('evil\u001b[2J');
    const d = diff(analysisOf(''), analysisOf(clusterRole(evil, rule([''], ['nodes/proxy'], ['get'])) + crb('b', evil)));
    const out = formatDiffText(d);
    expect(out).not.toContain('\u001b');
    expect(out).toContain('ClusterRole evil\\x1b[2J');
  });
});

describe('formatDiffJson (docs/design.md#outputs Diff JSON)', () => {
  const doc = JSON.parse(formatDiffJson(prometheus())) as Record<string, unknown>;

  it('has the documented keys in a fixed order', () => {
    expect(Object.keys(doc)).toEqual(['schemaVersion', 'tool', 'old', 'new', 'objects', 'subjects', 'findings', 'evidence', 'summary', 'verdict', 'breaksAccess']);
    expect(doc['schemaVersion']).toBe(1);
    expect(doc['verdict']).toBe('less-risk');
    expect(Object.keys(doc['findings'] as object)).toEqual(['introduced', 'resolved', 'unchanged']);
  });

  it('permissions are atoms: one verb each, wildcards as written', () => {
    expect(doc['subjects']).toEqual([
      {
        subject: { kind: 'ServiceAccount', name: 'prometheus-server', namespace: 'monitoring' },
        added: [],
        removed: ['get', 'list', 'watch'].map((verb) => ({ apiGroup: '', resource: 'nodes/proxy', verb })),
        reach: { added: [], removed: ['get', 'list', 'watch'].map((verb) => ({ apiGroup: '', resource: 'nodes/proxy', verb })) },
      },
    ]);
    const wildcard = JSON.parse(formatDiffJson(diff(analysisOf(WILDCARD_OLD), analysisOf(PROM_NEW)))) as { subjects: { removed: unknown[] }[] };
    expect(wildcard.subjects[0]?.removed).toContainEqual({ apiGroup: '', resource: '*', verb: 'get' });
  });

  it('resolved findings carry the evidence changes that explain them', () => {
    const findings = doc['findings'] as { resolved: { ruleId: string; evidenceChanges: { removed: { text: string }[] } }[] };
    expect(findings.resolved.map((f) => [f.ruleId, f.evidenceChanges.removed.map((e) => e.text)])).toEqual([
      ['nodes-proxy', ['/api/v1/nodes/$1/proxy/metrics']],
      ['apiserver-node-proxy-path', ['/api/v1/nodes/$1/proxy/metrics']],
    ]);
  });

  it('is byte-identical for the same input', () => {
    expect(formatDiffJson(prometheus())).toBe(formatDiffJson(prometheus()));
  });
});

/** GFM tables as lists of lines: a header, its delimiter row, then rows up to the first non-row. */
function tablesOf(markdown: string): string[][] {
  const lines = markdown.split('\n');
  const out: string[][] = [];
  lines.forEach((line, i) => {
    if (!line.startsWith('| ') || !lines[i + 1]?.startsWith('| ---')) return;
    const table = [line];
    for (let j = i + 2; lines[j]?.startsWith('| '); j++) table.push(lines[j] as string);
    out.push(table);
  });
  return out;
}

describe('formatDiffMarkdown', () => {
  const md = formatDiffMarkdown(prometheus());

  it('puts the verdict first, then a table per subject, details collapsed', () => {
    expect(md.split('\n')[0]).toBe('### 🟢 RBAC diff: less risk (<code>less-risk</code>)');
    expect(md).toContain('**ServiceAccount monitoring/prometheus-server**');
    expect(md).toContain('| ➖ removed | <code>get</code>, <code>list</code>, <code>watch</code> | <code>nodes/proxy</code> | cluster-wide | rule |');
    expect(md).toContain('- ➖ loses <code>get</code>, <code>list</code>, <code>watch</code> on <code>nodes/proxy</code>, cluster-wide: ServiceAccount monitoring/prometheus-server');
    expect(md.indexOf('Sensitive permissions')).toBeLessThan(md.indexOf('Effective permissions by subject'));
    expect(md).toContain('<details><summary>Resolved findings (2)</summary>');
    expect(md.indexOf('Effective permissions by subject')).toBeLessThan(md.indexOf('Resolved findings'));
  });

  it('escapes chart-controlled names: HTML, pipes, backticks, mentions, newlines', () => {
    const name = JSON.stringify('x|<img src=x onerror=alert(1)>`@octocat\nrow');
    const d = diff(
      analysisOf(''),
      analysisOf(clusterRole(name, rule([''], ['nodes/proxy'], ['get'])) + crb(name, name, `  - { kind: ServiceAccount, name: ${name}, namespace: monitoring }`)),
    );
    const out = formatDiffMarkdown(d);
    expect(out).not.toMatch(/<img|@octocat|`@/);
    // Every table row keeps its header's column count: no `|` from the chart splits a cell.
    const tables = tablesOf(out);
    expect(tables.length).toBeGreaterThan(1);
    for (const [header, ...rows] of tables) for (const row of rows) expect(row.split('|').length).toBe(header?.split('|').length);
    expect(out).toContain('x&#124;&lt;img src=x onerror=alert(1)&gt;&#96;@&#8203;octocat row');
  });

  it('shrinks, then cuts, to fit a GitHub comment', () => {
    const many = Array.from({ length: 200 }, (_, i) => `resource-${i}`);
    const d = diff(analysisOf(''), analysisOf(clusterRole('r', rule([''], many, ['get', 'list', 'watch'])) + crb('b', 'r')));
    const full = formatDiffMarkdown(d);
    expect(full.length).toBeGreaterThan(3000);
    const out = formatDiffMarkdown(d, { maxLength: 3000 });
    expect(out.length).toBeLessThanOrEqual(3000);
    expect(out.split('\n')[0]).toBe(full.split('\n')[0]); // the verdict always survives
  });

  it('folds a deleted chart\'s hundred atoms into a few lines per subject and per object cell', () => {
    const many = Array.from({ length: 30 }, (_, i) => `r${i}`);
    const d = diff(analysisOf(clusterRole('r', rule([''], [...many, 'secrets'], ['get', 'list', 'watch']) + rule(['apps'], ['deployments'], ['get'])) + crb('b', 'r')), analysisOf(''));
    const out = formatDiffMarkdown(d);
    expect(out).toContain(`| ➖ removed | <code>get</code>, <code>list</code>, <code>watch</code> | ${[...many, 'secrets'].sort().map((r) => `<code>${r}</code>`).join(', ')} | cluster-wide | rule |`);
    expect(out).toContain('| ➖ removed | <code>get</code> | <code>deployments.apps</code> | cluster-wide | rule |');
    const objects = out.split('\n').filter((l) => l.startsWith('| removed |'));
    expect(objects).toHaveLength(2);
    for (const row of objects) expect(row.split(' | ')[3]?.split('<br>')).toHaveLength(2);
    // The sensitive permission is named on its own, before any table.
    expect(out).toContain('- ➖ loses <code>get</code>, <code>list</code>, <code>watch</code> on <code>secrets</code>, cluster-wide: ServiceAccount monitoring/sa');
  });

  it('caps long tables', () => {
    const d = diff(
      analysisOf(''),
      analysisOf(clusterRole('r', Array.from({ length: 30 }, (_, i) => rule([''], [`r${i}`], i % 2 === 0 ? ['get'] : ['list'], [`n${i}`])).join('')) + crb('b', 'r')),
    );
    const out = formatDiffMarkdown(d, { maxRows: 10 });
    expect(out).toContain('| … 20 more |');
  });

  it('folds long subject tables into details', () => {
    const d = diff(analysisOf(''), analysisOf(clusterRole('r', Array.from({ length: 12 }, (_, i) => rule([''], [`r${i}`], ['get'], [`n${i}`])).join('')) + crb('b', 'r')));
    expect(formatDiffMarkdown(d)).toContain('<details><summary>Effective permissions by subject (1 subject, 12 rows)</summary>');
  });
});
