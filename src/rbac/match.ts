// The RBAC rule matcher, with exactly the semantics of the Kubernetes authorizer:
// kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows, RulesAllow)
// and pkg/apis/rbac/v1/evaluation_helpers.go (VerbMatches … NonResourceURLMatches).
// Every comparison is exact, case-sensitive string equality; nothing is trimmed or
// lower-cased, because the authorizer does neither (docs/kubernetes.md#rbac-rule-matching).

import type { AuthzRequest, PolicyRule } from '../types.js';
import { isRecord } from '../data.js';
import { checkObject, checkRequest, policyRuleOf, stringList } from './input-check.js';

/** `rbacv1.VerbAll`, `APIGroupAll`, `ResourceAll` and `NonResourceAll` are all this string. */
const ALL = '*';

/** True when a rule verb is `*` or equals the requested verb (even the empty verb). */
export function verbMatches(rule: Pick<PolicyRule, 'verbs'>, verb: string): boolean {
  return stringList(rule, 'verbs', 'rule').some((ruleVerb) => ruleVerb === ALL || ruleVerb === verb);
}

/** True when a rule group is `*` or equals the requested group (`""` is the core group). */
export function apiGroupMatches(rule: Pick<PolicyRule, 'apiGroups'>, group: string): boolean {
  return stringList(rule, 'apiGroups', 'rule').some((ruleGroup) => ruleGroup === ALL || ruleGroup === group);
}

// `ResourceMatches`: `*` matches every resource and subresource; otherwise the rule entry
// must equal the combined `resource/subresource` string, or be `*/<subresource>` when the
// request has a subresource. `nodes/*` and `*/*` are not wildcards over subresources.
export function resourceMatches(
  rule: Pick<PolicyRule, 'resources'>,
  combinedResource: string,
  subresource: string,
): boolean {
  return stringList(rule, 'resources', 'rule').some((ruleResource) => {
    if (ruleResource === ALL || ruleResource === combinedResource) return true;
    if (subresource.length === 0) return false;
    // Go checks len == len(sub)+2 && HasPrefix "*/" && HasSuffix sub, which is exactly this.
    return ruleResource === `*/${subresource}`;
  });
}

/** An empty `resourceNames` list matches any name (including ""); otherwise the name must be listed. */
export function resourceNameMatches(rule: Pick<PolicyRule, 'resourceNames'>, name: string): boolean {
  const names = stringList(rule, 'resourceNames', 'rule');
  return names.length === 0 || names.includes(name);
}

/**
 * `NonResourceURLMatches`: `*` matches all; otherwise exact equality, or — when the rule URL
 * ends in `*` — a plain string-prefix test after stripping every trailing `*`.
 */
export function nonResourceURLMatches(rule: Pick<PolicyRule, 'nonResourceURLs'>, url: string): boolean {
  return stringList(rule, 'nonResourceURLs', 'rule').some((ruleURL) => {
    if (ruleURL === ALL || ruleURL === url) return true;
    return ruleURL.endsWith('*') && url.startsWith(trimTrailingStars(ruleURL));
  });
}

/** `strings.TrimRight(s, "*")`. */
function trimTrailingStars(value: string): string {
  let end = value.length;
  while (end > 0 && value[end - 1] === '*') end--;
  return value.slice(0, end);
}

/** A request that carries `path` is a non-resource request (`IsResourceRequest() == false`). */
function isNonResourceRequest(request: AuthzRequest): request is AuthzRequest & { path: string } {
  return request.path !== undefined;
}

/**
 * `RuleAllows`. A resource request is matched on verb, API group (missing = core `""`),
 * `resource/subresource` and name (missing = `""`) and never looks at `nonResourceURLs`;
 * a non-resource request is matched on verb and path only. The namespace is not part of
 * rule matching (it decides which bindings apply, elsewhere).
 */
export function ruleAllows(rule: PolicyRule, request: AuthzRequest): boolean {
  checkObject(rule, 'rule');
  checkRequest(request);
  if (isNonResourceRequest(request)) {
    return verbMatches(rule, request.verb ?? '') && nonResourceURLMatches(rule, request.path);
  }
  const resource = request.resource ?? '';
  const subresource = request.subresource ?? '';
  const combinedResource = subresource.length > 0 ? `${resource}/${subresource}` : resource;
  return (
    verbMatches(rule, request.verb ?? '') &&
    apiGroupMatches(rule, request.apiGroup ?? '') &&
    resourceMatches(rule, combinedResource, subresource) &&
    resourceNameMatches(rule, request.name ?? '')
  );
}

