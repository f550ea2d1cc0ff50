import { describe, expect, it } from 'vitest';
import { templateLineFor } from '../../src/parse/index.js';
import { lineOf, object, parseChart, text } from './helpers.js';

// prometheus-28.6.1 templates/clusterrole.yaml (first rule shortened) and what helm renders from it.
const CLUSTERROLE_TEMPLATE = text(
  '{{- if and .Values.rbac.create (empty .Values.server.useExistingClusterRoleName) -}}',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata:',
  '  labels:',
  '    {{- include "prometheus.server.labels" . | nindent 4 }}',
  '  name: {{ include "prometheus.clusterRoleName" . }}',
  'rules:',
  '  - apiGroups:',
  '      - ""',
  '    resources:',
  '      - nodes',
  '      - nodes/proxy',
  '    verbs:',
  '      - get',
  '      - list',
  '  - apiGroups:',
  '      - "networking.k8s.io"',
  '    resources:',
  '      - ingresses',
  '    verbs:',
  '      - get',
  '      - list',
  '{{- end }}',
);
const CLUSTERROLE_RENDER = text(
  '---',
  '# Source: prometheus/templates/clusterrole.yaml',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata:',
  '  labels:',
  '    app.kubernetes.io/component: server',
  '    app.kubernetes.io/name: prometheus',
  '    app.kubernetes.io/instance: t',
  '    app.kubernetes.io/version: v3.9.1',
  '    helm.sh/chart: prometheus-28.6.1',
  '    app.kubernetes.io/part-of: prometheus',
  '  name: t-prometheus-server',
  'rules:',
  '  - apiGroups:',
  '      - ""',
  '    resources:',
  '      - nodes',
  '      - nodes/proxy',
  '    verbs:',
  '      - get',
  '      - list',
  '  - apiGroups:',
  '      - "networking.k8s.io"',
  '    resources:',
  '      - ingresses',
  '    verbs:',
  '      - get',
  '      - list',
);

describe('template lines through readTemplate (prometheus-28.6.1 templates/clusterrole.yaml)', () => {
  const role = object(parseChart(CLUSTERROLE_RENDER, { 'templates/clusterrole.yaml': CLUSTERROLE_TEMPLATE }), 'ClusterRole', 't-prometheus-server');

  it('the object maps to the template kind line', () => {
    expect(role.source).toEqual({ file: 'templates/clusterrole.yaml', line: lineOf(CLUSTERROLE_TEMPLATE, 'kind: ClusterRole') });
  });

  it.each([
    // literal lines: same text, right occurrence although `- get` appears twice and the labels include shifts lines by 5
    ['rules.0.resources.1', 13],
    ['rules.0.verbs.0', 15],
    ['rules.1', 17],
    ['rules.1.verbs.0', 22],
    ['rules.1.verbs.1', 23],
    ['rules', 8],
    // a templated value of the same key
    ['metadata.name', 7],
    // values written by an include: the include line
    ['metadata.labels.app.kubernetes.io/name', 6],
    ['metadata.labels', 5],
  ])('%s -> template line %i', (path, line) => {
    expect(role.positions[path]?.template).toBe(line);
  });

  it('without the template file, template lines are null', () => {
    const r = parseChart(CLUSTERROLE_RENDER, {});
    expect(object(r, 'ClusterRole', 't-prometheus-server').positions['rules.0.resources.1']).toEqual({
      rendered: lineOf(CLUSTERROLE_RENDER, '- nodes/proxy'),
      template: null,
    });
  });
});

