import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe } from '../../src/rule-api/index.js';

// RBAC good practices, "Control admission webhooks": whoever controls a validating or mutating
// webhook configuration receives every object admitted to the cluster (and, mutating, rewrites
// them). Every write counts: create/update/patch point a webhook anywhere with any rules, and
// delete/deletecollection remove the policy engines (Kyverno, Gatekeeper, …) that guard the cluster.
// resourceNames do not lower it: updating one's own webhook configuration is enough to widen its
// rules to every resource.
// Admission policies (CEL, no external service) are judged as follows:
// - mutatingadmissionpolicies/bindings rewrite any admitted object, like a mutating webhook: same severity;
// - validatingadmissionpolicies/bindings can only reject (or, deleted, stop rejecting): one level lower.
// All of these are cluster-scoped; MutatingAdmissionPolicy is newer than the scope table in
// src/rbac/reach.ts, so its scope is given here.
const ADMISSION = 'admissionregistration.k8s.io';
const WRITE = ['create', 'update', 'patch', 'delete', 'deletecollection'];
const probe = (resource: string): Probe => ({ label: resource, request: { apiGroup: ADMISSION, resource }, verbs: WRITE, scope: 'cluster' });
const WEBHOOKS: Probe[] = ['validatingwebhookconfigurations', 'mutatingwebhookconfigurations', 'mutatingadmissionpolicies', 'mutatingadmissionpolicybindings'].map(probe);
const VALIDATING_POLICIES: Probe[] = ['validatingadmissionpolicies', 'validatingadmissionpolicybindings'].map(probe);

export default defineProbeRule({
  meta: {
    id: 'webhook-config-write',
    severity: 'high',
    category: 'cluster',
    docs: {
      summary: 'Grants writes on validating/mutating webhook configurations (or admission policies): reads or rewrites every object admitted to the cluster.',
      rationale:
        'An admission webhook receives the full object of every request its rules match — Secrets, Pods, RBAC objects — and a mutating webhook can change them, for example adding a privileged container to every Pod. ' +
        'Whoever can create, update or patch a `validatingwebhookconfiguration` or `mutatingwebhookconfiguration` can point one at their own service with rules matching everything; whoever can delete them can switch off the policy engines that protect the cluster. ' +
        '`resourceNames` do not help much: updating the chart\'s own configuration is enough to widen it. ' +
        'MutatingAdmissionPolicies and their bindings rewrite objects in the API server itself and are treated the same; ValidatingAdmissionPolicies and their bindings can only reject requests (or, when deleted, stop rejecting), so they are reported one level lower.',
      fix:
        'Create webhook configurations with the chart (they are static objects) instead of letting the workload write them. ' +
        'Controllers that only inject a CA bundle (cert-manager cainjector style) need `get`/`update`/`patch` on their own configurations: keep them, restricted with `resourceNames`, and suppress the finding with a reason.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: injector
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["mutatingwebhookconfigurations"]
    verbs: ["get", "list", "watch", "create", "update", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: injector
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: injector }
subjects:
  - { kind: ServiceAccount, name: injector, namespace: injector }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: injector
rules:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["mutatingwebhookconfigurations"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: injector
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: injector }
subjects:
  - { kind: ServiceAccount, name: injector, namespace: injector }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#control-admission-webhooks',
        'https://kubernetes.io/docs/reference/access-authn-authz/extensible-admission-controllers/',
        'https://kubernetes.io/docs/reference/access-authn-authz/mutating-admission-policy/',
      ],
    },
  },
  probes: [...WEBHOOKS, ...VALIDATING_POLICIES],
  lowerBy: (hit) => (VALIDATING_POLICIES.includes(hit.probe) ? 1 : 0),
  impact: (group) =>
    group.hits.some((h) => !VALIDATING_POLICIES.includes(h.probe))
      ? 'the holder can receive or rewrite every object admitted to the cluster, or remove the admission controls that guard it'
      : 'the holder can reject any request cluster-wide, or remove the validating policies that guard the cluster',
});
