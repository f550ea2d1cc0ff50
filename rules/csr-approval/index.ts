import { defineRule, draftFor, grantsFor, hitsByRule, lower } from '../../src/rule-api/index.js';
import type { Grant, Probe, RbacModel, Role } from '../../src/rule-api/index.js';

// Approving a CertificateSigningRequest takes two permissions (RBAC good practices, "CSRs and
// certificate issuing"):
// - `update` on certificatesigningrequests/approval (the approval subresource also serves PATCH,
//   authorized as `patch`);
// - `approve` on the synthetic `signers` resource for the CSR's signerName, checked by the
//   CertificateApproval admission plugin through IsAuthorizedForSignerName
//   (plugin/pkg/admission/certificates/util.go): name = signerName, or else `<domain>/*`.
// Only certificates from the kube-apiserver client signers authenticate to the cluster, with
// any user and group the CSR asks for. So: approval + approve on one of those signers in the same
// role is the full risk; approval alone, or with approve only for other signers (kubelet-serving,
// custom signers), is reported one level lower (it still needs, or only leads to, something else).
// `approve` on signers without approval rights is not reported: it allows nothing alone.
// Combinations across different roles of the same subject are not looked at.
const CERTS = 'certificates.k8s.io';
const CLIENT_SIGNERS = ['kubernetes.io/kube-apiserver-client', 'kubernetes.io/kube-apiserver-client-kubelet'];
const PROBES: Probe[] = [
  { label: 'certificatesigningrequests/approval', request: { apiGroup: CERTS, resource: 'certificatesigningrequests', subresource: 'approval' }, verbs: ['update', 'patch'] },
];

/** The names IsAuthorizedForSignerName asks for: the signer itself, then `<domain>/*`. */
export function signerNamesChecked(signerName: string): string[] {
  return [signerName, `${signerName.split('/')[0] ?? ''}/*`];
}

/** Client signers the role may approve for, with the grants that allow it. */
function clientSignerApprovals(model: RbacModel, role: Role): { signers: string[]; grants: Grant[] } {
  const signers: string[] = [];
  const grants: Grant[] = [];
  for (const signer of CLIENT_SIGNERS) {
    const found = signerNamesChecked(signer).flatMap((name) =>
      grantsFor(model, { apiGroup: CERTS, resource: 'signers', name }, ['approve']).filter((g) => g.role === role),
    );
    if (found.length === 0) continue;
    signers.push(signer);
    for (const g of found) if (!grants.some((x) => x.rule === g.rule)) grants.push(g);
  }
  return { signers, grants };
}

export default defineRule({
  meta: {
    id: 'csr-approval',
    severity: 'high',
    category: 'privilege-escalation',
    docs: {
      summary: 'Grants approval of CertificateSigningRequests (certificatesigningrequests/approval with approve on a kube-apiserver client signer): mints cluster credentials.',
      rationale:
        'A client certificate signed by the `kubernetes.io/kube-apiserver-client` signer authenticates to the API server with whatever user and groups the request asked for, including names of system components; `kubernetes.io/kube-apiserver-client-kubelet` does the same for node identities. ' +
        'Approving such a CSR takes `update` (or `patch`) on `certificatesigningrequests/approval` and `approve` on `signers` for that signer name (or for `kubernetes.io/*`), checked by the CertificateApproval admission plugin. ' +
        'A role with both is reported at full severity. Approval rights alone, or with `approve` only for other signers, are reported one level lower: they become the full risk as soon as another grant adds a client signer.',
      fix:
        'Leave CSR approval to the kube-controller-manager and to dedicated approvers. If a component must approve, restrict `approve` on `signers` with `resourceNames` to its own signer name (for example `example.com/my-signer`), never `kubernetes.io/*` or a kube-apiserver client signer.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: approver
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests/approval"]
    verbs: ["update"]
  - apiGroups: ["certificates.k8s.io"]
    resources: ["signers"]
    resourceNames: ["kubernetes.io/*"]
    verbs: ["approve"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: approver
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: approver }
subjects:
  - { kind: ServiceAccount, name: approver, namespace: certs }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: approver
rules:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: approver
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: approver }
subjects:
  - { kind: ServiceAccount, name: approver, namespace: certs }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#csrs-and-certificate-issuing',
        'https://kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#authorization',
        'https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/admission/certificates/util.go',
      ],
    },
  },
  probes: PROBES,
  check(ctx) {
    const severity = this.meta.severity;
    return hitsByRule(ctx.model, PROBES).map((group) => {
      const { signers, grants } = clientSignerApprovals(ctx.model, group.role);
      const impact =
        signers.length > 0
          ? `with approve on ${signers.join(', ')} in the same role, the holder can approve client certificates with any user and group names, including system components, and authenticate as them`
          : 'approval also needs approve on the CSR\'s signer (IsAuthorizedForSignerName); this role allows it for no kube-apiserver client signer, but one more grant would let the holder mint cluster credentials';
      const draft = draftFor(group, () => (signers.length > 0 ? severity : lower(severity)), impact, { keyPrefix: signers.length > 0 ? 'with-signer:' : '' });
      draft.permissions = [
        ...(draft.permissions ?? []),
        ...grants.map((g) => ({ apiGroup: g.apiGroup, resource: g.resource, verbs: g.ruleVerbs, resourceNames: g.rule.resourceNames })),
      ];
      return draft;
    });
  },
});
