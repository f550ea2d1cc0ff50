import { describe, expect, it } from 'vitest';
import csrApproval, { signerNamesChecked } from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const CERTS = 'certificates.k8s.io';
const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const approval = (verbs = ['update'], resource = 'certificatesigningrequests/approval') => rule([CERTS], [resource], verbs);
const signers = (names: string[], verbs = ['approve']) => rule([CERTS], ['signers'], verbs, names);
const SIGNER = 'plugin/pkg/admission/certificates/util.go IsAuthorizedForSignerName: signerName, then <domain>/*';
const GOOD_PRACTICES = 'rbac-good-practices.md "CSRs and certificate issuing"';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); CSRs and signers are cluster-scoped (docs/kubernetes.md#which-bindings-apply);
// severities: docs/design.md#severity-follows-effective-reach and the rule's documented decision.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'approval + approve on kubernetes.io/*', source: `${GOOD_PRACTICES}; ${SIGNER}`, yaml: bound(approval() + signers(['kubernetes.io/*'])), expected: ['high ClusterRole/r'] },
  { name: 'approval + approve on kube-apiserver-client', source: SIGNER, yaml: bound(approval() + signers(['kubernetes.io/kube-apiserver-client'])), expected: ['high ClusterRole/r'] },
  { name: 'approval + approve on kube-apiserver-client-kubelet', source: SIGNER, yaml: bound(approval() + signers(['kubernetes.io/kube-apiserver-client-kubelet'])), expected: ['high ClusterRole/r'] },
  { name: 'approval + approve on any signer (no resourceNames)', source: SIGNER, yaml: bound(approval() + signers([])), expected: ['high ClusterRole/r'] },
  { name: 'approval + approve only on kubelet-serving: one level lower', source: 'rule decision: serving certs do not authenticate to the API server', yaml: bound(approval() + signers(['kubernetes.io/kubelet-serving'])), expected: ['medium ClusterRole/r'] },
  { name: 'approval + approve on a custom signer domain: one level lower', source: SIGNER, yaml: bound(approval() + signers(['example.com/*'])), expected: ['medium ClusterRole/r'] },
  { name: 'approval alone: one level lower', source: 'CertificateApproval admission also needs approve on the signer', yaml: bound(approval()), expected: ['medium ClusterRole/r'] },
  { name: 'patch on approval counts', source: 'ApprovalREST serves Get+Update, so PATCH (verb patch) works', yaml: bound(approval(['patch']) + signers(['kubernetes.io/*'])), expected: ['high ClusterRole/r'] },
  { name: 'approve on signers alone is not reported', source: 'rule decision: allows nothing without approval rights', yaml: bound(signers(['kubernetes.io/*'])), expected: [] },
  { name: 'sign on signers is not approve', source: 'VerbMatches exact comparison', yaml: bound(approval() + signers(['kubernetes.io/*'], ['sign'])), expected: ['medium ClusterRole/r'] },
  { name: 'kubernetes.io/kube-apiserver-client/* is not the domain wildcard', source: `${SIGNER}: only <domain>/*`, yaml: bound(approval() + signers(['kubernetes.io/kube-apiserver-client/*'])), expected: ['medium ClusterRole/r'] },
  { name: 'update on certificatesigningrequests (no subresource) is not approval', source: 'ResourceMatches: "certificatesigningrequests" ≠ ".../approval"', yaml: bound(approval(['update'], 'certificatesigningrequests') + signers([])), expected: [] },
  { name: 'resources "*" covers both', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([CERTS], ['*'], ['update', 'approve'])), expected: ['high ClusterRole/r'] },
  { name: 'resources "*/approval"', source: 'ResourceMatches: "*/"+subresource', yaml: bound(approval(['update'], '*/approval') + signers([])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*" and verbs "*"', source: 'APIGroupMatches/VerbMatches: all', yaml: bound(rule(['*'], ['certificatesigningrequests/approval', 'signers'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: '"certificatesigningrequests/*" is not a wildcard', source: 'ResourceMatches: literal comparison', yaml: bound(approval(['update'], 'certificatesigningrequests/*') + signers([])), expected: [] },
  { name: 'wrong group', source: 'APIGroupMatches exact comparison', yaml: bound(rule([''], ['certificatesigningrequests/approval'], ['update'])), expected: [] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', approval() + signers(['kubernetes.io/*'])), expected: ['medium ClusterRole/r'] },
  { name: 'RoleBinding → ClusterRole is inert', source: 'VisitRulesFor: CSRs are cluster-scoped', yaml: clusterRole('r', approval() + signers(['kubernetes.io/*'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  { name: 'Role is inert', source: 'VisitRulesFor: CSRs are cluster-scoped', yaml: role('ns', 'r', approval()) + rb('ns', 'b', 'Role', 'r'), expected: [] },
];

describe('csr-approval', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(csrApproval, yaml))).toEqual(expected);
  });

  it('lists the approval and the signer grants, and names the client signers', () => {
    const [f] = runRule(csrApproval, bound(approval() + signers(['kubernetes.io/kube-apiserver-client'])));
    expect(f?.message).toMatch(/with approve on kubernetes\.io\/kube-apiserver-client in the same role/);
    expect(f?.permissions).toEqual([
      { apiGroup: CERTS, resource: 'certificatesigningrequests/approval', verbs: ['update'], resourceNames: [] },
      { apiGroup: CERTS, resource: 'signers', verbs: ['approve'], resourceNames: ['kubernetes.io/kube-apiserver-client'] },
    ]);
  });

  it('a signer grant added later changes the fingerprint (it is a different risk)', () => {
    const [alone] = runRule(csrApproval, bound(approval()));
    const [both] = runRule(csrApproval, bound(approval() + signers(['kubernetes.io/*'])));
    expect(alone?.fingerprint).not.toBe(both?.fingerprint);
  });
});

describe('signerNamesChecked', () => {
  it.each([
    { signer: 'kubernetes.io/kube-apiserver-client', expected: ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/*'] },
    { signer: 'example.com/a/b', expected: ['example.com/a/b', 'example.com/*'] },
  ])('$signer ($expected) — buildWildcardAttributes: strings.Split(signerName, "/")[0] + "/*"', ({ signer, expected }) => {
    expect(signerNamesChecked(signer)).toEqual(expected);
  });
});
