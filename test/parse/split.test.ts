import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/parse/lines.js';
import { canSkipDocument, chartRelativePath, cheapKind, splitDocuments } from '../../src/parse/split.js';

describe('LineIndex', () => {
  it.each([
    ['a\nb\n', ['a', 'b']],
    ['a\nb', ['a', 'b']],
    ['a\r\nb\r\n', ['a', 'b']],
    ['a\n\nb', ['a', '', 'b']],
    ['', []],
    ['\n', ['']],
  ])('%j has lines %j', (input, expected) => {
    const lines = new LineIndex(input);
    expect(Array.from({ length: lines.count }, (_, i) => lines.line(i))).toEqual(expected);
  });
});

describe('splitDocuments', () => {
  // helm writes `---` at column 0 before every document, then `# Source: <chart>/<path>`.
  it.each([
    {
      name: 'helm output',
      text: '---\n# Source: c/templates/a.yaml\nkind: A\n---\n# Source: c/templates/b.yaml\nkind: B\n',
      docs: [{ contentLine: 2, sourcePath: 'c/templates/a.yaml' }, { contentLine: 5, sourcePath: 'c/templates/b.yaml' }],
    },
    {
      name: 'a manifest without a leading ---',
      text: 'kind: A\n---\nkind: B\n',
      docs: [{ contentLine: 0, sourcePath: null }, { contentLine: 2, sourcePath: null }],
    },
    {
      name: 'empty and comment-only documents are not documents',
      text: '---\n---\n# only a comment\n---\n\n---\nkind: A\n',
      docs: [{ contentLine: 6, sourcePath: null }],
    },
    {
      name: '--- with content or a comment on the same line',
      text: '--- {kind: A}\n--- # note\nkind: B\n',
      docs: [{ contentLine: 0, sourcePath: null }, { contentLine: 2, sourcePath: null }],
    },
    {
      name: '`----` and `--- ` inside a line are not markers; `---` indented is not a marker',
      text: 'a: |\n  ---\n----: x\n',
      docs: [{ contentLine: 0, sourcePath: null }],
    },
    {
      name: 'directives belong to the next document; ... ends one',
      text: 'kind: A\n...\n%YAML 1.2\n---\nkind: B\n',
      docs: [{ contentLine: 0, sourcePath: null }, { contentLine: 4, sourcePath: null }],
    },
  ])('$name', ({ text, docs }) => {
    const got = splitDocuments(new LineIndex(text));
    expect(got.map((d) => ({ contentLine: d.contentLine, sourcePath: d.sourcePath }))).toEqual(docs);
    expect(got.map((d) => d.ordinal)).toEqual(docs.map((_, i) => i));
  });

  it('a directive line opens the next document at the directive', () => {
    const [a, b] = splitDocuments(new LineIndex('kind: A\n...\n%YAML 1.2\n---\nkind: B\n'));
    expect(a?.endLine).toBe(2);
    expect(b?.firstLine).toBe(2);
  });
});

describe('chartRelativePath', () => {
  it.each([
    ['prometheus/templates/clusterrole.yaml', 'prometheus', 'templates/clusterrole.yaml'],
    ['prometheus/charts/kube-state-metrics/templates/role.yaml', 'prometheus', 'charts/kube-state-metrics/templates/role.yaml'],
    ['other/templates/x.yaml', 'prometheus', 'templates/x.yaml'],
    ['x.yaml', 'prometheus', 'x.yaml'],
  ])('%s (chart %s) -> %s', (source, chart, expected) => {
    expect(chartRelativePath(source, chart)).toBe(expected);
  });
});

describe('cheapKind and canSkipDocument', () => {
  it.each([
    { yaml: 'apiVersion: v1\nkind: Endpoints\nmetadata: {}\n', kind: 'Endpoints', skip: true },
    { yaml: 'apiVersion: v1\nkind: "Endpoints" # quoted\n', kind: 'Endpoints', skip: true },
    { yaml: 'apiVersion: v1\nkind: ConfigMap\n', kind: 'ConfigMap', skip: false },
    // Services: only those on the kubelet port can matter (evidence/servicemonitor.ts renderedKubeletService)
    { yaml: 'apiVersion: v1\nkind: Service\nmetadata: {name: svc-10250}\nspec:\n  ports:\n    - port: 80\n', kind: 'Service', skip: true },
    { yaml: 'apiVersion: v1\nkind: Service\nspec:\n  ports:\n    - name: kubelet\n      port: 10250\n', kind: 'Service', skip: false },
    { yaml: 'apiVersion: v1\nkind: Service\nspec:\n  ports: [{name: https, port: 443, targetPort: "10250"}]\n', kind: 'Service', skip: false },
    { yaml: 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n', kind: 'ClusterRole', skip: false },
    { yaml: 'apiVersion: v1\nkind: List\nitems: []\n', kind: 'List', skip: false },
    { yaml: 'apiVersion: v1\nkind: EndpointsList\nitems: []\n', kind: 'EndpointsList', skip: false },
    // the line scan cannot be sure: the full parser decides
    { yaml: 'kind: Endpoints\n', kind: null, skip: false },
    { yaml: 'apiVersion: v1\nkind: Endpoints\nkind: ClusterRole\n', kind: null, skip: false },
    { yaml: '{"apiVersion": "v1", "kind": "Endpoints"}\n', kind: null, skip: false },
    { yaml: 'apiVersion: v1\nkind: &k Endpoints\n', kind: null, skip: false },
    { yaml: '- apiVersion: v1\n  kind: Endpoints\n', kind: null, skip: false },
  ])('$yaml -> $kind (skip: $skip)', ({ yaml, kind, skip }) => {
    const lines = new LineIndex(yaml);
    const [doc] = splitDocuments(lines);
    if (!doc) throw new Error('no document');
    expect(cheapKind(lines, doc)).toBe(kind);
    expect(canSkipDocument(lines, doc)).toBe(skip);
  });
});
