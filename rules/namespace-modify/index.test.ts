import { describe, expect, it } from 'vitest';
import namespaceModify from './index.js';
import ineffectiveRule from '../ineffective-rule/index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const GOOD_PRACTICES = 'rbac-good-practices.md "Namespace modification"';
const NS_REQUEST = 'requestinfo.go: /api/v1/namespaces/foo has Namespace "foo" (docs/kubernetes.md#which-bindings-apply exception)';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); scope: VisitRulesFor plus the Namespace exception
// (docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'patch namespaces', source: GOOD_PRACTICES, yaml: bound(rule([''], ['namespaces'], ['patch'])), expected: ['medium ClusterRole/r'] },
  { name: 'update namespaces', source: GOOD_PRACTICES, yaml: bound(rule([''], ['namespaces'], ['update'])), expected: ['medium ClusterRole/r'] },
  { name: 'get/list/create/delete are not modification of labels', source: GOOD_PRACTICES, yaml: bound(rule([''], ['namespaces'], ['get', 'list', 'create', 'delete'])), expected: [] },
  { name: 'namespaces/status and namespaces/finalize are not the labels', source: 'ResourceMatches: exact subresource', yaml: bound(rule([''], ['namespaces/status', 'namespaces/finalize'], ['update'])), expected: [] },
  { name: 'Role + RoleBinding in the namespace is bound', source: `${GOOD_PRACTICES}; ${NS_REQUEST}`, yaml: role('team-a', 'r', rule([''], ['namespaces'], ['patch'])) + rb('team-a', 'b', 'Role', 'r'), expected: ['medium Role/r'] },
  { name: 'RoleBinding → ClusterRole is bound, unlike for nodes', source: NS_REQUEST, yaml: clusterRole('r', rule([''], ['namespaces'], ['patch'])) + rb('team-a', 'b', 'ClusterRole', 'r'), expected: ['medium ClusterRole/r'] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([''], ['*'], ['patch'])), expected: ['medium ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['namespaces'], ['patch'])), expected: ['medium ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['namespaces'], ['*'])), expected: ['medium ClusterRole/r'] },
  { name: '"*/status" does not reach the namespace object', source: 'ResourceMatches: "*/x" only matches subresource requests', yaml: bound(rule([''], ['*/status'], ['update'])), expected: [] },
  { name: '"namespaces/*" is not a wildcard', source: 'ResourceMatches: literal comparison', yaml: bound(rule([''], ['namespaces/*'], ['patch'])), expected: [] },
  { name: 'wrong group', source: 'APIGroupMatches exact comparison', yaml: bound(rule(['apps'], ['namespaces'], ['patch'])), expected: [] },
  { name: 'case matters', source: 'ResourceMatches exact comparison', yaml: bound(rule([''], ['Namespaces'], ['patch'])), expected: [] },
  { name: 'resourceNames restrict to named namespaces, still reported', source: 'ResourceNameMatches: Name = namespace name', yaml: bound(rule([''], ['namespaces'], ['patch'], ['team-a'])), expected: ['medium ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['namespaces'], ['patch'])), expected: ['low ClusterRole/r'] },
];

describe('namespace-modify', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(namespaceModify, yaml))).toEqual(expected);
  });

  it('says which namespace a RoleBinding exposes, and ineffective-rule does not call it inert', () => {
    const yaml = clusterRole('r', rule([''], ['namespaces'], ['patch'])) + rb('team-a', 'b', 'ClusterRole', 'r');
    expect(runRule(namespaceModify, yaml)[0]?.message).toMatch(/^ClusterRole r grants patch on namespaces to team-a\/sa within namespace team-a: /);
    expect(runRule(ineffectiveRule, yaml)).toEqual([]);
  });
});
