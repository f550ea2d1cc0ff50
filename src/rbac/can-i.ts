import type { AuthzRequest, UserInfo } from '../types.js';
import { bindingsInScope, effectivePermissions } from './effective.js';
import { formatCanIList, selfSubjectRulesStatus } from './kubectl-print.js';
import { checkModel, checkRequest, checkUser } from './input-check.js';
import { ruleAllows } from './match.js';
import type { RbacModel } from './model.js';
import { bindingAppliesTo, MASTERS } from './subjects.js';

/**
 * `kubectl auth can-i --list` for a user, offline: the rules a SelfSubjectRulesReview in
 * `namespace` would return (RBAC RulesFor: ClusterRoleBindings, then the namespace's
 * RoleBindings), printed exactly as kubectl prints them.
 */
export function canIList(model: RbacModel, user: UserInfo, namespace: string, options: { noHeaders?: boolean } = {}): string {
  checkModel(model);
  checkUser(user);
  if (typeof namespace !== 'string') throw new TypeError('namespace must be a string');
  const rules = effectivePermissions(model, user, { namespace }).map((e) => e.rule);
  const status = selfSubjectRulesStatus(rules);
  return formatCanIList(status.resourceRules, status.nonResourceRules, options);
}

export interface CanIAnswer {
  allowed: boolean;
  /** What kubectl prints after "no - " (RBAC's reason: bindings whose role does not exist). */
  reason: string;
}

/**
 * `kubectl auth can-i VERB TYPE` for a user, offline, as the API server's authorizer chain answers
 * (the privileged group, then RBAC; the SelfSubjectRulesReview of canIList sees RBAC only, since
 * the privileged-group authorizer resolves no rules). kubectl sends the SelfSubjectAccessReview
 * with the current namespace even for cluster-scoped resources (cani.go RunAccessCheck), so
 * RoleBindings of that namespace are consulted, exactly as on a cluster.
 */
export function canIAccess(model: RbacModel, user: UserInfo, request: AuthzRequest): CanIAnswer {
  checkModel(model);
  checkUser(user);
  checkRequest(request);
  // kube-apiserver puts the privileged-group authorizer before RBAC
  // (authorizerfactory.NewPrivilegedGroups(user.SystemPrivilegedGroup)): system:masters may do anything.
  if (user.groups.includes(MASTERS)) return { allowed: true, reason: '' };
  const namespace = request.path === undefined ? request.namespace : undefined;
  const allowed = effectivePermissions(model, user, { namespace }).some((e) => ruleAllows(e.rule, request));
  if (allowed) return { allowed, reason: '' };
  // rbac.go Authorize: errors met while resolving rules become the reason ("RBAC: …"), in the
  // order VisitRulesFor meets them (ClusterRoleBindings first), de-duplicated as an
  // apimachinery error aggregate prints them.
  const missing: string[] = [];
  for (const b of bindingsInScope(model, namespace)) {
    if (model.roleFor(b) || !bindingAppliesTo(b, user)) continue;
    const kind = b.roleRef.kind === 'Role' ? 'role' : 'clusterrole';
    const message = `${kind}.rbac.authorization.k8s.io "${b.roleRef.name}" not found`;
    if (!missing.includes(message)) missing.push(message);
  }
  if (missing.length === 0) return { allowed, reason: '' };
  return { allowed, reason: `RBAC: ${missing.length === 1 ? missing[0] : `[${missing.join(', ')}]`}` };
}
