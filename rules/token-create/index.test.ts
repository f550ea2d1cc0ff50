import { describe, expect, it } from 'vitest';
import tokenCreate from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import type { RuleModule } from '../../src/rule-api/index.js';
import { draftsOf } from '../../test/support/rules.js';

// The drafts themselves carry the path (findings only keep the line it resolves to).
const drafts = (rule: RuleModule, yaml: string) => draftsOf(rule, yaml);

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const GOOD_PRACTICES = 'rbac-good-practices.md "Token request"';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); scope: VisitRulesFor (docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'create serviceaccounts/token', source: GOOD_PRACTICES, yaml: bound(rule([''], ['serviceaccounts/token'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'get serviceaccounts/token is not TokenRequest', source: 'TokenRequest is POST → create', yaml: bound(rule([''], ['serviceaccounts/token'], ['get', 'list'])), expected: [] },
  { name: 'create serviceaccounts does not cover the token subresource', source: 'rbac_test.go TestAuthorizer "test subresource resolution"', yaml: bound(rule([''], ['serviceaccounts'], ['create'])), expected: [] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll matches subresources', yaml: bound(rule([''], ['*'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'resources "*/token"', source: 'ResourceMatches: "*/"+subresource', yaml: bound(rule([''], ['*/token'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['serviceaccounts/token'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['serviceaccounts/token'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: '"serviceaccounts/*" is not a wildcard', source: 'ResourceMatches: literal comparison', yaml: bound(rule([''], ['serviceaccounts/*'], ['create'])), expected: [] },
  { name: 'wrong group (authentication.k8s.io)', source: 'APIGroupMatches exact comparison; TokenRequest is served under core serviceaccounts', yaml: bound(rule(['authentication.k8s.io'], ['serviceaccounts/token'], ['create'])), expected: [] },
  { name: 'case matters', source: 'ResourceMatches exact comparison', yaml: bound(rule([''], ['serviceAccounts/token'], ['create'])), expected: [] },
  { name: 'resourceNames: create on a subresource carries the account name', source: 'ResourceNameMatches; requestinfo.go sets Name for subresource requests', yaml: bound(rule([''], ['serviceaccounts/token'], ['create'], ['builder'])), expected: ['high ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['serviceaccounts/token'], ['create'])), expected: ['medium ClusterRole/r'] },
  { name: 'Role + RoleBinding is bound', source: 'VisitRulesFor: namespaced request', yaml: role('ci', 'r', rule([''], ['serviceaccounts/token'], ['create'])) + rb('ci', 'b', 'Role', 'r'), expected: ['high Role/r'] },
  { name: 'RoleBinding → ClusterRole is bound', source: 'VisitRulesFor', yaml: clusterRole('r', rule([''], ['serviceaccounts/token'], ['create'])) + rb('ci', 'b', 'ClusterRole', 'r'), expected: ['high ClusterRole/r'] },
];

describe('token-create', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(tokenCreate, yaml))).toEqual(expected);
  });

  it('names the accounts resourceNames restrict it to', () => {
    const yaml = bound(rule([''], ['serviceaccounts/token'], ['create'], ['builder']));
    const [f] = runRule(tokenCreate, yaml);
    expect(f?.message).toMatch(/^ClusterRole r grants create on serviceaccounts\/token \(resourceNames builder only\) to monitoring\/sa: /);
    expect(drafts(tokenCreate, yaml).map((d) => d.path)).toEqual(['rules.0.resources.0']);
  });
});
