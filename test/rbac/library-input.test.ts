// The library takes rules as written in manifests (issue #13): a list left out is Go's nil slice,
// which matches like an empty one (evaluation_helpers.go: ResourceNameMatches `len(rule.ResourceNames) == 0`,
// the *Matches loops over a nil slice find nothing); a value of the wrong type is the caller's
// mistake and gets a TypeError naming the field.
import { describe, expect, it } from 'vitest';
import { buildModel, canI, canIAccess, canIList, effectivePermissions, grantsFor, reachOf, ruleAllows, rulesAllow, userInfoFor, validatePolicyRule, whoCan } from '../../src/index.js';
import type { AuthzRequest, PolicyRule } from '../../src/index.js';

const asRule = (raw: unknown): PolicyRule => raw as PolicyRule;
const asRequest = (raw: unknown): AuthzRequest => raw as AuthzRequest;

describe('ruleAllows with lists left out (Go nil slices)', () => {
  it.each([
    { name: 'no resourceNames: any name', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, request: { verb: 'get', resource: 'pods', name: 'p' }, allowed: true },
    { name: 'no nonResourceURLs on a resource rule', rule: { verbs: ['get'], apiGroups: [''], resources: ['pods'] }, request: { verb: 'get', path: '/healthz' }, allowed: false },
    { name: 'a URL rule without apiGroups/resources', rule: { verbs: ['get'], nonResourceURLs: ['/healthz'] }, request: { verb: 'get', path: '/healthz' }, allowed: true },
    { name: 'no verbs: matches nothing', rule: { apiGroups: ['*'], resources: ['*'] }, request: { verb: 'get', resource: 'pods' }, allowed: false },
    { name: 'null lists are nil too', rule: { verbs: ['*'], apiGroups: ['*'], resources: ['*'], resourceNames: null }, request: { verb: 'delete', apiGroup: 'apps', resource: 'deployments' }, allowed: true },
    { name: 'request without apiGroup is the core group', rule: { verbs: ['list'], apiGroups: [''], resources: ['secrets'] }, request: { verb: 'list', resource: 'secrets' }, allowed: true },
  ])('$name', ({ rule, request, allowed }) => {
    expect(ruleAllows(asRule(rule), asRequest(request))).toBe(allowed);
    expect(rulesAllow([asRule(rule)], asRequest(request))).toBe(allowed);
  });
});

describe('a value of the wrong type is a TypeError naming the field', () => {
  it.each([
    { name: 'verbs as a string', call: () => ruleAllows(asRule({ verbs: 'get', apiGroups: [''], resources: ['pods'] }), { verb: 'get', resource: 'pods' }), message: 'rule.verbs must be a list of strings, got string "get"' },
    { name: 'a number in resources', call: () => ruleAllows(asRule({ verbs: ['get'], apiGroups: [''], resources: [7] }), { verb: 'get', resource: 'pods' }), message: 'rule.resources[0] must be a string, got number 7' },
    { name: 'rule is null', call: () => ruleAllows(asRule(null), { verb: 'get' }), message: 'rule must be an object, got null' },
    { name: 'request.resource a number', call: () => ruleAllows(asRule({ verbs: ['get'] }), asRequest({ verb: 'get', resource: 1 })), message: 'request.resource must be a string, got number 1' },
    { name: 'rules not a list', call: () => rulesAllow(asRule({}) as unknown as PolicyRule[], { verb: 'get' }), message: 'rules must be a list of PolicyRules' },
    { name: 'validatePolicyRule apiGroups an object', call: () => validatePolicyRule(asRule({ verbs: ['get'], apiGroups: {} }), { namespaced: true, fieldPath: 'rules[0]' }), message: 'rules[0].apiGroups must be a list of strings, got an object' },
    { name: 'userInfoFor with a number', call: () => userInfoFor(7 as unknown as string), message: 'user must be a string (kubectl --as)' },
    { name: 'canIAccess with a plain object as model', call: () => canIAccess({} as never, userInfoFor('u'), { verb: 'get' }), message: 'model must be an RbacModel from buildModel(), got an object' },
    { name: 'canIAccess with groups not a list', call: () => canIAccess(buildModel([]), { name: 'u', groups: 'g' } as never, { verb: 'get' }), message: 'user.groups must be a list of strings, got string "g"' },
    { name: 'canIList with a numeric namespace', call: () => canIList(buildModel([]), userInfoFor('u'), 3 as never), message: 'namespace must be a string' },
    { name: 'whoCan with a request of the wrong shape', call: () => whoCan(buildModel([]), asRequest({ verb: ['get'] })), message: 'request.verb must be a string, got a list' },
    { name: 'effectivePermissions with a subject name that is not a string', call: () => effectivePermissions(buildModel([]), { name: 1, groups: [] } as never), message: 'user.name must be a string, got number 1' },
    { name: 'canI with a request that is a string', call: () => canI(buildModel([]), userInfoFor('u'), asRequest('get pods')), message: 'request must be an object, got string "get pods"' },
    { name: 'buildModel with objects not a list', call: () => buildModel({} as never), message: 'objects must be a list of parsed objects (parseRendered().objects)' },
  ])('$name', ({ call, message }) => {
    expect(call).toThrow(new TypeError(message));
  });
});

describe('grantsFor and reachOf check their input too', () => {
  it.each([
    { name: 'grantsFor with verbs not a list', call: () => grantsFor(buildModel([]), { resource: 'pods' }, 'get' as never), message: 'verbs must be a list of strings' },
    { name: 'grantsFor with a numeric apiGroup', call: () => grantsFor(buildModel([]), { apiGroup: 1 } as never, ['get']), message: 'request.apiGroup must be a string, got number 1' },
    { name: 'reachOf with no role', call: () => reachOf(buildModel([]), null as never, { clusterScoped: false }), message: 'role must be an object, got null' },
  ])('$name', ({ call, message }) => {
    expect(call).toThrow(new TypeError(message));
  });
});
