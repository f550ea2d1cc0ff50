import { describe, expect, it } from 'vitest';
import nodesProxy from './index.js';
import ineffectiveRule from '../ineffective-rule/index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string, extra = '') => clusterRole('r', rules, extra) + crb('b', 'r');

// Expected values follow RuleAllows (plugin/pkg/auth/authorizer/rbac/rbac.go) and
// VisitRulesFor (pkg/registry/rbac/validation/rule.go); severities follow docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'explicit nodes/proxy get', source: 'docs/kubernetes.md#get-is-enough minimal vulnerable rule', yaml: bound(rule([''], ['nodes/proxy'], ['get'])), expected: ['critical ClusterRole/r'] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll matches subresources', yaml: bound(rule([''], ['*'], ['get'])), expected: ['critical ClusterRole/r'] },
  { name: 'resources "*/proxy"', source: 'ResourceMatches: "*/"+subresource', yaml: bound(rule([''], ['*/proxy'], ['get'])), expected: ['critical ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['nodes/proxy'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['nodes/proxy'], ['*'])), expected: ['critical ClusterRole/r'] },
  { name: 'argo-cd style: everything in every group', source: 'argo-cd 10.1.1 application-controller ClusterRole', yaml: bound(rule(['*'], ['*'], ['*'])), expected: ['critical ClusterRole/r'] },
  { name: 'nodes/* is not a wildcard', source: 'ResourceMatches: only "*" and "*/sub" are special', yaml: bound(rule([''], ['nodes/*'], ['get'])), expected: [] },
  { name: 'nodes does not cover nodes/proxy', source: 'rbac_test.go TestAuthorizer "test subresource resolution"', yaml: bound(rule([''], ['nodes'], ['get', 'list', 'watch'])), expected: [] },
  { name: 'wrong group (apps) never matches core nodes', source: 'APIGroupMatches exact comparison', yaml: bound(rule(['apps'], ['nodes/proxy'], ['get'])), expected: [] },
  { name: 'case matters (Nodes/Proxy)', source: 'ResourceMatches exact comparison', yaml: bound(rule([''], ['Nodes/Proxy'], ['get'])), expected: [] },
  {
    name: 'two rules on nodes/proxy in one role: the finding has the worse severity, whatever the rule order',
    source: 'RuleAllows per rule (rbac.go): get in any rule is enough; the finding identity has no rule index (baselines survive edits)',
    yaml: bound(rule([''], ['nodes/proxy'], ['list', 'watch']) + rule([''], ['nodes/proxy'], ['get'])),
    expected: ['critical ClusterRole/r'],
  },
  { name: 'list/watch only is low', source: 'docs/design.md#severity-follows-effective-reach: no kubelet or proxy request uses list/watch', yaml: bound(rule([''], ['nodes/proxy'], ['list', 'watch'])), expected: ['low ClusterRole/r'] },
  { name: 'resourceNames still grant those nodes', source: 'ResourceNameMatches: the kubelet sets Name = node name (auth.go)', yaml: bound(rule([''], ['nodes/proxy'], ['get'], ['node-1'])), expected: ['critical ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent: one level lower', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])), expected: ['high ClusterRole/r'] },
  { name: 'Role never grants nodes', source: 'VisitRulesFor: RoleBindings only for namespaced requests', yaml: role('monitoring', 'r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'Role', 'r'), expected: [] },
  { name: 'RoleBinding → ClusterRole never grants nodes', source: 'VisitRulesFor: nodes have namespace ""', yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'), expected: [] },
  {
    name: 'aggregate-to-view reaches every holder of view',
    source: 'bootstrappolicy: view aggregates aggregate-to-view',
    yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get']), '  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: "true"\n'),
    expected: ['critical ClusterRole/r'],
  },
  {
    name: 'resourceNames that cannot be node names (literal "*") never match',
    source: 'ResourceNameMatches compares literally; node names are DNS subdomains (auth.go sets Name = node name)',
    yaml: bound(rule([''], ['nodes/proxy'], ['get'], ['*'])),
    expected: [],
  },
  {
    name: 'a bound aggregate whose empty selector picks up cluster-admin',
    source: 'clusterroleaggregation_controller.go syncClusterRole + LabelSelectorAsSelector({}) = everything',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: everything\naggregationRule:\n  clusterRoleSelectors:\n    - {}\n---\n` + crb('b', 'everything'),
    // Two rule entries reach nodes/proxy (cluster-admin's "*" and system:kubelet-api-admin's nodes/proxy), as if written in the chart.
    expected: ['critical ClusterRoleBinding/b', 'critical ClusterRoleBinding/b'],
  },
  {
    name: 'binding a built-in role that holds nodes/proxy (system:kubelet-api-admin)',
    source: 'bootstrappolicy/policy.go system:kubelet-api-admin: "*" on nodes/proxy',
    yaml: crb('b', 'system:kubelet-api-admin'),
    expected: ['critical ClusterRoleBinding/b'],
  },
  {
    name: 'a ClusterRoleBinding with no subjects grants nobody: latent',
    source: 'appliesTo: no subject matches',
    yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r', '  []'),
    expected: ['high ClusterRole/r'],
  },
  {
    name: 'broad group binding keeps full severity',
    source: 'serviceaccount MakeGroupNames',
    yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r', '  - { kind: Group, name: "system:serviceaccounts", apiGroup: rbac.authorization.k8s.io }'),
    expected: ['critical ClusterRole/r'],
  },
];

describe('nodes-proxy', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(nodesProxy, yaml))).toEqual(expected);
  });

  it('names the subjects, the permission as written and a fix', () => {
    const [f] = runRule(nodesProxy, clusterRole('prom', rule([''], ['nodes', 'nodes/proxy'], ['get', 'list', 'watch'])) + crb('prom', 'prom', '  - { kind: ServiceAccount, name: prometheus-server, namespace: monitoring }'));
    expect(f?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'prometheus-server', namespace: 'monitoring' }]);
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'nodes/proxy', verbs: ['get', 'list', 'watch'], resourceNames: [] }]);
    expect(f?.fix?.summary).toMatch(/No rendered configuration shows how monitoring\/prometheus-server uses the kubelet/);
    expect(f?.fix?.confidence).toBe('low');
    expect(f?.fix?.rules.flatMap((r) => r.resources)).not.toContain('nodes/proxy');
  });

  it('inert grants are reported by ineffective-rule instead', () => {
    const yaml = clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r');
    expect(runRule(nodesProxy, yaml)).toEqual([]);
    expect(summaryOf(runRule(ineffectiveRule, yaml))).toEqual(['low ClusterRole/r']);
  });

  it('fingerprint is stable when rules are re-ordered', () => {
    const a = runRule(nodesProxy, bound(rule([''], ['pods'], ['get']) + rule([''], ['nodes/proxy'], ['get'])));
    const b = runRule(nodesProxy, bound(rule([''], ['nodes/proxy'], ['get']) + rule([''], ['pods'], ['get'])));
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
  });
});
