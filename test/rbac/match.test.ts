import { describe, expect, it } from 'vitest';
import {
  apiGroupMatches,
  nonResourceURLMatches,
  normalizeRule,
  parseResource,
  resourceMatches,
  resourceNameMatches,
  ruleAllows,
  rulesAllow,
  validatePolicyRule,
  verbMatches,
} from '../../src/rbac/match.js';
import type { AuthzRequest, PolicyRule } from '../../src/types.js';

// Sources, abbreviated in the case names:
//   rbac_test      = kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac_test.go
//   helpers        = kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go
//   rbac.go        = kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go
//   validation     = kubernetes/kubernetes pkg/apis/rbac/validation/validation.go
//   validation_test= kubernetes/kubernetes pkg/apis/rbac/validation/validation_test.go

function rule(partial: Partial<PolicyRule>): PolicyRule {
  return { verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...partial };
}

/** rbac_test.go `newRule(verbs, apiGroups, resources, nonResourceURLs)`: comma-split, no resourceNames. */
function newRule(verbs: string, apiGroups: string, resources: string, nonResourceURLs: string): PolicyRule {
  return rule({
    verbs: verbs.split(','),
    apiGroups: apiGroups.split(','),
    resources: resources.split(','),
    nonResourceURLs: nonResourceURLs.split(','),
  });
}

function res(verb: string, apiGroup: string, resource: string, subresource = '', name = ''): AuthzRequest {
  return { verb, apiGroup, resource, subresource, name };
}

function url(verb: string, path: string): AuthzRequest {
  return { verb, path };
}

interface Group {
  source: string;
  rules: PolicyRule[];
  cases: Array<[AuthzRequest, boolean]>;
}

