import type { AuthzRequest, PolicyRule, Role } from '../types.js';
import { ruleAllows } from './match.js';
import type { RbacModel } from './model.js';
import type { GrantReach } from './reach.js';
import { allowedVerbs, isClusterScoped, reachOf, ruleAllowsSomeName } from './reach.js';

/** One chart rule that allows some verbs of a request, with where it is written and how far it reaches. */
export interface Grant {
  role: Role;
  ruleIndex: number;
  rule: PolicyRule;
  /** Requested verbs the rule allows. */
  verbs: string[];
  /** The rule's own verbs that cause it (`*` stays `*`). */
  ruleVerbs: string[];
  /** Index of the first resources entry that matches (for the line), -1 for non-resource rules. */
  resourceIndex: number;
  resource: string;
  apiGroup: string;
  reach: GrantReach;
}

const singleResource = (rule: PolicyRule, resource: string): PolicyRule => ({ ...rule, resources: [resource] });
const singleGroup = (rule: PolicyRule, group: string): PolicyRule => ({ ...rule, apiGroups: [group] });

/**
 * Every rule written in the chart (Roles and ClusterRoles, not built-ins) that allows the
 * request for at least one of `verbs`, with the reach of that rule. The one question all
 * RBAC risk rules ask, answered with the exact matcher.
 */
export function grantsFor(model: RbacModel, request: Omit<AuthzRequest, 'verb'>, verbs: readonly string[]): Grant[] {
  const out: Grant[] = [];
  const clusterScoped =
    request.path !== undefined || (!request.namespace && isClusterScoped(request.apiGroup ?? '', request.resource ?? ''));
  for (const role of model.roles) {
    role.rules.forEach((rule, ruleIndex) => {
      const ok = allowedVerbs(rule, request, verbs);
      if (ok.length === 0) return;
      const req = { ...request, verb: ok[0] as string };
      const resourceIndex = request.path !== undefined ? -1 : rule.resources.findIndex((r) => ruleAllowsSomeName(singleResource(rule, r), req));
      const apiGroup = request.path !== undefined ? '' : (rule.apiGroups.find((g) => ruleAllowsSomeName(singleGroup(rule, g), req)) ?? '');
      const ruleVerbs = rule.verbs.filter((v) => v === '*' || ok.includes(v));
      out.push({
        role,
        ruleIndex,
        rule,
        verbs: ok,
        ruleVerbs,
        resourceIndex,
        resource: resourceIndex >= 0 ? (rule.resources[resourceIndex] as string) : '',
        apiGroup,
        reach: reachOf(model, role, { clusterScoped }),
      });
    });
  }
  return out;
}

/** Whether some rule the subject holds allows the request (convenience over ruleAllows for held rules). */
export function anyRuleAllows(rules: readonly PolicyRule[], request: AuthzRequest): boolean {
  return rules.some((r) => ruleAllows(r, request));
}