describe('objects from templates that produce several', () => {
  it('the n-th object of a kind maps to the n-th `kind:` line (helm keeps template order within a kind)', () => {
    const template = text(
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      '  name: {{ .Release.Name }}-a',
      'rules:',
      '- apiGroups: [""]',
      '  resources: ["pods"]',
      '  verbs: ["get"]',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      '  name: {{ .Release.Name }}-b',
      'rules:',
      '- apiGroups: [""]',
      '  resources: ["pods"]',
      '  verbs: ["get"]',
    );
    const rendered = text(
      '---',
      '# Source: c/templates/roles.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      '  name: t-a',
      'rules:',
      '- apiGroups: [""]',
      '  resources: ["pods"]',
      '  verbs: ["get"]',
      '---',
      '# Source: c/templates/roles.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: ClusterRole',
      'metadata:',
      '  name: t-b',
      'rules:',
      '- apiGroups: [""]',
      '  resources: ["pods"]',
      '  verbs: ["get"]',
    );
    const r = parseChart(rendered, { 'templates/roles.yaml': template }, 'c');
    expect([object(r, 'ClusterRole', 't-a').source.line, object(r, 'ClusterRole', 't-b').source.line]).toEqual([2, 11]);
    expect(object(r, 'ClusterRole', 't-b').positions['rules.0.resources.0']?.template).toBe(16);
    expect(object(r, 'ClusterRole', 't-b').positions['metadata.name']?.template).toBe(13);
  });

  it('objects from a range loop all map to the loop body (kube-state-metrics role.yaml)', () => {
    const template = text(
      '{{- range (split "," .Values.namespaces) }}',
      '---',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      'metadata:',
      '  name: ksm',
      '  namespace: {{ . }}',
      'rules:',
      '- apiGroups: [""]',
      '  resources:',
      '  - pods',
      '  verbs: ["list", "watch"]',
      '{{- end }}',
    );
    const doc = (ns: string): string[] => [
      '---',
      '# Source: c/templates/role.yaml',
      'apiVersion: rbac.authorization.k8s.io/v1',
      'kind: Role',
      'metadata:',
      '  name: ksm',
      `  namespace: ${ns}`,
      'rules:',
      '- apiGroups: [""]',
      '  resources:',
      '  - pods',
      '  verbs: ["list", "watch"]',
    ];
    const r = parseChart(text(...doc('a'), ...doc('b')), { 'templates/role.yaml': template }, 'c');
    expect(r.objects.map((o) => [o.ref.namespace, o.source.line, o.positions['rules.0.resources.0']?.template])).toEqual([
      ['a', 4, 11],
      ['b', 4, 11],
    ]);
  });
});

describe('values with no literal template line', () => {
  const cases = [
    {
      name: 'rules from toYaml .Values (alloy-1.5.2 rbac.clusterRules): the toYaml line',
      template: ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: {{ include "alloy.fullname" . }}', 'rules:', '  {{- with .Values.rbac.clusterRules }}', '  {{- toYaml . | nindent 2 }}', '  {{- end }}'],
      rendered: ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: t-alloy', 'rules:', '  - apiGroups:', '    - ""', '    resources:', '    - nodes/proxy', '    verbs:', '    - get'],
      path: 'rules.0.resources.0',
      line: 7,
    },
    {
      name: 'a templated list item: that item line',
      template: ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: x', 'rules:', '- apiGroups: [""]', '  resources:', '  - pods', '  - {{ .Values.extraResource }}', '  verbs: [get]'],
      rendered: ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: x', 'rules:', '- apiGroups: [""]', '  resources:', '  - pods', '  - nodes/proxy', '  verbs: [get]'],
      path: 'rules.0.resources.1',
      line: 9,
    },
    {
      name: 'a templated kind: the object maps to the `kind:` line',
      template: ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: {{ ternary "ClusterRole" "Role" .Values.cluster }}', 'metadata:', '  name: x', 'rules: []'],
      rendered: ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: x', 'rules: []'],
      path: 'kind',
      line: 2,
    },
    {
      name: 'a whole object from an include: the include line',
      template: ['{{- if .Values.rbac }}', '{{ include "lib.clusterrole" . }}', '{{- end }}'],
      rendered: ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: x', 'rules:', '- apiGroups: [""]', '  resources: [pods]', '  verbs: [get]'],
      path: 'rules.0.resources.0',
      line: 2,
    },
  ];
  it.each(cases)('$name', ({ template, rendered, path, line }) => {
    const r = parseChart(text('---', '# Source: c/templates/t.yaml', ...rendered), { 'templates/t.yaml': text(...template) }, 'c');
    expect(r.objects[0]?.positions[path]?.template).toBe(line);
  });
});

describe('templateLineFor', () => {
  const renderedLines = CLUSTERROLE_RENDER.split('\n').slice(2, -1); // the document without `---` and `# Source:`
  it.each([
    { line: '- nodes/proxy', expected: 13 },
    { line: 'app.kubernetes.io/part-of: prometheus', expected: 6 },
    { line: 'name: t-prometheus-server', expected: 7 },
    { line: 'kind: ClusterRole', expected: 3 },
  ])('`$line` -> $expected', ({ line, expected }) => {
    const inDoc = renderedLines.findIndex((l) => l.trim() === line) + 1;
    expect(templateLineFor(CLUSTERROLE_TEMPLATE, renderedLines, inDoc)).toBe(expected);
  });

  it('uses the kind line hint to pick the object among several in one template', () => {
    const template = text('kind: ClusterRole', 'rules:', '- verbs: [get]', '---', 'kind: ClusterRole', 'rules:', '- verbs: [get]');
    const doc = ['kind: ClusterRole', 'rules:', '- verbs: [get]'];
    expect(templateLineFor(template, doc, 3)).toBe(3);
    expect(templateLineFor(template, doc, 3, 5)).toBe(7);
  });

  it('returns null when nothing in the template fits and there is no kind line', () => {
    expect(templateLineFor(text('a: 1'), ['b: 2'], 1)).toBeNull();
  });
});