/** rbac_test.go TestRuleMatches, every case and request as upstream. */
const testRuleMatches: Group[] = [
  {
    source: 'rbac_test TestRuleMatches "star verb, exact match other"',
    rules: [rule({ verbs: ['*'], apiGroups: ['group1'], resources: ['resource1'] })],
    cases: [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), false],
      [res('verb1', 'group1', 'resource2'), false],
      [res('verb1', 'group2', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), true],
      [res('verb2', 'group2', 'resource1'), false],
      [res('verb2', 'group1', 'resource2'), false],
      [res('verb2', 'group2', 'resource2'), false],
    ],
  },
  {
    source: 'rbac_test TestRuleMatches "star group, exact match other"',
    rules: [rule({ verbs: ['verb1'], apiGroups: ['*'], resources: ['resource1'] })],
    cases: [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), true],
      [res('verb1', 'group1', 'resource2'), false],
      [res('verb1', 'group2', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), false],
      [res('verb2', 'group2', 'resource1'), false],
      [res('verb2', 'group1', 'resource2'), false],
      [res('verb2', 'group2', 'resource2'), false],
    ],
  },
  {
    source: 'rbac_test TestRuleMatches "star resource, exact match other"',
    rules: [rule({ verbs: ['verb1'], apiGroups: ['group1'], resources: ['*'] })],
    cases: [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), false],
      [res('verb1', 'group1', 'resource2'), true],
      [res('verb1', 'group2', 'resource2'), false],
      [res('verb2', 'group1', 'resource1'), false],
      [res('verb2', 'group2', 'resource1'), false],
      [res('verb2', 'group1', 'resource2'), false],
      [res('verb2', 'group2', 'resource2'), false],
    ],
  },
  {
    source: 'rbac_test TestRuleMatches "tuple expansion"',
    rules: [rule({ verbs: ['verb1', 'verb2'], apiGroups: ['group1', 'group2'], resources: ['resource1', 'resource2'] })],
    cases: [
      [res('verb1', 'group1', 'resource1'), true],
      [res('verb1', 'group2', 'resource1'), true],
      [res('verb1', 'group1', 'resource2'), true],
      [res('verb1', 'group2', 'resource2'), true],
      [res('verb2', 'group1', 'resource1'), true],
      [res('verb2', 'group2', 'resource1'), true],
      [res('verb2', 'group1', 'resource2'), true],
      [res('verb2', 'group2', 'resource2'), true],
    ],
  },
  {
    source: 'rbac_test TestRuleMatches "subresource expansion"',
    rules: [rule({ verbs: ['*'], apiGroups: ['*'], resources: ['resource1/subresource1'] })],
    cases: [
      [res('verb1', 'group1', 'resource1', 'subresource1'), true],
      [res('verb1', 'group2', 'resource1', 'subresource2'), false],
      [res('verb1', 'group1', 'resource2', 'subresource1'), false],
      [res('verb1', 'group2', 'resource2', 'subresource1'), false],
      [res('verb2', 'group1', 'resource1', 'subresource1'), true],
      [res('verb2', 'group2', 'resource1', 'subresource2'), false],
      [res('verb2', 'group1', 'resource2', 'subresource1'), false],
      [res('verb2', 'group2', 'resource2', 'subresource1'), false],
    ],
  },
  {
    source: 'rbac_test TestRuleMatches "star nonresource, exact match other"',
    rules: [rule({ verbs: ['verb1'], nonResourceURLs: ['*'] })],
    cases: [
      [url('verb1', '/foo'), true],
      [url('verb1', '/foo/bar'), true],
      [url('verb1', '/foo/baz'), true],
      [url('verb1', '/foo/bar/one'), true],
      [url('verb1', '/foo/baz/one'), true],
      [url('verb2', '/foo'), false],
      [url('verb2', '/foo/bar'), false],
      [url('verb2', '/foo/baz'), false],
      [url('verb2', '/foo/bar/one'), false],
      [url('verb2', '/foo/baz/one'), false],
    ],
  },
  {
    source: 'rbac_test TestRuleMatches "star nonresource subpath"',
    rules: [rule({ verbs: ['verb1'], nonResourceURLs: ['/foo/*'] })],
    cases: [
      [url('verb1', '/foo'), false],
      [url('verb1', '/foo/bar'), true],
      [url('verb1', '/foo/baz'), true],
      [url('verb1', '/foo/bar/one'), true],
      [url('verb1', '/foo/baz/one'), true],
      [url('verb1', '/notfoo'), false],
      [url('verb1', '/notfoo/bar'), false],
      [url('verb1', '/notfoo/baz'), false],
      [url('verb1', '/notfoo/bar/one'), false],
      [url('verb1', '/notfoo/baz/one'), false],
    ],
  },
  {
    source: 'rbac_test TestRuleMatches "star verb, exact nonresource"',
    rules: [rule({ verbs: ['*'], nonResourceURLs: ['/foo', '/foo/bar/one'] })],
    cases: [
      [url('verb1', '/foo'), true],
      [url('verb1', '/foo/bar'), false],
      [url('verb1', '/foo/baz'), false],
      [url('verb1', '/foo/bar/one'), true],
      [url('verb1', '/foo/baz/one'), false],
      [url('verb2', '/foo'), true],
      [url('verb2', '/foo/bar'), false],
      [url('verb2', '/foo/baz'), false],
      [url('verb2', '/foo/bar/one'), true],
      [url('verb2', '/foo/baz/one'), false],
    ],
  },
];

/** rbac_test.go TestAuthorizer, the rule-matching part of each case (namespaces decide bindings, not rules). */
const testAuthorizer: Group[] = [
  {
    source: 'rbac_test TestAuthorizer admin newRule("*","*","*","*") shouldPass',
    rules: [newRule('*', '*', '*', '*')],
    cases: [
      [res('get', '', 'Pods'), true],
      [res('watch', '', 'Pods'), true],
      [res('watch', '', 'Foobar'), true],
    ],
  },
  {
    source: 'rbac_test TestAuthorizer "Non-resource-url tests" non-resource-url-getter',
    rules: [newRule('get', '', '', '/apis')],
    cases: [
      [url('get', '/apis'), true],
      [url('watch', '/apis'), false],
      [url('get', '/api/v1'), false],
    ],
  },
  {
    source: 'rbac_test TestAuthorizer "Non-resource-url tests" non-resource-url',
    rules: [newRule('*', '', '', '/apis')],
    cases: [
      [url('get', '/apis'), true],
      [url('watch', '/apis'), true],
      [url('get', '/api/v1'), false],
    ],
  },
  {
    source: 'rbac_test TestAuthorizer "Non-resource-url tests" non-resource-url-prefix',
    rules: [newRule('get', '', '', '/apis/*')],
    cases: [
      [url('get', '/apis/v1'), true],
      [url('get', '/apis/v1/foobar'), true],
      [url('get', '/api/v1'), false],
    ],
  },
  {
    source: 'rbac_test TestAuthorizer "test subresource resolution" (rule pods)',
    rules: [newRule('*', '*', 'pods', '*')],
    cases: [
      [res('get', '', 'pods'), true],
      [res('get', '', 'pods', 'status'), false],
    ],
  },
  {
    source: 'rbac_test TestAuthorizer "test subresource resolution" (rules pods/status, */scale)',
    rules: [newRule('*', '*', 'pods/status', '*'), newRule('*', '*', '*/scale', '*')],
    cases: [
      [res('get', '', 'pods', 'status'), true],
      [res('get', '', 'pods', 'scale'), true],
      [res('get', '', 'deployments', 'scale'), true],
      [res('get', '', 'anything', 'scale'), true],
      [res('get', '', 'pods'), false],
    ],
  },
];

