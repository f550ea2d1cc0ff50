import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe } from '../../src/rule-api/index.js';

// NetworkPolicies are the namespace's firewall: whoever can create, change or delete them can open
// a namespace's Pods to any traffic (delete the default-deny, or add an allow-all policy) or cut a
// workload off. Kubernetes serves them only in networking.k8s.io (extensions/v1beta1 went in 1.16);
// they are namespaced, so a RoleBinding exposes its own namespace. resourceNames do not help:
// create carries no name, and rewriting one policy can allow everything.
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
// In everyone's hands (broad-group-binding, aggregate-to-builtin) it removes isolation cluster-wide: weighed high.
const PROBES: Probe[] = [
  { label: 'networking.k8s.io/networkpolicies', request: { apiGroup: 'networking.k8s.io', resource: 'networkpolicies' }, verbs: WRITE, grade: 'high', what: 'write or delete NetworkPolicies' },
];

export default defineProbeRule({
  meta: {
    id: 'networkpolicy-write',
    severity: 'medium',
    category: 'cluster',
    docs: {
      summary: 'Grants create, update, patch or delete on NetworkPolicies: removes the network isolation of the namespaces in scope.',
      rationale:
        'NetworkPolicies decide which Pods may talk to which. A subject that can delete the default-deny policy of a namespace, or add a policy that allows everything, opens every Pod there to the rest of the cluster (databases, internal APIs, metadata endpoints reached through them); one that can rewrite policies can also cut a workload off. ' +
        'Granted through a ClusterRoleBinding this covers every namespace; through a RoleBinding, the binding\'s namespace. Network plugins enforce what is written, with no further check.',
      fix:
        'Keep NetworkPolicy writes with the platform team or the one operator that owns the policies, in its own namespace (a Role and RoleBinding). Application charts should ship their NetworkPolicies as manifests, not grant their workloads the right to change them.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: netpol-manager
rules:
  - apiGroups: ["networking.k8s.io"]
    resources: ["networkpolicies"]
    verbs: ["get", "list", "watch", "create", "update", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: netpol-manager
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: netpol-manager }
subjects:
  - { kind: ServiceAccount, name: app, namespace: apps }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: netpol-reader
rules:
  - apiGroups: ["networking.k8s.io"]
    resources: ["networkpolicies"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: netpol-reader
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: netpol-reader }
subjects:
  - { kind: ServiceAccount, name: app, namespace: apps }
`,
      references: [
        'https://kubernetes.io/docs/concepts/services-networking/network-policies/',
        'https://avd.aquasec.com/misconfig/kubernetes/ksv056/',
      ],
    },
  },
  probes: PROBES,
  impact: 'the holder can open the namespaces in scope to any traffic (delete or rewrite their NetworkPolicies) or cut workloads off',
});
