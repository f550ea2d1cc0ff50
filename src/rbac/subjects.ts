import type { Binding, Subject, UserInfo } from '../types.js';

// Identity rules from k8s.io/apiserver/pkg/authentication/serviceaccount/util.go
// (MakeUsername, MakeGroupNames) and user/user.go (well-known groups).

export const SA_PREFIX = 'system:serviceaccount:';
export const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';
export const AUTHENTICATED = 'system:authenticated';
export const UNAUTHENTICATED = 'system:unauthenticated';
export const ANONYMOUS_USER = 'system:anonymous';
export const MASTERS = 'system:masters';

/** Groups a subject with these names reaches (almost) everyone. */
export const BROAD_GROUPS: ReadonlySet<string> = new Set([AUTHENTICATED, UNAUTHENTICATED, ALL_SERVICE_ACCOUNTS, MASTERS]);

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${SA_PREFIX}${namespace}:${name}`;
}

/** Splits `system:serviceaccount:<ns>:<name>`; null for any other user name. */
export function parseServiceAccountUsername(user: string): { namespace: string; name: string } | null {
  if (!user.startsWith(SA_PREFIX)) return null;
  const rest = user.slice(SA_PREFIX.length);
  const i = rest.indexOf(':');
  if (i <= 0 || i === rest.length - 1) return null;
  const namespace = rest.slice(0, i);
  const name = rest.slice(i + 1);
  if (name.includes(':')) return null;
  return { namespace, name };
}

/**
 * The identity the API server builds for `kubectl --as <user> [--as-group <g>…]`
 * (staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go WithImpersonation):
 * - a ServiceAccount username gets `system:serviceaccounts` and `system:serviceaccounts:<ns>`
 *   only when no group was given (serviceaccount.MakeGroupNames);
 * - a non-anonymous user gets `system:authenticated` unless the groups already hold
 *   `system:authenticated` or `system:unauthenticated`;
 * - `system:anonymous` gets `system:unauthenticated` (unless given).
 */
export function userInfoFor(user: string, extraGroups: readonly string[] = []): UserInfo {
  if (typeof user !== 'string') throw new TypeError('user must be a string (kubectl --as)');
  if (!Array.isArray(extraGroups) || extraGroups.some((g) => typeof g !== 'string')) throw new TypeError('groups must be a list of strings (kubectl --as-group)');
  let groups: string[] = [...extraGroups];
  const sa = parseServiceAccountUsername(user);
  if (sa && extraGroups.length === 0) groups = [ALL_SERVICE_ACCOUNTS, `${ALL_SERVICE_ACCOUNTS}:${sa.namespace}`];
  if (user !== ANONYMOUS_USER) {
    if (!groups.includes(AUTHENTICATED) && !groups.includes(UNAUTHENTICATED)) groups.push(AUTHENTICATED);
  } else if (!groups.includes(UNAUTHENTICATED)) {
    groups.push(UNAUTHENTICATED);
  }
  return { name: user, groups };
}

export function userInfoForSubject(subject: Subject): UserInfo {
  if (subject.kind === 'ServiceAccount') return userInfoFor(serviceAccountUsername(subject.namespace ?? '', subject.name));
  if (subject.kind === 'Group') return { name: '', groups: [subject.name] };
  return userInfoFor(subject.name);
}

/**
 * appliesToUser from pkg/registry/rbac/validation/rule.go. `subject.namespace` was
 * defaulted from the RoleBinding's namespace when the model was built; a ServiceAccount
 * without a namespace (only possible in a ClusterRoleBinding, which validation rejects) matches nobody.
 */
export function subjectAppliesTo(subject: Subject, user: UserInfo): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name);
    case 'ServiceAccount':
      if (!subject.namespace) return false;
      return user.name === serviceAccountUsername(subject.namespace, subject.name);
    default:
      return false;
  }
}

export function bindingAppliesTo(binding: Binding, user: UserInfo): boolean {
  return binding.subjects.some((s) => subjectAppliesTo(s, user));
}

export function subjectKey(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount:${s.namespace ?? ''}/${s.name}` : `${s.kind}:${s.name}`;
}

/** `monitoring/prometheus-server` for service accounts, `Group system:authenticated` otherwise. */
export function subjectLabel(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `${s.namespace ?? '?'}/${s.name}` : `${s.kind} ${s.name}`;
}

export function compareSubjects(a: Subject, b: Subject): number {
  const ka = subjectKey(a);
  const kb = subjectKey(b);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

export function uniqueSubjects(subjects: Iterable<Subject>): Subject[] {
  const map = new Map<string, Subject>();
  for (const s of subjects) map.set(subjectKey(s), s);
  return [...map.values()].sort(compareSubjects);
}