/** Behaviour that follows from the code of the helpers (docs/kubernetes.md#rbac-rule-matching lists each one). */
const semantics: Group[] = [
  {
    source: 'helpers VerbMatches: "*" matches every verb, even "" and colon verbs (docs/kubernetes.md#rbac-rule-matching Verbs)',
    rules: [rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })],
    cases: ['', 'escalate', 'bind', 'impersonate', 'impersonate:user-info', 'impersonate-on:user-info:list', 'proxy', 'approve', 'sign', 'use', 'GET'].map(
      (verb): [AuthzRequest, boolean] => [res(verb, 'rbac.authorization.k8s.io', 'clusterroles'), true],
    ),
  },
  {
    source: 'helpers VerbMatches: exact, case-sensitive equality; only a whole "*" is a wildcard',
    rules: [rule({ verbs: ['get', 'List', 'watch*'], apiGroups: [''], resources: ['nodes'] })],
    cases: [
      [res('get', '', 'nodes'), true],
      [res('GET', '', 'nodes'), false],
      [res('', '', 'nodes'), false],
      [res('list', '', 'nodes'), false],
      [res('List', '', 'nodes'), true],
      [res('watch', '', 'nodes'), false],
      [res('watch*', '', 'nodes'), true],
    ],
  },
  {
    source: 'helpers APIGroupMatches: "*" matches every group including core ""',
    rules: [rule({ verbs: ['get'], apiGroups: ['*'], resources: ['nodes'] })],
    cases: [
      [res('get', '', 'nodes'), true],
      [res('get', 'apps', 'nodes'), true],
      [{ verb: 'get', resource: 'nodes' }, true],
    ],
  },
  {
    source: 'helpers APIGroupMatches: "apps" never matches core resources; case-sensitive (docs/kubernetes.md#rbac-rule-matching API groups)',
    rules: [rule({ verbs: ['get'], apiGroups: ['apps', 'Batch'], resources: ['nodes', 'jobs'] })],
    cases: [
      [res('get', '', 'nodes'), false],
      [{ verb: 'get', resource: 'nodes' }, false],
      [res('get', 'apps', 'nodes'), true],
      [res('get', 'batch', 'jobs'), false],
    ],
  },
  {
    source: 'rbac.go RuleAllows: a missing apiGroup is the core group ""',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes'] })],
    cases: [
      [{ verb: 'get', resource: 'nodes' }, true],
      [res('get', 'apps', 'nodes'), false],
    ],
  },
  {
    source: 'helpers ResourceMatches: "*" matches every resource and subresource',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['*'] })],
    cases: [
      [res('get', '', 'nodes'), true],
      [res('get', '', 'nodes', 'proxy'), true],
      [res('get', '', 'pods', 'exec'), true],
    ],
  },
  {
    source: 'helpers ResourceMatches: "nodes" covers only the parent (TestAuthorizer "test subresource resolution"); case-sensitive',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes'] })],
    cases: [
      [res('get', '', 'nodes'), true],
      [res('get', '', 'nodes', 'proxy'), false],
      [res('get', '', 'Nodes'), false],
    ],
  },
  {
    source: 'helpers ResourceMatches: "nodes/proxy" matches only that subresource',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] })],
    cases: [
      [res('get', '', 'nodes', 'proxy'), true],
      [res('get', '', 'nodes'), false],
      [res('get', '', 'nodes', 'metrics'), false],
      [res('get', '', 'nodes', 'Proxy'), false],
    ],
  },
  {
    source: 'helpers ResourceMatches: "*/proxy" matches <any>/proxy, only when the request has a subresource',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['*/proxy'] })],
    cases: [
      [res('get', '', 'nodes', 'proxy'), true],
      [res('get', '', 'pods', 'proxy'), true],
      [res('get', '', 'services', 'proxy'), true],
      [res('get', '', 'proxy'), false],
      [res('get', '', 'nodes'), false],
      [res('get', '', 'nodes', 'metrics'), false],
    ],
  },
  {
    source: 'helpers ResourceMatches: "nodes/*" is not a wildcard, only the literal string (docs/kubernetes.md#rbac-rule-matching)',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/*'] })],
    cases: [
      [res('get', '', 'nodes', 'proxy'), false],
      [res('get', '', 'nodes'), false],
      [res('get', '', 'nodes', '*'), true],
    ],
  },
  {
    source: 'helpers ResourceMatches: "*/*" is not special; it is "*/<sub>" with sub "*"',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['*/*'] })],
    cases: [
      [res('get', '', 'nodes', 'proxy'), false],
      [res('get', '', 'nodes'), false],
      [res('get', '', 'pods', '*'), true],
    ],
  },
  {
    source: 'helpers ResourceNameMatches: empty resourceNames matches every name, even ""',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] })],
    cases: [
      [res('get', '', 'nodes', 'proxy', 'node-1'), true],
      [res('get', '', 'nodes', 'proxy', ''), true],
      [{ verb: 'get', resource: 'nodes', subresource: 'proxy' }, true],
    ],
  },
  {
    source: 'helpers ResourceNameMatches: a non-empty list matches only listed names, never a missing name (docs/kubernetes.md#rbac-rule-matching)',
    rules: [rule({ verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['nodes/proxy'], resourceNames: ['node-1'] })],
    cases: [
      [res('get', '', 'nodes', 'proxy', 'node-1'), true],
      [res('get', '', 'nodes', 'proxy', 'node-2'), false],
      [res('get', '', 'nodes', 'proxy', 'Node-1'), false],
      [res('list', '', 'nodes', 'proxy', ''), false],
      [{ verb: 'create', resource: 'nodes', subresource: 'proxy' }, false],
    ],
  },
  {
    source: 'helpers ResourceNameMatches: a listed "" equals the empty requested name',
    rules: [rule({ verbs: ['list'], apiGroups: [''], resources: ['secrets'], resourceNames: [''] })],
    cases: [
      [res('list', '', 'secrets'), true],
      [res('list', '', 'secrets', '', 'x'), false],
    ],
  },
  {
    source: 'helpers NonResourceURLMatches: "*" matches every path',
    rules: [rule({ verbs: ['get'], nonResourceURLs: ['*'] })],
    cases: [
      [url('get', '/metrics'), true],
      [url('get', '/'), true],
      [url('get', ''), true],
      [url('post', '/metrics'), false],
    ],
  },
  {
    source: 'helpers NonResourceURLMatches: an exact URL matches only itself (docs/kubernetes.md#rbac-rule-matching "/metrics" ≠ "/metrics/")',
    rules: [rule({ verbs: ['get'], nonResourceURLs: ['/metrics'] })],
    cases: [
      [url('get', '/metrics'), true],
      [url('get', '/metrics/'), false],
      [url('get', '/metricsfoo'), false],
      [url('get', '/Metrics'), false],
    ],
  },
  {
    source: 'helpers NonResourceURLMatches: "/metrics/*" is a prefix test on "/metrics/" so it misses "/metrics"',
    rules: [rule({ verbs: ['get'], nonResourceURLs: ['/metrics/*'] })],
    cases: [
      [url('get', '/metrics'), false],
      [url('get', '/metrics/'), true],
      [url('get', '/metrics/x'), true],
      [url('get', '/metricsfoo'), false],
    ],
  },
  {
    source: 'helpers NonResourceURLMatches: "/metrics*" is a plain string prefix (docs/kubernetes.md#rbac-rule-matching)',
    rules: [rule({ verbs: ['get'], nonResourceURLs: ['/metrics*'] })],
    cases: [
      [url('get', '/metrics'), true],
      [url('get', '/metricsfoo'), true],
      [url('get', '/metrics/x'), true],
      [url('get', '/metric'), false],
    ],
  },
  {
    source: 'helpers NonResourceURLMatches: strings.TrimRight strips every trailing "*"',
    rules: [rule({ verbs: ['get'], nonResourceURLs: ['/metrics***'] })],
    cases: [
      [url('get', '/metrics'), true],
      [url('get', '/metricsfoo'), true],
      [url('get', '/metric'), false],
    ],
  },
  {
    source: 'helpers NonResourceURLMatches: a "*" that is not trailing is literal',
    rules: [rule({ verbs: ['get'], nonResourceURLs: ['/api/*/v1'] })],
    cases: [
      [url('get', '/api/x/v1'), false],
      [url('get', '/api/*/v1'), true],
    ],
  },
  {
    source: 'rbac.go RuleAllows: a resource request never looks at nonResourceURLs',
    rules: [rule({ verbs: ['*'], nonResourceURLs: ['*'] })],
    cases: [
      [res('get', '', 'nodes', 'proxy'), false],
      [url('get', '/anything'), true],
    ],
  },
  {
    source: 'rbac.go RuleAllows: a non-resource request never looks at apiGroups/resources/resourceNames',
    rules: [rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] })],
    cases: [
      [url('get', '/metrics'), false],
      [url('get', ''), false],
      [res('get', '', 'nodes', 'proxy'), true],
    ],
  },
  {
    source: 'rbac.go RuleAllows: a rule holding both kinds is matched per request kind',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes'], resourceNames: ['n1'], nonResourceURLs: ['/metrics'] })],
    cases: [
      [res('get', '', 'nodes', '', 'n1'), true],
      [res('get', '', 'nodes', '', 'n2'), false],
      [url('get', '/metrics'), true],
      [url('get', '/healthz'), false],
    ],
  },
  {
    source: 'rbac.go RuleAllows: the namespace is not part of rule matching',
    rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'] })],
    cases: [
      [{ verb: 'get', resource: 'pods', namespace: 'ns2' }, true],
      [{ verb: 'get', resource: 'pods', namespace: '' }, true],
    ],
  },
  {
    source: 'helpers: an empty list in any matched dimension matches nothing',
    rules: [rule({ verbs: ['get'], apiGroups: [''] }), rule({ apiGroups: ['*'], resources: ['*'] }), rule({ verbs: ['*'] })],
    cases: [
      [res('get', '', 'pods'), false],
      [url('get', '/metrics'), false],
    ],
  },
];

