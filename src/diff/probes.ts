import type { AuthzRequest, PolicyRule } from '../types.js';
import { ruleAllowsSomeName } from '../rbac/reach.js';
import type { Permission } from './types.js';
import { PermissionSet } from './permissions.js';

/**
 * A sensitive request whose reach the diff tracks. Atoms alone cannot show that narrowing
 * `resources: ["*"]` takes away `get nodes/proxy`; asking the exact matcher these requests can.
 * `namespaced` requests can also be granted by RoleBindings; cluster-scoped ones only by
 * ClusterRoleBindings (VisitRulesFor visits RoleBindings only for a non-empty namespace).
 */
export interface Probe {
  verb: string;
  apiGroup: string;
  /** Combined `resource/subresource`. */
  resource: string;
  namespaced: boolean;
}

const probe = (verbs: string[], apiGroup: string, resource: string, namespaced: boolean): Probe[] =>
  verbs.map((verb) => ({ verb, apiGroup, resource, namespaced }));

// Picked from PRODUCT.md §4 (rule table) and KUBERNETES.md §5 (RBAC good practices):
// one request per risk that a wildcard can hide.
export const SENSITIVE_PROBES: readonly Probe[] = [
  // Kubelet API (KUBERNETES.md §1/§3): get is exec over WebSocket; list/watch are listed so that
  // a removed `nodes/proxy` with get/list/watch reads the same on both layers.
  ...probe(['get', 'create', 'list', 'watch'], '', 'nodes/proxy', false),
  ...probe(['get'], '', 'nodes/metrics', false),
  ...probe(['get'], '', 'nodes/stats', false),
  ...probe(['get'], '', 'nodes/pods', false),
  ...probe(['get'], '', 'nodes/log', false),
  ...probe(['patch'], '', 'nodes', false),
  ...probe(['get', 'list', 'watch'], '', 'secrets', true),
  ...probe(['create'], '', 'pods', true),
  ...probe(['create'], '', 'pods/exec', true),
  ...probe(['create'], '', 'pods/attach', true),
  ...probe(['create'], '', 'pods/portforward', true),
  ...probe(['create'], 'apps', 'daemonsets', true),
  ...probe(['create'], '', 'serviceaccounts/token', true),
  ...probe(['impersonate'], '', 'users', false),
  ...probe(['impersonate'], '', 'groups', false),
  ...probe(['impersonate'], '', 'serviceaccounts', true),
  ...probe(['escalate'], 'rbac.authorization.k8s.io', 'clusterroles', false),
  // escalation_check.go BindingAuthorized checks bind in the binding's namespace, so a
  // RoleBinding can grant binding a ClusterRole within its namespace.
  ...probe(['bind'], 'rbac.authorization.k8s.io', 'clusterroles', true),
  ...probe(['escalate', 'bind'], 'rbac.authorization.k8s.io', 'roles', true),
  ...probe(['create'], 'rbac.authorization.k8s.io', 'clusterrolebindings', false),
  ...probe(['create'], 'rbac.authorization.k8s.io', 'rolebindings', true),
  ...probe(['update'], 'certificates.k8s.io', 'certificatesigningrequests/approval', false),
  ...probe(['create'], 'admissionregistration.k8s.io', 'mutatingwebhookconfigurations', false),
  ...probe(['create'], 'admissionregistration.k8s.io', 'validatingwebhookconfigurations', false),
  ...probe(['create'], '', 'persistentvolumes', false),
];

function requestOf(p: Probe): AuthzRequest {
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
export function probeReach(rules: ScopedRules, probes: readonly Probe[] = SENSITIVE_PROBES): PermissionSet {
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
