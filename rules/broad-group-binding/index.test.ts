import { describe, expect, it } from 'vitest';
import broadGroupBinding from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import { draftsOf, pathsAndKeys } from '../../test/support/rules.js';

const group = (name: string) => `  - { kind: Group, name: "${name}", apiGroup: rbac.authorization.k8s.io }`;
const user = (name: string) => `  - { kind: User, name: "${name}", apiGroup: rbac.authorization.k8s.io }`;
const SECRETS = rule([''], ['secrets'], ['get', 'list']);
const CONFIGMAPS = rule([''], ['configmaps'], ['get', 'list']);
const toGroup = (rules: string, subject: string) => clusterRole('r', rules) + crb('b', 'r', subject);

// Groups: serviceaccount/util.go MakeGroupNames (system:serviceaccounts[:ns]), user/user.go
// (system:authenticated, system:unauthenticated, system:masters), the anonymous authenticator
// (user system:anonymous, group system:unauthenticated). Matching: rule.go appliesToUser (exact).
// Severities: the table in the rule's docs (docs/design.md#severity-follows-effective-reach "broad-group-binding").
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'system:authenticated + secrets read', source: 'RBAC good practices "Listing secrets"; table: critical column', yaml: toGroup(SECRETS, group('system:authenticated')), expected: ['critical ClusterRoleBinding/b'] },
  { name: 'system:authenticated + configmaps read', source: 'table: "anything else" for everyone → medium', yaml: toGroup(CONFIGMAPS, group('system:authenticated')), expected: ['medium ClusterRoleBinding/b'] },
  { name: 'system:authenticated + deployments create', source: 'good practices "Workload creation"; table: high', yaml: toGroup(rule(['apps'], ['deployments'], ['create']), group('system:authenticated')), expected: ['high ClusterRoleBinding/b'] },
  { name: 'system:authenticated + "*" in a CRD group', source: 'good practices wildcards; no secrets in example.com (APIGroupMatches)', yaml: toGroup(rule(['example.com'], ['*'], ['get']), group('system:authenticated')), expected: ['high ClusterRoleBinding/b'] },
  { name: 'system:authenticated + */*/* rule', source: 'RuleAllows: all wildcards match secrets', yaml: toGroup(rule(['*'], ['*'], ['*']), group('system:authenticated')), expected: ['critical ClusterRoleBinding/b'] },
  {
    name: 'RoleBinding of system:authenticated to a ClusterRole with bind on clusterroles',
    source: 'escalation_check.go BindingAuthorized: bind is checked in the binding\'s namespace (rbac-escalation probes)',
    yaml: clusterRole('r', rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['bind'])) + rb('apps', 'b', 'ClusterRole', 'r', group('system:authenticated')),
    expected: ['critical RoleBinding/b'],
  },
  {
    name: 'system:authenticated + update on batch/jobs only',
    source: 'validation.go ValidateJobSpecUpdate: a Job template is immutable (workload-create probes: create only)',
    yaml: toGroup(rule(['batch'], ['jobs'], ['update', 'patch']), group('system:authenticated')),
    expected: ['medium ClusterRoleBinding/b'],
  },
  { name: 'system:authenticated + empty role', source: 'table: "nothing" → low (later additions reach everyone)', yaml: clusterRole('r', '  []') + crb('b', 'r', group('system:authenticated')), expected: ['low ClusterRoleBinding/b'] },
  { name: 'system:unauthenticated + configmaps read', source: 'good practices Hardening: anyone who can reach the API server; table → high', yaml: toGroup(CONFIGMAPS, group('system:unauthenticated')), expected: ['high ClusterRoleBinding/b'] },
  { name: 'system:unauthenticated + deployments create', source: 'table: anonymous + high → critical', yaml: toGroup(rule(['apps'], ['deployments'], ['create']), group('system:unauthenticated')), expected: ['critical ClusterRoleBinding/b'] },
  { name: 'User system:anonymous', source: 'anonymous authenticator: user system:anonymous', yaml: toGroup(CONFIGMAPS, user('system:anonymous')), expected: ['high ClusterRoleBinding/b'] },
  { name: 'Group system:anonymous (matches nobody, reported for its intent)', source: 'rule docs decision; user.go Anonymous is a user name', yaml: toGroup(CONFIGMAPS, group('system:anonymous')), expected: ['high ClusterRoleBinding/b'] },
  { name: 'User system:authenticated is not the group', source: 'appliesToUser: UserKind compares the user name only', yaml: toGroup(SECRETS, user('system:authenticated')), expected: [] },
  { name: 'case matters (System:Authenticated)', source: 'appliesToUser: has(groups, name) exact', yaml: toGroup(SECRETS, group('System:Authenticated')), expected: [] },
  { name: 'system:serviceaccounts + secrets read', source: 'MakeGroupNames: every service account', yaml: toGroup(SECRETS, group('system:serviceaccounts')), expected: ['critical ClusterRoleBinding/b'] },
  { name: 'system:serviceaccounts:monitoring cluster-wide', source: 'MakeGroupNames: every SA of a namespace, granted outside it → everyone row', yaml: toGroup(CONFIGMAPS, group('system:serviceaccounts:monitoring')), expected: ['medium ClusterRoleBinding/b'] },
  { name: 'system:serviceaccounts: (empty namespace) matches nobody', source: 'MakeGroupNames never yields an empty namespace', yaml: toGroup(SECRETS, group('system:serviceaccounts:')), expected: [] },
  { name: 'system:masters, even with a harmless role', source: 'good practices: system:masters bypasses RBAC; always critical', yaml: toGroup(CONFIGMAPS, group('system:masters')), expected: ['critical ClusterRoleBinding/b'] },
  {
    name: 'RoleBinding to its own namespace\'s service accounts',
    source: 'table: own-namespace row, one level less broad',
    yaml: role('monitoring', 'r', CONFIGMAPS) + rb('monitoring', 'b', 'Role', 'r', group('system:serviceaccounts:monitoring')),
    expected: ['low RoleBinding/b'],
  },
  {
    name: 'RoleBinding to its own namespace\'s service accounts + secrets',
    source: 'table: own-namespace + critical → high',
    yaml: role('monitoring', 'r', SECRETS) + rb('monitoring', 'b', 'Role', 'r', group('system:serviceaccounts:monitoring')),
    expected: ['high RoleBinding/b'],
  },
  {
    name: 'RoleBinding to another namespace\'s service accounts',
    source: 'table: another namespace\'s group is the everyone row',
    yaml: role('monitoring', 'r', CONFIGMAPS) + rb('monitoring', 'b', 'Role', 'r', group('system:serviceaccounts:tools')),
    expected: ['medium RoleBinding/b'],
  },
  {
    name: 'RoleBinding → ClusterRole with nodes/proxy: nodes are out of its scope',
    source: 'VisitRulesFor: RoleBindings only for namespaced requests',
    yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r', group('system:authenticated')),
    expected: ['medium RoleBinding/b'],
  },
  { name: 'ClusterRoleBinding → nodes/proxy', source: 'docs/kubernetes.md#get-is-enough', yaml: toGroup(rule([''], ['nodes/proxy'], ['get']), group('system:authenticated')), expected: ['critical ClusterRoleBinding/b'] },
  { name: 'role not in the chart', source: 'GetRoleReferenceRules resolves on the cluster: unknown → worst case', yaml: crb('b', 'external-role', group('system:authenticated')), expected: ['critical ClusterRoleBinding/b'] },
  { name: 'built-in view', source: 'policy.go system:aggregate-to-view: read, no secrets → "anything else"', yaml: crb('b', 'view', group('system:authenticated')), expected: ['medium ClusterRoleBinding/b'] },
  { name: 'built-in edit', source: 'policy.go system:aggregate-to-edit: secrets, pods/exec, impersonate SAs', yaml: crb('b', 'edit', group('system:authenticated')), expected: ['critical ClusterRoleBinding/b'] },
  { name: 'built-in cluster-admin', source: 'policy.go cluster-admin: */*/*', yaml: crb('b', 'cluster-admin', group('system:serviceaccounts')), expected: ['critical ClusterRoleBinding/b'] },
  { name: 'ServiceAccount subject is not broad', source: 'appliesToUser ServiceAccountKind: one identity', yaml: toGroup(SECRETS, '  - { kind: ServiceAccount, name: sa, namespace: monitoring }'), expected: [] },
  {
    name: 'one finding per broad subject',
    source: 'each subject reaches its own audience',
    yaml: toGroup(CONFIGMAPS, `${group('system:authenticated')}\n  - { kind: ServiceAccount, name: sa, namespace: monitoring }\n${group('system:unauthenticated')}`),
    expected: ['high ClusterRoleBinding/b', 'medium ClusterRoleBinding/b'],
  },
];