function flatten(groups: Group[]): Array<[string, PolicyRule[], AuthzRequest, boolean]> {
  return groups.flatMap((group) =>
    group.cases.map(([request, allowed]): [string, PolicyRule[], AuthzRequest, boolean] => [
      `${group.source}: ${JSON.stringify(request)} -> ${allowed}`,
      group.rules,
      request,
      allowed,
    ]),
  );
}

describe('rulesAllow / ruleAllows', () => {
  it.each(flatten([...testRuleMatches, ...testAuthorizer, ...semantics]))('%s', (_name, rules, request, allowed) => {
    expect(rulesAllow(rules, request)).toBe(allowed);
    if (rules.length === 1 && rules[0]) expect(ruleAllows(rules[0], request)).toBe(allowed);
  });

  it.each([
    ['rbac.go RulesAllow: no rules allow nothing', [] as PolicyRule[], false],
    ['rbac.go RulesAllow: any one allowing rule is enough', [rule({ verbs: ['list'], apiGroups: [''], resources: ['nodes'] }), rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] })], true],
    ['rbac.go RulesAllow: dimensions are not mixed across rules', [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes'] }), rule({ verbs: ['list'], apiGroups: [''], resources: ['nodes/proxy'] })], false],
  ])('%s', (_name, rules, allowed) => {
    expect(rulesAllow(rules, res('get', '', 'nodes', 'proxy'))).toBe(allowed);
  });
});

