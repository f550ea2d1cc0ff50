import type { AuthzRequest, Binding, PolicyRule, Reach, Role, Subject } from '../types.js';
import { ruleAllows } from './match.js';
import { checkModel, checkObject } from './input-check.js';
import type { RbacModel } from './model.js';
import { BROAD_GROUPS, uniqueSubjects } from './subjects.js';
import { isBuiltinClusterScoped } from './resources.js';

/** Built-in aggregation targets: a rule aggregated into them reaches everyone who holds them. */
export const BUILTIN_AGGREGATES: ReadonlySet<string> = new Set(['admin', 'edit', 'view']);

export interface GrantReach {
  reach: Reach;
  /** Bindings through which the rule takes effect (for `bound`). */
  bindings: Binding[];
  subjects: Subject[];
  /** Aggregated ClusterRoles that carry the rule (chart or built-in). */
  aggregators: Role[];
  /** Built-in aggregates (view/edit/admin) the rule flows into. */
  builtinAggregates: string[];
  /** Bound to a group that covers (almost) everyone. */
  broad: boolean;
  /** Why a grant is inert, when it is. */
  inertReason: string | null;
}

/**
 * Reach of a rule written in `origin` (docs/design.md#severity-follows-effective-reach), for a request of the given scope.
 * Cluster-scoped requests (nodes, non-resource URLs, …) are only ever granted through
 * ClusterRoleBindings (VisitRulesFor visits RoleBindings only for a non-empty namespace),
 * so a Role, or a ClusterRole bound only by RoleBindings, grants them nothing.
 */
export function reachOf(model: RbacModel, origin: Role, scope: { clusterScoped: boolean }): GrantReach {
  checkModel(model);
  checkObject(origin, 'role');
  // Asked for the same role by many rules and probes; the model does not change once built.
  let byRole = reaches.get(model);
  if (!byRole) reaches.set(model, (byRole = new Map()));
  const cached = byRole.get(origin) ?? [undefined, undefined];
  const slot = scope.clusterScoped ? 1 : 0;
  const hit = cached[slot];
  if (hit) return hit;
  const computed = computeReach(model, origin, scope);
  cached[slot] = computed;
  byRole.set(origin, cached);
  return computed;
}

/** Reaches computed so far, per model and role: [namespaced scope, cluster scope]. Treat as read-only. */
const reaches = new WeakMap<RbacModel, Map<Role, [GrantReach | undefined, GrantReach | undefined]>>();

function computeReach(model: RbacModel, origin: Role, scope: { clusterScoped: boolean }): GrantReach {
  const base = { bindings: [] as Binding[], subjects: [] as Subject[], aggregators: [] as Role[], builtinAggregates: [] as string[], broad: false };
  if (origin.via) {
    // A built-in role as one chart binding hands it out: exactly that binding's reach.
    const b = origin.via;
    if (scope.clusterScoped && b.kind === 'RoleBinding') {
      return { ...base, reach: 'inert', inertReason: 'bound by a RoleBinding, which never grants cluster-scoped resources or non-resource URLs' };
    }
    return b.subjects.length > 0 ? finish(base, [b], [], [], 'bound', null) : finish(base, [], [], [], 'latent', null);
  }
  if (origin.aggregationRule && !origin.builtin) {
    return {
      ...base,
      reach: 'inert',
      inertReason: `${origin.name} has an aggregationRule: the aggregation controller replaces its rules`,
    };
  }
  if (origin.kind === 'Role') {
    if (scope.clusterScoped) {
      return { ...base, reach: 'inert', inertReason: `a Role is namespaced and cannot grant cluster-scoped resources or non-resource URLs` };
    }
    const bindings = model.bindingsOf(origin).filter((b) => b.subjects.length > 0);
    return finish(base, bindings, [], [], bindings.length > 0 ? 'bound' : 'latent', null);
  }

  const aggregators = model.aggregatorsOf(origin).filter((a) => model.heldRules(a).some((h) => h.origin === origin));
  const builtinAggregates = aggregators.filter((a) => a.builtin && BUILTIN_AGGREGATES.has(a.name)).map((a) => a.name);
  const carriers = [origin, ...aggregators];
  // A binding without (valid) subjects grants nobody: the role stays latent.
  const all = carriers.flatMap((r) => model.bindingsOf(r).filter((b) => b.subjects.length > 0));
  const effective = scope.clusterScoped ? all.filter((b) => b.kind === 'ClusterRoleBinding') : all;
  if (effective.length > 0 || builtinAggregates.length > 0) {
    return finish(base, effective, aggregators, builtinAggregates, 'bound', null);
  }
  if (all.length > 0) {
    return finish(base, [], aggregators, builtinAggregates, 'inert', 'bound only by RoleBindings, which never grant cluster-scoped resources or non-resource URLs');
  }
  return finish(base, [], aggregators, builtinAggregates, 'latent', null);
}

