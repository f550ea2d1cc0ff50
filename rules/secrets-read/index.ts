import { allowedOf, defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe, RuleHits } from '../../src/rule-api/index.js';

// RBAC good practices, "Listing secrets": get reads one Secret, and list/watch return the data
// of every Secret in scope (a List response carries full objects), so all three reveal contents.
// Reading every Secret is as bad as the worst credential in them: weighed critical when a broad
// audience holds it (broad-group-binding, aggregate-to-builtin).
const PROBES: Probe[] = [{ label: 'secrets', request: { apiGroup: '', resource: 'secrets' }, verbs: ['get', 'list', 'watch'], grade: 'critical', what: 'read secrets' }];

export default defineProbeRule({
  meta: {
    id: 'secrets-read',
    severity: 'high',
    category: 'secrets',
    docs: {
      summary: 'Grants get, list or watch on Secrets (explicitly or through `*`): reads Secret contents, including service-account tokens and credentials.',
      rationale:
        '`get` on Secrets reads a Secret, and `list` and `watch` are just as revealing: a List response (`kubectl get secrets -A -o yaml`) carries the data of every Secret in scope. ' +
        'Secrets hold registry credentials, TLS keys, cloud credentials and legacy service-account tokens, so reading them usually means acting as whatever they authenticate. ' +
        'Granted through a ClusterRoleBinding this covers every namespace; through a RoleBinding, the namespace of the binding. ' +
        'A rule restricted with `resourceNames` reads only the named Secrets (and `list`/`watch` then only with a `metadata.name` field selector), so it is reported one level lower.',
      fix:
        'Grant Secret access only to the component that needs it, in its own namespace (a Role and RoleBinding, not a ClusterRoleBinding), and restrict it to the Secrets it owns with `resourceNames`. ' +
        'Prefer `get` on named Secrets over `list`/`watch`; if the workload needs to watch its own Secret, use a field selector on `metadata.name` with the name listed in `resourceNames`.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
  - apiGroups: [""]
    resources: ["configmaps", "secrets"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: reader
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader }
subjects:
  - { kind: ServiceAccount, name: reader, namespace: tools }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: reader
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: reader
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: reader }
subjects:
  - { kind: ServiceAccount, name: reader, namespace: tools }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#listing-secrets',
        'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
      ],
    },
  },
  probes: PROBES,
  // Named Secrets only: the reader gets what those few hold, not the namespace's secrets.
  lowerBy: (_hit, group) => (group.rule.resourceNames.length > 0 ? 1 : 0),
  impact,
});

/** What exactly the granted verbs reveal: get reads one Secret by name, list/watch return every one. */
function impact(group: RuleHits): string {
  const allowed = allowedOf(group.hits);
  if (group.rule.resourceNames.length > 0) return 'reveals the contents of those Secrets';
  const bulk = ['list', 'watch'].filter((v) => allowed.has(v));
  if (bulk.length === 0) return 'reads any Secret in scope whose name it knows or guesses, including credentials and tokens';
  const how = bulk.length === 2 ? 'a list or watch response carries' : bulk[0] === 'list' ? 'a list response carries' : 'a watch streams';
  return `reveals the contents of every Secret in scope (${how} their data), including credentials and tokens`;
}
