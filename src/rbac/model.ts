import type { Binding, HeldRule, InputIssue, ParsedObject, PolicyRule, Role } from '../types.js';
import { defaultPolicy } from './bootstrap.js';
import type { BuiltinPolicy } from './bootstrap.js';
import { bindingFrom, issueCollector, metadataIssues, RBAC_GROUP, roleFrom } from './extract.js';
import { compareGoStrings } from './kubectl-print.js';
import { selectorMatches } from './selector.js';

export interface ModelOptions {
  /**
   * Include the Kubernetes default bindings (every ClusterRoleBinding and RoleBinding of the
   * built-in policy: system:basic-user, system:node-proxier, the controllers', …) so effective
   * permissions match a live cluster. Built-in roles are always present.
   */
  defaultBindings?: boolean;
  /** Namespace that Roles and RoleBindings without metadata.namespace are installed into (helm's release namespace). */
  defaultNamespace?: string | null;
  /** The built-in policy of the cluster (src/rbac/bootstrap.ts policyFor); default: the newest data. */
  policy?: BuiltinPolicy;
  /** The Kubernetes version the objects were rendered for (which API resources the cluster serves). */
  kubeVersion?: string | null;
}

/**
 * The RBAC objects of one render, indexed so that every question (which bindings
 * reference a role, what a role holds after aggregation) is answered without scans.
 */
export interface RbacModel {
  /** Roles written in the chart, in document order. */
  readonly roles: readonly Role[];
  /** Bindings written in the chart, in document order. */
  readonly bindings: readonly Binding[];
  /** Every binding the authorizer would consider: chart bindings plus (optionally) Kubernetes defaults. */
  readonly allBindings: readonly Binding[];
  readonly issues: readonly InputIssue[];
  readonly objects: readonly ParsedObject[];
  /** The built-in policy the model was built with. */
  readonly policy: BuiltinPolicy;
  /** The Kubernetes version of the render, when known. */
  readonly kubeVersion: string | null;
  /**
   * For each chart binding to a built-in role (or to a chart aggregate that picks up built-in
   * roles), that role as the binding hands it out: a Role with `via` set, `object` = the binding's
   * object, and the built-in rules it holds (aggregated ones included; rules aggregated in from
   * chart roles stay with those roles). In chart order.
   */
  readonly boundBuiltins: readonly Role[];
  clusterRole(name: string): Role | undefined;
  role(namespace: string, name: string): Role | undefined;
  /** The role a binding's roleRef resolves to, or undefined when it is not in the model. */
  roleFor(binding: Binding): Role | undefined;
  /** Bindings (chart and built-in) whose roleRef names this role. */
  bindingsOf(role: Role): readonly Binding[];
  /** Rules the role holds on a cluster: its own, or for an aggregated ClusterRole the aggregated set. */
  heldRules(role: Role): readonly HeldRule[];
  /** Aggregated ClusterRoles that (transitively) pick up this role's rules. */
  aggregatorsOf(role: Role): readonly Role[];
}

const roleKey = (kind: string, namespace: string | null, name: string): string =>
  kind === 'Role' ? `Role:${namespace ?? ''}/${name}` : `ClusterRole:${name}`;

const bindingKey = (b: Binding): string => `${b.kind}:${b.namespace ?? ''}/${b.name}`;

/** Equal keys exactly when the rules are equal, list by list and in order (the controller's DeepEqual). */
function ruleKey(r: PolicyRule): string {
  return JSON.stringify([r.verbs, r.apiGroups, r.resources, r.resourceNames, r.nonResourceURLs]);
}

