import { describe, expect, it } from 'vitest';
import secretsRead from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string, extra = '') => clusterRole('r', rules, extra) + crb('b', 'r');
const GOOD_PRACTICES = 'rbac-good-practices.md "Listing secrets"';

// Matching follows RuleAllows (plugin/pkg/auth/authorizer/rbac/rbac.go, docs/kubernetes.md#rbac-rule-matching);
// binding scope follows VisitRulesFor (pkg/registry/rbac/validation/rule.go, docs/kubernetes.md#which-bindings-apply); severities docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'get secrets', source: GOOD_PRACTICES, yaml: bound(rule([''], ['secrets'], ['get'])), expected: ['high ClusterRole/r'] },
  { name: 'list alone reveals contents', source: `${GOOD_PRACTICES}: List responses include the data`, yaml: bound(rule([''], ['secrets'], ['list'])), expected: ['high ClusterRole/r'] },
  { name: 'watch alone reveals contents', source: GOOD_PRACTICES, yaml: bound(rule([''], ['secrets'], ['watch'])), expected: ['high ClusterRole/r'] },
  { name: 'create/update only is not a read', source: GOOD_PRACTICES, yaml: bound(rule([''], ['secrets'], ['create', 'update', 'delete'])), expected: [] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([''], ['*'], ['list'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll matches core', yaml: bound(rule(['*'], ['secrets'], ['get'])), expected: ['high ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['secrets'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: '"*/status" does not reach the secrets resource', source: 'ResourceMatches: "*/x" only matches subresource requests', yaml: bound(rule([''], ['*/status'], ['get'])), expected: [] },
  { name: '"secrets/*" is not a wildcard', source: 'ResourceMatches: literal comparison (docs/kubernetes.md#rbac-rule-matching)', yaml: bound(rule([''], ['secrets/*'], ['get'])), expected: [] },
  { name: 'wrong group: secrets are core', source: 'APIGroupMatches exact comparison', yaml: bound(rule(['apps'], ['secrets'], ['get'])), expected: [] },
  { name: 'case matters', source: 'ResourceMatches exact comparison', yaml: bound(rule([''], ['Secrets'], ['get'])), expected: [] },
  { name: 'verb case matters', source: 'VerbMatches exact comparison', yaml: bound(rule([''], ['secrets'], ['GET'])), expected: [] },
  { name: 'resourceNames: named secrets only, one level lower', source: 'ResourceNameMatches; rule decision (named data only)', yaml: bound(rule([''], ['secrets'], ['get'], ['tls'])), expected: ['medium ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['secrets'], ['get'])), expected: ['medium ClusterRole/r'] },
  { name: 'Role + RoleBinding is bound (namespaced)', source: 'VisitRulesFor: RoleBindings apply in their namespace', yaml: role('apps', 'r', rule([''], ['secrets'], ['list'])) + rb('apps', 'b', 'Role', 'r'), expected: ['high Role/r'] },
  { name: 'RoleBinding → ClusterRole is bound for a namespaced resource', source: 'VisitRulesFor: GetRoleReferenceRules resolves ClusterRoles for RoleBindings', yaml: clusterRole('r', rule([''], ['secrets'], ['get'])) + rb('apps', 'b', 'ClusterRole', 'r'), expected: ['high ClusterRole/r'] },
  { name: 'unbound Role is latent', source: 'docs/design.md#severity-follows-effective-reach', yaml: role('apps', 'r', rule([''], ['secrets'], ['get'])), expected: ['medium Role/r'] },
  {
    name: 'aggregated into built-in view reaches every viewer',
    source: 'bootstrappolicy policy.go: view aggregates aggregate-to-view',
    yaml: clusterRole('r', rule([''], ['secrets'], ['get']), '  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: "true"\n'),
    expected: ['high ClusterRole/r'],
  },
  {
    name: 'rules of an aggregated ClusterRole are inert (ineffective-rule)',
    source: 'clusterroleaggregation_controller.go: result replaces .rules',
    yaml: clusterRole('r', rule([''], ['secrets'], ['get']), 'aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { x: "1" }\n') + crb('b', 'r'),
    expected: [],
  },
];

describe('secrets-read', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(secretsRead, yaml))).toEqual(expected);
  });

  it('names the role, verbs, subjects and the namespace of a RoleBinding', () => {
    const [f] = runRule(secretsRead, clusterRole('r', rule([''], ['configmaps', 'secrets'], ['get', 'list'])) + rb('apps', 'b', 'ClusterRole', 'r'));
    expect(f?.message).toBe(
      'ClusterRole r grants get, list on secrets to apps/sa within namespace apps: reveals the contents of every Secret in scope (a list response carries their data), including credentials and tokens.',
    );
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'secrets', verbs: ['get', 'list'], resourceNames: [] }]);
    expect(f?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa', namespace: 'apps' }]);
  });

  // The message names only what the granted verbs do: get reads a Secret by name (GET …/secrets/<name>),
  // list and watch return whole objects (a List/watch event carries the data), `*` allows all three.
  it.each([
    { verbs: ['get'], says: 'reads any Secret in scope whose name it knows or guesses, including credentials and tokens' },
    { verbs: ['watch'], says: 'reveals the contents of every Secret in scope (a watch streams their data)' },
    { verbs: ['list', 'watch'], says: 'reveals the contents of every Secret in scope (a list or watch response carries their data)' },
    { verbs: ['*'], says: 'reveals the contents of every Secret in scope (a list or watch response carries their data)' },
  ])('wording for $verbs says exactly what those verbs do', ({ verbs, says }) => {
    const [f] = runRule(secretsRead, bound(rule([''], ['secrets'], verbs)));
    expect(f?.message).toContain(`grants ${verbs.join(', ')} on secrets`);
    expect(f?.message).toContain(says);
    if (!verbs.includes('list') && !verbs.includes('*')) expect(f?.message).not.toMatch(/\blist\b/);
  });

  it('fingerprint survives re-ordering rules', () => {
    const a = runRule(secretsRead, bound(rule([''], ['pods'], ['get']) + rule([''], ['secrets'], ['get'])));
    const b = runRule(secretsRead, bound(rule([''], ['secrets'], ['get']) + rule([''], ['pods'], ['get'])));
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
  });
});
