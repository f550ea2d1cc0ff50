import { describe, expect, it } from 'vitest';
import webhookConfigWrite from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const ADM = 'admissionregistration.k8s.io';
const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const GOOD_PRACTICES = 'rbac-good-practices.md "Control admission webhooks"';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); every admissionregistration resource is cluster-scoped
// (VisitRulesFor, docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach and the rule's documented decision.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'create validatingwebhookconfigurations', source: GOOD_PRACTICES, yaml: bound(rule([ADM], ['validatingwebhookconfigurations'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'patch mutatingwebhookconfigurations', source: GOOD_PRACTICES, yaml: bound(rule([ADM], ['mutatingwebhookconfigurations'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'delete removes admission control', source: 'rule decision: deleting a configuration disables the webhook', yaml: bound(rule([ADM], ['validatingwebhookconfigurations'], ['delete'])), expected: ['high ClusterRole/r'] },
  { name: 'mutatingadmissionpolicies rewrite objects like a webhook', source: 'rule decision (MutatingAdmissionPolicy mutates admitted objects)', yaml: bound(rule([ADM], ['mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'validatingadmissionpolicies only reject: one level lower', source: 'rule decision (ValidatingAdmissionPolicy can only deny)', yaml: bound(rule([ADM], ['validatingadmissionpolicies', 'validatingadmissionpolicybindings'], ['create', 'update'])), expected: ['medium ClusterRole/r'] },
  { name: 'read-only', source: GOOD_PRACTICES, yaml: bound(rule([ADM], ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations'], ['get', 'list', 'watch'])), expected: [] },
  { name: 'resourceNames: updating its own configuration is still control', source: `${GOOD_PRACTICES}; ResourceNameMatches`, yaml: bound(rule([ADM], ['mutatingwebhookconfigurations'], ['update'], ['my-webhook'])), expected: ['high ClusterRole/r'] },
  { name: 'create with resourceNames never matches', source: 'ResourceNameMatches: create carries no name', yaml: bound(rule([ADM], ['mutatingwebhookconfigurations'], ['create'], ['my-webhook'])), expected: [] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([ADM], ['*'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['mutatingwebhookconfigurations'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([ADM], ['validatingwebhookconfigurations'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: '"*/status" does not reach the configurations', source: 'ResourceMatches: "*/x" only matches subresource requests', yaml: bound(rule([ADM], ['*/status'], ['update'])), expected: [] },
  { name: 'wrong group (core)', source: 'APIGroupMatches exact comparison', yaml: bound(rule([''], ['mutatingwebhookconfigurations'], ['update'])), expected: [] },
  { name: 'case matters', source: 'ResourceMatches exact comparison', yaml: bound(rule([ADM], ['MutatingWebhookConfigurations'], ['update'])), expected: [] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([ADM], ['mutatingwebhookconfigurations'], ['update'])), expected: ['medium ClusterRole/r'] },
  { name: 'RoleBinding → ClusterRole is inert', source: 'VisitRulesFor: cluster-scoped request', yaml: clusterRole('r', rule([ADM], ['mutatingwebhookconfigurations'], ['update'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  { name: 'RoleBinding → ClusterRole with mutatingadmissionpolicies is inert too', source: 'VisitRulesFor: MutatingAdmissionPolicy is cluster-scoped', yaml: clusterRole('r', rule([ADM], ['mutatingadmissionpolicies'], ['create'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  { name: 'Role is inert', source: 'VisitRulesFor: cluster-scoped request', yaml: role('ns', 'r', rule([ADM], ['validatingwebhookconfigurations'], ['update'])) + rb('ns', 'b', 'Role', 'r'), expected: [] },
];

describe('webhook-config-write', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(webhookConfigWrite, yaml))).toEqual(expected);
  });

  it('a rule covering webhooks and validating policies takes the worse severity', () => {
    const findings = runRule(webhookConfigWrite, bound(rule([ADM], ['validatingadmissionpolicies', 'validatingwebhookconfigurations'], ['update'])));
    expect(summaryOf(findings)).toEqual(['high ClusterRole/r']);
    expect(findings[0]?.message).toMatch(/^ClusterRole r grants update on validatingwebhookconfigurations, validatingadmissionpolicies to monitoring\/sa: /);
  });
});
