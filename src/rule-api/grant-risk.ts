// How dangerous a set of held rules is, asked with the exact matcher. Shared by the rules
// whose severity depends on what *another* object grants: broad-group-binding (what the
// bound role gives everyone), aggregate-to-builtin (what a label pours into view/edit/admin)
// and cluster-admin-binding (an all-wildcard rule is cluster-admin under another name).
// The questions are the probes of every registered rule (RuleContext.probes), graded by the
// rule that reports each risk, so a new probe rule is weighed here without another edit.

import { ruleAllows } from '../rbac/match.js';
import { allowedVerbs } from '../rbac/reach.js';
import type { HeldRule, PolicyRule, Role } from '../types.js';
import { probeScope } from './probe.js';
import type { RegisteredProbe } from './probe.js';

/** Worst thing a set of rules grants: `other` = something, but no critical or high probe. */
export type GrantClass = 'critical' | 'high' | 'other' | 'none';

/** Where the rules take effect: a RoleBinding only ever grants namespaced requests (VisitRulesFor). */
export type GrantScope = 'cluster' | 'namespace';

export interface RiskReason {
  grade: 'critical' | 'high';
  /** Short description used in messages (`read secrets`). */
  what: string;
  /** The held rule that grants it. */
  held: HeldRule | null;
}

export interface GrantRisk {
  grade: GrantClass;
  /** The reason for the grade (first match of the worst grade); null for `other`/`none`. */
  reason: RiskReason | null;
}

// Impersonating `userextras/<key>`: the key is the subresource, so ask about the keys the rule names.
function impersonatesUserExtras(rule: PolicyRule): boolean {
  const keys = new Set(['scopes', ...rule.resources.filter((r) => r.includes('/')).map((r) => r.slice(r.indexOf('/') + 1))]);
  return [...keys].some((subresource) =>
    allowedVerbs(rule, { apiGroup: 'authentication.k8s.io', resource: 'userextras', subresource }, ['impersonate']).length > 0,
  );
}

/** True when a rule allows every verb on every resource of every group, for any name. */
export function isAllWildcardRule(rule: PolicyRule): boolean {
  // Made-up names: only `*` in every dimension and no resourceNames can match them all.
  return ruleAllows(rule, { verb: 'x-verb', apiGroup: 'x.group', resource: 'x-resource', subresource: 'x-sub', name: 'x-name' });
}

const hasLiteralWildcard = (rule: PolicyRule): boolean =>
  rule.verbs.includes('*') || rule.apiGroups.includes('*') || rule.resources.includes('*');

function reasonsOf(held: HeldRule, scope: GrantScope, probes: readonly RegisteredProbe[]): RiskReason[] {
  const { rule } = held;
  const out: RiskReason[] = [];
  for (const probe of probes) {
    if (probe.grade !== 'critical' && probe.grade !== 'high') continue;
    if (scope === 'namespace' && probeScope(probe) === 'cluster') continue;
    if (allowedVerbs(rule, probe.request, probe.verbs).length > 0) out.push({ grade: probe.grade, what: probe.what, held });
  }
  if (scope === 'cluster' && impersonatesUserExtras(rule)) out.push({ grade: 'critical', what: 'impersonate user extras', held });
  if (hasLiteralWildcard(rule)) out.push({ grade: 'high', what: 'a "*" wildcard', held });
  return out;
}

/** Worst grade the rules carry in the given scope, with the first reason for it. */
export function riskOfRules(rules: readonly HeldRule[], scope: GrantScope, probes: readonly RegisteredProbe[]): GrantRisk {
  const reasons = rules.flatMap((h) => reasonsOf(h, scope, probes));
  const worst = reasons.find((r) => r.grade === 'critical') ?? reasons.find((r) => r.grade === 'high') ?? null;
  if (worst) return { grade: worst.grade, reason: worst };
  const grantsSomething = rules.some((h) => h.rule.verbs.length > 0);
  return { grade: grantsSomething ? 'other' : 'none', reason: null };
}

/**
 * What a role gives its holders: the rules it holds on a cluster (for built-in view/edit/admin,
 * what the aggregation controller fills them with from the built-in policy and the chart).
 */
export function riskOfRole(heldRules: readonly HeldRule[], _role: Role, scope: GrantScope, probes: readonly RegisteredProbe[]): GrantRisk {
  return riskOfRules(heldRules, scope, probes);
}

/** `rule 2 of ClusterRole x` for messages. */
export function reasonLocation(reason: RiskReason, role: Role): string {
  if (!reason.held) return '';
  const origin = reason.held.origin;
  const where = origin === role ? '' : ` of ${origin.kind} ${origin.name}`;
  return ` (rule ${reason.held.index + 1}${where})`;
}
