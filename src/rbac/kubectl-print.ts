// `kubectl auth can-i --list`, byte for byte.
//
// Sources (kubernetes/kubernetes, staging mirrors kubernetes/kubectl, kubernetes/api, kubernetes/cli-runtime):
// - kubectl pkg/cmd/auth/cani.go: printStatus, convertToPolicyRule, printAccessHeaders, printAccess
// - kubectl pkg/util/rbac/rbac.go: BreakdownRule, CompactRules, isSimpleResourceRule, SortableRuleSlice
// - kubectl pkg/describe/describe.go: CombineResourceGroup
// - api rbac/v1 generated.pb.go: (*PolicyRule).String
// - cli-runtime pkg/printers/tabwriter.go: GetNewTabWriter (6, 4, 3, ' ', tabwriter.RememberWidths)
// - kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go: (*RBACAuthorizer).RulesFor
import type { PolicyRule } from '../types.js';
import { goTabwriter, type TabwriterOptions } from './go-tabwriter.js';

export { goTabwriter, type TabwriterOptions };

/** cli-runtime printers.GetNewTabWriter: tabwriterMinWidth 6, tabwriterWidth 4, tabwriterPadding 3, padchar ' '. */
export const KUBECTL_TABWRITER: Readonly<TabwriterOptions> = { minwidth: 6, tabwidth: 4, padding: 3, padchar: ' ' };

const CAN_I_HEADERS = ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'];

function policyRule(partial: Partial<PolicyRule>): PolicyRule {
  return {
    verbs: partial.verbs ?? [],
    apiGroups: partial.apiGroups ?? [],
    resources: partial.resources ?? [],
    resourceNames: partial.resourceNames ?? [],
    nonResourceURLs: partial.nonResourceURLs ?? [],
  };
}

/** Go `fmt.Sprintf("%v", []string)`: `[a b]`, and `[]` for nil or empty. Elements are not quoted. */
export function goList(items: readonly string[]): string {
  return `[${items.join(' ')}]`;
}

/** Go's generated `(*PolicyRule).String()`; kubectl sorts rows by this text. */
export function policyRuleString(rule: PolicyRule): string {
  return (
    '&PolicyRule{' +
    `Verbs:${goList(rule.verbs)},` +
    `APIGroups:${goList(rule.apiGroups)},` +
    `Resources:${goList(rule.resources)},` +
    `ResourceNames:${goList(rule.resourceNames)},` +
    `NonResourceURLs:${goList(rule.nonResourceURLs)},` +
    '}'
  );
}

/**
 * Go `strings.Compare`: UTF-8 byte order, which equals code-point order. JS `<` compares UTF-16
 * code units and disagrees above U+FFFF, so compare code points.
 */
export function compareGoStrings(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done && y.done ? 0 : x.done ? -1 : 1;
    const cx = x.value.codePointAt(0) ?? 0;
    const cy = y.value.codePointAt(0) ?? 0;
    if (cx !== cy) return cx < cy ? -1 : 1;
  }
}

/**
 * rbac.go BreakdownRule: one rule per group × resource × verb (× resource name), then one per
 * URL × verb. A resource rule without apiGroups yields nothing, as in Go.
 */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      for (const verb of rule.verbs) {
        const base = { apiGroups: [group], resources: [resource], verbs: [verb] };
        if (rule.resourceNames.length > 0) {
          for (const name of rule.resourceNames) out.push(policyRule({ ...base, resourceNames: [name] }));
        } else {
          out.push(policyRule(base));
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs) {
    for (const verb of rule.verbs) out.push(policyRule({ nonResourceURLs: [url], verbs: [verb] }));
  }
  return out;
}

/**
 * rbac.go isSimpleResourceRule: exactly one group and one resource, at most one name, no URLs.
 * Returns the merge key, or null. (Go's reflect.DeepEqual step can only fail for an empty but
 * non-nil NonResourceURLs slice, which BreakdownRule never produces.)
 */
function simpleResourceKey(rule: PolicyRule): string | null {
  if (rule.resourceNames.length > 1 || rule.nonResourceURLs.length > 0) return null;
  if (rule.apiGroups.length !== 1 || rule.resources.length !== 1) return null;
  return JSON.stringify([rule.apiGroups[0], rule.resources[0], rule.resourceNames.length > 0, rule.resourceNames[0] ?? '']);
}

