import { describe, expect, it } from 'vitest';
import type { PolicyRule, Role } from '../../src/types.js';
import {
  BUILTIN_CLUSTER_ROLE_BINDINGS,
  BUILTIN_CLUSTER_ROLES,
  DEFAULT_BINDING_ROLE_NAMES,
  resourceRule,
  urlRule,
} from '../../src/rbac/bootstrap.js';
import { compareGoStrings, formatCanIList, selfSubjectRulesStatus } from '../../src/rbac/kubectl-print.js';

// Every expectation cites kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go
// (ClusterRoles / ClusterRoleBindings) unless it says otherwise.

function role(name: string): Role {
  const found = BUILTIN_CLUSTER_ROLES.find((r) => r.name === name);
  if (!found) throw new Error(`no built-in ClusterRole ${name}`);
  return found;
}
const res = (verbs: string[], apiGroups: string[], resources: string[]): PolicyRule => ({ verbs, apiGroups, resources, resourceNames: [], nonResourceURLs: [] });
const url = (verbs: string[], nonResourceURLs: string[]): PolicyRule => ({ verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs });

describe('BUILTIN_CLUSTER_ROLES rules (policy.go, as stored after PolicyRuleBuilder.Rule() sorts)', () => {
  it.each([
    { name: 'cluster-admin', rules: [res(['*'], ['*'], ['*']), url(['*'], ['*'])] },
    {
      name: 'system:discovery',
      rules: [url(['get'], ['/api', '/api/*', '/apis', '/apis/*', '/healthz', '/livez', '/openapi', '/openapi/*', '/readyz', '/version', '/version/'])],
    },
    {
      // basicUserRules; selfsubjectreviews (authentication.k8s.io) is ungated in the newest versions.
      name: 'system:basic-user',
      rules: [
        res(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
        res(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
      ],
    },
    { name: 'system:public-info-viewer', rules: [url(['get'], ['/healthz', '/livez', '/readyz', '/version', '/version/'])] },
    {
      name: 'system:service-account-issuer-discovery',
      rules: [url(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/'])],
    },
    {
      name: 'system:kubelet-api-admin',
      rules: [
        res(['get', 'list', 'watch'], [''], ['nodes']),
        res(['proxy'], [''], ['nodes']),
        res(['*'], [''], ['nodes/log', 'nodes/metrics', 'nodes/proxy', 'nodes/stats']),
        res(['*'], [''], ['nodes/configz', 'nodes/healthz', 'nodes/pods']),
      ],
    },
    // Aggregated roles: policy.go gives them an aggregationRule and no rules of their own.
    { name: 'admin', rules: [] },
    { name: 'edit', rules: [] },
    { name: 'view', rules: [] },
  ])('$name', ({ name, rules }) => {
    expect(role(name).rules).toEqual(rules);
  });
});

describe('BUILTIN_CLUSTER_ROLES aggregation (policy.go admin/edit/view; KUBERNETES.md §4.3)', () => {
  it.each([
    { name: 'admin', selects: 'rbac.authorization.k8s.io/aggregate-to-admin', labelledInto: null },
    { name: 'edit', selects: 'rbac.authorization.k8s.io/aggregate-to-edit', labelledInto: 'rbac.authorization.k8s.io/aggregate-to-admin' },
    { name: 'view', selects: 'rbac.authorization.k8s.io/aggregate-to-view', labelledInto: 'rbac.authorization.k8s.io/aggregate-to-edit' },
  ])('$name selects $selects', ({ name, selects, labelledInto }) => {
    const r = role(name);
    expect(r.aggregationRule).toEqual([{ matchLabels: { [selects]: 'true' }, matchExpressions: [] }]);
    const aggregateLabels = Object.keys(r.labels).filter((k) => k.startsWith('rbac.authorization.k8s.io/aggregate-to-'));
    expect(aggregateLabels).toEqual(labelledInto ? [labelledInto] : []);
    if (labelledInto) expect(r.labels[labelledInto]).toBe('true');
  });

  it.each(BUILTIN_CLUSTER_ROLES.filter((r) => !['admin', 'edit', 'view'].includes(r.name)).map((r) => ({ name: r.name })))(
    '$name is not aggregated',
    ({ name }) => {
      expect(role(name).aggregationRule).toBeNull();
    },
  );
});

describe('BUILTIN_CLUSTER_ROLES shape', () => {
  it.each(BUILTIN_CLUSTER_ROLES.map((r) => ({ name: r.name, r })))('$name is a built-in ClusterRole with the bootstrap label', ({ r }) => {
    // policy.go addClusterRoleLabel → addDefaultMetadata: Label = kubernetes.io/bootstrapping: rbac-defaults.
    expect([r.kind, r.namespace, r.builtin, r.object]).toEqual(['ClusterRole', null, true, null]);
    expect(r.labels['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
  });

  it.each(BUILTIN_CLUSTER_ROLES.flatMap((r) => r.rules.map((rule, i) => ({ id: `${r.name}#${i}`, rule }))))(
    '$id is sorted like rbacv1helpers PolicyRuleBuilder.Rule() (sort.Strings on every list)',
    ({ rule }) => {
      for (const list of [rule.verbs, rule.apiGroups, rule.resources, rule.resourceNames, rule.nonResourceURLs]) {
        expect(list).toEqual([...list].sort(compareGoStrings));
      }
    },
  );

  it('role names are unique', () => {
    const names = BUILTIN_CLUSTER_ROLES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
  });
});

describe('rule builders (pkg/apis/rbac/v1 helpers.go PolicyRuleBuilder.Rule sorts every list)', () => {
  it.each([
    { name: 'resourceRule sorts verbs and resources', got: resourceRule(['watch', 'get'], [''], ['b', 'a']), want: res(['get', 'watch'], [''], ['a', 'b']) },
    { name: 'urlRule sorts URLs bytewise ("/x/" after "/x")', got: urlRule(['get'], ['/x/', '/x', '/a']), want: url(['get'], ['/a', '/x', '/x/']) },
  ])('$name', ({ got, want }) => {
    expect(got).toEqual(want);
  });
});

describe('BUILTIN_CLUSTER_ROLE_BINDINGS (policy.go ClusterRoleBindings: NewClusterBinding(role).Groups(...))', () => {
  it.each([
    { name: 'cluster-admin', groups: ['system:masters'] },
    { name: 'system:discovery', groups: ['system:authenticated'] },
    { name: 'system:basic-user', groups: ['system:authenticated'] },
    { name: 'system:public-info-viewer', groups: ['system:authenticated', 'system:unauthenticated'] },
    { name: 'system:service-account-issuer-discovery', groups: ['system:serviceaccounts'] },
  ])('$name binds groups $groups', ({ name, groups }) => {
    const b = BUILTIN_CLUSTER_ROLE_BINDINGS.find((x) => x.name === name);
    expect(b?.roleRef).toEqual({ kind: 'ClusterRole', name, apiGroup: 'rbac.authorization.k8s.io' });
    expect(b?.subjects).toEqual(groups.map((g) => ({ kind: 'Group', name: g })));
    expect([b?.kind, b?.namespace, b?.builtin, b?.object]).toEqual(['ClusterRoleBinding', null, true, null]);
  });

  it.each(BUILTIN_CLUSTER_ROLE_BINDINGS.map((b) => ({ name: b.name, roleName: b.roleRef.name })))(
    '$name refers to a recorded built-in ClusterRole',
    ({ roleName }) => {
      expect(BUILTIN_CLUSTER_ROLES.some((r) => r.name === roleName)).toBe(true);
    },
  );
});

describe('DEFAULT_BINDING_ROLE_NAMES (PRODUCT.md can-i: what every service account gets)', () => {
  const saGroups = ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated'];

  it.each(DEFAULT_BINDING_ROLE_NAMES.map((name) => ({ name })))('$name has a default binding a service account matches', ({ name }) => {
    const b = BUILTIN_CLUSTER_ROLE_BINDINGS.find((x) => x.roleRef.name === name);
    expect(b?.subjects.some((s) => saGroups.includes(s.name))).toBe(true);
  });

  it('is exactly the roles whose default bindings a service account matches (cluster-admin is system:masters only)', () => {
    const matched = BUILTIN_CLUSTER_ROLE_BINDINGS.filter((b) => b.subjects.some((s) => saGroups.includes(s.name))).map((b) => b.roleRef.name);
    expect([...matched].sort()).toEqual([...DEFAULT_BINDING_ROLE_NAMES].sort());
  });

  it('prints, for a service account with nothing else, what kubectl auth can-i --list prints on a fresh cluster', () => {
    // Cross-checked with real kubectl v1.35.2 / v1.31.9 against a server returning this status.
    const rules = BUILTIN_CLUSTER_ROLE_BINDINGS.filter((b) => DEFAULT_BINDING_ROLE_NAMES.includes(b.roleRef.name)).flatMap((b) => role(b.roleRef.name).rules);
    const status = selfSubjectRulesStatus(rules);
    const get = (u: string): string => `${' '.repeat(48)}${`[${u}]`.padEnd(39)}[]               [get]\n`;
    expect(formatCanIList(status.resourceRules, status.nonResourceRules)).toBe(
      'Resources                                       Non-Resource URLs                      Resource Names   Verbs\n' +
        'selfsubjectreviews.authentication.k8s.io        []                                     []               [create]\n' +
        'selfsubjectaccessreviews.authorization.k8s.io   []                                     []               [create]\n' +
        'selfsubjectrulesreviews.authorization.k8s.io    []                                     []               [create]\n' +
        [
          '/.well-known/openid-configuration/',
          '/.well-known/openid-configuration',
          '/api/*',
          '/api',
          '/apis/*',
          '/apis',
          '/healthz',
          '/healthz',
          '/livez',
          '/livez',
          '/openapi/*',
          '/openapi',
          '/openid/v1/jwks/',
          '/openid/v1/jwks',
          '/readyz',
          '/readyz',
          '/version/',
          '/version/',
          '/version',
          '/version',
        ]
          .map(get)
          .join(''),
    );
  });
});
