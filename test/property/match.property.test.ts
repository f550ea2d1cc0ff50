import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ruleAllows, rulesAllow } from '../../src/rbac/match.js';
import type { AuthzRequest, PolicyRule } from '../../src/types.js';

// ruleAllows against a reference written here from the semantics listed in docs/kubernetes.md#rbac-rule-matching
// (kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows and
// pkg/apis/rbac/v1/evaluation_helpers.go). The reference is formulated differently on purpose:
// a rule resource is parsed into (resource, subresource) and compared part by part, a rule URL
// is reduced to "exact or prefix", instead of the string comparisons the implementation mirrors.

const WILD = '*';

/** What a rule resource entry covers, from the docs/kubernetes.md#rbac-rule-matching bullets. */
function coversResource(entry: string, resource: string, subresource: string): boolean {
  if (entry === WILD) return true; // "`*` matches every resource and every subresource"
  const slash = entry.indexOf('/');
  if (slash < 0) return subresource === '' && entry === resource; // "`nodes` matches only the parent"
  // An entry with a `/` names a subresource: it never covers a request without one.
  if (subresource === '') return false;
  const [res, sub] = [entry.slice(0, slash), entry.slice(slash + 1)];
  // "`*/proxy` matches <anything>/proxy"; "`nodes/*` is NOT a wildcard", "`*/*` is not special".
  if (res === WILD && sub === subresource) return true;
  return res === resource && sub === subresource;
}

/** "A trailing `*` is a plain string-prefix test after stripping all trailing `*`s", else exact ("`*` matches all" follows). */
function coversURL(entry: string, path: string): boolean {
  const stem = entry.replace(/\*+$/, '');
  return stem === entry ? path === entry : path.startsWith(stem);
}

const listed = (values: readonly string[], wanted: string): boolean => values.some((v) => v === WILD || v === wanted);

function reference(rule: PolicyRule, request: AuthzRequest): boolean {
  const verb = listed(rule.verbs, request.verb);
  if (request.path !== undefined) return verb && rule.nonResourceURLs.some((u) => coversURL(u, request.path as string));
  const names = rule.resourceNames.length === 0 || rule.resourceNames.includes(request.name ?? '');
  return (
    verb &&
    listed(rule.apiGroups, request.apiGroup ?? '') &&
    rule.resources.some((r) => coversResource(r, request.resource ?? '', request.subresource ?? '')) &&
    names
  );
}

// Vocabulary: wildcards in every position, the non-wildcards that look like wildcards, the empty
// string, case variants, and URL prefixes.
const verbs = fc.constantFrom('get', 'GET', 'Get', 'list', 'create', 'escalate', 'impersonate:user-info', '', WILD, '**');
const groups = fc.constantFrom('', 'apps', 'APPS', 'rbac.authorization.k8s.io', 'metrics.k8s.io', WILD);
const ruleResources = fc.constantFrom(
  WILD, '*/proxy', 'nodes/*', '*/*', '*/', 'nodes', 'Nodes', 'nodes/proxy', 'nodes/Proxy', 'pods/proxy', 'pods/exec', 'pods', 'nodes/', '/proxy', '', 'nodes/proxy/x', '**',
);
const resources = fc.constantFrom('nodes', 'Nodes', 'pods', 'services', 'secrets', WILD, '');
const subresources = fc.constantFrom('', 'proxy', 'Proxy', 'exec', 'metrics', WILD);
const names = fc.constantFrom('', 'node-1', 'Node-1', 'node-2', WILD);
const ruleURLs = fc.constantFrom(WILD, '**', '/metrics', '/metrics/', '/metrics*', '/metrics/*', '/metrics**', '/api/*', '/', '', '/healthz', '/METRICS*', '*x');
const paths = fc.constantFrom('/metrics', '/metrics/', '/metrics/cadvisor', '/metricsfoo', '/METRICS', '/api', '/api/v1', '/healthz', '/', '', '*');

