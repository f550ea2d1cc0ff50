import { apiGroupMatches, audience, defineRule, grantedInNamespaceAnyway, isAllWildcardRule, isClusterScoped, lower, nonResourceURLMatches, parseResource, reachOf, reachSeverity, roleLabel, rulePath, resourceMatches, verbMatches } from '../../src/rule-api/index.js';
import type { FindingDraft, PolicyRule, RbacModel, Role, Severity } from '../../src/rule-api/index.js';

// A wildcard grants everything that exists now and everything added later (RBAC good practices,
// "Least privilege"). Which entries are wildcards is asked of the matcher itself: an entry is a
// wildcard when it matches a value nobody writes (RuleAllows: `*` in verbs, apiGroups and
// resources; `*/<sub>` for one subresource of every resource; a non-resource URL that matches
// every path — `*`, `/*` — since NonResourceURLMatches treats a trailing `*` as a prefix).
// Decisions:
// - nonResourceURLs that match every path count as a wildcard dimension (`/metrics*` and other
//   prefixes do not: they are bounded);
// - `*/<sub>` (e.g. `*/scale`, `*/status`) is a wildcard over resources, but bounded to one
//   subresource: reported one level lower when it is the only wildcard of the rule;
// - one finding per rule entry, naming every wildcard dimension. Binding cluster-admin or an
//   all-wildcard role is cluster-admin-binding's business, not this rule's.
const NOBODY = 'helm-rbac-lint.invalid-probe';
const NOBODY_PATH = `/${NOBODY}`;

type Dimension = 'apiGroups' | 'resources' | 'verbs' | 'nonResourceURLs' | 'subresources';

interface Wildcards {
  dimensions: Dimension[];
  /** Path of the first wildcard entry, for the line. */
  path: string;
  // Subresources covered by `*/<sub>` entries.
  subresources: string[];
}

const isFullResource = (r: string) => resourceMatches({ resources: [r] }, NOBODY, '');
const isGroupWildcard = (g: string) => apiGroupMatches({ apiGroups: [g] }, NOBODY);

// `*/<sub>`: matches `<sub>` of a resource nobody names.
function subresourceWildcard(r: string): string | null {
  const { subresource } = parseResource(r);
  // `*/*` only matches a subresource literally named `*`, which no API serves (ineffective-rule).
  if (!subresource || subresource === '*' || isFullResource(r)) return null;
  return resourceMatches({ resources: [r] }, `${NOBODY}/${subresource}`, subresource) ? subresource : null;
}

export function wildcardsOf(rule: PolicyRule, ruleIndex: number): Wildcards | null {
  const found: { dimension: Dimension; path: string }[] = [];
  const at = (field: string, j: number) => `rules.${ruleIndex}.${field}.${j}`;
  rule.resources.forEach((r, j) => {
    if (isFullResource(r)) found.push({ dimension: 'resources', path: at('resources', j) });
    else if (subresourceWildcard(r)) found.push({ dimension: 'subresources', path: at('resources', j) });
  });
  rule.apiGroups.forEach((g, j) => isGroupWildcard(g) && found.push({ dimension: 'apiGroups', path: at('apiGroups', j) }));
  rule.verbs.forEach((v, j) => verbMatches({ verbs: [v] }, NOBODY) && found.push({ dimension: 'verbs', path: at('verbs', j) }));
  rule.nonResourceURLs.forEach(
    (u, j) => nonResourceURLMatches({ nonResourceURLs: [u] }, NOBODY_PATH) && found.push({ dimension: 'nonResourceURLs', path: at('nonResourceURLs', j) }),
  );
  if (found.length === 0) return null;
  const subresources = rule.resources.map(subresourceWildcard).filter((s): s is string => s !== null);
  return { dimensions: [...new Set(found.map((f) => f.dimension))], path: (found[0] as { path: string }).path, subresources };
}

/**
 * Whether the rule grants anything namespaced: then RoleBindings count (VisitRulesFor). A rule
 * that names only cluster-scoped resources, or only non-resource URLs, needs a ClusterRoleBinding.
 */
function grantsNamespaced(rule: PolicyRule): boolean {
  return rule.resources.some(
    (r) =>
      isFullResource(r) ||
      subresourceWildcard(r) !== null ||
      grantedInNamespaceAnyway(rule, r) ||
      rule.apiGroups.some((g) => isGroupWildcard(g) || !isClusterScoped(g, r)),
  );
}

const MEANING: Record<Dimension, (w: Wildcards) => string> = {
  resources: () => 'every resource and subresource of its groups',
  subresources: (w) => `the ${w.subresources.join(', ')} subresource of every resource`,
  apiGroups: () => 'every API group',
  verbs: () => 'every verb (escalate, bind, impersonate and approve too, where they apply)',
  nonResourceURLs: () => 'every non-resource URL',
};

const list = (items: readonly string[]) => `[${items.map((i) => JSON.stringify(i)).join(', ')}]`;

