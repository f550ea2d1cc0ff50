import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe } from '../../src/rule-api/index.js';

// RBAC good practices, "Persistent volume creation": creating PersistentVolumes includes hostPath
// volumes, so any Pod bound to one reads and writes the node's filesystem. Only `create` counts:
// a PersistentVolume's source is immutable once created (ValidatePersistentVolumeUpdate). create
// requests carry no name, so a rule restricted by resourceNames never grants it (ResourceNameMatches).
// PersistentVolumes are cluster-scoped: only ClusterRoleBindings grant them.
const PROBES: Probe[] = [{ label: 'persistentvolumes', request: { apiGroup: '', resource: 'persistentvolumes' }, verbs: ['create'] }];

export default defineProbeRule({
  meta: {
    id: 'persistentvolume-create',
    severity: 'high',
    category: 'cluster',
    docs: {
      summary: 'Grants create on persistentvolumes: hostPath volumes give Pods the node filesystem.',
      rationale:
        'A PersistentVolume can be of type `hostPath`. Whoever can create one, and a claim and a Pod that use it, gets the node\'s filesystem inside the Pod: other containers\' data, the kubelet\'s credentials, the container runtime socket. ' +
        'Pod Security admission forbids hostPath in the Pod spec, but not a PersistentVolumeClaim bound to a hostPath PersistentVolume. ' +
        'Only trusted administrators and the storage provisioners (CSI external-provisioner and similar) should create PersistentVolumes.',
      fix:
        'Let workloads request storage with PersistentVolumeClaims and a StorageClass; keep `create` on `persistentvolumes` for the provisioner of the storage driver only.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: storage-helper
rules:
  - apiGroups: [""]
    resources: ["persistentvolumes"]
    verbs: ["get", "list", "watch", "create", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: storage-helper
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: storage-helper }
subjects:
  - { kind: ServiceAccount, name: storage-helper, namespace: storage }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: storage-helper
rules:
  - apiGroups: [""]
    resources: ["persistentvolumes"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["persistentvolumeclaims"]
    verbs: ["get", "list", "watch", "create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: storage-helper
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: storage-helper }
subjects:
  - { kind: ServiceAccount, name: storage-helper, namespace: storage }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#persistent-volume-creation',
        'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath',
      ],
    },
  },
  probes: PROBES,
  impact: 'the holder can create hostPath volumes and mount the node filesystem into Pods',
});
