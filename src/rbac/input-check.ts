// The library takes RBAC data as it is written in manifests: a PolicyRule without `resourceNames`
// is a Go nil slice, which matches like an empty one. Anything of the wrong type is a caller's
// mistake and gets a TypeError that names the field, never a crash deep inside the matcher.
import type { AuthzRequest, PolicyRule, UserInfo } from '../types.js';

const EMPTY: readonly string[] = Object.freeze([]);

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `${typeof value} ${JSON.stringify(value)}`;
}

/** A list field of a rule: missing or null → empty; otherwise a list of strings. */
export function stringList(owner: unknown, field: string, where: string): readonly string[] {
  const value = (owner as Record<string, unknown>)[field];
  if (value === undefined || value === null) return EMPTY;
  if (!Array.isArray(value)) throw new TypeError(`${where}.${field} must be a list of strings, got ${describe(value)}`);
  for (let i = 0; i < value.length; i++) {
    if (typeof value[i] !== 'string') throw new TypeError(`${where}.${field}[${i}] must be a string, got ${describe(value[i])}`);
  }
  return value as string[];
}

export function checkObject(value: unknown, where: string): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError(`${where} must be an object, got ${describe(value)}`);
}

/** A PolicyRule as written (any list may be missing), with all five lists. */
export function policyRuleOf(rule: unknown, where = 'rule'): PolicyRule {
  checkObject(rule, where);
  return {
    verbs: stringList(rule, 'verbs', where) as string[],
    apiGroups: stringList(rule, 'apiGroups', where) as string[],
    resources: stringList(rule, 'resources', where) as string[],
    resourceNames: stringList(rule, 'resourceNames', where) as string[],
    nonResourceURLs: stringList(rule, 'nonResourceURLs', where) as string[],
  };
}

const REQUEST_FIELDS = ['verb', 'apiGroup', 'resource', 'subresource', 'name', 'namespace', 'path'] as const;

/** An authorization request: every field optional (Go's zero value ""), each a string when given. */
export function checkRequest(request: unknown, where = 'request'): asserts request is AuthzRequest {
  checkObject(request, where);
  for (const field of REQUEST_FIELDS) {
    const value = request[field];
    if (value !== undefined && typeof value !== 'string') throw new TypeError(`${where}.${field} must be a string, got ${describe(value)}`);
  }
}

export function checkUser(user: unknown, where = 'user'): asserts user is UserInfo {
  checkObject(user, where);
  if (typeof user['name'] !== 'string') throw new TypeError(`${where}.name must be a string, got ${describe(user['name'])}`);
  const groups = user['groups'];
  if (!Array.isArray(groups)) throw new TypeError(`${where}.groups must be a list of strings, got ${describe(groups)}`);
  stringList(user, 'groups', where);
}

/** An RbacModel is built by buildModel(); a plain object of the same name is not one. */
export function checkModel(model: unknown): void {
  if (typeof model !== 'object' || model === null || typeof (model as { heldRules?: unknown }).heldRules !== 'function') {
    throw new TypeError(`model must be an RbacModel from buildModel(), got ${describe(model)}`);
  }
}
