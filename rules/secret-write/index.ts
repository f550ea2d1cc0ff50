import { allowedOf, allowedVerbs, defineProbeRule, reachesClusterWide } from '../../src/rule-api/index.js';
import type { Probe, ProbeHit, RuleContext, RuleHits } from '../../src/rule-api/index.js';

// Writing Secrets is an identity theft primitive, not only a data one. The ServiceAccount token
// controller (pkg/controller/serviceaccount/tokens_controller.go, syncSecret →
// generateTokenIfNeeded) still fills in every Secret of type kubernetes.io/service-account-token
// whose `kubernetes.io/service-account.name` annotation names an existing ServiceAccount of its
// namespace: a non-expiring token for that account. The legacy-token cleaner (GA in 1.30) only
// removes auto-generated tokens listed in the account's `.secrets`, never such hand-made ones. So
// `create` on Secrets plus a way to read one back (get/list/watch on Secrets, or a Pod that mounts
// it) is a token for every ServiceAccount in scope, as rbac-police's issue_token_secrets says;
// `update`/`patch` rewrite existing TLS keys, registry and cloud credentials and webhook CAs.
// Decisions:
// - high for a namespace, critical when the grant covers every namespace (kube-system's
//   controllers included);
// - a rule with resourceNames never allows create (the request carries no name) and rewrites only
//   the named Secrets: one level lower;
// - create without update/patch, in a role that cannot read Secrets back: one level lower (the
//   token still lands in the Secret, but reading it needs another grant).
const PROBES: Probe[] = [
  { label: 'secrets', request: { apiGroup: '', resource: 'secrets' }, verbs: ['create', 'update', 'patch'], grade: 'critical', what: 'write secrets (mint ServiceAccount tokens)' },
];
const READ = ['get', 'list', 'watch'];

/** Whether the role the grant is written in can also read Secrets (for some name). */
function readsSecrets(group: RuleHits, ctx: RuleContext): boolean {
  return ctx.model.heldRules(group.role).some((h) => allowedVerbs(h.rule, { apiGroup: '', resource: 'secrets' }, READ).length > 0);
}

const createOnly = (hit: ProbeHit): boolean => !hit.grant.verbs.includes('update') && !hit.grant.verbs.includes('patch');

function impact(group: RuleHits, ctx: RuleContext): string {
  const allowed = allowedOf(group.hits);
  const scope = group.hits.some((h) => reachesClusterWide(h.reach, group.role)) ? 'of every namespace' : 'of the namespace';
  const parts: string[] = [];
  if (allowed.has('create')) {
    parts.push(
      readsSecrets(group, ctx)
        ? `can create a kubernetes.io/service-account-token Secret for any ServiceAccount ${scope}, read back the token the controller writes into it, and act as that account`
        : `can create a kubernetes.io/service-account-token Secret for any ServiceAccount ${scope} (the controller writes a non-expiring token into it; any read of that Secret, or a Pod that mounts it, hands the token over)`,
    );
  }
  if (allowed.has('update') || allowed.has('patch')) {
    parts.push(group.rule.resourceNames.length > 0 ? 'can rewrite those Secrets' : 'can rewrite existing Secrets (TLS keys, registry and cloud credentials, webhook CAs)');
  }
  return `the holder ${parts.join(', and ')}`;
}

export default defineProbeRule({
  meta: {
    id: 'secret-write',
    severity: 'high',
    category: 'secrets',
    docs: {
      summary: 'Grants create, update or patch on Secrets: mints tokens for any ServiceAccount in scope and rewrites credentials; critical cluster-wide.',
      rationale:
        'The ServiceAccount token controller still fills in every Secret of type `kubernetes.io/service-account-token` whose `kubernetes.io/service-account.name` annotation names an existing ServiceAccount of its namespace, with a token that never expires; the legacy-token cleaner removes only auto-generated tokens, never such hand-made ones. ' +
        'So `create` on Secrets, with any way to read one back (`get`, `list` or `watch` on Secrets, or a Pod that mounts it), is a token for every ServiceAccount in scope — controllers with far more rights included. ' +
        '`update` and `patch` rewrite existing Secrets: TLS keys, registry and cloud credentials, the CA bundles webhooks are trusted with. ' +
        'High for a namespace, critical when granted through a ClusterRoleBinding (every namespace, kube-system\'s controllers included). ' +
        'A rule with `resourceNames` never allows create and rewrites only the named Secrets, and create without update, patch or any read of Secrets in the same role needs another grant to use the token: both are one level lower.',
      fix:
        'Let the chart ship the Secrets it needs as templates, or have the component write only the Secrets it owns: a Role in its own namespace, update/patch restricted with `resourceNames`. ' +
        'If it must create Secrets, keep that Role free of `get`/`list`/`watch` on Secrets beyond the names it owns, and never grant Secret writes through a ClusterRoleBinding.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: cert-writer
  namespace: apps
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "create", "update"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: cert-writer
  namespace: apps
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: cert-writer }
subjects:
  - { kind: ServiceAccount, name: cert-writer, namespace: apps }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: cert-writer
  namespace: apps
rules:
  - apiGroups: [""]
    resources: ["secrets"]
    resourceNames: ["app-tls"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: cert-writer
  namespace: apps
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: cert-writer }
subjects:
  - { kind: ServiceAccount, name: cert-writer, namespace: apps }
`,
      references: [
        'https://kubernetes.io/docs/concepts/configuration/secret/#serviceaccount-token-secrets',
        'https://kubernetes.io/docs/tasks/configure-pod-container/configure-service-account/#manually-create-an-api-token-for-a-serviceaccount',
        'https://github.com/PaloAltoNetworks/rbac-police/blob/main/lib/issue_token_secrets.rego',
      ],
    },
  },
  probes: PROBES,
  lowerBy: (hit, group, ctx) =>
    (reachesClusterWide(hit.reach, group.role) ? -1 : 0) +
    (group.rule.resourceNames.length > 0 ? 1 : 0) +
    (createOnly(hit) && !readsSecrets(group, ctx) ? 1 : 0),
  impact,
});
