// The authorizer's decision for cluster-scoped requests (nodes/*, clusterroles, cluster-wide
// lists), asked many times over one model: one rule per grant asks it for each subject, and a
// render may hold 20,000 bindings, so scanning every binding per question is quadratic.
// For a request with no namespace the authorizer visits only ClusterRoleBindings
// (DefaultRuleResolver.VisitRulesFor, pkg/registry/rbac/validation/rule.go); this indexes them by
// the user names and groups their subjects name, so a question visits only the bindings that
// can apply, and each is still confirmed with appliesToUser exactly as canI would.
import type { AuthzRequest, Binding, Subject, UserInfo } from '../types.js';
import { ruleAllows } from '../rbac/match.js';
import type { RbacModel } from '../rbac/model.js';
import { bindingAppliesTo, userInfoForSubject } from '../rbac/subjects.js';

interface Index {
  byUser: Map<string, Binding[]>;
  byGroup: Map<string, Binding[]>;
}

const indexes = new WeakMap<RbacModel, { size: number; index: Index }>();

function add(map: Map<string, Binding[]>, key: string, b: Binding): void {
  const list = map.get(key);
  if (!list) map.set(key, [b]);
  else if (list[list.length - 1] !== b) list.push(b);
}

function indexOf(model: RbacModel): Index {
  const cached = indexes.get(model);
  if (cached && cached.size === model.allBindings.length) return cached.index;
  const index: Index = { byUser: new Map(), byGroup: new Map() };
  for (const b of model.allBindings) {
    if (b.kind !== 'ClusterRoleBinding') continue;
    for (const s of b.subjects) {
      if (s.kind === 'Group') add(index.byGroup, s.name, b);
      else add(index.byUser, userInfoForSubject(s).name, b);
    }
  }
  indexes.set(model, { size: model.allBindings.length, index });
  return index;
}

/** canI for a request without a namespace (cluster-scoped resources, cluster-wide), through the index. */
export function clusterCanI(model: RbacModel, subject: UserInfo | Subject, request: Omit<AuthzRequest, 'namespace' | 'path'>): boolean {
  const user = 'groups' in subject && Array.isArray(subject.groups) ? (subject as UserInfo) : userInfoForSubject(subject as Subject);
  const index = indexOf(model);
  const candidates = new Set<Binding>([...(index.byUser.get(user.name) ?? []), ...user.groups.flatMap((g) => index.byGroup.get(g) ?? [])]);
  for (const binding of candidates) {
    if (!bindingAppliesTo(binding, user)) continue;
    const role = model.roleFor(binding);
    if (role && model.heldRules(role).some((h) => ruleAllows(h.rule, request))) return true;
  }
  return false;
}
