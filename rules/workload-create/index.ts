import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe } from '../../src/rule-api/index.js';

// RBAC good practices, "Workload creation": whoever can create Pods, or the workload resources
// that create Pods, runs any image as any ServiceAccount of the namespace and mounts its Secrets,
// ConfigMaps and volumes. update/patch count too when they change what runs:
// - a Pod's container images are mutable (ValidatePodUpdate), so patching a Pod swaps its code;
// - Deployment, DaemonSet, StatefulSet, ReplicaSet, ReplicationController and CronJob templates
//   are mutable and their controllers create Pods from the new template;
// - a Job's template is immutable (validation.go ValidateJobSpecUpdate/validatePodTemplateUpdate:
//   only scheduling fields of a suspended Job may change), so only create counts for Jobs;
// - pods/ephemeralcontainers (update/patch, what `kubectl debug` uses) adds a container with any
//   image to a running Pod, with its volumes and network: the good-practices doc does not list
//   it, but it is Pod code execution by another door, so it is included.
const WRITE = ['create', 'update', 'patch'];
const PROBES: Probe[] = [
  { label: 'pods', request: { apiGroup: '', resource: 'pods' }, verbs: WRITE },
  { label: 'pods/ephemeralcontainers', request: { apiGroup: '', resource: 'pods', subresource: 'ephemeralcontainers' }, verbs: ['update', 'patch'] },
  { label: 'replicationcontrollers', request: { apiGroup: '', resource: 'replicationcontrollers' }, verbs: WRITE },
  ...['deployments', 'daemonsets', 'statefulsets', 'replicasets'].map((resource) => ({ label: `apps/${resource}`, request: { apiGroup: 'apps', resource }, verbs: WRITE })),
  { label: 'batch/jobs', request: { apiGroup: 'batch', resource: 'jobs' }, verbs: ['create'] },
  { label: 'batch/cronjobs', request: { apiGroup: 'batch', resource: 'cronjobs' }, verbs: WRITE },
].map((p) => ({ ...p, what: `create or change ${p.label}` }));

export default defineProbeRule({
  meta: {
    id: 'workload-create',
    severity: 'high',
    category: 'workloads',
    docs: {
      summary: 'Grants create, update or patch on Pods or the workload resources that create Pods: runs any code as any ServiceAccount of the namespace.',
      rationale:
        'Whoever can create a Pod — directly or through a Deployment, DaemonSet, StatefulSet, ReplicaSet, ReplicationController, Job or CronJob — chooses its image, its ServiceAccount and its volumes. ' +
        'That implicitly grants every Secret and ConfigMap of the namespace, the API access of every ServiceAccount in it, and, unless Pod Security admission enforces Baseline or Restricted, the node itself through privileged or hostPath Pods. ' +
        '`update`/`patch` count as well: container images of a running Pod and the Pod templates of the controllers are mutable. Job templates are immutable, so only `create` counts for Jobs. ' +
        '`pods/ephemeralcontainers` (used by `kubectl debug`) adds a container with any image to a running Pod and is included for the same reason.',
      fix:
        'Give workload-creating rights only to controllers that really create workloads (operators), in the namespaces they manage (Role + RoleBinding), and enforce the Baseline or Restricted Pod Security Standard there. ' +
        'A component that only scales or restarts workloads needs `patch` on `deployments/scale` or on the specific named objects (`resourceNames`), not create on every workload.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "create", "update", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: deployer
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer }
subjects:
  - { kind: ServiceAccount, name: deployer, namespace: ci }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["apps"]
    resources: ["deployments/scale"]
    verbs: ["patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: deployer
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer }
subjects:
  - { kind: ServiceAccount, name: deployer, namespace: ci }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
        'https://kubernetes.io/docs/concepts/security/pod-security-standards/',
        'https://kubernetes.io/docs/concepts/workloads/pods/ephemeral-containers/',
      ],
    },
  },
  probes: PROBES,
  impact: 'runs any image as any ServiceAccount of the namespace, with access to its Secrets, ConfigMaps and volumes',
});
