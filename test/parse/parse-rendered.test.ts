import { describe, expect, it } from 'vitest';
import { RBAC_KINDS, isEvidenceKind } from '../../src/parse/index.js';
import { lineOf, object, parseChart, parseManifest, text } from './helpers.js';

// Rendered text shaped like `helm template t charts/prometheus-28.6.1 -n monitoring`
// (shared/charts/INDEX.md): `---`, `# Source: <chart>/<path>`, then the object.
const PROMETHEUS_RENDER = text(
  '---',
  '# Source: prometheus/charts/kube-state-metrics/templates/serviceaccount.yaml',
  'apiVersion: v1',
  'kind: ServiceAccount',
  'metadata:',
  '  name: t-kube-state-metrics',
  '  namespace: monitoring',
  '---',
  '# Source: prometheus/charts/kube-state-metrics/templates/role.yaml',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata:',
  '  name: t-kube-state-metrics',
  'rules:',
  '',
  '- apiGroups: [""]',
  '  resources:',
  '  - nodes',
  '  verbs: ["list", "watch"]',
  '---',
  '# Source: prometheus/templates/clusterrole.yaml',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata:',
  '  labels:',
  '    app.kubernetes.io/name: prometheus',
  '  annotations:',
  '    {}',
  '  name: t-prometheus-server',
  'rules:',
  '  - apiGroups:',
  '      - ""',
  '    resources:',
  '      - nodes',
  '      - nodes/proxy',
  '    verbs:',
  '      - get',
  '---',
  '# Source: prometheus/templates/clusterrolebinding.yaml',
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRoleBinding',
  'metadata:',
  '  name: t-prometheus-server',
  'subjects:',
  '  - kind: ServiceAccount',
  '    name: t-prometheus-server',
  '    namespace: monitoring',
  'roleRef:',
  '  apiGroup: rbac.authorization.k8s.io',
  '  kind: ClusterRole',
  '  name: t-prometheus-server',
);

describe('kinds', () => {
  it('RBAC_KINDS are the four rbac.authorization.k8s.io/v1 kinds (k8s.io/api rbac/v1 types.go)', () => {
    expect([...RBAC_KINDS].sort()).toEqual(['ClusterRole', 'ClusterRoleBinding', 'Role', 'RoleBinding']);
  });
  it.each([
    // docs/design.md#fix-advice-from-evidence: ConfigMap/Secret data, container command/args/env, ServiceMonitor/PodMonitor/OpenTelemetryCollector.
    ['ConfigMap', true],
    ['Secret', true],
    ['DaemonSet', true],
    ['CronJob', true],
    ['ServiceMonitor', true],
    ['OpenTelemetryCollector', true],
    ['Service', true],
    ['Endpoints', false],
    ['ServiceAccount', false],
    ['CustomResourceDefinition', false],
    ['ClusterRole', false],
  ])('isEvidenceKind(%s) = %s', (kind, expected) => {
    expect(isEvidenceKind(kind)).toBe(expected);
  });
});

