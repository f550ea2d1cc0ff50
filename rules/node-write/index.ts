import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe } from '../../src/rule-api/index.js';

// Writing Node objects changes where workloads run and what the control plane believes about a
// node: patching labels or taints steers Pods (including ones with Secrets or privileged access)
// onto a node the writer controls, or removes the control-plane taint; nodes/status fakes
// capacity, conditions and addresses; creating a Node registers a machine; deleting evicts all of
// its Pods. Nodes are cluster-scoped, so only ClusterRoleBindings grant this (a Role or RoleBinding
// is inert and reported by ineffective-rule). deletecollection is included with delete.
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const PROBES: Probe[] = [
  { label: 'nodes', request: { apiGroup: '', resource: 'nodes' }, verbs: WRITE },
  { label: 'nodes/status', request: { apiGroup: '', resource: 'nodes', subresource: 'status' }, verbs: ['update', 'patch'] },
];

export default defineProbeRule({
  meta: {
    id: 'node-write',
    severity: 'high',
    category: 'cluster',
    docs: {
      summary: 'Grants create, update, patch or delete on nodes or nodes/status: steers workloads onto chosen nodes or removes nodes.',
      rationale:
        'Node labels and taints decide where Pods are scheduled. Whoever can patch a Node can label a compromised node so that sensitive workloads (with their Secrets and ServiceAccount tokens) land on it, or remove the taint that keeps ordinary Pods off control-plane nodes. ' +
        'Writing `nodes/status` forges capacity, conditions and addresses the scheduler and the API server rely on; deleting a Node evicts every Pod on it. ' +
        'The kubelet itself gets these rights through the Node authorizer, restricted to its own Node object by NodeRestriction; an RBAC grant has no such restriction.',
      fix:
        'Only node-lifecycle controllers (cluster autoscaler, node problem detector, CNI or cloud controllers) should write Nodes. Grant the narrowest verb they use (`patch` for labels or taints, `update` on `nodes/status` for conditions) and keep read-only components on `get`/`list`/`watch`.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: labeler
rules:
  - apiGroups: [""]
    resources: ["nodes"]
    verbs: ["get", "list", "watch", "patch", "update"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: labeler
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: labeler }
subjects:
  - { kind: ServiceAccount, name: labeler, namespace: kube-system }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: labeler
rules:
  - apiGroups: [""]
    resources: ["nodes"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: labeler
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: labeler }
subjects:
  - { kind: ServiceAccount, name: labeler, namespace: kube-system }
`,
      references: [
        'https://kubernetes.io/docs/reference/access-authn-authz/node/',
        'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#noderestriction',
        'https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/',
      ],
    },
  },
  probes: PROBES,
  impact: 'the holder can steer workloads onto nodes it chooses (labels, taints), forge node status, or remove nodes and evict their Pods',
});
