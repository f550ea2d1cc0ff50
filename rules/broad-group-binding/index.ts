import { ALL_SERVICE_ACCOUNTS, ANONYMOUS_USER, AUTHENTICATED, MASTERS, UNAUTHENTICATED, defineRule, reasonLocation, riskOfRole } from '../../src/rule-api/index.js';
import type { Binding, FindingDraft, FindingPermission, GrantClass, GrantRisk, Role, RuleContext, Severity, Subject } from '../../src/rule-api/index.js';

// Groups every identity of a kind carries (serviceaccount/util.go MakeGroupNames, user/user.go,
// the anonymous authenticator: user system:anonymous in group system:unauthenticated).

type Audience = 'superuser' | 'anonymous' | 'everyone' | 'own-namespace';

interface BroadSubject {
  audience: Audience;
  /** Who the subject covers, for the message. */
  who: string;
}

/** Classifies one subject as written; null when it is not broad. */
function broadSubject(kind: unknown, name: unknown, binding: Binding): BroadSubject | null {
  if (typeof name !== 'string') return null;
  if (kind === 'User') return name === ANONYMOUS_USER ? { audience: 'anonymous', who: 'the anonymous user (every unauthenticated request)' } : null;
  if (kind !== 'Group') return null;
  if (name === MASTERS) return { audience: 'superuser', who: 'system:masters, the superuser group that bypasses RBAC and cannot be revoked' };
  if (name === UNAUTHENTICATED) return { audience: 'anonymous', who: 'every unauthenticated request' };
  // The anonymous user is in system:unauthenticated, not in a group named system:anonymous: today
  // this matches nobody, but it states the intent to open the API to anonymous callers.
  if (name === ANONYMOUS_USER) return { audience: 'anonymous', who: 'anonymous callers (as a Group it matches nobody; the anonymous user is in system:unauthenticated)' };
  if (name === AUTHENTICATED) return { audience: 'everyone', who: 'every authenticated user and service account' };
  if (name === ALL_SERVICE_ACCOUNTS) return { audience: 'everyone', who: 'every service account in every namespace' };
  const prefix = `${ALL_SERVICE_ACCOUNTS}:`;
  if (name.startsWith(prefix) && name.length > prefix.length) {
    const ns = name.slice(prefix.length);
    // Within its own namespace a RoleBinding to that namespace's SAs is the narrowest group form.
    const own = binding.kind === 'RoleBinding' && binding.namespace === ns;
    return { audience: own ? 'own-namespace' : 'everyone', who: `every service account of namespace ${ns}` };
  }
  return null;
}

/**
 * The severity table (documented in the rule's docs): rows are who is covered, columns what the
 * bound role grants in the binding's scope (`unknown` = a role that is not in the chart).
 */
const TABLE: Record<Exclude<Audience, 'superuser'>, Record<GrantClass | 'unknown', Severity>> = {
  anonymous: { unknown: 'critical', critical: 'critical', high: 'critical', other: 'high', none: 'low' },
  everyone: { unknown: 'critical', critical: 'critical', high: 'high', other: 'medium', none: 'low' },
  'own-namespace': { unknown: 'high', critical: 'high', high: 'medium', other: 'low', none: 'info' },
};

function severityFor(audience: Audience, grade: GrantClass | 'unknown'): Severity {
  return audience === 'superuser' ? 'critical' : TABLE[audience][grade];
}

function consequence(role: Role | undefined, risk: GrantRisk | null): string {
  if (!role || !risk) return 'the role is not in the chart, so they get whatever it grants on the cluster';
  if (risk.reason) return `it allows ${risk.reason.what}${reasonLocation(risk.reason, role)}`;
  return risk.grade === 'other' ? 'every rule it lists applies to all of them' : 'it grants nothing yet, but anything added to it later reaches all of them';
}

function permissionsOf(risk: GrantRisk | null): FindingPermission[] {
  const rule = risk?.reason?.held?.rule;
  if (!rule) return [];
  return [{ apiGroup: rule.apiGroups.join(','), resource: rule.resources.join(','), verbs: rule.verbs, resourceNames: rule.resourceNames }];
}

function rawSubjects(binding: Binding): unknown[] {
  const raw = binding.object?.body['subjects'];
  return Array.isArray(raw) ? raw : [];
}

