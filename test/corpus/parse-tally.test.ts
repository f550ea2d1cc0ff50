// What parseRendered tells about the documents that yield no object (src/parse/index.ts
// ParseResult.unreadable / notObjects / kubernetesObjects), and the decision built on it
// (src/engine/input-errors.ts): unreadable YAML or no Kubernetes object at all stops the run
// (docs/design.md#robustness "nothing is silently skipped"; kubectl apply: "no objects passed to apply").
import { describe, expect, it } from 'vitest';
import { issueWhere, markSkippedDocuments, unprocessableInput } from '../../src/engine/input-errors.js';
import { parseRendered } from '../../src/parse/index.js';
import type { InputIssue, TargetInfo } from '../../src/types.js';
import { lines } from './support.js';

const ROLE = lines('apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata: {name: r}', 'rules: []');
const SERVICE = lines('apiVersion: v1', 'kind: Service', 'metadata: {name: s}');
const MANIFEST: TargetInfo = { id: 0, chart: null, name: 'm.yaml', version: null, release: '', namespace: 'default', values: [], renderer: 'manifest', kubeVersion: null, chartKubeVersion: null, render: null };
const CHART: TargetInfo = { ...MANIFEST, chart: 'charts/c', name: 'c', renderer: 'helm v4.1.4', render: 'kube 1.30.0' };

describe('parseRendered accounts for every document', () => {
  it.each([
    { why: 'a kind nothing looks at is skipped, but counted', text: SERVICE, tally: { kubernetesObjects: 1, objects: 0, notObjects: 0, unreadable: 0 } },
    { why: 'an RBAC object', text: ROLE, tally: { kubernetesObjects: 1, objects: 1, notObjects: 0, unreadable: 0 } },
    { why: 'a List counts its object items, not its bad ones (meta.IsListType)', text: lines('apiVersion: v1', 'kind: List', 'items:', `- ${ROLE.trim().split('\n').join('\n  ')}`, '- 5'), tally: { kubernetesObjects: 1, objects: 1, notObjects: 0, unreadable: 0 } },
    { why: 'an empty List holds no object', text: lines('apiVersion: v1', 'kind: List', 'items: []'), tally: { kubernetesObjects: 0, objects: 0, notObjects: 0, unreadable: 0 } },
    { why: 'a null document holds none and is no problem', text: lines('~'), tally: { kubernetesObjects: 0, objects: 0, notObjects: 0, unreadable: 0 } },
    { why: 'a scalar document is not an object', text: `${ROLE}---\nhello\n`, tally: { kubernetesObjects: 1, objects: 1, notObjects: 1, unreadable: 0 } },
    { why: 'a YAML syntax error is unreadable', text: `${ROLE}---\na: b: c\n`, tally: { kubernetesObjects: 1, objects: 1, notObjects: 0, unreadable: 1 } },
  ])('$why', ({ text, tally }) => {
    const r = parseRendered(text, { target: 0, chartName: null, manifestFile: 'm.yaml' });
    expect({ kubernetesObjects: r.kubernetesObjects, objects: r.objects.length, notObjects: r.notObjects.length, unreadable: r.unreadable.length }).toEqual(tally);
    for (const issue of [...r.notObjects, ...r.unreadable]) expect(r.issues).toContain(issue);
  });
});

describe('unprocessableInput and issueWhere', () => {
  const issue = (source: InputIssue['source'], renderedLine: number | null): InputIssue => ({ target: 0, object: null, source, renderedLine, path: null, message: 'm' });
  it.each([
    { why: 'a manifest line is the file line', target: MANIFEST, issue: issue({ file: 'm.yaml', line: 6 }, 6), where: 'm.yaml:6' },
    { why: 'a chart names render, template line and rendered line', target: CHART, issue: issue({ file: 'templates/a.yaml', line: 3 }, 40), where: 'charts/c (kube 1.30.0): templates/a.yaml:3 (rendered line 40)' },
    { why: 'a chart document without `# Source:`', target: CHART, issue: issue({ file: null, line: null }, 2), where: 'charts/c (kube 1.30.0): rendered line 2' },
    { why: 'a template line that is unknown', target: CHART, issue: issue({ file: 'templates/a.yaml', line: null }, 9), where: 'charts/c (kube 1.30.0): templates/a.yaml (rendered line 9)' },
  ])('issueWhere: $why', ({ target, issue: i, where }) => {
    expect(issueWhere(i, target)).toBe(where);
  });

  it.each([
    { why: 'objects and no unreadable document: analysed', text: `${ROLE}---\nhello\n`, error: null },
    { why: 'a syntax error: stops, naming file:line', text: `${ROLE}---\na: b: c\n`, error: /^m\.yaml:6: document 2: YAML syntax error: / },
    { why: 'only non-objects: stops', text: 'hello\n---\n- 1\n', error: /^m\.yaml: no Kubernetes object in its 2 documents; m\.yaml:1: document 1 is not a mapping \(it is a string\)/ },
    { why: 'only null documents: stops', text: '~\n', error: /^m\.yaml: no Kubernetes object in its 1 document; its documents are null or empty Lists$/ },
    { why: 'only skipped kinds: analysed (nothing relevant is fine)', text: SERVICE, error: null },
  ])('unprocessableInput: $why', ({ text, error }) => {
    const got = unprocessableInput(parseRendered(text, { target: 0, chartName: null, manifestFile: 'm.yaml' }), MANIFEST);
    if (error === null) expect(got).toBeNull();
    else {
      expect(got?.kind).toBe('input');
      expect(got?.message).toMatch(error);
    }
  });

  // helm sorts its output by kind, so it parsed every document it printed: a document only we
  // cannot read is our fault, never the chart's (issue #14). It stays a warning naming it.
  it.each([
    { why: 'a helm render with one unreadable document among objects: analysed', text: `${ROLE}---\na: b: c\n`, error: null },
    { why: 'a helm render with nothing readable: stops, naming it', text: 'a: b: c\n', error: /^charts\/c \(kube 1\.30\.0\): rendered line 1: document 1: YAML syntax error: / },
  ])('unprocessableInput of a chart render: $why', ({ text, error }) => {
    const parsed = parseRendered(text, { target: 0, chartName: 'c' });
    const got = unprocessableInput(parsed, CHART);
    if (error === null) {
      expect(got).toBeNull();
      markSkippedDocuments(parsed);
      expect(parsed.unreadable[0]?.message).toMatch(/not linted \(the rest of the render is\)$/);
    } else expect(got?.message).toMatch(error);
  });
});
