import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe } from '../../src/rule-api/index.js';

// The API server stops RBAC writes that would grant more than the writer holds
// (pkg/registry/rbac/escalation_check.go, docs/kubernetes.md#escalation-prevention) unless the writer has:
// - `escalate` on the role being written (RoleEscalationAuthorized: the write request's own
//   namespace and name, so `escalate` on clusterroles is a cluster-scoped check);
// - `bind` on the referenced role (BindingAuthorized: Name = roleRef.Name, Namespace = the
//   binding's namespace, so `bind` on clusterroles through a RoleBinding works in that namespace,
//   as in the "role-grantor" example of the RBAC docs). resourceNames restrict which roles.
// Those two verbs are critical. Writing roles or bindings without them is one level lower: the
// check still applies, but the holder can hand its own permissions to any subject, and one
// escalate/bind grant anywhere turns it into full escalation.
const RBAC = 'rbac.authorization.k8s.io';
const WRITE = ['create', 'update', 'patch'];
const ESCALATE_OR_BIND: Probe[] = [
  { label: 'roles', request: { apiGroup: RBAC, resource: 'roles' }, verbs: ['escalate', 'bind'] },
  { label: 'clusterroles', request: { apiGroup: RBAC, resource: 'clusterroles' }, verbs: ['escalate'] },
  { label: 'clusterroles', request: { apiGroup: RBAC, resource: 'clusterroles' }, verbs: ['bind'], scope: 'namespace' },
];
const WRITES: Probe[] = ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'].map((resource) => ({
  label: resource,
  what: `write ${resource}`,
  request: { apiGroup: RBAC, resource },
  verbs: WRITE,
}));

export default defineProbeRule({
  meta: {
    id: 'rbac-escalation',
    severity: 'critical',
    category: 'privilege-escalation',
    docs: {
      summary: 'Grants escalate or bind on roles/clusterroles (bypasses escalation prevention), or writes roles and role bindings.',
      rationale:
        'Kubernetes normally refuses to let anyone create or change a role, or bind one, with permissions they do not already hold. ' +
        '`escalate` on `roles`/`clusterroles` lifts that check for role writes, and `bind` lifts it for bindings: with either, together with the matching write permission, the holder can give itself or anyone else any permission, up to `cluster-admin`. ' +
        '`resourceNames` on `bind` restrict which roles can be bound, but a single powerful role (admin, cluster-admin, an operator role) is enough, so the finding keeps its severity and names them. ' +
        'Writing roles and bindings (`create`/`update`/`patch` on roles, rolebindings, clusterroles, clusterrolebindings) without those verbs is reported one level lower: the holder can copy its own permissions to any subject, and becomes an escalation path as soon as anything grants it `escalate` or `bind`.',
      fix:
        'Operators that must manage RBAC for their workloads should bind only pre-defined roles: grant `bind` with `resourceNames` listing exactly those roles, `create` on `rolebindings` in the namespaces they manage, and never `escalate`. ' +
        'Everything else should not write RBAC objects at all; install roles with the chart instead.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles", "clusterrolebindings"]
    verbs: ["get", "list", "create", "update", "escalate", "bind"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: operator
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: operator }
subjects:
  - { kind: ServiceAccount, name: operator, namespace: operators }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["clusterroles", "clusterrolebindings"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: operator
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: operator }
subjects:
  - { kind: ServiceAccount, name: operator, namespace: operators }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#escalate-verb',
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#bind-verb',
        'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#privilege-escalation-prevention-and-bootstrapping',
      ],
    },
  },
  probes: [...ESCALATE_OR_BIND, ...WRITES],
  lowerBy: (hit) => (ESCALATE_OR_BIND.includes(hit.probe) ? 0 : 1),
  impact: (group) =>
    group.hits.some((h) => ESCALATE_OR_BIND.includes(h.probe))
      ? 'escalate/bind lift the API server\'s escalation check, so with write access to roles or bindings the holder can grant anyone any permission, up to cluster-admin'
      : 'the holder can hand its own permissions to any subject, and any escalate or bind grant turns this into full privilege escalation',
});