function checkBinding(ctx: RuleContext, binding: Binding): FindingDraft[] {
  const object = binding.object;
  if (!object) return [];
  const role = ctx.model.roleFor(binding);
  const scope = binding.kind === 'RoleBinding' ? 'namespace' : 'cluster';
  // What the role grants is only weighed for bindings that name a broad subject.
  let weighed: ReturnType<typeof riskOfRole> | null | undefined;
  const riskOf = () => (weighed === undefined ? (weighed = role ? riskOfRole(ctx.model.heldRules(role), role, scope, ctx.probes) : null) : weighed);
  const out: FindingDraft[] = [];
  rawSubjects(binding).forEach((raw, k) => {
    if (typeof raw !== 'object' || raw === null) return;
    const { kind, name } = raw as Record<string, unknown>;
    const broad = broadSubject(kind, name, binding);
    if (!broad) return;
    const subject: Subject = { kind: kind as 'User' | 'Group', name: name as string };
    const where = binding.kind === 'RoleBinding' ? ` in namespace ${binding.namespace ?? '?'}` : ' cluster-wide';
    const risk = riskOf();
    out.push({
      severity: severityFor(broad.audience, risk?.grade ?? 'unknown'),
      message: `${binding.kind} ${binding.name} grants ${binding.roleRef.kind} ${binding.roleRef.name} to ${broad.who}${where}: ${consequence(role, risk)}.`,
      object,
      path: `subjects.${k}`,
      subjects: [subject],
      permissions: permissionsOf(risk),
      key: `subject:${subject.kind}:${subject.name}`,
    });
  });
  return out;
}

export default defineRule({
  meta: {
    id: 'broad-group-binding',
    severity: 'critical',
    category: 'privilege-escalation',
    docs: {
      summary: 'A binding to a group that covers (almost) everyone: system:authenticated, system:unauthenticated, system:anonymous, system:serviceaccounts[:ns], system:masters.',
      rationale:
        'Kubernetes puts every identity in catch-all groups: every authenticated request is in `system:authenticated`, every anonymous one is user `system:anonymous` in `system:unauthenticated`, ' +
        'and every service account is in `system:serviceaccounts` and `system:serviceaccounts:<namespace>`. A binding to one of them hands the role to every workload of the cluster ' +
        '(any pod compromise becomes a cluster compromise), or — for the anonymous groups — to anyone who can reach the API server over the network. ' +
        '`system:masters` bypasses RBAC altogether and membership cannot be revoked; a chart has no business referencing it.\n\n' +
        'Severity follows who is covered and what the bound role grants in the binding\'s scope (a RoleBinding never grants cluster-scoped resources):\n\n' +
        '| covered | role grants critical rights (nodes/proxy, secrets, exec, escalation, impersonation) or is not in the chart | high (workload writes, `*`) | anything else | nothing |\n' +
        '|---|---|---|---|---|\n' +
        '| `system:masters` | critical | critical | critical | critical |\n' +
        '| anonymous (`system:unauthenticated`, `system:anonymous`) | critical | critical | high | low |\n' +
        '| `system:authenticated`, `system:serviceaccounts`, another namespace\'s `system:serviceaccounts:<ns>` | critical | high | medium | low |\n' +
        '| `system:serviceaccounts:<ns>` in a RoleBinding of namespace `<ns>` | high | medium | low | info |\n\n' +
        'Built-in `edit` and `admin` count as critical (they read secrets and exec into pods), `view` as "anything else". ' +
        'A Group named `system:anonymous` matches nobody today (the anonymous user is in `system:unauthenticated`), but it is reported like its intent.',
      fix:
        'Bind the role to the chart\'s own ServiceAccount (`kind: ServiceAccount`, `name`, `namespace`) instead of a group. ' +
        'If every workload of one namespace really needs it, use a RoleBinding in that namespace with the group `system:serviceaccounts:<namespace>` and a role that grants only what they need.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: config-reader
rules:
  - apiGroups: [""]
    resources: ["configmaps", "secrets"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: config-reader
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: config-reader }
subjects:
  - { kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: config-reader
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: config-reader
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: config-reader }
subjects:
  - { kind: ServiceAccount, name: config-reader, namespace: tools }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
        'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-subjects',
        'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#anonymous-requests',
      ],
    },
  },
  check(ctx) {
    return ctx.model.bindings.flatMap((b) => checkBinding(ctx, b));
  },
});
