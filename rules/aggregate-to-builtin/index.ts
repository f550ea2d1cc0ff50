import { BUILTIN_AGGREGATES, defineRule, reasonLocation, riskOfRules, selectorMatches, uniqueSubjects } from '../../src/rule-api/index.js';
import type { FindingDraft, GrantClass, Role, RuleContext, Severity } from '../../src/rule-api/index.js';

// policy.go: admin, edit and view are aggregated ClusterRoles selecting
// `rbac.authorization.k8s.io/aggregate-to-<name>: "true"`; edit is labelled aggregate-to-admin
// and view aggregate-to-edit, so a rule added to view also reaches edit and admin. The
// selectors are taken from the model's built-ins (the render's built-in policy data) and matched with the
// label-selector semantics, so `"True"` or a misspelt key (which the controller ignores) do not count.

// The label pours the role's rules into roles bound all over the cluster: its severity is the
// worst thing it carries (the documented table), never below the rule's medium.
const SEVERITY_BY_GRADE: Record<GrantClass, Severity> = { critical: 'critical', high: 'high', other: 'medium', none: 'medium' };

const FLOW = ['view', 'edit', 'admin'];

interface Target {
  builtin: Role;
  labelKey: string;
}

/** Built-in view/edit/admin whose aggregation selectors pick this role up directly. */
function directTargets(ctx: RuleContext, role: Role): Target[] {
  const out: Target[] = [];
  for (const name of FLOW) {
    const builtin = ctx.model.clusterRole(name);
    if (!builtin?.builtin) continue;
    const selector = (builtin.aggregationRule ?? []).find((sel) => selectorMatches(sel, role.labels));
    if (selector) out.push({ builtin, labelKey: Object.keys(selector.matchLabels)[0] ?? '' });
  }
  return out;
}

/** view → edit → admin: every built-in aggregate the rules end up in. */
function reachedBuiltins(ctx: RuleContext, targets: readonly Target[]): Role[] {
  const all = new Set<Role>();
  for (const t of targets) {
    all.add(t.builtin);
    for (const agg of ctx.model.aggregatorsOf(t.builtin)) if (agg.builtin && BUILTIN_AGGREGATES.has(agg.name)) all.add(agg);
  }
  // In the order rules flow (view → edit → admin), for readable messages.
  return [...all].sort((a, b) => FLOW.indexOf(a.name) - FLOW.indexOf(b.name));
}

function checkRole(ctx: RuleContext, role: Role): FindingDraft[] {
  const object = role.object;
  if (!object || role.kind !== 'ClusterRole') return [];
  const targets = directTargets(ctx, role);
  const first = targets[0];
  if (!first) return [];
  const reached = reachedBuiltins(ctx, targets);
  // An aggregated chart role carries what it aggregates (heldRules), not its own (replaced) rules.
  const held = ctx.model.heldRules(role);
  const risk = riskOfRules(held, 'cluster', ctx.probes);
  const carries = risk.reason
    ? `${risk.reason.what}${reasonLocation(risk.reason, role)}`
    : held.length === 0
      ? 'no rules yet (anything added later reaches them too)'
      : `${held.length} rule${held.length === 1 ? '' : 's'}`;
  const rule = risk.reason?.held?.rule;
  const labels = targets.map((t) => t.labelKey).join(', ');
  return [
    {
      severity: SEVERITY_BY_GRADE[risk.grade],
      message:
        `ClusterRole ${role.name} is labelled ${labels}, so everything it holds joins the built-in ${reached.map((r) => r.name).join('/')} ` +
        `role${reached.length === 1 ? '' : 's'} of every user and service account bound to ${reached.length === 1 ? 'it' : 'them'}; it carries ${carries}.`,
      object,
      path: `metadata.labels.${first.labelKey}`,
      subjects: uniqueSubjects(reached.flatMap((r) => ctx.model.bindingsOf(r).flatMap((b) => b.subjects))),
      permissions: rule ? [{ apiGroup: rule.apiGroups.join(','), resource: rule.resources.join(','), verbs: rule.verbs, resourceNames: rule.resourceNames }] : [],
      key: `aggregate-to:${targets.map((t) => t.builtin.name).join(',')}`,
    },
  ];
}

export default defineRule({
  meta: {
    id: 'aggregate-to-builtin',
    severity: 'medium',
    category: 'privilege-escalation',
    docs: {
      summary: 'A ClusterRole labelled rbac.authorization.k8s.io/aggregate-to-{view,edit,admin}: its rules join the built-in roles that most users hold.',
      rationale:
        'The built-in `view`, `edit` and `admin` ClusterRoles are aggregated: the controller copies into them the rules of every ClusterRole labelled `rbac.authorization.k8s.io/aggregate-to-<role>: "true"` ' +
        '(and `view` is itself aggregated into `edit`, `edit` into `admin`). These roles are bound to developers, CI systems and tenants across the cluster, usually without anyone reading what was added. ' +
        'A chart that labels a role this way extends the rights of all of them, including through RoleBindings in every namespace.\n\n' +
        'The severity is the worst thing the labelled role carries (for a role with an aggregationRule: what it aggregates):\n\n' +
        '| carries | severity |\n|---|---|\n' +
        '| `nodes/proxy`, secrets read, `pods/exec`/`attach`/`portforward`, role escalation (escalate, bind, writing roles or bindings), impersonation | critical |\n' +
        '| a `*` in verbs, apiGroups or resources; create/update/patch of pods or pod controllers | high |\n' +
        '| anything else (typically read access to the chart\'s own custom resources) | medium |',
      fix:
        'Keep aggregation for what it is meant for: read (`view`) or edit (`edit`, `admin`) access to the chart\'s own custom resources, with no wildcards. ' +
        'Everything else belongs in a role bound explicitly to the subjects that need it. Make the labels opt-in through values so cluster owners decide what joins their built-in roles. ' +
        'A deliberate, narrow extension stays a medium finding: accept it with the annotation `ignore-check.helm-rbac-lint.io/aggregate-to-builtin: "<reason>"` on the ClusterRole.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
  labels:
    rbac.authorization.k8s.io/aggregate-to-view: "true"
rules:
  - apiGroups: ["example.com"]
    resources: ["widgets"]
    verbs: ["get", "list", "watch"]
  - apiGroups: [""]
    resources: ["secrets"]
    verbs: ["get", "list"]
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: widgets-view
rules:
  - apiGroups: ["example.com"]
    resources: ["widgets"]
    verbs: ["get", "list", "watch"]
`,
      references: [
        'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#aggregated-clusterroles',
        'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#default-roles-and-role-bindings',
      ],
    },
  },
  check(ctx) {
    return ctx.model.roles.flatMap((r) => checkRole(ctx, r));
  },
});
