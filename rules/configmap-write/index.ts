import { allowedOf, defineProbeRule, reachesClusterWide, reachesNamespace } from '../../src/rule-api/index.js';
import type { Probe, ProbeHit, RuleHits } from '../../src/rule-api/index.js';

// ConfigMaps carry the configuration other components trust without further checks. Cluster-wide,
// two of them are cluster takeovers: kube-system/coredns holds CoreDNS's Corefile (its `reload`
// plugin applies edits within minutes: every Service name can be pointed anywhere), and on EKS
// kube-system/aws-auth maps IAM identities to Kubernetes users and groups, system:masters
// included. Others in kube-system are read by kube-proxy and kubeadm (kube-proxy, kubeadm-config,
// kubelet-config) or decide which client certificates aggregated API servers trust
// (extension-apiserver-authentication). Decisions:
// - create, update, patch, delete and deletecollection count (deleting coredns or aws-auth is an
//   outage or a lock-out); get/list/watch do not (ConfigMaps are not secret by contract);
// - create alone cannot change an existing ConfigMap (the API server answers AlreadyExists), so a
//   create-only grant is one level lower;
// - a rule with resourceNames can never allow create or deletecollection (those requests carry no
//   name, RuleAllows needs one), and touches only the named ConfigMaps: it is reported only when it
//   names one of the kube-system ConfigMaps above and reaches kube-system;
// - medium by default; high when the grant covers every namespace (a ClusterRoleBinding) or
//   kube-system, where the ConfigMaps above live.
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const PROBES: Probe[] = [{ label: 'configmaps', request: { apiGroup: '', resource: 'configmaps' }, verbs: WRITE, grade: 'high', what: 'write ConfigMaps' }];

const KUBE_SYSTEM = 'kube-system';
/** kube-system ConfigMaps whose content is trusted by the control plane or cluster add-ons. */
const SENSITIVE: Readonly<Record<string, string>> = {
  'aws-auth': 'EKS maps IAM identities to Kubernetes users and groups with it, system:masters included',
  coredns: 'CoreDNS serves cluster DNS from it',
  'kube-proxy': 'kube-proxy (kubeadm) reads its configuration from it',
  'kubeadm-config': 'kubeadm reads the cluster configuration from it on join and upgrade',
  'kubelet-config': 'kubeadm writes kubelet configuration from it on join and upgrade',
  'extension-apiserver-authentication': 'aggregated API servers take the client CAs they trust from it',
};

const sensitiveNames = (group: RuleHits): string[] => group.rule.resourceNames.filter((n) => n in SENSITIVE);

/** Covers every namespace, or kube-system (where the sensitive ConfigMaps live). */
const reachesKubeSystem = (group: RuleHits, hit: ProbeHit): boolean => reachesNamespace(hit.reach, group.role, KUBE_SYSTEM);

function verbPhrase(allowed: ReadonlySet<string>): string {
  const change = allowed.has('update') || allowed.has('patch');
  const remove = allowed.has('delete') || allowed.has('deletecollection');
  const words = [allowed.has('create') ? 'create' : null, change ? 'rewrite' : null, remove ? 'delete' : null].filter((w): w is string => w !== null);
  return words.length > 1 ? `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}` : (words[0] ?? 'write');
}

function impact(group: RuleHits): string {
  const allowed = allowedOf(group.hits);
  const names = sensitiveNames(group);
  if (group.rule.resourceNames.length > 0) {
    return `the holder can ${verbPhrase(allowed)} ${names.map((n) => `${KUBE_SYSTEM}/${n} (${SENSITIVE[n]})`).join('; ')}`;
  }
  const createOnly = !['update', 'patch', 'delete', 'deletecollection'].some((v) => allowed.has(v));
  const clusterWide = group.hits.some((h) => reachesClusterWide(h.reach, group.role));
  const kubeSystem = group.hits.some((h) => reachesKubeSystem(group, h));
  if (createOnly) {
    return 'the holder can create ConfigMaps but not change existing ones: a workload that looks a ConfigMap up by name before its owner creates it takes the holder\'s configuration';
  }
  const verbs = verbPhrase(allowed);
  if (clusterWide) {
    return `the holder can ${verbs} any ConfigMap in the cluster, including kube-system/coredns (cluster DNS: point any Service name elsewhere) and, on EKS, kube-system/aws-auth (map any IAM identity to system:masters), and the configuration of every workload`;
  }
  if (kubeSystem) return `the holder can ${verbs} the ConfigMaps of kube-system, including coredns (cluster DNS) and, on EKS, aws-auth (cluster-admin through IAM)`;
  return `the holder can ${verbs} the configuration of the workloads in scope that read ConfigMaps (files, scripts, feature flags)`;
}