describe('source mapping (`# Source:` made chart-relative)', () => {
  const result = parseChart(PROMETHEUS_RENDER);
  it.each([
    // prometheus-28.6.1 render: subchart templates keep their charts/<sub>/ prefix.
    ['ClusterRole', 't-kube-state-metrics', 'charts/kube-state-metrics/templates/role.yaml'],
    ['ClusterRole', 't-prometheus-server', 'templates/clusterrole.yaml'],
    ['ClusterRoleBinding', 't-prometheus-server', 'templates/clusterrolebinding.yaml'],
  ])('%s %s comes from %s', (kind, name, file) => {
    expect(object(result, kind, name).source.file).toBe(file);
  });

  it.each([
    { chartName: 'prometheus', source: 'prometheus/templates/x.yaml', file: 'templates/x.yaml' },
    // helm prefixes the chart's name from Chart.yaml; a caller that passes another name still gets chart-relative paths.
    { chartName: 'my-dir', source: 'prometheus/charts/a/templates/x.yaml', file: 'charts/a/templates/x.yaml' },
  ])('$source with chart name $chartName -> $file', ({ chartName, source, file }) => {
    const r = parseChart(text('---', `# Source: ${source}`, 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c'), {}, chartName);
    expect(r.objects[0]?.source.file).toBe(file);
  });

  it('documents without their own `# Source:` inherit the previous one (helm --include-crds prints the comment once per CRD file, kube-prometheus-stack-88.5.3)', () => {
    const r = parseChart(
      text('---', '# Source: kps/charts/crds/crds/crd-a.yaml', '# upstream comment', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c'),
      {},
      'kps',
    );
    expect(r.documents).toBe(1);
    expect(r.objects[0]?.source.file).toBe('charts/crds/crds/crd-a.yaml');
  });

  it('a document with no `# Source:` anywhere has no file', () => {
    const r = parseChart(text('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: c'));
    expect(r.objects[0]?.source).toEqual({ file: null, line: null });
  });
});

describe('objects', () => {
  const result = parseChart(PROMETHEUS_RENDER);

  it('returns RBAC and evidence kinds only, and counts every document (docs/design.md#performance)', () => {
    expect(result.documents).toBe(4);
    expect(result.objects.map((o) => `${o.ref.kind}/${o.ref.name}`)).toEqual([
      'ClusterRole/t-kube-state-metrics',
      'ClusterRole/t-prometheus-server',
      'ClusterRoleBinding/t-prometheus-server',
    ]);
    expect(result.issues).toEqual([]);
  });

  it('fills ref, body, doc, renderedLine and target', () => {
    const role = object(result, 'ClusterRole', 't-prometheus-server');
    expect(role.ref).toEqual({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 't-prometheus-server', namespace: null });
    expect(role.doc).toBe(2);
    expect(role.target).toBe(0);
    expect(role.renderedLine).toBe(lineOf(PROMETHEUS_RENDER, '# Source: prometheus/templates/clusterrole.yaml') + 1);
    expect(role.body.rules).toEqual([{ apiGroups: [''], resources: ['nodes', 'nodes/proxy'], verbs: ['get'] }]);
    expect((role.body.metadata as Record<string, unknown>).annotations).toEqual({});
  });

  it.each([
    ['ClusterRole', 't-prometheus-server', 'rules.0.resources.1', '- nodes/proxy'],
    ['ClusterRole', 't-prometheus-server', 'rules.0', '- apiGroups:'],
    ['ClusterRole', 't-prometheus-server', 'rules', 'rules:'],
    ['ClusterRole', 't-prometheus-server', 'rules.0.apiGroups.0', '- ""'],
    ['ClusterRole', 't-prometheus-server', 'metadata.name', 'name: t-prometheus-server'],
    ['ClusterRole', 't-prometheus-server', 'metadata.labels.app.kubernetes.io/name', 'app.kubernetes.io/name: prometheus'],
    ['ClusterRole', 't-kube-state-metrics', 'rules.0.verbs.1', 'verbs: ["list", "watch"]'],
    ['ClusterRoleBinding', 't-prometheus-server', 'subjects.0.namespace', 'namespace: monitoring'],
    ['ClusterRoleBinding', 't-prometheus-server', 'roleRef.kind', 'kind: ClusterRole'],
  ])('%s %s: position of %s is the line `%s`', (kind, name, path, line) => {
    const o = object(result, kind, name);
    const from = o.renderedLine - 1;
    expect(o.positions[path]?.rendered).toBe(lineOf(PROMETHEUS_RENDER, line, from));
  });

  it('RBAC positions cover only rules/subjects/roleRef/aggregationRule and metadata name, namespace, labels, annotations', () => {
    const paths = Object.keys(object(result, 'ClusterRole', 't-prometheus-server').positions);
    expect(paths.every((p) => /^(apiVersion|kind|rules|subjects|roleRef|aggregationRule|metadata\.(name|namespace|labels|annotations))(\.|$)/.test(p))).toBe(true);
  });

  it('evidence kinds get a position for every string scalar, at the line where the value starts', () => {
    const rendered = text(
      '---',
      '# Source: prometheus/templates/cm.yaml',
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: t-prometheus-server',
      'data:',
      '  prometheus.yml: |',
      '    scrape_configs:',
      '    - job_name: kubernetes-nodes',
      '---',
      '# Source: prometheus/templates/deploy.yaml',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      '  name: t-prometheus-server',
      'spec:',
      '  replicas: 1',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: prometheus-server',
      '          args:',
      '            - --storage.tsdb.retention.time=15d',
      '            - --config.file=/etc/config/prometheus.yml',
    );
    const r = parseChart(rendered);
    const cm = object(r, 'ConfigMap', 't-prometheus-server');
    expect(cm.positions['data.prometheus.yml']?.rendered).toBe(lineOf(rendered, 'prometheus.yml: |'));
    const deploy = object(r, 'Deployment', 't-prometheus-server');
    expect(deploy.positions['spec.template.spec.containers.0.args.1']?.rendered).toBe(
      lineOf(rendered, '- --config.file=/etc/config/prometheus.yml'),
    );
    expect(deploy.positions['spec.replicas']).toBeUndefined(); // a number, not evidence text
  });
});

describe('plain manifests (chartName null)', () => {
  const manifest = text(
    '# a comment before the first document',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: Role',
    'metadata:',
    '  name: reader',
    '  namespace: team-a',
    'rules:',
    '- apiGroups: [""]',
    '  resources: ["pods"]',
    '  verbs: ["get"]',
  );
  const r = parseManifest(manifest, 'rbac.yaml');

  it('uses manifestFile as the file and the kind line as the object line', () => {
    const role = object(r, 'Role', 'reader');
    expect(role.ref.namespace).toBe('team-a');
    expect(role.target).toBe(3);
    expect(role.source).toEqual({ file: 'rbac.yaml', line: lineOf(manifest, 'kind: Role') });
  });

  it('is its own template: template lines equal rendered lines', () => {
    const pos = object(r, 'Role', 'reader').positions['rules.0.resources.0'];
    expect(pos).toEqual({ rendered: lineOf(manifest, 'resources: ["pods"]'), template: lineOf(manifest, 'resources: ["pods"]') });
  });

  it('ignores `# Source:` comments in a saved helm render (the file is the manifest)', () => {
    const saved = parseManifest(PROMETHEUS_RENDER, 'saved.yaml');
    expect(new Set(saved.objects.map((o) => o.source.file))).toEqual(new Set(['saved.yaml']));
  });
});

describe('cheap skip: documents that cannot matter are counted, not parsed', () => {
  it.each([
    {
      name: 'an Endpoints with a duplicate key is counted and not reported (never parsed)',
      rendered: text('---', 'apiVersion: v1', 'kind: Endpoints', 'metadata:', '  name: s', '  name: s2'),
      documents: 1,
      issues: 0,
    },
    {
      name: 'a ConfigMap with a duplicate key is parsed and reported',
      rendered: text('---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: s', '  name: s2'),
      documents: 1,
      issues: 1,
    },
    {
      name: 'an irrelevant kind in flow style is parsed (the line scan cannot see its kind)',
      rendered: text('--- {apiVersion: v1, kind: Endpoints, metadata: {name: s, name: t}}'),
      documents: 1,
      issues: 1,
    },
    {
      name: 'an irrelevant kind without apiVersion is parsed and reported',
      rendered: text('---', 'kind: Endpoints', 'metadata:', '  name: s'),
      documents: 1,
      issues: 1,
    },
    {
      name: 'empty and comment-only documents are not counted (helm emits them)',
      rendered: text('---', '---', '# Source: x/templates/empty.yaml', '---', '', '---', 'apiVersion: v1', 'kind: Endpoints', 'metadata:', '  name: s'),
      documents: 1,
      issues: 0,
    },
  ])('$name', ({ rendered, documents, issues }) => {
    const r = parseChart(rendered);
    expect(r.documents).toBe(documents);
    expect(r.issues).toHaveLength(issues);
  });

  it('doc indexes count documents with content only', () => {
    const r = parseChart(
      text('---', '# Source: p/templates/a.yaml', '---', 'apiVersion: v1', 'kind: Endpoints', 'metadata: {name: s}', '---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: c}'),
    );
    expect(r.objects.map((o) => o.doc)).toEqual([1]);
  });
});
