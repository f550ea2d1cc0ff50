import { describe, expect, it } from 'vitest';
import aggregateToBuiltin from './index.js';
import { clusterRole, crb, rb, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import { draftsOf, pathsAndKeys } from '../../test/support/rules.js';

const label = (key: string, value = '"true"') => `  labels:\n    ${key}: ${value}\n`;
const VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';
const EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
const ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
const WIDGETS = rule(['example.com'], ['widgets'], ['get', 'list', 'watch']);
const labelled = (rules: string, key = VIEW, value?: string) => clusterRole('r', rules, label(key, value));

// Selectors: policy.go ClusterRoles() (admin/edit/view aggregationRule matchLabels "true"),
// matched with LabelSelectorAsSelector semantics (src/rbac/selector.ts). Severity table: the
// rule's docs (docs/design.md#severity-follows-effective-reach "raise to the worst rule it carries").
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'view + read of own CRD', source: 'rbac.md "Aggregated ClusterRoles" example; table: anything else → medium', yaml: labelled(WIDGETS), expected: ['medium ClusterRole/r'] },
  { name: 'view + secrets read', source: 'good practices "Listing secrets"; view deliberately excludes secrets (policy.go)', yaml: labelled(WIDGETS + rule([''], ['secrets'], ['get'])), expected: ['critical ClusterRole/r'] },
  { name: 'edit + deployments create', source: 'good practices "Workload creation"; table: high', yaml: labelled(rule(['apps'], ['deployments'], ['create']), EDIT), expected: ['high ClusterRole/r'] },
  { name: 'admin + nodes/proxy get', source: 'docs/kubernetes.md#get-is-enough', yaml: labelled(rule([''], ['nodes/proxy'], ['get']), ADMIN), expected: ['critical ClusterRole/r'] },
  { name: 'view + pods/exec', source: 'pod/rest/authorize.go: exec needs create', yaml: labelled(rule([''], ['pods/exec'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'view + escalate clusterroles', source: 'escalation_check.go RoleEscalationAuthorized', yaml: labelled(rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['escalate'])), expected: ['critical ClusterRole/r'] },
  { name: 'view + impersonate users', source: 'impersonation.go WithImpersonation', yaml: labelled(rule([''], ['users'], ['impersonate'])), expected: ['critical ClusterRole/r'] },
  { name: 'view + impersonate userextras/scopes', source: 'impersonation.go: userextras with the key as subresource', yaml: labelled(rule(['authentication.k8s.io'], ['userextras/scopes'], ['impersonate'])), expected: ['critical ClusterRole/r'] },
  { name: 'view + verbs "*" on own CRD', source: 'good practices wildcards; table: high', yaml: labelled(rule(['example.com'], ['widgets'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: 'view + nodes/* (not a wildcard) stays medium', source: 'ResourceMatches: nodes/* is literal', yaml: labelled(rule([''], ['nodes/*'], ['get'])), expected: ['medium ClusterRole/r'] },
  { name: 'labelled role with no rules', source: 'the label alone opens the channel; table → medium', yaml: labelled('  []'), expected: ['medium ClusterRole/r'] },
  { name: 'label value "True" is not selected', source: 'matchLabels compares values exactly', yaml: labelled(rule([''], ['secrets'], ['get']), VIEW, '"True"'), expected: [] },
  { name: 'label value "false"', source: 'matchLabels compares values exactly', yaml: labelled(rule([''], ['secrets'], ['get']), VIEW, '"false"'), expected: [] },
  { name: 'misspelt key (aggregate-to-views)', source: 'matchLabels compares keys exactly', yaml: labelled(rule([''], ['secrets'], ['get']), `${VIEW}s`), expected: [] },
  { name: 'key without the rbac prefix', source: 'policy.go selector key rbac.authorization.k8s.io/aggregate-to-view', yaml: labelled(rule([''], ['secrets'], ['get']), 'aggregate-to-view'), expected: [] },
  {
    name: 'a Role is never aggregated',
    source: 'the aggregation controller lists ClusterRoles only',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: r\n  namespace: monitoring\n${label(VIEW)}rules:\n${rule([''], ['secrets'], ['get'])}`,
    expected: [],
  },
  {
    name: 'labelled chart aggregator carries what it aggregates',
    source: 'clusterroleaggregation_controller.go syncClusterRole; nesting',
    yaml:
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\n${label(VIEW)}aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { example.com/part: "true" }\nrules: []\n---\n` +
      clusterRole('part', rule([''], ['secrets'], ['list']), label('example.com/part')),
    expected: ['critical ClusterRole/agg'],
  },
  { name: 'two labels, one finding', source: 'one object, one channel into the built-ins', yaml: clusterRole('r', WIDGETS, `  labels:\n    ${VIEW}: "true"\n    ${EDIT}: "true"\n`), expected: ['medium ClusterRole/r'] },
];

describe('aggregate-to-builtin', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(aggregateToBuiltin, yaml))).toEqual(expected);
  });

  it('points at the label and keys on the built-ins it targets', () => {
    expect(pathsAndKeys(draftsOf(aggregateToBuiltin, labelled(WIDGETS, EDIT)))).toEqual([`metadata.labels.${EDIT} aggregate-to:edit`]);
  });

  it('says which built-ins it reaches (view flows into edit and admin) and what it carries', () => {
    const [f] = runRule(aggregateToBuiltin, labelled(WIDGETS + rule([''], ['secrets'], ['get'])));
    expect(f?.message).toBe(
      `ClusterRole r is labelled ${VIEW}, so everything it holds joins the built-in view/edit/admin roles of every user and service account bound to them; it carries read secrets (rule 2).`,
    );
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'secrets', verbs: ['get'], resourceNames: [] }]);
  });

  it('lists the chart subjects bound to the built-ins it reaches', () => {
    const yaml = labelled(WIDGETS) + rb('monitoring', 'devs', 'ClusterRole', 'edit', '  - { kind: Group, name: devs, apiGroup: rbac.authorization.k8s.io }') + crb('other', 'unrelated');
    expect(runRule(aggregateToBuiltin, yaml)[0]?.subjects).toEqual([{ kind: 'Group', name: 'devs' }]);
  });
});