export function buildModel(objects: readonly ParsedObject[], options: ModelOptions = {}): RbacModel {
  if (!Array.isArray(objects)) throw new TypeError('objects must be a list of parsed objects (parseRendered().objects)');
  const issues: InputIssue[] = [];
  const roles: Role[] = [];
  const bindings: Binding[] = [];
  for (const obj of objects) {
    const group = obj.ref.apiVersion.split('/')[0];
    if (group !== RBAC_GROUP) continue;
    const issue = issueCollector(obj, issues);
    if (!obj.ref.name) issue('metadata.name', `${obj.ref.kind} has no metadata.name`);
    metadataIssues(obj, issue);
    switch (obj.ref.kind) {
      case 'Role':
      case 'ClusterRole':
        roles.push(roleFrom(obj, issue, options.defaultNamespace ?? null));
        break;
      case 'RoleBinding':
      case 'ClusterRoleBinding': {
        const b = bindingFrom(obj, issue, options.defaultNamespace ?? null);
        if (b) bindings.push(b);
        break;
      }
    }
  }

  const policy = options.policy ?? defaultPolicy();
  const byKey = new Map<string, Role>();
  for (const r of [...policy.clusterRoles, ...policy.roles]) byKey.set(roleKey(r.kind, r.namespace, r.name), r);
  // A chart object with a built-in's name replaces it, as `kubectl apply` of the chart would.
  for (const r of roles) byKey.set(roleKey(r.kind, r.namespace, r.name), r);
  const clusterRoles = [...byKey.values()].filter((r) => r.kind === 'ClusterRole');

  const chartBindingKeys = new Set(bindings.map(bindingKey));
  const builtinBindings = options.defaultBindings
    ? [...policy.clusterRoleBindings, ...policy.roleBindings].filter((b) => !chartBindingKeys.has(bindingKey(b)))
    : [];
  const allBindings = [...bindings, ...builtinBindings];

  const bindingsByRole = new Map<string, Binding[]>();
  for (const b of allBindings) {
    const ns = b.roleRef.kind === 'Role' ? b.namespace : null;
    const key = roleKey(b.roleRef.kind, ns, b.roleRef.name);
    const list = bindingsByRole.get(key);
    if (list) list.push(b);
    else bindingsByRole.set(key, [b]);
  }

  const aggregating = clusterRoles.filter((r) => r.aggregationRule !== null);
  const held = new Map<Role, HeldRule[]>();
  const own = (r: Role): HeldRule[] => r.rules.map((rule, index) => ({ rule, index, origin: r }));

  // clusterroleaggregation_controller.go syncClusterRole: for each selector (ORed), the matching
  // ClusterRoles other than itself, sorted by name (sort.Sort(byName): Go string order, i.e.
  // UTF-8 bytes), contribute their current rules, each appended unless an equal rule is already
  // there; the result replaces .rules, whatever the role held before.
  function directSources(agg: Role): Role[] {
    const out: Role[] = [];
    const seen = new Set<Role>();
    for (const sel of agg.aggregationRule ?? []) {
      const matched = clusterRoles.filter((r) => r !== agg && selectorMatches(sel, r.labels)).sort((x, y) => compareGoStrings(x.name, y.name));
      for (const r of matched) {
        if (seen.has(r)) continue;
        seen.add(r);
        out.push(r);
      }
    }
    return out;
  }
  const sources = new Map<Role, Role[]>(aggregating.map((a) => [a, directSources(a)]));
  for (const r of clusterRoles) if (!r.aggregationRule) held.set(r, own(r));
  for (const r of roles) if (r.kind === 'Role') held.set(r, own(r));
  for (const r of policy.roles) if (!held.has(r)) held.set(r, own(r));
  // The rules each aggregate holds, by key: "already present" is a lookup, not a scan (with
  // thousands of aggregated roles the scan made building the model quadratic).
  const ruleKeys = new Map<PolicyRule, string>();
  const keyOf = (r: PolicyRule): string => {
    let key = ruleKeys.get(r);
    if (key === undefined) ruleKeys.set(r, (key = ruleKey(r)));
    return key;
  };
  const heldKeys = new Map<Role, Set<string>>();
  // The controller's steady state: an aggregate holds what its sources hold once they are synced
  // themselves (edit picks up view's aggregated rules, admin edit's), so sources settle first.
  const settling = new Set<Role>();
  function settle(agg: Role): HeldRule[] {
    const done = held.get(agg);
    if (done) return done;
    if (settling.has(agg)) return []; // a cycle: the rounds below finish it
    const acc: HeldRule[] = [];
    const keys = new Set<string>();
    heldKeys.set(agg, keys);
    settling.add(agg);
    for (const src of sources.get(agg) ?? []) {
      for (const h of src.aggregationRule ? settle(src) : (held.get(src) ?? [])) {
        const key = keyOf(h.rule);
        if (!keys.has(key)) {
          keys.add(key);
          acc.push(h);
        }
      }
    }
    settling.delete(agg);
    held.set(agg, acc);
    return acc;
  }
  for (const agg of aggregating) settle(agg);
  // Aggregation cycles (A selects B, B selects A): the controller re-syncs on every change, so
  // rules keep flowing round the cycle until nothing is added.
  for (let round = 0, changed = true; changed && round <= aggregating.length + 1; round++) {
    changed = false;
    for (const agg of aggregating) {
      const acc = held.get(agg) ?? [];
      const keys = heldKeys.get(agg) as Set<string>;
      for (const src of sources.get(agg) ?? []) {
        for (const h of held.get(src) ?? []) {
          const key = keyOf(h.rule);
          if (!keys.has(key)) {
            keys.add(key);
            acc.push(h);
            changed = true;
          }
        }
      }
      held.set(agg, acc);
    }
  }

  const roleFor = (b: Binding): Role | undefined => byKey.get(roleKey(b.roleRef.kind, b.roleRef.kind === 'Role' ? b.namespace : null, b.roleRef.name));
  // A chart binding to a built-in role hands out the built-in rules as if the chart had written
  // them; rules aggregated in from chart roles are judged on those roles.
  const boundBuiltins: Role[] = [];
  for (const b of bindings) {
    const role = roleFor(b);
    if (!role || !b.object) continue;
    // Also a chart aggregate whose selector picks up built-in roles (`{}` selects every ClusterRole).
    const rules = (held.get(role) ?? own(role)).filter((h) => h.origin.builtin).map((h) => h.rule);
    if (!role.builtin && rules.length === 0) continue;
    const view: Role = { ...role, rules, aggregationRule: null, object: b.object, via: b };
    boundBuiltins.push(view);
    held.set(view, own(view));
  }

  // Reverse edges once, so "who aggregates me" is a walk, not a scan per role.
  const aggregatesFrom = new Map<Role, Role[]>();
  for (const [agg, srcs] of sources)
    for (const src of srcs) {
      const list = aggregatesFrom.get(src);
      if (list) list.push(agg);
      else aggregatesFrom.set(src, [agg]);
    }
  const aggregators = new Map<Role, Role[]>();
  function aggregatorsOf(r: Role): Role[] {
    const cached = aggregators.get(r);
    if (cached) return cached;
    const out: Role[] = [];
    const seen = new Set<Role>([r]);
    const queue = [r];
    for (let i = 0; i < queue.length; i++) {
      for (const agg of aggregatesFrom.get(queue[i] as Role) ?? []) {
        if (seen.has(agg)) continue;
        seen.add(agg);
        out.push(agg);
        queue.push(agg);
      }
    }
    aggregators.set(r, out);
    return out;
  }

  return {
    roles,
    bindings,
    allBindings,
    issues,
    objects,
    policy,
    kubeVersion: options.kubeVersion ?? null,
    boundBuiltins,
    clusterRole: (name) => byKey.get(roleKey('ClusterRole', null, name)),
    role: (namespace, name) => byKey.get(roleKey('Role', namespace, name)),
    roleFor,
    // A bound view reaches exactly its binding's subjects.
    bindingsOf: (r) => (r.via ? [r.via] : (bindingsByRole.get(roleKey(r.kind, r.namespace, r.name)) ?? [])),
    heldRules: (r) => held.get(r) ?? own(r),
    aggregatorsOf,
  };
}