describe('the single-dimension helpers', () => {
  it.each([
    ['helpers VerbMatches "*" vs ""', verbMatches(rule({ verbs: ['*'] }), ''), true],
    ['helpers VerbMatches "get" vs ""', verbMatches(rule({ verbs: ['get'] }), ''), false],
    ['helpers APIGroupMatches "" vs ""', apiGroupMatches(rule({ apiGroups: [''] }), ''), true],
    ['helpers APIGroupMatches "" vs "apps"', apiGroupMatches(rule({ apiGroups: [''] }), 'apps'), false],
    ['helpers ResourceMatches "*/proxy" vs ("proxy", "")', resourceMatches(rule({ resources: ['*/proxy'] }), 'proxy', ''), false],
    ['helpers ResourceMatches "*/proxy" vs ("nodes/proxy", "proxy")', resourceMatches(rule({ resources: ['*/proxy'] }), 'nodes/proxy', 'proxy'), true],
    ['helpers ResourceMatches "*/" vs ("x/", "") (no subresource: exact only)', resourceMatches(rule({ resources: ['*/'] }), 'x/', ''), false],
    ['helpers ResourceNameMatches [] vs ""', resourceNameMatches(rule({}), ''), true],
    ['helpers ResourceNameMatches ["a"] vs ""', resourceNameMatches(rule({ resourceNames: ['a'] }), ''), false],
    ['helpers NonResourceURLMatches "/healthz/*" vs "/healthz"', nonResourceURLMatches(rule({ nonResourceURLs: ['/healthz/*'] }), '/healthz'), false],
    ['helpers NonResourceURLMatches "**" vs "/x"', nonResourceURLMatches(rule({ nonResourceURLs: ['**'] }), '/x'), true],
  ])('%s -> %s', (_name, actual, expected) => {
    expect(actual).toBe(expected);
  });
});