/**
 * rbac.go CompactRules: simple rules sharing (group, resource, resource name) merge into one row
 * by appending the verbs it does not have yet (kubectl >= 1.20, kubernetes/kubectl 8b7900f5
 * "When combining PolicyRules, don't duplicate verbs"; before that `[get get]` was printed).
 * Other rules (non-resource ones) pass through unchanged, duplicates included, and come first.
 * Go appends the merged rules in map order; the caller's stable sort makes that invisible,
 * because merged rules with equal String() print identical rows.
 */
export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const key = simpleResourceKey(rule);
    if (key === null) {
      compacted.push(rule);
      continue;
    }
    const existing = simple.get(key);
    if (!existing) {
      simple.set(key, policyRule({ ...rule, verbs: [...rule.verbs] }));
      continue;
    }
    // Go builds the set once per merge, from the verbs held before this rule.
    const held = new Set(existing.verbs);
    existing.verbs.push(...rule.verbs.filter((verb) => !held.has(verb)));
  }
  return [...compacted, ...simple.values()];
}

/** cani.go `sort.Stable(rbacutil.SortableRuleSlice(...))`: by PolicyRule.String(), byte order. */
export function sortRulesLikeKubectl(rules: readonly PolicyRule[]): PolicyRule[] {
  const keyed = rules.map((rule) => ({ rule, key: policyRuleString(rule) }));
  keyed.sort((a, b) => compareGoStrings(a.key, b.key)); // Array.prototype.sort is stable, like sort.Stable
  return keyed.map((k) => k.rule);
}

/** describe.go CombineResourceGroup: `resource.group/subresource`; core group adds nothing. */
export function combineResourceGroup(resources: readonly string[], groups: readonly string[]): string {
  const first = resources[0];
  if (first === undefined) return '';
  const slash = first.indexOf('/');
  let combined = slash < 0 ? first : first.slice(0, slash);
  const group = groups[0];
  if (group !== undefined && group !== '') combined += `.${group}`;
  if (slash >= 0) combined += `/${first.slice(slash + 1)}`;
  return combined;
}

/**
 * The SelfSubjectRulesReview status for a list of rules, as rbac.go (*RBACAuthorizer).RulesFor
 * builds it: rules with resources go to resourceRules, rules with nonResourceURLs to
 * nonResourceRules. The two checks are independent, so a rule with both lands in both.
 * Nothing is de-duplicated (rule.go DefaultRuleResolver.RulesFor only appends).
 */
export function selfSubjectRulesStatus(rules: readonly PolicyRule[]): {
  resourceRules: PolicyRule[];
  nonResourceRules: PolicyRule[];
} {
  const resourceRules: PolicyRule[] = [];
  const nonResourceRules: PolicyRule[] = [];
  for (const r of rules) {
    if (r.resources.length > 0) {
      resourceRules.push(policyRule({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames }));
    }
    if (r.nonResourceURLs.length > 0) {
      nonResourceRules.push(policyRule({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs }));
    }
  }
  return { resourceRules, nonResourceRules };
}

/** cani.go convertToPolicyRule: resource rules first, then non-resource rules. */
function convertToPolicyRules(resourceRules: readonly PolicyRule[], nonResourceRules: readonly PolicyRule[]): PolicyRule[] {
  return [
    ...resourceRules.map((r) => policyRule({ verbs: r.verbs, apiGroups: r.apiGroups, resources: r.resources, resourceNames: r.resourceNames })),
    ...nonResourceRules.map((r) => policyRule({ verbs: r.verbs, nonResourceURLs: r.nonResourceURLs })),
  ];
}

/**
 * What `kubectl auth can-i --list` writes to stdout for a SelfSubjectRulesReview status
 * (cani.go printStatus). The "list may be incomplete" warning goes to stderr and is not part of it.
 */
export function formatCanIList(
  resourceRules: readonly PolicyRule[],
  nonResourceRules: readonly PolicyRule[],
  options: { noHeaders?: boolean } = {},
): string {
  const brokenDown = convertToPolicyRules(resourceRules, nonResourceRules).flatMap(breakdownRule);
  const rows = sortRulesLikeKubectl(compactRules(brokenDown)).map((r) => [
    combineResourceGroup(r.resources, r.apiGroups),
    goList(r.nonResourceURLs),
    goList(r.resourceNames),
    goList(r.verbs),
  ]);
  return goTabwriter(options.noHeaders ? rows : [CAN_I_HEADERS, ...rows], KUBECTL_TABWRITER);
}