const list = <T>(arb: fc.Arbitrary<T>) => fc.array(arb, { maxLength: 3 });
const policyRule: fc.Arbitrary<PolicyRule> = fc.record({
  verbs: list(verbs),
  apiGroups: list(groups),
  resources: list(ruleResources),
  resourceNames: fc.oneof(fc.constant([] as string[]), list(names)),
  nonResourceURLs: list(ruleURLs),
});
const resourceRequest: fc.Arbitrary<AuthzRequest> = fc.record(
  { verb: verbs, apiGroup: groups, resource: resources, subresource: subresources, name: names, namespace: fc.constantFrom('', 'default') },
  { requiredKeys: ['verb'] },
);
const nonResourceRequest: fc.Arbitrary<AuthzRequest> = fc.record({ verb: verbs, path: paths });
const request = fc.oneof(resourceRequest, nonResourceRequest);

describe('ruleAllows agrees with an independent reference of the Kubernetes matcher', () => {
  // The reference itself encodes the documented cases (docs/kubernetes.md#rbac-rule-matching, rbac_test.go
  // "test subresource resolution"); both must give the documented answer.
  const r = (p: Partial<PolicyRule>): PolicyRule => ({ verbs: ['get'], apiGroups: [''], resources: [], resourceNames: [], nonResourceURLs: [], ...p });
  it.each([
    { why: '`*` matches subresources', rule: r({ resources: ['*'] }), req: { verb: 'get', resource: 'nodes', subresource: 'proxy' }, allowed: true },
    { why: '`nodes` does not cover nodes/proxy', rule: r({ resources: ['nodes'] }), req: { verb: 'get', resource: 'nodes', subresource: 'proxy' }, allowed: false },
    { why: '`*/proxy` covers pods/proxy', rule: r({ resources: ['*/proxy'] }), req: { verb: 'get', resource: 'pods', subresource: 'proxy' }, allowed: true },
    { why: '`*/proxy` needs a subresource', rule: r({ resources: ['*/proxy'] }), req: { verb: 'get', resource: 'proxy' }, allowed: false },
    { why: '`nodes/*` is not a wildcard', rule: r({ resources: ['nodes/*'] }), req: { verb: 'get', resource: 'nodes', subresource: 'proxy' }, allowed: false },
    { why: '`*/*` is not special', rule: r({ resources: ['*/*'] }), req: { verb: 'get', resource: 'nodes', subresource: 'proxy' }, allowed: false },
    { why: 'case-sensitive verbs', rule: r({ resources: ['nodes'], verbs: ['GET'] }), req: { verb: 'get', resource: 'nodes' }, allowed: false },
    { why: 'resourceNames never match the empty name', rule: r({ resources: ['nodes'], resourceNames: ['n'] }), req: { verb: 'list', resource: 'nodes' }, allowed: false },
    { why: '`/metrics*` matches /metricsfoo', rule: r({ apiGroups: [], nonResourceURLs: ['/metrics*'] }), req: { verb: 'get', path: '/metricsfoo' }, allowed: true },
    { why: '`/metrics/*` does not match /metrics', rule: r({ apiGroups: [], nonResourceURLs: ['/metrics/*'] }), req: { verb: 'get', path: '/metrics' }, allowed: false },
    { why: 'a resource request ignores nonResourceURLs', rule: r({ apiGroups: [], nonResourceURLs: ['*'] }), req: { verb: 'get', resource: 'nodes' }, allowed: false },
    { why: 'the empty verb only matches `*`', rule: r({ resources: ['nodes'], verbs: ['*'] }), req: { verb: '', resource: 'nodes' }, allowed: true },
  ])('documented: $why', ({ rule, req, allowed }) => {
    expect(reference(rule, req)).toBe(allowed);
    expect(ruleAllows(rule, req)).toBe(allowed);
  });

  it('on random rules and requests from the wildcard vocabulary', () => {
    fc.assert(
      fc.property(policyRule, request, (rule, req) => {
        expect(ruleAllows(rule, req)).toBe(reference(rule, req));
      }),
      { numRuns: 5000 },
    );
  });

  it('rulesAllow is "any rule allows" (RulesAllow)', () => {
    fc.assert(
      fc.property(fc.array(policyRule, { maxLength: 4 }), request, (rules, req) => {
        expect(rulesAllow(rules, req)).toBe(rules.some((rule) => reference(rule, req)));
      }),
      { numRuns: 1000 },
    );
  });
});
