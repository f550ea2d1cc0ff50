import { describe, expect, it } from 'vitest';
import { parseServiceAccountUsername, userInfoFor } from '../../src/rbac/subjects.js';
import { resolveResourceArg } from '../../src/rbac/resources.js';

describe('userInfoFor mirrors impersonation.go WithImpersonation', () => {
  it.each([
    {
      name: 'service account without --as-group gets the SA groups and system:authenticated',
      user: 'system:serviceaccount:monitoring:prom',
      groups: [] as string[],
      expected: ['system:serviceaccounts', 'system:serviceaccounts:monitoring', 'system:authenticated'],
    },
    {
      name: 'service account with --as-group gets only those groups (+ authenticated)',
      user: 'system:serviceaccount:monitoring:prom',
      groups: ['team'],
      expected: ['team', 'system:authenticated'],
    },
    { name: 'plain user', user: 'alice', groups: [], expected: ['system:authenticated'] },
    { name: 'system:unauthenticated given: no system:authenticated added', user: 'alice', groups: ['system:unauthenticated'], expected: ['system:unauthenticated'] },
    { name: 'anonymous gets system:unauthenticated', user: 'system:anonymous', groups: [], expected: ['system:unauthenticated'] },
  ])('$name', ({ user, groups, expected }) => {
    expect(userInfoFor(user, groups).groups).toEqual(expected);
  });

  it.each([
    ['system:serviceaccount:ns:name', { namespace: 'ns', name: 'name' }],
    ['system:serviceaccount:ns', null],
    ['system:serviceaccount::name', null],
    ['system:serviceaccount:ns:a:b', null],
    ['alice', null],
  ])('parseServiceAccountUsername(%j) (serviceaccount/util.go SplitUsername)', (user, expected) => {
    expect(parseServiceAccountUsername(user)).toEqual(expected);
  });
});

describe('resolveResourceArg mirrors kubectl can-i resourceFor (cani.go) offline', () => {
  it.each([
    ['pods', { resource: 'pods', group: '', namespaced: true, warning: null }],
    ['po', { resource: 'pods', group: '', namespaced: true, warning: null }],
    ['Nodes', { resource: 'nodes', group: '', namespaced: false, warning: null }],
    ['deploy', { resource: 'deployments', group: 'apps', namespaced: true, warning: null }],
    ['deployments.apps', { resource: 'deployments', group: 'apps', namespaced: true, warning: null }],
    ['deployments.v1.apps', { resource: 'deployments', group: 'apps', namespaced: true, warning: null }],
    ['clusterroles.rbac.authorization.k8s.io', { resource: 'clusterroles', group: 'rbac.authorization.k8s.io', namespaced: false, warning: null }],
    ['*', { resource: '*', group: '', namespaced: true, warning: null }],
    // nonStandardResourceNames: users/groups are used as written, without a warning
    ['users', { resource: 'users', group: '', namespaced: null, warning: null }],
    ['widgets.example.com', { resource: 'widgets.example.com', group: '', namespaced: null, warning: "the server doesn't have a resource type 'widgets' in group 'example.com'" }],
  ])('%s', (arg, expected) => {
    expect(resolveResourceArg(arg)).toEqual(expected);
  });
});