function finish(
  base: Omit<GrantReach, 'reach' | 'inertReason'>,
  bindings: Binding[],
  aggregators: Role[],
  builtinAggregates: string[],
  reach: Reach,
  inertReason: string | null,
): GrantReach {
  const subjects = uniqueSubjects(bindings.flatMap((b) => b.subjects));
  const broad = subjects.some((s) => s.kind === 'Group' && (BROAD_GROUPS.has(s.name) || s.name.startsWith('system:serviceaccounts:')));
  return { ...base, reach, bindings, subjects, aggregators, builtinAggregates, broad, inertReason };
}

/**
 * Whether the rule allows the request for some object name. A rule with resourceNames
 * still grants those names; requests that carry no name at authorization time (create or
 * deletecollection of a top-level resource) never match resourceNames (ResourceNameMatches).
 */
export function ruleAllowsSomeName(rule: PolicyRule, request: AuthzRequest): boolean {
  if (request.path !== undefined || rule.resourceNames.length === 0 || request.name !== undefined) return ruleAllows(rule, request);
  const nameless = !request.subresource && (request.verb === 'create' || request.verb === 'deletecollection');
  if (nameless) return ruleAllows(rule, { ...request, name: '' });
  return rule.resourceNames.some((name) => ruleAllows(rule, { ...request, name }));
}

/** The verbs (from `verbs`) for which the rule allows the request. */
export function allowedVerbs(rule: PolicyRule, request: Omit<AuthzRequest, 'verb'>, verbs: readonly string[]): string[] {
  return verbs.filter((verb) => ruleAllowsSomeName(rule, { ...request, verb }));
}

/**
 * Whether a rule's grant of a cluster-scoped resource still takes effect through a RoleBinding,
 * because the request is checked in a namespace after all:
 * - a request for the Namespace object carries its own name as namespace (requestinfo.go);
 * - `bind` on a ClusterRole is checked in the RoleBinding's namespace (escalation_check.go
 *   BindingAuthorized).
 */
export function grantedInNamespaceAnyway(rule: PolicyRule, resource: string): boolean {
  if (resource === 'namespaces' || resource.startsWith('namespaces/')) return true;
  return (
    resource === 'clusterroles' &&
    rule.apiGroups.some((g) => g === 'rbac.authorization.k8s.io' || g === '*') &&
    rule.verbs.some((v) => v === 'bind' || v === '*')
  );
}

/**
 * Whether a request for this resource carries no namespace, so only ClusterRoleBindings can
 * grant it. Built-in scopes come from the api-resources table (src/rbac/resources.ts). The
 * impersonation targets users, groups (core) and uids, userextras (authentication.k8s.io) are
 * checked with namespace "" (impersonation.go); serviceaccounts carry their namespace.
 * `namespaces` is cluster-scoped, but a request for the Namespace object carries its own name
 * as namespace (requestinfo.go), so callers that ask about namespace writes treat it as namespaced.
 */
export function isClusterScoped(apiGroup: string, resource: string): boolean {
  const base = resource.split('/')[0] ?? '';
  if (apiGroup === '' && (base === 'users' || base === 'groups')) return true;
  if (apiGroup === 'authentication.k8s.io' && (base === 'uids' || base === 'userextras')) return true;
  return isBuiltinClusterScoped(apiGroup, base);
}
