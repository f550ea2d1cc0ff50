import { describe, expect, it } from 'vitest';
import deadKubeletSubresource, { meantSubresource } from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import { draftsOf, pathsAndKeys } from '../../test/support/rules.js';

const bound = (rules: string, extra = '') => clusterRole('r', rules, extra) + crb('b', 'r');
const nodes = (...subs: string[]) => subs.map((s) => `nodes/${s}`);

// Live subresources: auth.go GetRequestAttributes switches (docs/kubernetes.md#path-to-subresource) and the API
// server's node storage (storage_core.go: nodes, nodes/status, nodes/proxy). nodes/spec: KEP-2129,
// kubernetes/kubernetes PR #99236 (removed in 1.21). Matching: RuleAllows. Reach: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'nodes/spec', source: 'docs/kubernetes.md#path-to-subresource: no /spec case since 1.21', yaml: bound(rule([''], ['nodes/spec'], ['get'])), expected: ['info ClusterRole/r'] },
  { name: 'nodes/logs (typo for nodes/log)', source: 'datadog 3.240.0 t-operator; auth.go logsPath → "log"', yaml: bound(rule([''], ['nodes/logs'], ['get'])), expected: ['info ClusterRole/r'] },
  { name: 'nodes/spec beside live ones', source: 'opentelemetry-operator 0.107.0 manager role: nodes/spec + nodes/stats', yaml: bound(rule([''], nodes('spec', 'stats'), ['get', 'list', 'watch'])), expected: ['info ClusterRole/r'] },
  { name: 'two dead entries in one rule', source: 'datadog 3.240.0 t-operator: nodes/logs and nodes/spec', yaml: bound(rule([''], nodes('logs', 'metrics', 'spec'), ['get'])), expected: ['info ClusterRole/r', 'info ClusterRole/r'] },
  { name: 'every kubelet subresource is live', source: 'auth.go: stats metrics log checkpoint pods healthz configz statusz proxy', yaml: bound(rule([''], nodes('proxy', 'stats', 'metrics', 'log', 'checkpoint', 'pods', 'healthz', 'configz', 'statusz'), ['get'])), expected: [] },
  { name: 'nodes/status is an API server subresource', source: 'storage_core.go: nodes/status', yaml: bound(rule([''], ['nodes/status'], ['patch'])), expected: [] },
  { name: 'nodes/* is ineffective-rule\'s case', source: 'ResourceMatches: nodes/* is literal; not a dead endpoint', yaml: bound(rule([''], ['nodes/*'], ['get'])), expected: [] },
  { name: 'case matters (nodes/Proxy)', source: 'auth.go subresource strings are lower-case; RuleAllows is exact', yaml: bound(rule([''], ['nodes/Proxy'], ['get'])), expected: ['info ClusterRole/r'] },
  { name: 'apiGroup "*"', source: 'APIGroupMatches: "*" includes core', yaml: bound(rule(['*'], ['nodes/spec'], ['get'])), expected: ['info ClusterRole/r'] },
  { name: 'wrong group never matches core nodes', source: 'APIGroupMatches exact; ineffective-rule reports it', yaml: bound(rule(['apps'], ['nodes/spec'], ['get'])), expected: [] },
  { name: 'resources "*" is not a written dead grant', source: 'only literal nodes/<x> entries', yaml: bound(rule([''], ['*'], ['get'])), expected: [] },
  { name: 'empty verbs grant nothing (malformed-rbac)', source: 'VerbMatches: no verbs', yaml: bound(rule([''], ['nodes/spec'], [])), expected: [] },
  { name: 'resourceNames still count', source: 'ResourceNameMatches: the kubelet sets Name = node name', yaml: bound(rule([''], ['nodes/spec'], ['get'], ['node-1'])), expected: ['info ClusterRole/r'] },
  { name: 'unbound ClusterRole (latent: info is the floor)', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['nodes/spec'], ['get'])), expected: ['info ClusterRole/r'] },
  { name: 'Role: inert', source: 'VisitRulesFor: nodes are cluster-scoped', yaml: role('monitoring', 'r', rule([''], ['nodes/spec'], ['get'])) + rb('monitoring', 'b', 'Role', 'r'), expected: [] },
  { name: 'RoleBinding → ClusterRole: inert', source: 'VisitRulesFor: RoleBindings only for namespaced requests', yaml: clusterRole('r', rule([''], ['nodes/spec'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'), expected: [] },
  {
    name: 'aggregated into view',
    source: 'policy.go view aggregationRule',
    yaml: clusterRole('r', rule([''], ['nodes/spec'], ['get']), '  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: "true"\n'),
    expected: ['info ClusterRole/r'],
  },
];

describe('dead-kubelet-subresource', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(deadKubeletSubresource, yaml))).toEqual(expected);
  });

  it('points at the resource entry and keys on it', () => {
    expect(pathsAndKeys(draftsOf(deadKubeletSubresource, bound(rule([''], ['nodes'], ['get']) + rule([''], nodes('metrics', 'spec'), ['get']))))).toEqual([
      'rules.1.resources.1 dead:nodes/spec',
    ]);
  });

  it('suggests the subresource the kubelet checks', () => {
    const [f] = runRule(deadKubeletSubresource, bound(rule([''], ['nodes/logs'], ['get'])));
    expect(f?.message).toBe(
      'ClusterRole r rule 1 grants "nodes/logs", which never takes effect: no kubelet or API server request is authorized as nodes/logs; write nodes/log, which is what the kubelet checks.',
    );
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'nodes/logs', verbs: ['get'], resourceNames: [] }]);
  });

  // Near misses seen in charts (datadog 3.240.0 nodes/logs) and case slips; spec has no successor.
  const near: [string, string | null][] = [
    ['logs', 'log'],
    ['Proxy', 'proxy'],
    ['stat', 'stats'],
    ['metric', 'metrics'],
    ['spec', null],
    ['exec', null],
  ];
  it.each(near)('meantSubresource(%s) = %s', (sub, meant) => {
    expect(meantSubresource(sub)).toBe(meant);
  });
});
