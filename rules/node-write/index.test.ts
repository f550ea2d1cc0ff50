import { describe, expect, it } from 'vitest';
import nodeWrite from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const NODE_AUTHZ = 'kubernetes.io node authorizer + NodeRestriction: kubelets may only write their own Node';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); nodes are cluster-scoped, so only ClusterRoleBindings
// grant them (VisitRulesFor, docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'patch nodes', source: NODE_AUTHZ, yaml: bound(rule([''], ['nodes'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'create nodes', source: NODE_AUTHZ, yaml: bound(rule([''], ['nodes'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'delete nodes', source: 'deleting a Node evicts its Pods (node lifecycle controller)', yaml: bound(rule([''], ['nodes'], ['delete'])), expected: ['high ClusterRole/r'] },
  { name: 'deletecollection nodes', source: 'rule decision: deletecollection counts with delete', yaml: bound(rule([''], ['nodes'], ['deletecollection'])), expected: ['high ClusterRole/r'] },
  { name: 'update nodes/status', source: NODE_AUTHZ, yaml: bound(rule([''], ['nodes/status'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'read-only nodes', source: 'get/list/watch do not write', yaml: bound(rule([''], ['nodes', 'nodes/status'], ['get', 'list', 'watch'])), expected: [] },
  { name: 'nodes/proxy is nodes-proxy\'s business', source: 'ResourceMatches: exact subresource', yaml: bound(rule([''], ['nodes/proxy'], ['create', 'update'])), expected: [] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([''], ['*'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'resources "*/status"', source: 'ResourceMatches: "*/"+subresource', yaml: bound(rule([''], ['*/status'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['nodes'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['nodes'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: '"nodes/*" is not a wildcard', source: 'ResourceMatches: literal comparison', yaml: bound(rule([''], ['nodes/*'], ['patch'])), expected: [] },
  { name: 'wrong group (metrics.k8s.io nodes are read-only metrics)', source: 'APIGroupMatches exact comparison', yaml: bound(rule(['metrics.k8s.io'], ['nodes'], ['patch'])), expected: [] },
  { name: 'case matters', source: 'ResourceMatches exact comparison', yaml: bound(rule([''], ['Nodes'], ['patch'])), expected: [] },
  { name: 'resourceNames still write those nodes', source: 'ResourceNameMatches: patch carries the node name', yaml: bound(rule([''], ['nodes'], ['patch'], ['node-1'])), expected: ['high ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['nodes'], ['patch'])), expected: ['medium ClusterRole/r'] },
  { name: 'Role is inert for nodes', source: 'VisitRulesFor: RoleBindings only for namespaced requests', yaml: role('ns', 'r', rule([''], ['nodes'], ['patch'])) + rb('ns', 'b', 'Role', 'r'), expected: [] },
  { name: 'RoleBinding → ClusterRole is inert for nodes', source: 'VisitRulesFor: node requests have namespace ""', yaml: clusterRole('r', rule([''], ['nodes'], ['patch'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
];

describe('node-write', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(nodeWrite, yaml))).toEqual(expected);
  });

  it('one finding per rule entry with both nodes and nodes/status', () => {
    const findings = runRule(nodeWrite, bound(rule([''], ['nodes', 'nodes/status'], ['patch'])));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/^ClusterRole r grants patch on nodes, nodes\/status to monitoring\/sa: /);
  });
});
