// positions.ts keeps only the rendered lines of an object's positions, in a fixed walk order, and
// makes the dotted paths when first asked. The paths and lines must be those of the line tree.
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../src/parse/index.js';
import type { LineNode } from '../../src/parse/line-tree.js';
import { positionLines, positionsFrom } from '../../src/parse/positions.js';
import type { LineMapper } from '../../src/parse/template-lines.js';

const IDENTITY: LineMapper = { objectLine: 1, templateLine: (n) => n };
const node = (line: number, children?: Record<string, LineNode> | LineNode[]): LineNode =>
  Array.isArray(children) ? { line, items: children } : children ? { line, entries: new Map(Object.entries(children)) } : { line };

describe('compact positions', () => {
  const body = { apiVersion: 'v1', kind: 'ClusterRole', metadata: { name: 'r', uid: 'x' }, rules: [{ verbs: ['get'] }] };
  const tree = node(1, {
    apiVersion: node(1),
    kind: node(2),
    metadata: node(3, { name: node(4), uid: node(5) }),
    rules: node(6, [node(7, { verbs: node(7, [node(8)]) })]),
  });

  it.each([
    ['rbac', { apiVersion: 1, kind: 2, 'metadata.name': 4, rules: 6, 'rules.0': 7, 'rules.0.verbs': 7, 'rules.0.verbs.0': 8 }],
    ['evidence', { apiVersion: 1, kind: 2, 'metadata.name': 4, 'metadata.uid': 5, 'rules.0.verbs.0': 8 }],
  ] as const)('%s scope: the paths and rendered lines of the line tree', (scope, expected) => {
    const got = positionsFrom(scope, body, positionLines(scope, body, tree), IDENTITY);
    expect(Object.fromEntries(Object.entries(got).map(([p, pos]) => [p, pos.rendered]))).toEqual(expected);
  });

  it('a value the line tree has no node for gets no position (nor do its children)', () => {
    const partial = node(1, { apiVersion: node(1), kind: node(2), rules: node(6) });
    const got = positionsFrom('rbac', body, positionLines('rbac', body, partial), IDENTITY);
    expect(Object.keys(got).sort()).toEqual(['apiVersion', 'kind', 'rules']);
  });

  it('template lines come from the mapper, when asked', () => {
    const got = positionsFrom('rbac', body, positionLines('rbac', body, tree), { objectLine: 1, templateLine: (n) => n + 100 });
    expect(got['rules.0.verbs.0']).toEqual({ rendered: 8, template: 108 });
  });

  it('claims no position rather than a wrong one when the body no longer matches the recorded walk', () => {
    const changed = structuredClone(body);
    const lines = positionLines('rbac', changed, tree);
    (changed.rules[0] as { verbs: string[] }).verbs.unshift('list');
    expect(positionsFrom('rbac', changed, lines, IDENTITY)).toEqual({});
  });

  it('parsed objects answer with the same positions however often they are asked', () => {
    const text = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: a\n  namespace: n\nrules:\n  - apiGroups: [""]\n    resources:\n      - pods\n    verbs: ["get"]\n';
    const [obj] = parseRendered(text, { target: 0, chartName: null, manifestFile: 'm.yaml' }).objects;
    expect(obj?.positions['rules.0.resources.0']).toEqual({ rendered: 9, template: 9 });
    expect(obj?.positions['rules.0.verbs.0']).toEqual({ rendered: 10, template: 10 });
    expect(obj?.positions).toBe(obj?.positions);
  });
});
