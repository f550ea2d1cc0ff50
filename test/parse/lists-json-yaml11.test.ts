import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../src/parse/index.js';
import { lineOf, object, parseManifest, text } from './helpers.js';

describe('kind: List is unwrapped (kubectl: meta.IsListType / items)', () => {
  const list = text(
    'apiVersion: v1',
    'kind: List',
    'items:',
    '  - apiVersion: v1',
    '    kind: ServiceAccount',
    '    metadata:',
    '      name: agent',
    '  - apiVersion: rbac.authorization.k8s.io/v1',
    '    kind: ClusterRole',
    '    metadata:',
    '      name: agent',
    '    rules:',
    '      - apiGroups: [""]',
    '        resources: ["nodes/proxy"]',
    '        verbs: ["get"]',
    '  - "not an object"',
    '  - apiVersion: v1',
    '    metadata:',
    '      name: no-kind',
  );
  // charts-fixtures/kind-list renders the same shape.
  const r = parseManifest(list, 'list.yaml');

  it('returns the relevant items with their own positions', () => {
    const role = object(r, 'ClusterRole', 'agent');
    expect(role.renderedLine).toBe(lineOf(list, '- apiVersion: rbac.authorization.k8s.io/v1'));
    expect(role.source).toEqual({ file: 'list.yaml', line: lineOf(list, 'kind: ClusterRole') });
    expect(role.positions['rules.0.resources.0']?.rendered).toBe(lineOf(list, 'resources: ["nodes/proxy"]'));
    expect(r.objects).toHaveLength(1);
    expect(r.documents).toBe(1);
  });

  it.each([
    { index: 2, message: /document 1, item 2 of List, is not a mapping/, line: '- "not an object"' },
    { index: 3, message: /document 1, item 3 of List, has no string kind/, line: '- apiVersion: v1' },
  ])('item $index is reported with the list and its index', ({ index, message, line }) => {
    const issue = r.issues.find((i) => i.path === `items.${index}`);
    expect(issue?.message).toMatch(message);
    expect(issue?.renderedLine).toBe(lineOf(list, line, lineOf(list, '- "not an object"') - 1));
    expect(issue?.source.file).toBe('list.yaml');
  });

  it.each([
    ['ClusterRoleList', 'rbac.authorization.k8s.io/v1'],
    ['List', 'v1'],
  ])('typed and untyped lists: %s', (kind, apiVersion) => {
    const typed = parseManifest(
      text(`apiVersion: ${apiVersion}`, `kind: ${kind}`, 'items:', '- apiVersion: rbac.authorization.k8s.io/v1', '  kind: ClusterRole', '  metadata: {name: a}', '  rules: []'),
    );
    expect(typed.objects.map((o) => o.ref.name)).toEqual(['a']);
  });

  it('items that are not a list are reported', () => {
    const bad = parseManifest(text('apiVersion: v1', 'kind: List', 'items: {a: 1}'));
    expect(bad.issues.map((i) => i.message)).toEqual([expect.stringMatching(/items of List is not a list/)]);
  });
});

describe('JSON manifests', () => {
  it.each([
    {
      name: 'a single object',
      json: JSON.stringify({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'j' }, rules: [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }] }, null, 2),
    },
    {
      name: 'a List, tab-indented',
      json: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'j' }, rules: [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }] }] }, null, '\t'),
    },
  ])('$name', ({ json }) => {
    const r = parseManifest(`${json}\n`, 'rbac.json');
    expect(r.issues).toEqual([]);
    const role = object(r, 'ClusterRole', 'j');
    expect(role.body.rules).toEqual([{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'] }]);
    expect(role.positions['rules.0.resources.0']?.rendered).toBe(lineOf(json, '"nodes/proxy"'));
  });
});

describe('scalar typing follows Kubernetes (YAML 1.1 via sigs.k8s.io/yaml and goyaml.v2 resolve.go)', () => {
  it.each([
    { yaml: 'resourceNames: [yes, "no", on, off, y]', path: 'resourceNames', value: [true, 'no', true, false, true] },
    // Timestamps stay strings into interface{} (goyaml.v2 decode.go); base-60 numbers are unsupported (resolve.go).
    { yaml: 'resourceNames: [2001-12-14, "1:20", 1:20]', path: 'resourceNames', value: ['2001-12-14', '1:20', '1:20'] },
    { yaml: 'resourceNames: [0755, 0x1F, 1_000, ~]', path: 'resourceNames', value: [493, 31, 1000, null] },
  ])('$yaml', ({ yaml, path, value }) => {
    const r = parseManifest(text('apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata: {name: a}', 'rules:', `- ${yaml}`));
    expect((object(r, 'ClusterRole', 'a').body.rules as Record<string, unknown>[])[0]?.[path]).toEqual(value);
  });

  it('merge keys (`<<`) merge, as goyaml.v2 does (resolve.go yaml_MERGE_TAG)', () => {
    const r = parseManifest(
      text('apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata: {name: a}', 'rules:', '- &read {verbs: [get], apiGroups: [""]}', '- <<: *read', '  resources: [pods]'),
    );
    expect((object(r, 'ClusterRole', 'a').body.rules as unknown[])[1]).toEqual({ verbs: ['get'], apiGroups: [''], resources: ['pods'] });
  });
});

describe('YAML stream syntax', () => {
  it.each([
    { name: 'directives before ---', rendered: text('%YAML 1.2', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: a}') },
    { name: 'document end markers', rendered: text('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: a}', '...', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: b}', '...') },
    { name: 'content on the --- line', rendered: text('--- {apiVersion: v1, kind: ConfigMap, metadata: {name: a}}', '--- # comment', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: b}') },
  ])('$name', ({ rendered }) => {
    const r = parseRendered(rendered, { target: 0, chartName: null });
    expect(r.issues).toEqual([]);
    expect(r.objects.map((o) => o.ref.name)).toEqual(rendered.includes('name: b') ? ['a', 'b'] : ['a']);
  });
});
