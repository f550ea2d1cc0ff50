import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../src/parse/index.js';
import { lineOf, object, parseChart, parseManifest, text } from './helpers.js';

// docs/design.md#robustness: "bounded alias expansion (billion-laughs), huge or deeply nested documents, BOM,
// CRLF, tabs, duplicate keys, non-object documents, kind: List, empty documents — each handled
// or reported, never a crash."

const ROLE = ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: r', 'rules:', '- apiGroups: [""]', '  resources:', '  - nodes/proxy', '  verbs: [get]'];

function billionLaughs(): string {
  const lines = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    lines.push(`  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return text('---', ...lines, '---', ...ROLE);
}

describe('problems are InputIssues naming the document and line, and the other documents still parse', () => {
  it.each([
    {
      name: 'YAML syntax error',
      bad: ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: broken', 'data:', '  a: b: c', '  d: e'],
      message: /^document 1: YAML syntax error: Nested mappings are not allowed in compact mappings/,
      line: 'a: b: c',
    },
    {
      name: 'tab indentation (YAML forbids tabs for indentation)',
      bad: ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '\tname: tabbed'],
      message: /^document 1: YAML syntax error/,
      line: 'name: tabbed',
    },
    {
      name: 'a scalar document',
      bad: ['just a string'],
      message: /^document 1 is not a mapping \(it is a string\)/,
      line: 'just a string',
    },
    {
      name: 'a sequence document',
      bad: ['- apiVersion: v1', '  kind: ConfigMap'],
      message: /^document 1 is not a mapping \(it is a sequence\)/,
      line: '- apiVersion: v1',
    },
    {
      name: 'a mapping without kind',
      bad: ['apiVersion: v1', 'metadata:', '  name: nokind'],
      message: /^document 1 has no string kind/,
      line: 'apiVersion: v1',
    },
    {
      name: 'a mapping without apiVersion and kind',
      bad: ['metadata:', '  name: nothing'],
      message: /^document 1 has no string apiVersion and kind/,
      line: 'metadata:',
    },
    {
      name: 'kind that is not a string',
      bad: ['apiVersion: v1', 'kind: [ConfigMap]'],
      message: /^document 1 has no string kind/,
      line: 'apiVersion: v1',
    },
  ])('$name', ({ bad, message, line }) => {
    const rendered = text('---', '# Source: prometheus/templates/bad.yaml', ...bad, '---', '# Source: prometheus/templates/role.yaml', ...ROLE);
    const r = parseChart(rendered);
    expect(r.issues).toHaveLength(1);
    const issue = r.issues[0];
    expect(issue?.message).toMatch(message);
    expect(issue?.renderedLine).toBe(lineOf(rendered, line));
    expect(issue?.source.file).toBe('templates/bad.yaml');
    expect(issue?.target).toBe(0);
    expect(object(r, 'ClusterRole', 'r').doc).toBe(1);
  });

  it('billion laughs: an issue, not a hang or OOM (maxAliasCount 100)', () => {
    const started = Date.now();
    const r = parseManifest(billionLaughs());
    expect(Date.now() - started).toBeLessThan(5000);
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringMatching(/^document 1: YAML aliases expand too much/)]);
    expect(r.objects.map((o) => o.ref.name)).toEqual(['r']);
  });

  it.each([
    { name: 'flow sequences 20000 deep', body: `data: ${'['.repeat(20000)}${']'.repeat(20000)}` },
    { name: 'flow mappings 5000 deep', body: `data: ${'{a: '.repeat(5000)}1${'}'.repeat(5000)}` },
    { name: 'block mappings 3000 deep', body: Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i)}k:`).join('\n') },
  ])('deep nesting ($name): an issue, never a crash', ({ body }) => {
    const r = parseManifest(text('---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: deep}', body, '---', ...ROLE));
    expect(r.issues.map((i) => i.message)).toEqual([expect.stringMatching(/nested deeper than 256 levels/)]);
    expect(r.objects.map((o) => o.ref.name)).toEqual(['r']);
  });

  it('duplicate keys: reported, and the document is kept with the last value (kubernetes/kubernetes#89303)', () => {
    const rendered = text('---', 'apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: first', '  name: last', 'rules: []');
    const r = parseManifest(rendered);
    expect(r.objects.map((o) => o.ref.name)).toEqual(['last']);
    expect(r.issues).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({
      renderedLine: lineOf(rendered, 'name: last'),
      object: { kind: 'ClusterRole', name: 'last' },
      message: expect.stringMatching(/^document 1: duplicate key "name"; the last value is used/),
    });
    expect(object(r, 'ClusterRole', 'last').positions['metadata.name']?.rendered).toBe(lineOf(rendered, 'name: last'));
  });

  it.each([
    ['empty stream', ''],
    ['only markers', '---\n---\n'],
    ['comment-only documents', text('---', '# Source: p/templates/a.yaml', '# nothing rendered', '---')],
    ['null documents', text('--- null', '---', '~', '---', 'null')],
    ['whitespace only', '\n\n   \n\t\n'],
  ])('%s: no issues, no objects', (_name, rendered) => {
    const r = parseManifest(rendered);
    expect(r.issues).toEqual([]);
    expect(r.objects).toEqual([]);
  });
});

