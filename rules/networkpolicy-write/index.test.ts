import { describe, expect, it } from 'vitest';
import networkpolicyWrite from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const NET = 'networking.k8s.io';
const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');

// Matching: RuleAllows (evaluation_helpers.go VerbMatches/APIGroupMatches/ResourceMatches);
// NetworkPolicies are namespaced (networking/v1 NetworkPolicy, NamespaceScoped), so RoleBindings
// grant them within their namespace (VisitRulesFor).
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'create', source: 'POST …/networkpolicies → create', yaml: bound(rule([NET], ['networkpolicies'], ['create'])), expected: ['medium ClusterRole/r'] },
  { name: 'patch', source: 'PATCH → patch', yaml: bound(rule([NET], ['networkpolicies'], ['patch'])), expected: ['medium ClusterRole/r'] },
  { name: 'delete', source: 'DELETE → delete: removes isolation', yaml: bound(rule([NET], ['networkpolicies'], ['delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'deletecollection', source: 'DELETE on the collection → deletecollection', yaml: bound(rule([NET], ['networkpolicies'], ['deletecollection'])), expected: ['medium ClusterRole/r'] },
  { name: 'read only', source: 'get/list/watch change nothing', yaml: bound(rule([NET], ['networkpolicies'], ['get', 'list', 'watch'])), expected: [] },
  { name: 'core group is not networking.k8s.io', source: 'APIGroupMatches: exact', yaml: bound(rule([''], ['networkpolicies'], ['create'])), expected: [] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['networkpolicies'], ['delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([NET], ['*'], ['update'])), expected: ['medium ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([NET], ['networkpolicies'], ['*'])), expected: ['medium ClusterRole/r'] },
  { name: 'networkpolicies/status only', source: 'ResourceMatches: a subresource is not the resource', yaml: bound(rule([NET], ['networkpolicies/status'], ['update'])), expected: [] },
  { name: 'unbound ClusterRole is latent', source: 'latent grants are one level lower', yaml: clusterRole('r', rule([NET], ['networkpolicies'], ['create'])), expected: ['low ClusterRole/r'] },
  { name: 'a Role in its namespace', source: 'VisitRulesFor: RoleBindings grant namespaced requests', yaml: role('apps', 'r', rule([NET], ['networkpolicies'], ['delete'])) + rb('apps', 'b', 'Role', 'r'), expected: ['medium Role/r'] },
];

describe('networkpolicy-write', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(networkpolicyWrite, yaml))).toEqual(expected);
  });

  it('says which namespace a RoleBinding exposes', () => {
    const [f] = runRule(networkpolicyWrite, role('apps', 'r', rule([NET], ['networkpolicies'], ['create'])) + rb('apps', 'b', 'Role', 'r'));
    expect(f?.message).toMatch(/within namespace apps: the holder can open the namespaces in scope/);
  });
});
