import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe, RuleHits } from '../../src/rule-api/index.js';

// Deleting is the one write most controllers need least and that does the most lasting harm:
// workloads and Services (outage), Secrets (lost credentials and keys), PersistentVolumeClaims
// (with the usual Delete reclaim policy, the volume and its data), namespaces (everything in them),
// and Events (the trail an investigation reads: anti-forensics). Decisions:
// - only cluster-wide grants (ClusterRoleBindings): a controller that cleans up in its own
//   namespace is ordinary, one that can delete across every namespace is not. The probes are
//   asked at cluster scope, which is what makes RoleBindings not count;
// - delete and deletecollection (one request empties a whole collection); namespaces serve no
//   deletecollection (the namespace REST storage has no DeleteCollection), so only delete there;
// - Events in both groups: core `events` and `events.k8s.io` (the same objects, two APIs);
// - ReplicationControllers beside the apps workloads; Jobs and CronJobs (batch).
const DELETE = ['delete', 'deletecollection'];
const probe = (apiGroup: string, resource: string, verbs = DELETE): Probe => ({
  label: apiGroup === '' ? resource : `${apiGroup}/${resource}`,
  request: { apiGroup, resource },
  verbs,
  scope: 'cluster',
  // In everyone's hands (broad-group-binding, aggregate-to-builtin) deleting across the cluster is more than a nuisance.
  grade: 'high',
  what: `delete ${apiGroup === '' ? resource : `${apiGroup}/${resource}`} in every namespace`,
});
const PROBES: Probe[] = [
  ...['pods', 'replicationcontrollers', 'services', 'secrets', 'persistentvolumeclaims'].map((r) => probe('', r)),
  probe('', 'namespaces', ['delete']),
  probe('', 'events'),
  probe('events.k8s.io', 'events'),
  ...['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map((r) => probe('apps', r)),
  ...['jobs', 'cronjobs'].map((r) => probe('batch', r)),
];

const WORKLOADS = new Set(['pods', 'replicationcontrollers', 'apps/deployments', 'apps/daemonsets', 'apps/statefulsets', 'apps/replicasets', 'batch/jobs', 'batch/cronjobs']);

function impact(group: RuleHits): string {
  const labels = new Set(group.hits.map((h) => h.probe.label));
  const harm = [
    [...labels].some((l) => WORKLOADS.has(l)) || labels.has('services') ? 'take down workloads and Services' : null,
    labels.has('secrets') ? 'destroy credentials and keys' : null,
    labels.has('persistentvolumeclaims') ? 'destroy volumes and their data (Delete reclaim policy)' : null,
    labels.has('namespaces') ? 'delete whole namespaces with everything in them' : null,
    labels.has('events') || labels.has('events.k8s.io/events') ? 'erase the Events an investigation reads' : null,
  ].filter((s): s is string => s !== null);
  return `across every namespace the holder can ${harm.join(', ')}`;
}

export default defineProbeRule({
  meta: {
    id: 'destructive-delete',
    severity: 'medium',
    category: 'cluster',
    docs: {
      summary: 'Grants delete or deletecollection cluster-wide on workloads, Services, Secrets, PersistentVolumeClaims, namespaces or Events: outages, data loss, erased traces.',
      rationale:
        'Deleting is what controllers need least and what does the most lasting harm. Across every namespace, `delete` or `deletecollection` on workloads and Services is an outage; on Secrets it destroys credentials and keys; on PersistentVolumeClaims it destroys volumes and their data under the usual `Delete` reclaim policy; on namespaces it deletes everything in them; on Events (core or `events.k8s.io`) it erases the trail an investigation reads. ' +
        '`deletecollection` empties a whole collection in one request. ' +
        'Only grants through a ClusterRoleBinding are reported: a controller that cleans up in its own namespace (a Role and RoleBinding) is ordinary.',
      fix:
        'Grant delete only on what the component creates and owns, in the namespaces it manages (Roles and RoleBindings), and prefer owner references so that Kubernetes garbage collection deletes dependents instead of the component. ' +
        'Drop `deletecollection` unless the component really empties collections, and never grant delete on Events or namespaces to a workload.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cleaner
rules:
  - apiGroups: ["apps"]
    resources: ["deployments", "statefulsets"]
    verbs: ["get", "list", "watch", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: cleaner
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cleaner }
subjects:
  - { kind: ServiceAccount, name: cleaner, namespace: ops }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cleaner
rules:
  - apiGroups: ["apps"]
    resources: ["deployments", "statefulsets"]
    verbs: ["get", "list", "watch", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: cleaner
  namespace: ops
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cleaner }
subjects:
  - { kind: ServiceAccount, name: cleaner, namespace: ops }
`,
      references: [
        'https://kubernetes.io/docs/concepts/architecture/garbage-collection/',
        'https://kubernetes.io/docs/concepts/storage/persistent-volumes/#delete',
        'https://hub.armosec.io/docs/c-0007',
      ],
    },
  },
  probes: PROBES,
  impact,
});
