// Adversarial review: the RBAC matcher on cases the authors' tables do not have.
// Every expectation is derived by hand from the Go code, cited per case:
//   helpers = kubernetes/kubernetes pkg/apis/rbac/v1/evaluation_helpers.go
//             (VerbMatches, APIGroupMatches, ResourceMatches, ResourceNameMatches, NonResourceURLMatches)
//   rbac.go = kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/rbac.go (RuleAllows: combined
//             resource = resource + "/" + subresource; IsResourceRequest picks the branch)
import { describe, expect, it } from 'vitest';
import { ruleAllows, rulesAllow } from '../../src/index.js';
import type { AuthzRequest, PolicyRule } from '../../src/index.js';

const rule = (p: Partial<PolicyRule>): PolicyRule => ({ verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [], ...p });
const node = (verb: string, subresource = '', name = 'node-1'): AuthzRequest => ({ verb, apiGroup: '', resource: 'nodes', subresource, name });
const url = (verb: string, path: string): AuthzRequest => ({ verb, path });

interface Case {
  name: string;
  source: string;
  rule: PolicyRule;
  request: AuthzRequest;
  allowed: boolean;
}

const RESOURCE_CASES: Case[] = [
  {
    name: '`*` mixed with names in resources still matches every subresource',
    source: 'helpers ResourceMatches: any entry == "*" returns true',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['pods', '*', 'nodes'] }),
    request: node('get', 'proxy'),
    allowed: true,
  },
  {
    name: 'resource "" never matches a real resource',
    source: 'helpers ResourceMatches: "" == combined only for an empty request resource',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: [''] }),
    request: node('get'),
    allowed: false,
  },
  {
    name: '"nodes/proxy/extra" does not match the nodes/proxy subresource',
    source: 'helpers ResourceMatches: exact equality with "nodes/proxy"',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy/extra'] }),
    request: node('get', 'proxy'),
    allowed: false,
  },
  {
    name: 'a request subresource with a slash is matched as one combined string',
    source: 'rbac.go RuleAllows: combinedResource = resource + "/" + subresource',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy/extra'] }),
    request: node('get', 'proxy/extra'),
    allowed: true,
  },
  {
    name: '"*/proxy/extra" matches subresource "proxy/extra" (length + prefix + suffix test)',
    source: 'helpers ResourceMatches: len(rule) == len(sub)+2 && HasPrefix "*/" && HasSuffix sub',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/proxy/extra'] }),
    request: node('get', 'proxy/extra'),
    allowed: true,
  },
  {
    name: '"*/proxy" does not match subresource "xproxy" (length check)',
    source: 'helpers ResourceMatches: len(ruleResource) == len(requestedSubresource)+2',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/proxy'] }),
    request: node('get', 'xproxy'),
    allowed: false,
  },
  {
    name: '"*/proxy" never matches the parent resource',
    source: 'helpers ResourceMatches: `if len(requestedSubresource) == 0 { continue }`',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/proxy'] }),
    request: node('get'),
    allowed: false,
  },
  {
    name: '"*/*" is literal: it does not match nodes/proxy',
    source: 'helpers ResourceMatches: "*/*" has length 3, subresource "proxy" needs 7',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/*'] }),
    request: node('get', 'proxy'),
    allowed: false,
  },
  {
    name: '"*/*" does match a subresource literally named "*"',
    source: 'helpers ResourceMatches: len("*/*") == len("*")+2, prefix "*/", suffix "*"',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['*/*'] }),
    request: node('get', '*'),
    allowed: true,
  },
  {
    name: 'apiGroups ["", "apps"] matches the core-group nodes/proxy',
    source: 'helpers APIGroupMatches: any entry == requested group ""',
    rule: rule({ verbs: ['get'], apiGroups: ['', 'apps'], resources: ['nodes/proxy', 'deployments'] }),
    request: node('get', 'proxy'),
    allowed: true,
  },
  {
    name: 'apiGroups ["apps"] alone never matches the core nodes',
    source: 'helpers APIGroupMatches: "apps" != ""',
    rule: rule({ verbs: ['get'], apiGroups: ['apps'], resources: ['nodes/proxy'] }),
    request: node('get', 'proxy'),
    allowed: false,
  },
  {
    name: 'apiGroups [] matches nothing (no "*" and no "")',
    source: 'helpers APIGroupMatches: loop over an empty list returns false',
    rule: rule({ verbs: ['get'], apiGroups: [], resources: ['nodes/proxy'] }),
    request: node('get', 'proxy'),
    allowed: false,
  },
  {
    name: 'resourceNames ["*"] is literal: it does not match node-1',
    source: 'helpers ResourceNameMatches: ruleName == requestedName, no wildcard',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'], resourceNames: ['*'] }),
    request: node('get', 'proxy', 'node-1'),
    allowed: false,
  },
  {
    name: 'resourceNames [""] matches a request without a name',
    source: 'helpers ResourceNameMatches: "" == ""',
    rule: rule({ verbs: ['list'], apiGroups: [''], resources: ['nodes'], resourceNames: [''] }),
    request: node('list', '', ''),
    allowed: true,
  },
  {
    name: 'resourceNames are case-sensitive',
    source: 'helpers ResourceNameMatches: exact string equality',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'], resourceNames: ['Node-1'] }),
    request: node('get', 'proxy', 'node-1'),
    allowed: false,
  },
  {
    name: 'verbs ["get", "*"] matches the kubelet empty verb (HEAD)',
    source: 'helpers VerbMatches: "*" returns true for any verb, including ""',
    rule: rule({ verbs: ['get', '*'], apiGroups: [''], resources: ['nodes/proxy'] }),
    request: node('', 'proxy'),
    allowed: true,
  },
  {
    name: 'verbs ["get"] does not match the empty verb',
    source: 'helpers VerbMatches: "get" != ""',
    rule: rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'] }),
    request: node('', 'proxy'),
    allowed: false,
  },
  {
    name: 'verb " get" (leading space) is not get',
    source: 'helpers VerbMatches: no trimming',
    rule: rule({ verbs: [' get'], apiGroups: [''], resources: ['nodes/proxy'] }),
    request: node('get', 'proxy'),
    allowed: false,
  },
  {
    name: 'verbs [] match nothing, not even with resources ["*"]',
    source: 'helpers VerbMatches: loop over an empty list returns false',
    rule: rule({ verbs: [], apiGroups: ['*'], resources: ['*'] }),
    request: node('get', 'proxy'),
    allowed: false,
  },
  {
    name: 'a resource request ignores nonResourceURLs ["*"] on the same rule',
    source: 'rbac.go RuleAllows: the resource branch never calls NonResourceURLMatches',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['*'] }),
    request: node('get', 'proxy'),
    allowed: false,
  },
  {
    name: 'the legacy "proxy" verb on nodes does not cover nodes/proxy get',
    source: 'helpers ResourceMatches: "nodes" != "nodes/proxy"; VerbMatches: "proxy" != "get"',
    rule: rule({ verbs: ['proxy'], apiGroups: [''], resources: ['nodes'] }),
    request: node('get', 'proxy'),
    allowed: false,
  },
];

