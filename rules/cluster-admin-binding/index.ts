import { defineRule, isAllWildcardRule, subjectLabel } from '../../src/rule-api/index.js';
import type { Binding, FindingDraft, HeldRule, Role, RuleContext, Severity } from '../../src/rule-api/index.js';

// cluster-admin is policy.go's "super-user" role: `*` verbs on `*` resources in `*` groups, plus
// every non-resource URL. Any role holding a rule that matches every request is the same thing
// under another name (argo-cd 10.1.1's application-controller ClusterRole). Checked with the
// matcher, so `*/*` or `nodes/*` (not wildcards) and resourceNames (restricting) never count.

const CLUSTER_ADMIN = 'cluster-admin';

/** The all-wildcard rule the bound role holds (own or aggregated), or null. */
function allWildcardHeld(role: Role | undefined, ctx: RuleContext): HeldRule | null {
  if (!role) return null;
  return ctx.model.heldRules(role).find((h) => isAllWildcardRule(h.rule)) ?? null;
}

function roleText(binding: Binding, role: Role | undefined, held: HeldRule | null): string {
  const name = `${binding.roleRef.kind} ${binding.roleRef.name}`;
  if (!held) return name;
  const from = held.origin === role ? '' : ` (aggregated from ${held.origin.kind} ${held.origin.name})`;
  // wildcard-grant describes the rule itself; this finding is about who holds it.
  return `${name} (its rule ${held.index + 1}${from} is all-wildcard, see wildcard-grant)`;
}

function checkBinding(ctx: RuleContext, binding: Binding): FindingDraft[] {
  const object = binding.object;
  // A binding without subjects reaches nobody: nothing to report until someone is added.
  if (!object || binding.subjects.length === 0) return [];
  const role = ctx.model.roleFor(binding);
  const byName = binding.roleRef.kind === 'ClusterRole' && binding.roleRef.name === CLUSTER_ADMIN;
  const held = byName ? null : allWildcardHeld(role, ctx);
  if (!byName && !held) return [];

  // A RoleBinding confines any role to its namespace (VisitRulesFor): full control of that
  // namespace (its secrets, pods and RoleBindings) but not of nodes, ClusterRoles or other namespaces.
  const namespaced = binding.kind === 'RoleBinding';
  const severity: Severity = namespaced ? 'high' : 'critical';
  const scope = namespaced
    ? `full control of namespace ${binding.namespace ?? '?'}`
    : 'full control of the whole cluster (every resource, namespace and node)';
  const who = binding.subjects.map(subjectLabel).join(', ');
  const rule = held?.rule;
  return [
    {
      severity,
      message: `${binding.kind} ${binding.name} grants ${roleText(binding, role, held)} to ${who}: ${scope}.`,
      object,
      path: 'roleRef.name',
      subjects: binding.subjects,
      permissions: rule
        ? [{ apiGroup: rule.apiGroups.join(','), resource: rule.resources.join(','), verbs: rule.verbs, resourceNames: rule.resourceNames }]
        : [{ apiGroup: '*', resource: '*', verbs: ['*'], resourceNames: [] }],
      key: `roleRef:${binding.roleRef.kind}/${binding.roleRef.name}`,
    },
  ];
}

export default defineRule({
  meta: {
    id: 'cluster-admin-binding',
    severity: 'critical',
    category: 'privilege-escalation',
    docs: {
      summary: 'A binding to cluster-admin, or to a role holding an all-wildcard rule (`*` verbs on `*` resources in `*` groups).',
      rationale:
        '`cluster-admin` allows every action on every resource: reading every Secret, running code on every node through `nodes/proxy` or privileged pods, and granting itself anything else. ' +
        'A role whose rule has `*` in verbs, apiGroups and resources (and no resourceNames) is the same role under another name, and it also covers every resource type added to the cluster later. ' +
        'Through a ClusterRoleBinding this is cluster-wide (critical); through a RoleBinding it is confined to that namespace, which still means its Secrets, its pods and its RoleBindings (high). ' +
        'Bindings with no subjects reach nobody and are not reported.',
      fix:
        'Write a role that lists the API groups, resources and verbs the workload really uses (`kubectl auth can-i --list --as system:serviceaccount:<ns>:<name>` on a test cluster, or the audit log, shows them) and bind that instead. ' +
        'If the workload manages arbitrary resources by design (GitOps controllers), document it, make the cluster-wide binding opt-in through values, and offer a namespaced mode.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: deployer
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin }
subjects:
  - { kind: ServiceAccount, name: deployer, namespace: tools }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: deployer
rules:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: deployer
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: deployer }
subjects:
  - { kind: ServiceAccount, name: deployer, namespace: tools }
`,
      references: [
        'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#user-facing-roles',
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
      ],
    },
  },
  check(ctx) {
    return ctx.model.bindings.flatMap((b) => checkBinding(ctx, b));
  },
});
