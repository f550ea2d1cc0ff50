import type { AuthzRequest, Binding, PolicyRule, Role, Subject, UserInfo } from '../types.js';
import { checkModel, checkObject, checkRequest, checkUser } from './input-check.js';
import { ruleAllows } from './match.js';
import type { RbacModel } from './model.js';
import { bindingAppliesTo, compareSubjects, userInfoForSubject } from './subjects.js';

/** A rule in force for a user, with the binding and role that put it there. */
export interface EffectiveRule {
  rule: PolicyRule;
  binding: Binding;
  /** The role the binding references. */
  role: Role;
  /** The role whose rules list holds the rule (differs from `role` for aggregated roles). */
  origin: Role;
  ruleIndex: number;
}

function isUserInfo(s: UserInfo | Subject): s is UserInfo {
  return Array.isArray((s as UserInfo).groups);
}

/**
 * Bindings that the authorizer visits for a request in `namespace`
 * (DefaultRuleResolver.VisitRulesFor, pkg/registry/rbac/validation/rule.go): every
 * ClusterRoleBinding, then — only when the namespace is non-empty — the RoleBindings of
 * that namespace.
 */
export function bindingsInScope(model: RbacModel, namespace: string | undefined): Binding[] {
  const crbs = model.allBindings.filter((b) => b.kind === 'ClusterRoleBinding');
  const rbs = namespace ? model.allBindings.filter((b) => b.kind === 'RoleBinding' && b.namespace === namespace) : [];
  return [...crbs, ...rbs];
}

/**
 * Every rule that applies to the subject for requests in `namespace` ('' or undefined:
 * cluster-scoped and non-resource requests only), in the authorizer's visiting order.
 * This is what a SelfSubjectRulesReview for that namespace reports.
 */
export function effectivePermissions(
  model: RbacModel,
  subject: UserInfo | Subject,
  options: { namespace?: string } = {},
): EffectiveRule[] {
  checkModel(model);
  checkObject(subject, 'subject');
  const user = isUserInfo(subject) ? subject : userInfoForSubject(subject);
  checkUser(user, isUserInfo(subject) ? 'user' : 'subject');
  const out: EffectiveRule[] = [];
  for (const binding of bindingsInScope(model, options.namespace)) {
    if (!bindingAppliesTo(binding, user)) continue;
    const role = model.roleFor(binding);
    if (!role) continue; // GetRoleReferenceRules errors: the binding grants nothing
    for (const h of model.heldRules(role)) out.push({ rule: h.rule, binding, role, origin: h.origin, ruleIndex: h.index });
  }
  return out;
}

/** True when the subject may perform the request (the RBAC authorizer's decision). */
export function canI(model: RbacModel, subject: UserInfo | Subject, request: AuthzRequest): boolean {
  checkRequest(request);
  const namespace = request.path === undefined ? request.namespace : undefined;
  return effectivePermissions(model, subject, { namespace }).some((e) => ruleAllows(e.rule, request));
}

export interface WhoCanEntry {
  subject: Subject;
  binding: Binding;
  role: Role;
  origin: Role;
  rule: PolicyRule;
  ruleIndex: number;
}

/**
 * Every (subject, binding, role) through which the request is allowed. Group subjects are
 * listed as groups: `system:serviceaccounts` means every service account.
 */
export function whoCan(model: RbacModel, request: AuthzRequest): WhoCanEntry[] {
  checkModel(model);
  checkRequest(request);
  const namespace = request.path === undefined ? request.namespace : undefined;
  const out: WhoCanEntry[] = [];
  for (const binding of bindingsInScope(model, namespace)) {
    const role = model.roleFor(binding);
    if (!role) continue;
    const held = model.heldRules(role).find((h) => ruleAllows(h.rule, request));
    if (!held) continue;
    for (const subject of binding.subjects) {
      out.push({ subject, binding, role, origin: held.origin, rule: held.rule, ruleIndex: held.index });
    }
  }
  return out.sort(
    (a, b) =>
      compareSubjects(a.subject, b.subject) ||
      a.binding.kind.localeCompare(b.binding.kind) ||
      a.binding.name.localeCompare(b.binding.name),
  );
}
