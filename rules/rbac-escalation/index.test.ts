import { describe, expect, it } from 'vitest';
import rbacEscalation from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const RBAC = 'rbac.authorization.k8s.io';
const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const ESCALATE = 'escalation_check.go RoleEscalationAuthorized; rbac-good-practices.md "Escalate verb"';
const BIND = 'escalation_check.go BindingAuthorized (Name = roleRef.Name, Namespace = binding namespace); rbac-good-practices.md "Bind verb"';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); escalation checks: docs/kubernetes.md#escalation-prevention;
// scope: VisitRulesFor (docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach and the rule's documented decision.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'escalate on clusterroles', source: ESCALATE, yaml: bound(rule([RBAC], ['clusterroles'], ['escalate'])), expected: ['critical ClusterRole/r'] },
  { name: 'bind on roles', source: BIND, yaml: bound(rule([RBAC], ['roles'], ['bind'])), expected: ['critical ClusterRole/r'] },
  { name: 'create clusterrolebindings only: one level lower', source: 'ConfirmNoEscalation still applies without bind (rule.go)', yaml: bound(rule([RBAC], ['clusterrolebindings'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'patch roles only: one level lower', source: 'ConfirmNoEscalation still applies without escalate', yaml: bound(rule([RBAC], ['roles'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'write + bind in one entry is critical', source: BIND, yaml: bound(rule([RBAC], ['rolebindings', 'clusterroles'], ['create', 'bind'])), expected: ['critical ClusterRole/r'] },
  { name: 'read-only RBAC access', source: 'no escalation check is involved in reads', yaml: bound(rule([RBAC], ['roles', 'clusterroles', 'rolebindings', 'clusterrolebindings'], ['get', 'list', 'watch'])), expected: [] },
  { name: 'delete bindings is not escalation', source: 'rolebinding/policybased/storage.go: escalation is checked on Create/Update only; deleting removes rights', yaml: bound(rule([RBAC], ['rolebindings'], ['delete'])), expected: [] },
  { name: 'resources "*" in the rbac group', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([RBAC], ['*'], ['bind'])), expected: ['critical ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['clusterroles'], ['escalate'])), expected: ['critical ClusterRole/r'] },
  { name: 'verbs "*" on roles includes escalate and bind', source: 'VerbMatches: VerbAll (docs/kubernetes.md#rbac-rule-matching)', yaml: bound(rule([RBAC], ['roles'], ['*'])), expected: ['critical ClusterRole/r'] },
  { name: 'wrong group (core) matches nothing', source: 'APIGroupMatches exact comparison', yaml: bound(rule([''], ['clusterroles'], ['escalate', 'bind', 'create'])), expected: [] },
  { name: '"clusterroles/*" is not a wildcard', source: 'ResourceMatches: literal comparison', yaml: bound(rule([RBAC], ['clusterroles/*'], ['escalate'])), expected: [] },
  { name: 'case matters (Bind)', source: 'VerbMatches exact comparison', yaml: bound(rule([RBAC], ['clusterroles'], ['Bind'])), expected: [] },
  { name: 'bind restricted by resourceNames still reported', source: `${BIND}: resourceNames restrict which roles`, yaml: bound(rule([RBAC], ['clusterroles'], ['bind'], ['admin', 'edit', 'view'])), expected: ['critical ClusterRole/r'] },
  { name: 'create with resourceNames never matches', source: 'ResourceNameMatches: create carries no name', yaml: bound(rule([RBAC], ['clusterrolebindings'], ['create'], ['x'])), expected: [] },
  {
    name: 'RBAC docs "role-grantor": RoleBinding → ClusterRole with bind on clusterroles works in its namespace',
    source: `${BIND}; rbac.md "Restrictions on role binding creation or update"`,
    yaml: clusterRole('r', rule([RBAC], ['rolebindings'], ['create']) + rule([RBAC], ['clusterroles'], ['bind'], ['admin', 'edit', 'view'])) + rb('user-1-namespace', 'b', 'ClusterRole', 'r', '  - { kind: User, name: user-1, apiGroup: rbac.authorization.k8s.io }'),
    expected: ['critical ClusterRole/r', 'high ClusterRole/r'],
  },
  { name: 'escalate on clusterroles via RoleBinding is inert', source: 'RoleEscalationAuthorized: namespace of a ClusterRole write is ""', yaml: clusterRole('r', rule([RBAC], ['clusterroles'], ['escalate'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  { name: 'create clusterrolebindings via RoleBinding is inert', source: 'VisitRulesFor: cluster-scoped request', yaml: clusterRole('r', rule([RBAC], ['clusterrolebindings'], ['create'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  { name: 'Role with create rolebindings is bound', source: 'VisitRulesFor: namespaced request', yaml: role('ns', 'r', rule([RBAC], ['rolebindings'], ['create'])) + rb('ns', 'b', 'Role', 'r'), expected: ['high Role/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([RBAC], ['clusterroles'], ['escalate'])), expected: ['high ClusterRole/r'] },
];

describe('rbac-escalation', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(rbacEscalation, yaml))).toEqual(expected);
  });

  it('names the roles a restricted bind covers', () => {
    const [f] = runRule(rbacEscalation, bound(rule([RBAC], ['clusterroles'], ['bind'], ['admin', 'edit'])));
    expect(f?.message).toMatch(/^ClusterRole r grants bind on clusterroles \(resourceNames admin, edit only\) to monitoring\/sa: escalate\/bind lift/);
  });
});
