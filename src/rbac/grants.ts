import type { AuthzRequest, PolicyRule, Role } from '../types.js';
import { checkModel, checkRequest } from './input-check.js';
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

/** A chart rule with its place in document order (roles in order, then rule index). */
interface IndexedRule {
  order: number;
  role: Role;
  rule: PolicyRule;
  ruleIndex: number;
}

/**
 * The chart's rules by what they could match, built once per model: a resource rule under each
 * `apiGroup\0resource` entry pair it lists, a non-resource rule in `nonResource`. ruleAllows needs
 * a group entry equal to the request's or `*` and a resource entry equal to `resource/subresource`,
 * `*` or `*\/subresource`, so these lookups find every rule that can match; the exact matcher still decides.
 */
interface RuleIndex {
  byGroupResource: Map<string, IndexedRule[]>;
  nonResource: IndexedRule[];
}

const ruleIndexes = new WeakMap<RbacModel, RuleIndex>();

function ruleIndexOf(model: RbacModel): RuleIndex {
  const cached = ruleIndexes.get(model);
  if (cached) return cached;
  const index: RuleIndex = { byGroupResource: new Map(), nonResource: [] };
  let order = 0;
  // Chart roles, then built-in roles as each chart binding hands them out (RbacModel.boundBuiltins).
  for (const role of [...model.roles, ...model.boundBuiltins]) {
    role.rules.forEach((rule, ruleIndex) => {
      const entry = { order: order++, role, rule, ruleIndex };
      if (rule.nonResourceURLs.length > 0) index.nonResource.push(entry);
      const keys = new Set<string>();
      for (const g of rule.apiGroups) for (const r of rule.resources) keys.add(`${g}\u0000${r}`);
      for (const key of keys) {
        const list = index.byGroupResource.get(key);
        if (list) list.push(entry);
        else index.byGroupResource.set(key, [entry]);
      }
    });
  }
  ruleIndexes.set(model, index);
  return index;
}

/** The rules that could allow the request, in document order. */
function candidateRules(model: RbacModel, request: Omit<AuthzRequest, 'verb'>): IndexedRule[] {
  const index = ruleIndexOf(model);
  if (request.path !== undefined) return index.nonResource;
  const subresource = request.subresource ?? '';
  const combined = subresource.length > 0 ? `${request.resource ?? ''}/${subresource}` : (request.resource ?? '');
  const resources = subresource.length > 0 ? ['*', combined, `*/${subresource}`] : ['*', combined];
  const found = new Set<IndexedRule>();
  for (const g of new Set([request.apiGroup ?? '', '*'])) {
    for (const r of new Set(resources)) for (const entry of index.byGroupResource.get(`${g}\u0000${r}`) ?? []) found.add(entry);
  }
  return [...found].sort((a, b) => a.order - b.order);
}

/**
 * Every rule written in the chart (Roles and ClusterRoles) or handed out by a chart binding to a
 * built-in role (a role with `via`), that allows the request for at least one of `verbs`, with
 * the reach of that rule. Built-in roles nobody in the chart binds are never answered. The one
 * question all RBAC risk rules ask, answered with the exact matcher.
 */
export function grantsFor(model: RbacModel, request: Omit<AuthzRequest, 'verb'>, verbs: readonly string[]): Grant[] {
  checkModel(model);
  checkRequest(request);
  if (!Array.isArray(verbs) || verbs.some((v) => typeof v !== 'string')) throw new TypeError('verbs must be a list of strings');
  const out: Grant[] = [];
  const clusterScoped =
    request.path !== undefined || (!request.namespace && isClusterScoped(request.apiGroup ?? '', request.resource ?? ''));
  for (const { role, rule, ruleIndex } of candidateRules(model, request)) {
    const ok = allowedVerbs(rule, request, verbs);
    if (ok.length === 0) continue;
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
  }
  return out;
}
