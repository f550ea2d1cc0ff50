import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe } from '../../src/rule-api/index.js';

// RBAC good practices, "Token request": `create` on serviceaccounts/token (the TokenRequest API,
// POST …/serviceaccounts/<name>/token) issues a token for an existing ServiceAccount. The request
// carries the account's name, so resourceNames restrict which accounts; the finding keeps its
// severity with them (one powerful account is enough) and names them.
const PROBES: Probe[] = [{ label: 'serviceaccounts/token', request: { apiGroup: '', resource: 'serviceaccounts', subresource: 'token' }, verbs: ['create'] }];

export default defineProbeRule({
  meta: {
    id: 'token-create',
    severity: 'high',
    category: 'privilege-escalation',
    docs: {
      summary: 'Grants create on serviceaccounts/token: issues tokens for existing ServiceAccounts and acts with their rights.',
      rationale:
        'The TokenRequest API (`create` on `serviceaccounts/token`) returns a signed token for any ServiceAccount in scope, valid for up to the maximum expiration the API server allows. ' +
        'The holder can then act as each of those accounts, including controllers with far more rights than itself, from anywhere that reaches the API server. ' +
        '`resourceNames` restrict which accounts; the finding keeps its severity and names them.',
      fix:
        'Let Pods receive their own tokens through projected service-account volumes instead of requesting tokens for other accounts. ' +
        'If a component must mint tokens (a CI integration, an identity broker), limit it with `resourceNames` to the accounts it serves, in their namespace only (Role + RoleBinding).',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: broker
rules:
  - apiGroups: [""]
    resources: ["serviceaccounts/token"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: broker
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: broker }
subjects:
  - { kind: ServiceAccount, name: broker, namespace: identity }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: broker
rules:
  - apiGroups: [""]
    resources: ["serviceaccounts"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: broker
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: broker }
subjects:
  - { kind: ServiceAccount, name: broker, namespace: identity }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#token-request',
        'https://kubernetes.io/docs/reference/kubernetes-api/authentication-resources/token-request-v1/',
      ],
    },
  },
  probes: PROBES,
  impact: 'the holder can mint tokens for the ServiceAccounts in scope and act with their rights from anywhere',
});
