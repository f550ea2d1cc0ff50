import { defineRule, grantedInNamespaceAnyway, isClusterScoped, reachOf } from '../../src/rule-api/index.js';
import type { FindingDraft, PolicyRule, Role } from '../../src/rule-api/index.js';

// Rules that can never match a request (RuleAllows in plugin/pkg/auth/authorizer/rbac/rbac.go,
// VisitRulesFor in pkg/registry/rbac/validation/rule.go). They grant nothing today, but they
// show a misunderstanding that usually hides a real intent (e.g. `nodes/*` meant as a wildcard).

// Core ("") resources, and the other groups that also serve a resource of that name.
const CORE_RESOURCES: Record<string, string[]> = {
  pods: ['metrics.k8s.io'],
  nodes: ['metrics.k8s.io'],
  events: ['events.k8s.io'],
  secrets: [], configmaps: [], services: [], endpoints: [], namespaces: [], serviceaccounts: [],
  persistentvolumes: [], persistentvolumeclaims: [], replicationcontrollers: [], limitranges: [],
  resourcequotas: [], podtemplates: [], componentstatuses: [], bindings: [],
};

function coreUnderOtherGroup(rule: PolicyRule, resource: string): boolean {
  const base = resource.split('/')[0] as string;
  const alsoIn = CORE_RESOURCES[base];
  if (!alsoIn || rule.apiGroups.length === 0) return false;
  return rule.apiGroups.every((g) => g !== '' && g !== '*' && !alsoIn.includes(g));
}

function clusterScopedResource(rule: PolicyRule, resource: string): boolean {
  if (resource === '*' || resource.startsWith('*/') || grantedInNamespaceAnyway(rule, resource)) return false;
  return rule.apiGroups.some((g) => g !== '*' && isClusterScoped(g, resource));
}

export default defineRule({
  meta: {
    id: 'ineffective-rule',
    severity: 'low',
    category: 'hygiene',
    docs: {
      summary: 'A rule that can never match: `nodes/*`, core resources under another group, cluster-scoped grants through a Role or RoleBinding, empty verbs.',
      rationale:
        'RBAC only understands `*` and `*/<subresource>` as wildcards, so `nodes/*` grants nothing. Core resources such as `nodes` or `secrets` live in the `""` group, so listing them under `apps` grants nothing. ' +
        'RoleBindings are only consulted for requests inside their namespace, so a Role — or a ClusterRole bound by RoleBindings only — never grants cluster-scoped resources (nodes, persistentvolumes, clusterroles) or non-resource URLs. ' +
        'The aggregation controller overwrites the rules of a ClusterRole that has an aggregationRule. Such rules grant nothing today but usually hide an intent that someone will later "fix" into a real, broader grant.',
      fix: 'Delete the rule, or write what was meant: list subresources explicitly (`nodes/metrics`), use the right apiGroup, or move cluster-scoped grants to a ClusterRole bound by a ClusterRoleBinding (after checking they are really needed).',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: monitoring
rules:
  - apiGroups: [""]
    resources: ["nodes/proxy"]
    verbs: ["get"]
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: monitoring
rules:
  - apiGroups: [""]
    resources: ["pods"]
    verbs: ["get"]
`,
      references: [
        'https://github.com/kubernetes/kubernetes/blob/master/plugin/pkg/auth/authorizer/rbac/rbac.go',
        'https://kubernetes.io/docs/reference/access-authn-authz/rbac/#rolebinding-and-clusterrolebinding',
      ],
    },
  },
  check(ctx) {
    const out: FindingDraft[] = [];
    for (const role of ctx.model.roles) {
      if (!role.object) continue;
      role.rules.forEach((rule, i) => out.push(...checkRule(ctx.model, role, rule, i)));
    }
    return out;

    function checkRule(model: typeof ctx.model, role: Role, rule: PolicyRule, i: number): FindingDraft[] {
      const obj = role.object;
      if (!obj) return [];
      const found: FindingDraft[] = [];
      const add = (path: string, key: string, message: string) =>
        found.push({ message: `${role.kind} ${role.name} rule ${i + 1}: ${message}`, object: obj, path, key, permissions: [permission(rule)] });
      if (role.aggregationRule && !role.builtin) {
        add(`rules.${i}`, `aggregated:${i}`, 'this ClusterRole has an aggregationRule, so the aggregation controller replaces its rules; this rule never takes effect.');
        return found;
      }
      if (rule.verbs.length === 0) add(`rules.${i}`, `no-verbs:${i}`, 'no verbs, so it matches nothing (the API server rejects it).');
      rule.resources.forEach((res, j) => {
        const path = `rules.${i}.resources.${j}`;
        const slash = res.indexOf('/');
        if (slash > 0 && res.slice(slash + 1) === '*' && res !== '*/*') {
          add(path, `literal-wildcard:${res}`, `"${res}" is not a wildcard in RBAC (only "*" and "*/<subresource>" are); it matches only a subresource literally named "*".`);
        } else if (res === '*/*') {
          add(path, `literal-wildcard:${res}`, '"*/*" is not a wildcard in RBAC (that is admission-webhook syntax); use "*" or "*/<subresource>".');
        }
        if (coreUnderOtherGroup(rule, res)) {
          add(path, `core-group:${res}:${rule.apiGroups.join(',')}`, `"${res}" is a core resource (apiGroup ""), but the rule only lists apiGroups ${JSON.stringify(rule.apiGroups)}.`);
        }
      });
      const cluster = rule.resources.filter((res) => clusterScopedResource(rule, res));
      const hasUrls = rule.nonResourceURLs.length > 0;
      if (cluster.length === 0 && !hasUrls) return found;
      const what = [...cluster.map((c) => `"${c}"`), ...(hasUrls ? ['non-resource URLs'] : [])].join(', ');
      if (role.kind === 'Role') {
        const j = rule.resources.indexOf(cluster[0] ?? '');
        add(j >= 0 ? `rules.${i}.resources.${j}` : `rules.${i}`, `role-cluster-scoped:${what}`, `a Role cannot grant cluster-scoped ${what}: RoleBindings only apply inside their namespace.`);
      } else {
        const reach = reachOf(model, role, { clusterScoped: true });
        if (reach.reach === 'inert') {
          const j = rule.resources.indexOf(cluster[0] ?? '');
          add(j >= 0 ? `rules.${i}.resources.${j}` : `rules.${i}`, `rolebinding-cluster-scoped:${what}`, `${what} ${reach.inertReason ?? 'never take effect'}.`);
        }
      }
      return found;
    }
  },
});

function permission(rule: PolicyRule) {
  return {
    apiGroup: rule.apiGroups.join(','),
    resource: rule.resources.length > 0 ? rule.resources.join(',') : '',
    verbs: rule.verbs,
    resourceNames: rule.resourceNames,
    ...(rule.nonResourceURLs.length > 0 ? { nonResourceURL: rule.nonResourceURLs.join(',') } : {}),
  };
}
