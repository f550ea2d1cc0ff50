import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe } from '../../src/rule-api/index.js';

// RBAC good practices, "Namespace modification": update/patch on a Namespace changes its labels,
// which select the Pod Security admission level (pod-security.kubernetes.io/enforce) and
// NetworkPolicy namespaceSelectors.
// Namespaces are cluster-scoped, yet this works through a namespaced RoleBinding: the API server
// parses PUT/PATCH /api/v1/namespaces/foo with Namespace = "foo" (requestinfo.go), so the
// RoleBindings of `foo` are consulted (VisitRulesFor) and a Role or ClusterRole bound there grants
// update/patch on namespace `foo` itself (docs/kubernetes.md#which-bindings-apply). Unlike nodes or PersistentVolumes, a
// RoleBinding is therefore not inert here: the probe is namespaced (reachOf with clusterScoped:
// false), and the message names the namespace such a binding exposes.
// resourceNames (namespace names) restrict which namespaces; the finding keeps its severity.
const PROBES: Probe[] = [{ label: 'namespaces', request: { apiGroup: '', resource: 'namespaces' }, verbs: ['update', 'patch'], scope: 'namespace' }];

export default defineProbeRule({
  meta: {
    id: 'namespace-modify',
    severity: 'medium',
    category: 'cluster',
    docs: {
      summary: 'Grants update or patch on namespaces (even through a RoleBinding, for its own namespace): relabels namespaces to loosen Pod Security or NetworkPolicy.',
      rationale:
        'Namespace labels carry security decisions: `pod-security.kubernetes.io/enforce` selects the Pod Security admission level, and NetworkPolicies select peers by namespace labels. ' +
        'Whoever can update or patch a Namespace can set `enforce: privileged` and then run privileged Pods there, or add the label that a NetworkPolicy trusts. ' +
        'Although Namespaces are cluster-scoped, a request for a Namespace object is evaluated in that namespace, so a RoleBinding in namespace `foo` to a role with this permission lets its subjects modify `foo` itself.',
      fix:
        'Remove `update`/`patch` on `namespaces` from workload roles; namespace labels belong to the cluster administrators or the GitOps tool that creates namespaces. ' +
        'If a controller must annotate its own namespace, restrict the rule with `resourceNames` to that namespace and enforce Pod Security labels with a policy engine that forbids changing them.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: team
  namespace: team-a
rules:
  - apiGroups: [""]
    resources: ["namespaces"]
    verbs: ["get", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: team
  namespace: team-a
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: team }
subjects:
  - { kind: Group, name: team-a, apiGroup: rbac.authorization.k8s.io }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: team
  namespace: team-a
rules:
  - apiGroups: [""]
    resources: ["namespaces"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: team
  namespace: team-a
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: team }
subjects:
  - { kind: Group, name: team-a, apiGroup: rbac.authorization.k8s.io }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#namespace-modification',
        'https://kubernetes.io/docs/concepts/security/pod-security-admission/',
      ],
    },
  },
  probes: PROBES,
  impact: 'the holder can relabel the namespaces in scope, e.g. to loosen their Pod Security level or match NetworkPolicy selectors',
});