const NON_RESOURCE_CASES: Case[] = [
  {
    name: '"/api/*" does not match "/api"',
    source: 'helpers NonResourceURLMatches: HasPrefix("/api", "/api/") is false',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/api/*'] }),
    request: url('get', '/api'),
    allowed: false,
  },
  {
    name: '"/api*" matches "/apis/apps" (plain string prefix)',
    source: 'helpers NonResourceURLMatches: TrimRight(rule, "*") is a string prefix',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/api*'] }),
    request: url('get', '/apis/apps'),
    allowed: true,
  },
  {
    name: '"/api/**" strips every trailing star and matches "/api/"',
    source: 'helpers NonResourceURLMatches: strings.TrimRight(ruleURL, "*")',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/api/**'] }),
    request: url('get', '/api/'),
    allowed: true,
  },
  {
    name: 'a `*` inside a URL is literal: "/metrics/*/x" does not match "/metrics/a/x"',
    source: 'helpers NonResourceURLMatches: only a trailing "*" is special',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/metrics/*/x'] }),
    request: url('get', '/metrics/a/x'),
    allowed: false,
  },
  {
    name: '… but does match its own literal text',
    source: 'helpers NonResourceURLMatches: ruleURL == requestedURL',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/metrics/*/x'] }),
    request: url('get', '/metrics/*/x'),
    allowed: true,
  },
  {
    name: '"/*" matches every path starting with "/"',
    source: 'helpers NonResourceURLMatches: TrimRight("/*", "*") = "/"',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['/*'] }),
    request: url('get', '/healthz'),
    allowed: true,
  },
  {
    name: 'a lone "**" matches everything (prefix "")',
    source: 'helpers NonResourceURLMatches: TrimRight("**", "*") = ""',
    rule: rule({ verbs: ['get'], nonResourceURLs: ['**'] }),
    request: url('get', '/anything'),
    allowed: true,
  },
  {
    name: 'a non-resource request ignores resources ["*"] on the same rule',
    source: 'rbac.go RuleAllows: the non-resource branch checks only verbs and URLs',
    rule: rule({ verbs: ['get'], apiGroups: ['*'], resources: ['*'] }),
    request: url('get', '/metrics'),
    allowed: false,
  },
  {
    name: 'non-resource verbs are the lower-case HTTP method: "post" is not "create"',
    source: 'helpers VerbMatches + apiserver requestinfo.go (Verb: strings.ToLower(req.Method))',
    rule: rule({ verbs: ['create'], nonResourceURLs: ['/logs/*'] }),
    request: url('post', '/logs/x'),
    allowed: false,
  },
];

