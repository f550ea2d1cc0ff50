import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { isEvidenceKind, parseRendered, RBAC_KINDS, type ParseResult } from '../../src/parse/index.js';
import { LineIndex } from '../../src/parse/lines.js';
import { splitDocuments } from '../../src/parse/split.js';
import { fastVersusYaml } from './helpers.js';

// Real renders of shared/charts with the commands of its INDEX.md (release `t`, namespace
// `monitoring`); "docs" is INDEX.md's count of non-empty documents.
const SHARED_CHARTS = join(import.meta.dirname, '..', '..', '..', 'shared', 'charts');
const HELM = defaultHelm();
const AVAILABLE = existsSync(join(SHARED_CHARTS, 'INDEX.md')) && HELM !== null;
if (!AVAILABLE) console.warn(`[skip] real-chart parse tests need ${SHARED_CHARTS} and a helm binary`);

const CHARTS = [
  { dir: 'prometheus-28.6.1', args: [], docs: 23 },
  { dir: 'kube-prometheus-stack-88.5.3', args: [], docs: 125 },
  { dir: 'kube-prometheus-stack-88.5.3', args: ['--include-crds'], docs: 135 },
  { dir: 'datadog-3.240.0', args: ['--set', 'datadog.apiKey=00000000000000000000000000000000'], docs: 38 },
  { dir: 'opentelemetry-operator-0.107.0', args: ['--kube-version', '1.33.0'], docs: 22 },
  { dir: 'alloy-1.5.2', args: [], docs: 6 },
  { dir: 'argo-cd-10.1.1', args: [], docs: 59 },
  { dir: 'newrelic-infrastructure-4.5.0', args: ['--set', 'licenseKey=0000000000000000000000000000000000000000', '--set', 'cluster=test-cluster'], docs: 17 },
];

const renders = new Map<string, string>();
function render(dir: string, args: string[]): string {
  const key = [dir, ...args].join(' ');
  let out = renders.get(key);
  if (out === undefined) {
    out = execFileSync(HELM as string, ['template', 't', join(SHARED_CHARTS, dir), '--namespace', 'monitoring', ...args], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    renders.set(key, out);
  }
  return out;
}

function chartName(dir: string): string {
  const m = /^name:\s*(\S+)/m.exec(readFileSync(join(SHARED_CHARTS, dir, 'Chart.yaml'), 'utf8'));
  return m?.[1] ?? dir;
}

function parse(dir: string, args: string[]): ParseResult {
  return parseRendered(render(dir, args), {
    target: 0,
    chartName: chartName(dir),
    readTemplate: (p) => {
      const file = join(SHARED_CHARTS, dir, p);
      return existsSync(file) ? readFileSync(file, 'utf8') : null;
    },
  });
}

describe.skipIf(!AVAILABLE)('real helm renders of shared/charts', () => {
  it('prometheus-28.6.1: nodes/proxy of ClusterRole t-prometheus-server maps to templates/clusterrole.yaml and its line', () => {
    const result = parse('prometheus-28.6.1', []);
    const role = result.objects.find((o) => o.ref.kind === 'ClusterRole' && o.ref.name === 't-prometheus-server');
    if (!role) throw new Error('ClusterRole t-prometheus-server not rendered');
    const rules = role.body.rules as { resources?: string[] }[];
    const ruleIndex = rules.findIndex((r) => r.resources?.includes('nodes/proxy'));
    const path = `rules.${ruleIndex}.resources.${rules[ruleIndex]?.resources?.indexOf('nodes/proxy')}`;
    const template = readFileSync(join(SHARED_CHARTS, 'prometheus-28.6.1', 'templates', 'clusterrole.yaml'), 'utf8').split('\n');
    const nodesProxyLine = template.findIndex((l) => l.trim() === '- nodes/proxy') + 1;
    const renderedLines = render('prometheus-28.6.1', []).split('\n');

    expect(role.source).toEqual({ file: 'templates/clusterrole.yaml', line: template.findIndex((l) => l.trim() === 'kind: ClusterRole') + 1 });
    expect(nodesProxyLine).toBeGreaterThan(0);
    expect(role.positions[path]?.template).toBe(nodesProxyLine);
    expect(renderedLines[(role.positions[path]?.rendered ?? 0) - 1]?.trim()).toBe('- nodes/proxy');
  });

  it.each(CHARTS)('$dir $args: every document counted, no issues, every object placed in a template', ({ dir, args, docs }) => {
    const result = parse(dir, args);
    expect(result.documents).toBe(docs);
    expect(result.issues).toEqual([]);
    expect(result.objects.length).toBeGreaterThan(0);
    for (const o of result.objects) {
      expect(RBAC_KINDS.has(o.ref.kind) || isEvidenceKind(o.ref.kind)).toBe(true);
      expect(o.source.file).toMatch(/^(charts\/[^/]+\/)*templates\//);
    }
  });

  it('alloy-1.5.2: rules from values (`rbac.clusterRules | toYaml`) map to the toYaml line of templates/rbac.yaml', () => {
    const role = parse('alloy-1.5.2', []).objects.find((o) => o.ref.kind === 'ClusterRole');
    const template = readFileSync(join(SHARED_CHARTS, 'alloy-1.5.2', 'templates', 'rbac.yaml'), 'utf8').split('\n');
    const toYamlLine = template.findIndex((l) => l.includes('.Values.rbac.clusterRules | toYaml')) + 1;
    const rules = role?.body.rules as { resources?: string[] }[];
    const i = rules.findIndex((r) => r.resources?.includes('nodes/proxy'));
    expect(toYamlLine).toBeGreaterThan(0);
    expect(role?.positions[`rules.${i}.resources.${rules[i]?.resources?.indexOf('nodes/proxy')}`]?.template).toBe(toYamlLine);
  });

  const LITERAL_RULES = CHARTS.filter((c) => c.dir !== 'alloy-1.5.2');
  it.each(LITERAL_RULES)('$dir $args: RBAC rule values with a literal template line map to a line with that text', ({ dir, args }) => {
    const result = parse(dir, args);
    const rendered = render(dir, args).split('\n');
    let checked = 0;
    for (const o of result.objects) {
      const file = o.source.file === null ? null : join(SHARED_CHARTS, dir, o.source.file);
      if (!RBAC_KINDS.has(o.ref.kind) || file === null || !existsSync(file)) continue;
      const template = readFileSync(file, 'utf8').split('\n').map((l) => l.trim());
      for (const [path, pos] of Object.entries(o.positions)) {
        const text = rendered[pos.rendered - 1]?.trim() ?? '';
        if (!path.startsWith('rules.') || !template.includes(text)) continue;
        checked++;
        expect({ object: o.ref.name, path, text: template[(pos.template ?? 0) - 1] }).toEqual({ object: o.ref.name, path, text });
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it.each(CHARTS)('$dir $args: the fast parser agrees with the yaml package on every document it accepts', ({ dir, args }) => {
    const lines = new LineIndex(render(dir, args));
    let accepted = 0;
    for (const doc of splitDocuments(lines)) {
      if (doc.markerHasContent) continue;
      const { accepted: ok, fast, full } = fastVersusYaml(lines, doc.contentLine, doc.endLine);
      if (!ok) continue;
      accepted++;
      expect(fast).toEqual(full);
    }
    expect(accepted).toBeGreaterThan(0);
  });
});
