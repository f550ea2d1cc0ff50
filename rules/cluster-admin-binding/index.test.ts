import { describe, expect, it } from 'vitest';
import clusterAdminBinding from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import { draftsOf, pathsAndKeys } from '../../test/support/rules.js';

const ALL = rule(['*'], ['*'], ['*']);
const AGG_LABEL = '  labels:\n    example.com/aggregate-to-ops: "true"\n';
const aggregator = (name: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { example.com/aggregate-to-ops: "true" }\nrules: []\n---\n`;

// cluster-admin: policy.go ClusterRoles() "super-user" role (*/*/* plus nonResourceURLs *).
// All-wildcard detection: RuleAllows (rbac.go) against made-up names. Scope: VisitRulesFor.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'ClusterRoleBinding → cluster-admin', source: 'policy.go cluster-admin; good practices least privilege', yaml: crb('b', 'cluster-admin'), expected: ['critical ClusterRoleBinding/b'] },
  { name: 'RoleBinding → cluster-admin is namespace-wide', source: 'rbac.md "User-facing roles": cluster-admin in a RoleBinding = full control of the namespace', yaml: rb('monitoring', 'b', 'ClusterRole', 'cluster-admin'), expected: ['high RoleBinding/b'] },
  { name: 'chart ClusterRole with */*/*', source: 'argo-cd 10.1.1 t-argocd-application-controller', yaml: clusterRole('r', ALL) + crb('b', 'r'), expected: ['critical ClusterRoleBinding/b'] },
  { name: '*/*/* with limited verbs is not cluster-admin', source: 'argo-cd 10.1.1 t-argocd-server: verbs [delete, get, patch]', yaml: clusterRole('r', rule(['*'], ['*'], ['delete', 'get', 'patch'])) + crb('b', 'r'), expected: [] },
  { name: 'resources "*/*" is not a wildcard', source: 'ResourceMatches: "*/*" only matches subresource "*"', yaml: clusterRole('r', rule(['*'], ['*/*'], ['*'])) + crb('b', 'r'), expected: [] },
  { name: 'core group only', source: 'APIGroupMatches: "" matches only core', yaml: clusterRole('r', rule([''], ['*'], ['*'])) + crb('b', 'r'), expected: [] },
  { name: 'resourceNames restrict the wildcard', source: 'ResourceNameMatches', yaml: clusterRole('r', rule(['*'], ['*'], ['*'], ['only-this'])) + crb('b', 'r'), expected: [] },
  { name: 'unbound all-wildcard ClusterRole is not a binding', source: 'rule scope: bindings only (wildcard-grant reports the role)', yaml: clusterRole('r', ALL), expected: [] },
  { name: 'binding without subjects reaches nobody', source: 'appliesTo: no subject matches', yaml: clusterRole('r', ALL) + crb('b', 'r', '  []'), expected: [] },
  {
    name: 'all-wildcard rule reached through aggregation',
    source: 'clusterroleaggregation_controller.go syncClusterRole',
    yaml: clusterRole('ops-extra', ALL, AGG_LABEL) + aggregator('ops') + crb('b', 'ops'),
    expected: ['critical ClusterRoleBinding/b'],
  },
  { name: 'RoleBinding → Role with */*/*', source: 'VisitRulesFor: confined to the namespace', yaml: role('monitoring', 'r', ALL) + rb('monitoring', 'b', 'Role', 'r'), expected: ['high RoleBinding/b'] },
  { name: 'roleRef names are case-sensitive (Cluster-Admin)', source: 'GetRoleReferenceRules looks the name up exactly', yaml: crb('b', 'Cluster-Admin'), expected: [] },
  { name: 'a role that does not exist grants nothing known', source: 'GetRoleReferenceRules: not found', yaml: crb('b', 'external-role'), expected: [] },
];

describe('cluster-admin-binding', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(clusterAdminBinding, yaml))).toEqual(expected);
  });

  it('points at roleRef.name and keys on the roleRef', () => {
    expect(pathsAndKeys(draftsOf(clusterAdminBinding, crb('b', 'cluster-admin')))).toEqual(['roleRef.name roleRef:ClusterRole/cluster-admin']);
  });

  it('names the subjects and the wildcard rule', () => {
    const [f] = runRule(clusterAdminBinding, clusterRole('r', rule([''], ['pods'], ['get']) + ALL) + crb('b', 'r'));
    expect(f?.message).toBe(
      'ClusterRoleBinding b grants ClusterRole r (its rule 2 is all-wildcard, see wildcard-grant) to monitoring/sa: full control of the whole cluster (every resource, namespace and node).',
    );
    expect(f?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa', namespace: 'monitoring' }]);
    expect(f?.permissions).toEqual([{ apiGroup: '*', resource: '*', verbs: ['*'], resourceNames: [] }]);
  });
});