describe('ruleAllows on unseen resource-request cases', () => {
  it.each(RESOURCE_CASES)('$name ($source)', (c) => {
    expect(ruleAllows(c.rule, c.request)).toBe(c.allowed);
  });
});

describe('ruleAllows on unseen non-resource cases', () => {
  it.each(NON_RESOURCE_CASES)('$name ($source)', (c) => {
    expect(ruleAllows(c.rule, c.request)).toBe(c.allowed);
  });
});

describe('rulesAllow on empty and mixed rule lists', () => {
  const cases: { name: string; source: string; rules: PolicyRule[]; request: AuthzRequest; allowed: boolean }[] = [
    { name: 'an empty rules list allows nothing', source: 'rbac.go RulesAllow: loop over no rules returns false', rules: [], request: node('get', 'proxy'), allowed: false },
    {
      name: 'one rule of several is enough (rules are ORed)',
      source: 'rbac.go RulesAllow: returns true on the first rule that allows',
      rules: [rule({ verbs: ['list'], apiGroups: [''], resources: ['nodes'] }), rule({ verbs: ['get'], apiGroups: ['*'], resources: ['*/proxy'], resourceNames: ['node-1'] })],
      request: node('get', 'proxy', 'node-1'),
      allowed: true,
    },
    {
      name: 'dimensions of one rule are ANDed: a name from one rule and a verb from another do not combine',
      source: 'rbac.go RuleAllows: VerbMatches && APIGroupMatches && ResourceMatches && ResourceNameMatches per rule',
      rules: [rule({ verbs: ['get'], apiGroups: [''], resources: ['nodes/proxy'], resourceNames: ['node-2'] }), rule({ verbs: ['list'], apiGroups: [''], resources: ['nodes/proxy'] })],
      request: node('get', 'proxy', 'node-1'),
      allowed: false,
    },
  ];
  it.each(cases)('$name ($source)', (c) => {
    expect(rulesAllow(c.rules, c.request)).toBe(c.allowed);
  });
});
