import { describe, expect, it } from 'vitest';
import { canIAccess } from '../../src/rbac/can-i.js';
import { buildModel } from '../../src/rbac/model.js';
import { userInfoFor } from '../../src/rbac/subjects.js';
import { crb, objectsFromYaml, rb } from '../support/objects.js';

// rbac.go Authorize: rule-resolution errors become "RBAC: <aggregate>"; VisitRulesFor meets
// ClusterRoleBindings first; utilerrors aggregate de-duplicates and brackets only several.
describe('can-i "no - RBAC: …" reason', () => {
  const user = userInfoFor('system:serviceaccount:monitoring:sa');
  const req = { verb: 'get', apiGroup: '', resource: 'secrets', namespace: 'monitoring', name: '' };
  it.each([
    { name: 'one missing ClusterRole', yaml: crb('b', 'gone'), reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "gone" not found' },
    {
      name: 'ClusterRoleBindings first, then RoleBindings',
      yaml: rb('monitoring', 'r', 'ClusterRole', 'nope') + crb('c', 'gone'),
      reason: 'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, clusterrole.rbac.authorization.k8s.io "nope" not found]',
    },
    {
      name: 'the same error twice is printed once',
      yaml: rb('monitoring', 'r1', 'Role', 'x') + rb('monitoring', 'r2', 'Role', 'x'),
      reason: 'RBAC: role.rbac.authorization.k8s.io "x" not found',
    },
    { name: 'no error, no reason', yaml: '', reason: '' },
  ])('$name', ({ yaml, reason }) => {
    expect(canIAccess(buildModel(objectsFromYaml(yaml)), user, req)).toEqual({ allowed: false, reason });
  });
});
