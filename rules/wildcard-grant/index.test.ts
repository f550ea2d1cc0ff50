import { describe, expect, it } from 'vitest';
import wildcardGrant, { wildcardsOf } from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import type { PolicyRule } from '../../src/types.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const urls = (list: string[], verbs = ['get']) => `  - nonResourceURLs: ${JSON.stringify(list)}\n    verbs: ${JSON.stringify(verbs)}\n`;
const LEAST_PRIVILEGE = 'rbac-good-practices.md "Least privilege": wildcards cover future types';

// Which entries are wildcards: evaluation_helpers.go VerbMatches/APIGroupMatches/ResourceMatches/
// NonResourceURLMatches (docs/kubernetes.md#rbac-rule-matching); scope: VisitRulesFor (docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['configmaps'], ['*'])), expected: ['high ClusterRole/r'] },
  {
    name: 'verbs "*" on clusterroles, bound by a RoleBinding: bind takes effect in its namespace',
    source: 'escalation_check.go BindingAuthorized checks bind in the binding\'s namespace (as ineffective-rule does)',
    yaml: clusterRole('r', rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['*'])) + rb('apps', 'b', 'ClusterRole', 'r'),
    expected: ['high ClusterRole/r'],
  },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll', yaml: bound(rule(['apps'], ['*'], ['get'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['pods'], ['get'])), expected: ['high ClusterRole/r'] },
  { name: 'all three: one finding', source: LEAST_PRIVILEGE, yaml: bound(rule(['*'], ['*'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: '"*/scale" alone: one level lower', source: 'ResourceMatches: "*/"+subresource; rule decision (bounded to one subresource)', yaml: bound(rule(['apps'], ['*/scale'], ['get', 'update'])), expected: ['medium ClusterRole/r'] },
  { name: 'nonResourceURLs "*"', source: 'NonResourceURLMatches: NonResourceAll', yaml: bound(urls(['*'])), expected: ['high ClusterRole/r'] },
  { name: 'nonResourceURLs "/*" matches every path too', source: 'NonResourceURLMatches: trailing * is a prefix test on "/"', yaml: bound(urls(['/*'])), expected: ['high ClusterRole/r'] },
  { name: 'nonResourceURLs "/metrics*" is a bounded prefix', source: 'NonResourceURLMatches: prefix "/metrics"', yaml: bound(urls(['/metrics*', '/healthz'])), expected: [] },
  { name: '"nodes/*" is not a wildcard (ineffective-rule)', source: 'ResourceMatches: literal comparison', yaml: bound(rule([''], ['nodes/*'], ['get'])), expected: [] },
  { name: '"*/*" is not a wildcard', source: 'ResourceMatches: matches only subresource "*"', yaml: bound(rule([''], ['*/*'], ['get'])), expected: [] },
  { name: 'explicit lists are fine', source: LEAST_PRIVILEGE, yaml: bound(rule(['', 'apps'], ['pods', 'deployments'], ['get', 'list', 'watch'])), expected: [] },
  { name: 'verbs "**" is not VerbAll', source: 'VerbMatches exact comparison', yaml: bound(rule([''], ['pods'], ['**'])), expected: [] },
  { name: 'resourceNames do not remove the wildcard', source: 'ResourceNameMatches is a separate dimension', yaml: bound(rule([''], ['configmaps'], ['*'], ['lock'])), expected: ['high ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule(['*'], ['*'], ['*'])), expected: ['medium ClusterRole/r'] },
  { name: 'Role + RoleBinding is bound', source: 'VisitRulesFor: RoleBindings of the namespace', yaml: role('ns', 'r', rule([''], ['*'], ['*'])) + rb('ns', 'b', 'Role', 'r'), expected: ['high Role/r'] },
  { name: 'RoleBinding → ClusterRole with "*" resources is bound', source: 'VisitRulesFor: namespaced resources are granted', yaml: clusterRole('r', rule(['*'], ['*'], ['get'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: ['high ClusterRole/r'] },
  { name: 'RoleBinding → ClusterRole with verbs "*" on nodes only is inert', source: 'VisitRulesFor: cluster-scoped request', yaml: clusterRole('r', rule([''], ['nodes'], ['*'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  { name: 'RoleBinding → ClusterRole with URL "*" is inert', source: 'VisitRulesFor: non-resource requests have no namespace', yaml: clusterRole('r', urls(['*'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  {
    name: 'rules of an aggregated ClusterRole are inert',
    source: 'clusterroleaggregation_controller.go: result replaces .rules',
    yaml: clusterRole('r', rule(['*'], ['*'], ['*']), 'aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { x: "1" }\n') + crb('b', 'r'),
    expected: [],
  },
  {
    // docs/design.md: a binding to a built-in role is judged as if the chart had written the role;
    // cluster-roles.yaml cluster-admin: rule 1 "*" on every resource, rule 2 "*" on every URL.
    name: 'a binding to built-in cluster-admin: both of its wildcard rules, on the binding',
    source: 'bootstrappolicy testdata cluster-roles.yaml cluster-admin',
    yaml: crb('b', 'cluster-admin'),
    expected: ['high ClusterRoleBinding/b', 'high ClusterRoleBinding/b'],
  },
  { name: 'built-in roles nobody in the chart binds are never reported', source: 'docs/design.md: built-in content is judged only through the chart\'s bindings', yaml: '', expected: [] },
];

describe('wildcard-grant', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(wildcardGrant, yaml))).toEqual(expected);
  });

  it('names every wildcard dimension and the rule as written', () => {
    const [f] = runRule(wildcardGrant, bound(rule(['example.com'], ['*'], ['*'])));
    expect(f?.message).toMatch(/^ClusterRole r rule 1 uses "\*" in resources, verbs \(apiGroups \["example.com"\], resources \["\*"\], verbs \["\*"\]\) to monitoring\/sa: /);
  });

  // isAllWildcardRule: "*" verbs, groups and resources, no resourceNames (RuleAllows matches any
  // request). cluster-admin-binding reports whoever holds it; this finding names the rule only,
  // so the two do not say the same thing twice.
  it('an all-wildcard rule is described once, as cluster-admin under another name, without repeating cluster-admin-binding', () => {
    const [f] = runRule(wildcardGrant, bound(rule(['*'], ['*'], ['*'])));
    expect(f?.message).toBe(
      'ClusterRole r rule 1 is "*" in apiGroups, resources and verbs to monitoring/sa: the same as cluster-admin for resources, including every API added to the cluster later; list what the workload uses instead.',
    );
    expect(f?.message).not.toMatch(/every verb on every resource|full control/);
  });

  it('fingerprint survives re-ordering rules', () => {
    const a = runRule(wildcardGrant, bound(rule([''], ['pods'], ['get']) + rule([''], ['*'], ['get'])));
    const b = runRule(wildcardGrant, bound(rule([''], ['*'], ['get']) + rule([''], ['pods'], ['get'])));
    expect(a.map((f) => f.fingerprint)).toEqual(b.map((f) => f.fingerprint));
  });
});

const pr = (p: Partial<PolicyRule>): PolicyRule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...p });
const shapes: { name: string; rule: PolicyRule; dimensions: string[] | null; path: string | null }[] = [
  { name: 'resources first for the line', rule: pr({ verbs: ['*'], apiGroups: ['*'], resources: ['pods', '*'] }), dimensions: ['resources', 'apiGroups', 'verbs'], path: 'rules.2.resources.1' },
  { name: '*/scale is a subresource wildcard', rule: pr({ verbs: ['get'], apiGroups: ['apps'], resources: ['*/scale'] }), dimensions: ['subresources'], path: 'rules.2.resources.0' },
  { name: 'URL "**" strips to "" and matches all', rule: pr({ verbs: ['get'], nonResourceURLs: ['/healthz', '**'] }), dimensions: ['nonResourceURLs'], path: 'rules.2.nonResourceURLs.1' },
  { name: 'no wildcard', rule: pr({ verbs: ['get'], apiGroups: [''], resources: ['pods/*'] }), dimensions: null, path: null },
];

describe('wildcardsOf (NonResourceURLMatches TrimRight semantics, ResourceMatches)', () => {
  it.each(shapes)('$name', ({ rule: r, dimensions, path }) => {
    const w = wildcardsOf(r, 2);
    expect(w?.dimensions ?? null).toEqual(dimensions);
    expect(w?.path ?? null).toBe(path);
  });
});
