import { describe, expect, it } from 'vitest';
import impersonate from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const AUTHN = 'authentication.k8s.io';
const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
// staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation/mode.go (legacy and KEP-5284 modes).
const LEGACY = 'impersonation/mode.go legacyImpersonationMode: verb impersonate, users/groups in core';
const USERNAME = 'mode.go authorizeUsername: serviceaccounts with the account namespace';
const EXTRA = 'mode.go authorizeUID/authorizeExtra: uids and userextras/<key> in authentication.k8s.io';
const GROUPS_NEED_USER = 'constrained_impersonation.go processImpersonationHeaders: groups/uid/extra without a user name are rejected';
const CONSTRAINED = 'mode.go newConstrainedImpersonationMode: impersonate:<mode> on authentication.k8s.io (KEP-5284)';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); scope: VisitRulesFor (docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'impersonate users', source: LEGACY, yaml: bound(rule([''], ['users'], ['impersonate'])), expected: ['critical ClusterRole/r'] },
  { name: 'impersonate groups alone: needs a user name too', source: `${GROUPS_NEED_USER}; rule decision: one level lower`, yaml: bound(rule([''], ['groups'], ['impersonate'])), expected: ['high ClusterRole/r'] },
  { name: 'impersonate users and groups', source: LEGACY, yaml: bound(rule([''], ['users', 'groups'], ['impersonate'])), expected: ['critical ClusterRole/r'] },
  { name: 'groups in one rule, users in another rule of the same role', source: GROUPS_NEED_USER, yaml: bound(rule([''], ['groups'], ['impersonate']) + rule([''], ['users'], ['impersonate'], ['jane'])), expected: ['critical ClusterRole/r', 'critical ClusterRole/r'] },
  { name: 'groups plus serviceaccounts (a user name) in the same role', source: `${GROUPS_NEED_USER}; ${USERNAME}`, yaml: bound(rule([''], ['groups', 'serviceaccounts'], ['impersonate'])), expected: ['critical ClusterRole/r'] },
  { name: 'impersonate serviceaccounts', source: USERNAME, yaml: bound(rule([''], ['serviceaccounts'], ['impersonate'])), expected: ['critical ClusterRole/r'] },
  { name: 'impersonate uids alone', source: `${EXTRA}; ${GROUPS_NEED_USER}`, yaml: bound(rule([AUTHN], ['uids'], ['impersonate'])), expected: ['high ClusterRole/r'] },
  { name: 'impersonate userextras/scopes with users', source: EXTRA, yaml: bound(rule([AUTHN], ['userextras/scopes'], ['impersonate']) + rule([''], ['users'], ['impersonate'])), expected: ['critical ClusterRole/r', 'critical ClusterRole/r'] },
  { name: 'userextras without a key matches no extra', source: 'ResourceMatches: the request has subresource = key', yaml: bound(rule([AUTHN], ['userextras'], ['impersonate'])), expected: [] },
  { name: 'users in authentication.k8s.io: not legacy', source: `${LEGACY} (legacy users are core)`, yaml: bound(rule([AUTHN], ['users'], ['impersonate'])), expected: [] },
  { name: 'uids in core: not matched', source: EXTRA, yaml: bound(rule([''], ['uids'], ['impersonate'])), expected: [] },
  { name: 'constrained impersonate:user-info on users: one level lower', source: CONSTRAINED, yaml: bound(rule([AUTHN], ['users', 'groups'], ['impersonate:user-info'])), expected: ['high ClusterRole/r'] },
  { name: 'constrained impersonate:serviceaccount', source: CONSTRAINED, yaml: bound(rule([AUTHN], ['serviceaccounts'], ['impersonate:serviceaccount'])), expected: ['high ClusterRole/r'] },
  { name: 'constrained impersonate:arbitrary-node', source: CONSTRAINED, yaml: bound(rule([AUTHN], ['nodes'], ['impersonate:arbitrary-node'])), expected: ['high ClusterRole/r'] },
  { name: 'impersonate-on alone allows nothing', source: 'mode.go constrainedImpersonationModeState.check needs impersonate:<mode> too', yaml: bound(rule([''], ['pods'], ['impersonate-on:user-info:list'])), expected: [] },
  { name: 'constrained verb on core users is not checked', source: 'newImpersonationModeState: constrained uses authentication.k8s.io', yaml: bound(rule([''], ['users'], ['impersonate:user-info'])), expected: [] },
  { name: 'verbs "*" on core users', source: 'VerbMatches: VerbAll matches impersonate', yaml: bound(rule([''], ['users'], ['*'])), expected: ['critical ClusterRole/r'] },
  { name: 'verbs "*" on authentication.k8s.io users: constrained only', source: `${CONSTRAINED}; VerbMatches: VerbAll`, yaml: bound(rule([AUTHN], ['users'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: 'resources "*" in every group', source: 'ResourceMatches/APIGroupMatches: all', yaml: bound(rule(['*'], ['*'], ['impersonate'])), expected: ['critical ClusterRole/r'] },
  { name: 'resources "*" in authentication.k8s.io: every uid and extra key, but no legacy user name', source: `ResourceMatches: ResourceAll matches subresources; ${GROUPS_NEED_USER}`, yaml: bound(rule([AUTHN], ['*'], ['impersonate'])), expected: ['high ClusterRole/r'] },
  { name: '"*/scopes" reaches userextras/scopes', source: 'ResourceMatches: "*/"+subresource', yaml: bound(rule([AUTHN], ['*/scopes'], ['impersonate'])), expected: ['high ClusterRole/r'] },
  { name: '"userextras/*" matches only the literal key "*"', source: 'ResourceMatches: literal comparison; mode.go authorizeExtra asks Subresource "*" for large extras', yaml: bound(rule([AUTHN], ['userextras/*'], ['impersonate'])), expected: ['high ClusterRole/r'] },
  { name: 'case matters (Impersonate)', source: 'VerbMatches exact comparison', yaml: bound(rule([''], ['users'], ['Impersonate'])), expected: [] },
  { name: 'resourceNames restrict but still count', source: 'mode.go impersonationAttributes: Name = user/group name', yaml: bound(rule([''], ['users'], ['impersonate'], ['jane'])), expected: ['critical ClusterRole/r'] },
  { name: 'users via RoleBinding is inert', source: 'impersonationAttributes: no namespace for users', yaml: clusterRole('r', rule([''], ['users'], ['impersonate'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  { name: 'serviceaccounts via Role + RoleBinding is bound', source: `${USERNAME}: namespaced request`, yaml: role('ns', 'r', rule([''], ['serviceaccounts'], ['impersonate'])) + rb('ns', 'b', 'Role', 'r'), expected: ['critical Role/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['users'], ['impersonate'])), expected: ['high ClusterRole/r'] },
];

describe('impersonate', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(impersonate, yaml))).toEqual(expected);
  });

  it('mentions system:masters only when the rule can impersonate that group', () => {
    const [open] = runRule(impersonate, bound(rule([''], ['users', 'groups'], ['impersonate'])));
    const [named] = runRule(impersonate, bound(rule([''], ['users', 'groups'], ['impersonate'], ['viewers'])));
    expect(open?.message).toMatch(/system:masters included/);
    expect(named?.message).toMatch(/^ClusterRole r grants impersonate on users, groups \(only viewers\) to monitoring\/sa: /);
    expect(named?.message).not.toMatch(/system:masters/);
  });

  it('says when the user-name part must come from elsewhere', () => {
    const [f] = runRule(impersonate, bound(rule([''], ['groups'], ['impersonate'])));
    expect(f?.message).toMatch(/act as those identities once some other grant lets it impersonate a user name/);
  });
});
