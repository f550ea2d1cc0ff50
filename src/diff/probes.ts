import type { AuthzRequest, PolicyRule } from '../types.js';
import { KUBELET_SUBRESOURCES } from '../rbac/kubelet.js';
import { probeResource, probeScope } from '../rule-api/index.js';
import type { Probe } from '../rule-api/index.js';
import { ruleAllowsSomeName } from '../rbac/reach.js';
import type { Permission } from './types.js';
import { PermissionSet } from './permissions.js';

/**
 * One sensitive request whose reach the diff tracks: a probe of a registered rule, one verb at a
 * time. Atoms alone cannot show that narrowing `resources: ["*"]` takes away `get nodes/proxy`;
 * asking the exact matcher these requests can. `namespaced` requests can also be granted by
 * RoleBindings; cluster-scoped ones only by ClusterRoleBindings (VisitRulesFor visits
 * RoleBindings only for a non-empty namespace).
 */
export interface DiffProbe {
  verb: string;
  apiGroup: string;
  /** Combined `resource/subresource`. */
  resource: string;
  namespaced: boolean;
}

/**
 * The requests the diff tracks: every probe of the registered rules, one per verb, plus `get` on
 * each kubelet subresource (how a workload's kubelet access changes), without repeats.
 */
export function diffProbes(probes: readonly Probe[]): DiffProbe[] {
  const kubelet: Probe[] = KUBELET_SUBRESOURCES.map((sub) => ({
    label: `nodes/${sub}`,
    request: { apiGroup: '', resource: 'nodes', subresource: sub },
    verbs: [sub === 'checkpoint' ? 'create' : 'get'],
  }));
  const seen = new Set<string>();
  const out: DiffProbe[] = [];
  for (const p of [...probes, ...kubelet]) {
    const resource = probeResource(p);
    const namespaced = probeScope(p) === 'namespace';
    for (const verb of p.verbs) {
      const key = `${verb}\u0000${p.request.apiGroup}\u0000${resource}\u0000${namespaced}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ verb, apiGroup: p.request.apiGroup, resource, namespaced });
    }
  }
  return out;
}

function requestOf(p: DiffProbe): AuthzRequest {
  const slash = p.resource.indexOf('/');
  return slash < 0
    ? { verb: p.verb, apiGroup: p.apiGroup, resource: p.resource }
    : { verb: p.verb, apiGroup: p.apiGroup, resource: p.resource.slice(0, slash), subresource: p.resource.slice(slash + 1) };
}

const allows = (rules: readonly PolicyRule[], request: AuthzRequest): boolean => rules.some((r) => ruleAllowsSomeName(r, request));

/** Rules in force for one subject: through ClusterRoleBindings, and through RoleBindings per namespace. */
export interface ScopedRules {
  cluster: readonly PolicyRule[];
  byNamespace: ReadonlyMap<string, readonly PolicyRule[]>;
}

/**
 * The probes the rules allow (for some object name). A request allowed cluster-wide is not
 * repeated per namespace; one allowed only through a RoleBinding carries that namespace.
 */
export function probeReach(rules: ScopedRules, probes: readonly DiffProbe[]): PermissionSet {
  const out = new PermissionSet();
  for (const p of probes) {
    const request = requestOf(p);
    const atom: Permission = { apiGroup: p.apiGroup, resource: p.resource, verb: p.verb };
    if (allows(rules.cluster, request)) {
      out.add(atom);
      continue;
    }
    if (!p.namespaced) continue;
    for (const [namespace, nsRules] of rules.byNamespace) {
      if (allows(nsRules, { ...request, namespace })) out.add({ ...atom, namespace });
    }
  }
  return out;
}