describe('broad-group-binding', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(broadGroupBinding, yaml))).toEqual(expected);
  });

  it('points at the subject entry and keys on the subject, not its index', () => {
    const yaml = toGroup(CONFIGMAPS, `  - { kind: ServiceAccount, name: sa, namespace: monitoring }\n${group('system:authenticated')}`);
    expect(pathsAndKeys(draftsOf(broadGroupBinding, yaml))).toEqual(['subjects.1 subject:Group:system:authenticated']);
  });

  it('names the binding, the role, the audience and what it grants', () => {
    const [f] = runRule(broadGroupBinding, toGroup(SECRETS, group('system:authenticated')));
    expect(f?.message).toBe(
      'ClusterRoleBinding b grants ClusterRole r to every authenticated user and service account cluster-wide: it allows read secrets (rule 1).',
    );
    expect(f?.subjects).toEqual([{ kind: 'Group', name: 'system:authenticated' }]);
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'secrets', verbs: ['get', 'list'], resourceNames: [] }]);
  });

  it('fingerprint is stable when subjects are re-ordered', () => {
    const sa = '  - { kind: ServiceAccount, name: sa, namespace: monitoring }';
    const a = runRule(broadGroupBinding, toGroup(CONFIGMAPS, `${sa}\n${group('system:authenticated')}`));
    const b = runRule(broadGroupBinding, toGroup(CONFIGMAPS, `${group('system:authenticated')}\n${sa}`));
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
  });

  it('ignores subjects of any other shape without throwing', () => {
    const yaml = toGroup(CONFIGMAPS, '  - "system:authenticated"\n  - null\n  - { kind: Group }\n  - { kind: Group, name: 5 }');
    expect(runRule(broadGroupBinding, yaml)).toEqual([]);
  });
});