function describeRule(rule: PolicyRule): string {
  if (rule.nonResourceURLs.length > 0 && rule.resources.length === 0) return `nonResourceURLs ${list(rule.nonResourceURLs)}, verbs ${list(rule.verbs)}`;
  return `apiGroups ${list(rule.apiGroups)}, resources ${list(rule.resources)}, verbs ${list(rule.verbs)}`;
}

function canonical(rule: PolicyRule): string {
  const sorted = (xs: readonly string[]) => [...xs].sort().join(',');
  return [rule.apiGroups, rule.resources, rule.verbs, rule.resourceNames, rule.nonResourceURLs].map(sorted).join('|');
}

function draftFor(model: RbacModel, role: Role, rule: PolicyRule, ruleIndex: number, severity: Severity): FindingDraft | null {
  const object = role.object;
  const wildcards = wildcardsOf(rule, ruleIndex);
  if (!object || !wildcards) return null;
  const reach = reachOf(model, role, { clusterScoped: !grantsNamespaced(rule) });
  if (reach.reach === 'inert') return null; // ineffective-rule reports it
  const bounded = wildcards.dimensions.every((d) => d === 'subresources');
  const base = bounded ? lower(severity) : severity;
  const dims = wildcards.dimensions.map((d) => (d === 'subresources' ? 'resources ("*/<subresource>")' : d));
  const meaning = wildcards.dimensions.map((d) => MEANING[d](wildcards)).join('; ');
  // An all-wildcard rule is cluster-admin under another name; the bindings that hand it out are
  // cluster-admin-binding's findings, whose text is about the holders, so this one stays about the rule.
  const message = isAllWildcardRule(rule)
    ? `${roleLabel(role)} rule ${ruleIndex + 1} is "*" in apiGroups, resources and verbs${audience(reach)}: the same as cluster-admin for resources, including every API added to the cluster later; list what the workload uses instead.`
    : `${roleLabel(role)} rule ${ruleIndex + 1} uses "*" in ${dims.join(', ')} (${describeRule(rule)})${audience(reach)}: it grants ${meaning}, including any added to the cluster later.`;
  return {
    severity: reachSeverity(base, reach),
    message,
    object,
    path: role.via ? rulePath(role, ruleIndex) : wildcards.path,
    subjects: reach.subjects,
    permissions: [
      {
        apiGroup: rule.apiGroups.join(','),
        resource: rule.resources.join(','),
        verbs: rule.verbs,
        resourceNames: rule.resourceNames,
        ...(rule.nonResourceURLs.length > 0 ? { nonResourceURL: rule.nonResourceURLs.join(',') } : {}),
      },
    ],
    key: `wildcard:${wildcards.dimensions.join(',')}|${canonical(rule)}`,
  };
}

export default defineRule({
  meta: {
    id: 'wildcard-grant',
    severity: 'high',
    category: 'hygiene',
    docs: {
      summary: 'A rule with `*` in verbs, resources or apiGroups (or a non-resource URL matching every path): grants everything that exists and everything added later.',
      rationale:
        'Kubernetes is extensible: a wildcard grants not only every object type and verb that exists today but also every one added later — CRDs installed by other charts, new built-in resources, new verbs such as `escalate`, `bind`, `impersonate` or `approve`. ' +
        '`resources: ["*"]` also covers every subresource (`pods/exec`, `nodes/proxy`, `serviceaccounts/token`), and `apiGroups: ["*"]` includes the core group. ' +
        '`*/<subresource>` (for example `*/scale`) is a wildcard over resources too, but bounded to one subresource, so alone it is reported one level lower. ' +
        'A non-resource URL of `*` (or `/*`) covers every non-resource endpoint, including `/debug/pprof` and `/logs` where the API server enables them. Prefixes such as `/metrics*` are not reported.',
      fix:
        'List the API groups, resources and verbs the workload uses. `kubectl auth can-i --list --as=system:serviceaccount:<ns>:<name>` in a test cluster, or the API server audit log, shows what it really calls.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: controller
rules:
  - apiGroups: ["example.com"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: controller
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: controller }
subjects:
  - { kind: ServiceAccount, name: controller, namespace: example }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: controller
rules:
  - apiGroups: ["example.com"]
    resources: ["widgets", "widgets/status"]
    verbs: ["get", "list", "watch", "update", "patch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: controller
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: controller }
subjects:
  - { kind: ServiceAccount, name: controller, namespace: example }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#least-privilege',
        'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#referring-to-resources',
      ],
    },
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    // Built-in roles count as the chart's bindings hand them out (cluster-admin, the controllers').
    for (const role of [...ctx.model.roles, ...ctx.model.boundBuiltins]) {
      role.rules.forEach((rule, i) => {
        const draft = draftFor(ctx.model, role, rule, i, this.meta.severity);
        if (draft) out.push(draft);
      });
    }
    return out;
  },
});