describe('parseResource', () => {
  // kubectl describe.go CombineResourceGroup: strings.SplitN(resource, "/", 2) (docs/kubernetes.md#what-kubectl-auth-can-i-list-prints).
  it.each([
    ['nodes/proxy', { resource: 'nodes', subresource: 'proxy' }],
    ['nodes', { resource: 'nodes', subresource: '' }],
    ['*/proxy', { resource: '*', subresource: 'proxy' }],
    ['*', { resource: '*', subresource: '' }],
    ['a/b/c', { resource: 'a', subresource: 'b/c' }],
    ['nodes/', { resource: 'nodes', subresource: '' }],
    ['', { resource: '', subresource: '' }],
  ])('SplitN(%j, "/", 2)', (input, expected) => {
    expect(parseResource(input)).toEqual(expected);
  });
});

describe('normalizeRule', () => {
  const empty = rule({});
  // Field names: k8s.io/api rbac/v1 types.go PolicyRule json tags; null and missing both decode to nil slices.
  it.each([
    ['not a mapping: null', null, null],
    ['not a mapping: undefined', undefined, null],
    ['not a mapping: string', 'get', null],
    ['not a mapping: number', 3, null],
    ['not a mapping: list', [{ verbs: ['get'] }], null],
    ['empty mapping -> every list empty', {}, empty],
    ['null lists -> empty', { verbs: null, resources: null }, empty],
    [
      'all five lists',
      { verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'], resourceNames: ['n1'], nonResourceURLs: ['/metrics'] },
      rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'], resourceNames: ['n1'], nonResourceURLs: ['/metrics'] }),
    ],
    ['non-string items dropped', { verbs: ['get', 1, null, true, { a: 1 }, 'list'], apiGroups: [''] }, rule({ verbs: ['get', 'list'], apiGroups: [''] })],
    ['a scalar where a list belongs -> []', { verbs: 'get', resources: { a: 1 } }, empty],
    ['keys are case-sensitive and unknown keys ignored', { Verbs: ['get'], apigroups: ['*'], extra: 1 }, empty],
    ['strings kept verbatim (no trimming, no case change)', { verbs: [' Get '], apiGroups: ['Apps'] }, rule({ verbs: [' Get '], apiGroups: ['Apps'] })],
  ])('%s', (_name, input, expected) => {
    expect(normalizeRule(input)).toEqual(expected);
  });

  it('returns fresh arrays, not the input lists (caller may keep mutating YAML data)', () => {
    const verbs = ['get'];
    const normalized = normalizeRule({ verbs });
    verbs.push('delete');
    expect(normalized?.verbs).toEqual(['get']);
  });
});

describe('validatePolicyRule', () => {
  const nsURL = 'rules[0].nonResourceURLs: Invalid value: []string{"/*"}: namespaced rules cannot apply to non-resource URLs';
  const bothURL = 'rules[0].nonResourceURLs: Invalid value: []string{"/*"}: rules cannot apply to both regular resources and non-resource URLs';
  const noVerbs = 'rules[0].verbs: Required value: verbs must contain at least one value';
  const noGroups = 'rules[0].apiGroups: Required value: resource rules must supply at least one api group';
  const noResources = 'rules[0].resources: Required value: resource rules must supply at least one resource';

  it.each([
    ['validation_test TestValidateRoleNonResourceURL', rule({ verbs: ['get'], nonResourceURLs: ['/*'] }), false, []],
    ['validation_test TestValidateRoleNamespacedNonResourceURL', rule({ verbs: ['get'], nonResourceURLs: ['/*'] }), true, [nsURL]],
    ['validation_test TestValidateRoleNonResourceURLNoVerbs', rule({ nonResourceURLs: ['/*'] }), false, [noVerbs]],
    [
      'validation_test TestValidateRoleMixedNonResourceAndResource',
      rule({ verbs: ['get'], nonResourceURLs: ['/*'], apiGroups: ['v1'], resources: ['pods'] }),
      true,
      [nsURL, bothURL],
    ],
    ['validation_test TestValidateRoleValidResource', rule({ verbs: ['get'], apiGroups: ['v1'], resources: ['pods'] }), true, []],
    ['validation_test TestValidateRoleNoAPIGroup', rule({ verbs: ['get'], resources: ['pods'] }), true, [noGroups]],
    ['validation_test TestValidateRoleNoResources', rule({ verbs: ['get'], apiGroups: ['v1'] }), true, [noResources]],
    ['validation ValidatePolicyRule: empty rule reports verbs, apiGroups, resources in that order', rule({}), false, [noVerbs, noGroups, noResources]],
    ['validation ValidatePolicyRule: resourceNames alone also conflict with nonResourceURLs', rule({ verbs: ['get'], resourceNames: ['x'], nonResourceURLs: ['/*'] }), false, [bothURL]],
    ['validation ValidatePolicyRule: no wildcard check upstream (docs/kubernetes.md#rbac-rule-matching Rule validity)', rule({ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }), false, []],
    ['validation ValidatePolicyRule: no resourceNames-vs-many-resources check upstream (docs/kubernetes.md#rbac-rule-matching)', rule({ verbs: ['get'], apiGroups: [''], resources: ['pods', 'secrets'], resourceNames: ['a'] }), true, []],
    ['validation ValidatePolicyRule: resourceNames without resources still needs resources', rule({ verbs: ['get'], apiGroups: [''], resourceNames: ['a'] }), true, [noResources]],
  ])('%s', (_name, input, namespaced, expected) => {
    expect(validatePolicyRule(input, { namespaced, fieldPath: 'rules[0]' })).toEqual(expected);
  });

  // apimachinery util/validation/field errors.go: Error() = "<field>: <ErrorBody>", bad value of a []string printed with %#v.
  it.each([
    ['no fieldPath: field names are relative to the rule', rule({ apiGroups: [''], resources: ['pods'] }), undefined, ['verbs: Required value: verbs must contain at least one value']],
    [
      'several URLs printed like Go %#v',
      rule({ verbs: ['get'], nonResourceURLs: ['/metrics', '/healthz'] }),
      'rules[3]',
      ['rules[3].nonResourceURLs: Invalid value: []string{"/metrics", "/healthz"}: namespaced rules cannot apply to non-resource URLs'],
    ],
    [
      'Go quoting of quotes, backslashes and control characters',
      rule({ verbs: ['get'], nonResourceURLs: ['/a"b\\c\n\u0001'] }),
      'rules[0]',
      ['rules[0].nonResourceURLs: Invalid value: []string{"/a\\"b\\\\c\\n\\x01"}: namespaced rules cannot apply to non-resource URLs'],
    ],
  ])('field.Error format: %s', (_name, input, fieldPath, expected) => {
    expect(validatePolicyRule(input, { namespaced: true, fieldPath })).toEqual(expected);
  });
});
