import type { AuthzRequest, PolicyRule } from '../types.js';
import type { Permission } from './types.js';

/**
 * Expands a rule into atoms. Only combinations the authorizer can match are produced
 * (RuleAllows needs a verb, a group and a resource; a non-resource request a verb and a URL),
 * so a rule with an empty list grants — and yields — nothing. A (malformed) rule with both
 * resources and nonResourceURLs yields both kinds, as RuleAllows would match both.
 */
export function expandRule(rule: PolicyRule): Permission[] {
  const out: Permission[] = [];
  for (const verb of rule.verbs) {
    for (const apiGroup of rule.apiGroups) {
      for (const resource of rule.resources) {
        if (rule.resourceNames.length === 0) out.push({ apiGroup, resource, verb });
        else for (const resourceName of rule.resourceNames) out.push({ apiGroup, resource, verb, resourceName });
      }
    }
    for (const nonResourceURL of rule.nonResourceURLs) out.push({ apiGroup: '', resource: '', verb, nonResourceURL });
  }
  return out;
}

/**
 * The atom read as a request, so the exact matcher can tell whether other rules cover it. A
 * wildcard in the atom stays a literal `*`, which only a `*` in a rule matches: `resources: ["*"]`
 * covers the atom `*`, `resources: ["pods"]` does not.
 */
export function atomAsRequest(p: Permission): AuthzRequest {
  if (p.nonResourceURL !== undefined) return { verb: p.verb, path: p.nonResourceURL };
  const slash = p.resource.indexOf('/');
  const name = p.resourceName !== undefined ? { name: p.resourceName } : {};
  return slash < 0
    ? { verb: p.verb, apiGroup: p.apiGroup, resource: p.resource, ...name }
    : { verb: p.verb, apiGroup: p.apiGroup, resource: p.resource.slice(0, slash), subresource: p.resource.slice(slash + 1), ...name };
}

/** Identity of an atom; `\u0000` cannot occur in names that survived YAML → JSON. */
export function permissionKey(p: Permission): string {
  return [p.namespace ?? '', p.nonResourceURL ?? '', p.apiGroup, p.resource, p.resourceName ?? '', p.verb].join('\u0000');
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Cluster-wide first, then by namespace; resource atoms before URLs; then group, resource,
 * name and verb — so the verbs of one resource sit together.
 */
export function comparePermissions(a: Permission, b: Permission): number {
  return (
    cmp(a.namespace === undefined ? '' : `\u0001${a.namespace}`, b.namespace === undefined ? '' : `\u0001${b.namespace}`) ||
    cmp(a.nonResourceURL === undefined ? '' : `\u0001${a.nonResourceURL}`, b.nonResourceURL === undefined ? '' : `\u0001${b.nonResourceURL}`) ||
    cmp(a.apiGroup, b.apiGroup) ||
    cmp(a.resource, b.resource) ||
    cmp(a.resourceName ?? '', b.resourceName ?? '') ||
    cmp(a.verb, b.verb)
  );
}

/** A de-duplicated set of atoms keyed by identity. */
export class PermissionSet {
  private readonly byKey = new Map<string, Permission>();
  constructor(items: Iterable<Permission> = []) {
    for (const p of items) this.add(p);
  }
  add(p: Permission): void {
    const key = permissionKey(p);
    if (!this.byKey.has(key)) this.byKey.set(key, p);
  }
  has(p: Permission): boolean {
    return this.byKey.has(permissionKey(p));
  }
  get size(): number {
    return this.byKey.size;
  }
  values(): Permission[] {
    return [...this.byKey.values()];
  }
}

/** Atoms of `after` not in `before`, and of `before` not in `after`, each sorted. */
export function diffPermissionSets(before: PermissionSet, after: PermissionSet): { added: Permission[]; removed: Permission[] } {
  return {
    added: after.values().filter((p) => !before.has(p)).sort(comparePermissions),
    removed: before.values().filter((p) => !after.has(p)).sort(comparePermissions),
  };
}

/** `get nodes/proxy`, `list deployments.apps`, `get configmaps [cfg]`, `get URL /metrics`, `… (in monitoring)`. */
export function permissionLabel(p: Permission): string {
  const scope = p.namespace !== undefined ? ` (in ${p.namespace})` : '';
  if (p.nonResourceURL !== undefined) return `${p.verb} URL ${p.nonResourceURL}${scope}`;
  return `${p.verb} ${resourceLabel(p)}${p.resourceName !== undefined ? ` [${p.resourceName}]` : ''}${scope}`;
}

/** kubectl's `resource.group/subresource` (describe.go CombineResourceGroup); the core group adds nothing. */
export function resourceLabel(p: Pick<Permission, 'apiGroup' | 'resource'>): string {
  const slash = p.resource.indexOf('/');
  const base = slash < 0 ? p.resource : p.resource.slice(0, slash);
  const sub = slash < 0 ? '' : p.resource.slice(slash);
  return `${base}${p.apiGroup === '' ? '' : `.${p.apiGroup}`}${sub}`;
}