/** `RulesAllow`: true when any rule allows the request. */
export function rulesAllow(rules: readonly PolicyRule[], request: AuthzRequest): boolean {
  if (!Array.isArray(rules)) throw new TypeError('rules must be a list of PolicyRules');
  return rules.some((rule) => ruleAllows(rule, request));
}

/** Splits a rule resource at the first `/` (as kubectl's `CombineResourceGroup` does with SplitN 2). */
export function parseResource(resource: string): { resource: string; subresource: string } {
  const slash = resource.indexOf('/');
  if (slash < 0) return { resource, subresource: '' };
  return { resource: resource.slice(0, slash), subresource: resource.slice(slash + 1) };
}

// ---------------------------------------------------------------- normalising YAML input

/**
 * Turns one entry of a role's `rules:` (plain data from YAML) into a PolicyRule.
 *
 * - Returns null when the entry is not a mapping (null, scalar, list).
 * - A missing or null list becomes `[]` (Go decodes both to an empty slice).
 * - Lossy on malformed input, on purpose: a list field that is not a list becomes `[]`, and
 *   non-string items are dropped. The API server would reject such an object outright; the
 *   caller detects and reports that separately, this function only keeps what can match.
 * - Keys are the JSON names of rbac/v1 PolicyRule (k8s.io/api rbac/v1 types.go), matched
 *   exactly as the API server's case-sensitive decoder does (`Verbs` is not `verbs`);
 *   unknown keys are ignored.
 */
export function normalizeRule(raw: unknown): PolicyRule | null {
  if (!isRecord(raw)) return null;
  return {
    verbs: stringItems(raw['verbs']),
    apiGroups: stringItems(raw['apiGroups']),
    resources: stringItems(raw['resources']),
    resourceNames: stringItems(raw['resourceNames']),
    nonResourceURLs: stringItems(raw['nonResourceURLs']),
  };
}

function stringItems(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.filter((item): item is string => typeof item === 'string');
}

// ---------------------------------------------------------------- validation

export interface ValidatePolicyRuleOptions {
  /** True for a Role's rules, false for a ClusterRole's. */
  namespaced: boolean;
  /** Field path of the rule, e.g. `rules[0]`; prefixed to each field like Go's field.Path. */
  fieldPath?: string;
}

/**
 * `ValidatePolicyRule` (pkg/apis/rbac/validation/validation.go). Messages are rendered like
 * apimachinery's `field.Error.Error()`: `<field>: Required value: <detail>` and
 * `<field>: Invalid value: []string{"/x"}: <detail>`. An empty array means the API server
 * would accept the rule.
 */
export function validatePolicyRule(given: PolicyRule, options: ValidatePolicyRuleOptions): string[] {
  const rule = policyRuleOf(given, options.fieldPath || 'rule');
  const field = (name: string): string => (options.fieldPath ? `${options.fieldPath}.${name}` : name);
  const required = (name: string, detail: string): string => `${field(name)}: Required value: ${detail}`;
  const invalidURLs = (detail: string): string =>
    `${field('nonResourceURLs')}: Invalid value: ${goStringSlice(rule.nonResourceURLs)}: ${detail}`;

  const errors: string[] = [];
  if (rule.verbs.length === 0) errors.push(required('verbs', 'verbs must contain at least one value'));

  if (rule.nonResourceURLs.length > 0) {
    if (options.namespaced) errors.push(invalidURLs('namespaced rules cannot apply to non-resource URLs'));
    if (rule.apiGroups.length > 0 || rule.resources.length > 0 || rule.resourceNames.length > 0) {
      errors.push(invalidURLs('rules cannot apply to both regular resources and non-resource URLs'));
    }
    return errors;
  }

  if (rule.apiGroups.length === 0) {
    errors.push(required('apiGroups', 'resource rules must supply at least one api group'));
  }
  if (rule.resources.length === 0) {
    errors.push(required('resources', 'resource rules must supply at least one resource'));
  }
  return errors;
}

/** Go's `%#v` of a `[]string`, as field.Error prints the bad value. */
function goStringSlice(values: readonly string[]): string {
  return `[]string{${values.map(goQuote).join(', ')}}`;
}

const GO_ESCAPES: Record<string, string> = {
  '\u0007': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '"': '\\"',
  '\\': '\\\\',
};

/** `strconv.Quote` for the characters that occur in practice (ASCII escapes and C0/C1 controls). */
function goQuote(value: string): string {
  let out = '"';
  for (const char of value) {
    const code = char.codePointAt(0) ?? 0;
    const escape = GO_ESCAPES[char];
    if (escape !== undefined) out += escape;
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code >= 0x80 && code < 0xa0) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += char;
  }
  return `${out}"`;
}