describe('line numbers survive BOM and CRLF', () => {
  const lf = text('---', '# Source: prometheus/templates/role.yaml', ...ROLE);
  const expected = parseManifest(lf).objects[0];

  it.each([
    ['BOM', `\uFEFF${lf}`],
    ['CRLF', lf.replace(/\n/g, '\r\n')],
    ['BOM + CRLF', `\uFEFF${lf.replace(/\n/g, '\r\n')}`],
  ])('%s', (_name, rendered) => {
    const got = parseManifest(rendered).objects[0];
    expect(got?.renderedLine).toBe(expected?.renderedLine);
    expect(got?.positions).toEqual(expected?.positions);
    expect(got?.body).toEqual(expected?.body);
  });

  it('CRLF inside block scalars does not leak \\r into values', () => {
    const r = parseManifest(text('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}', 'data:', '  a: |', '    line1', '    line2').replace(/\n/g, '\r\n'));
    expect(object(r, 'ConfigMap', 'c').body.data).toEqual({ a: 'line1\nline2\n' });
  });

  it('tabs inside block scalars are content (alloy-1.5.2 config.alloy)', () => {
    const r = parseManifest(text('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}', 'data:', '  config.alloy: |-', '    logging {', '    \tlevel  = "info"', '    }'));
    expect(r.issues).toEqual([]);
    expect(object(r, 'ConfigMap', 'c').body.data).toEqual({ 'config.alloy': 'logging {\n\tlevel  = "info"\n}' });
  });
});

describe('never throws', () => {
  it('for arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (s) => {
        const r = parseRendered(s, { target: 0, chartName: 'c', readTemplate: () => s });
        return Array.isArray(r.objects) && Array.isArray(r.issues);
      }),
      { numRuns: 300 },
    );
  });

  it('for arbitrary YAML-ish lines', () => {
    const piece = fc.constantFrom('---', '...', 'kind: ClusterRole', 'apiVersion: v1', 'rules:', '- a', '  - b', 'x: &a [1]', 'y: *a', '{', '}', '[', '"', "'", '|', '>', ': ', '#', '\t', '%YAML 1.2', 'items:', 'kind: List', '- kind: Role', '  apiVersion: v1', '<<: *a', '? k', '\uFEFF', '\r');
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 4 }).map((p) => p.join(' ')), { maxLength: 30 }), (lines) => {
        const s = lines.join('\n');
        const r = parseRendered(s, { target: 0, chartName: null, manifestFile: 'f.yaml' });
        return r.documents >= 0;
      }),
      { numRuns: 500 },
    );
  });
});