export default defineProbeRule({
  meta: {
    id: 'configmap-write',
    severity: 'medium',
    category: 'cluster',
    docs: {
      summary: 'Grants create, update, patch or delete on ConfigMaps (without resourceNames, or naming a sensitive kube-system ConfigMap): rewrites configuration others trust; high cluster-wide (coredns, aws-auth).',
      rationale:
        'ConfigMaps hold configuration that workloads and cluster add-ons apply without further checks. ' +
        'Granted through a ClusterRoleBinding (or in kube-system) the holder can rewrite `kube-system/coredns`, CoreDNS\'s Corefile, whose `reload` plugin applies changes within minutes, so any Service name can be resolved to an address of the holder\'s choosing; and on EKS `kube-system/aws-auth`, which maps IAM identities to Kubernetes users and groups, `system:masters` included: cluster-admin. ' +
        'kube-system also holds `kube-proxy`, `kubeadm-config` and `kubelet-config` (read by kube-proxy and kubeadm) and `extension-apiserver-authentication` (the client CAs aggregated API servers trust). ' +
        'So the rule is medium for a namespace and high when the grant covers every namespace or kube-system. ' +
        'Deleting counts too (deleting coredns or aws-auth is an outage or a lock-out). `create` alone cannot change an existing ConfigMap, so a create-only grant is one level lower. ' +
        'A rule with `resourceNames` touches only the named ConfigMaps (and never allows create); it is reported only when it names one of the kube-system ConfigMaps above and reaches kube-system.',
      fix:
        'Grant ConfigMap writes in the component\'s own namespace (a Role and RoleBinding), and restrict update/patch/delete to the ConfigMaps it owns with `resourceNames`. ' +
        'A component that only needs a leader-election lock should use a `coordination.k8s.io` Lease instead of a ConfigMap. ' +
        'If a chart option enables a feature that needs cluster-wide ConfigMap writes, keep it off by default and say so in the values documentation.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: agent
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list", "watch", "create", "update", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: agent
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agent }
subjects:
  - { kind: ServiceAccount, name: agent, namespace: monitoring }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: agent
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: agent-state
  namespace: monitoring
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    resourceNames: ["agent-state"]
    verbs: ["get", "update"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: agent
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agent }
subjects:
  - { kind: ServiceAccount, name: agent, namespace: monitoring }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: agent-state
  namespace: monitoring
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: agent-state }
subjects:
  - { kind: ServiceAccount, name: agent, namespace: monitoring }
`,
      references: [
        'https://kubernetes.io/docs/tasks/administer-cluster/dns-custom-nameservers/',
        'https://docs.aws.amazon.com/eks/latest/userguide/auth-configmap.html',
        'https://avd.aquasec.com/misconfig/kubernetes/ksv049/',
      ],
    },
  },
  probes: PROBES,
  applies: (group) => group.rule.resourceNames.length === 0 || (sensitiveNames(group).length > 0 && group.hits.some((h) => reachesKubeSystem(group, h))),
  lowerBy: (hit, group) => {
    const allowed = new Set(hit.grant.verbs);
    const createOnly = !['update', 'patch', 'delete', 'deletecollection'].some((v) => allowed.has(v));
    const wide = reachesKubeSystem(group, hit);
    return (wide ? -1 : 0) + (createOnly ? 1 : 0);
  },
  impact,
});
