// clusterCanI (src/rule-api/cluster-access.ts) answers exactly as canI for requests without a
// namespace: VisitRulesFor with an empty namespace visits ClusterRoleBindings only, and a
// subject applies by appliesToUser (pkg/registry/rbac/validation/rule.go).
import { describe, expect, it } from 'vitest';
import { canI, clusterCanI } from '../../src/rule-api/index.js';
import { buildModel } from '../../src/rbac/model.js';
import type { Subject } from '../../src/types.js';
import { clusterRole, crb, rb, rule } from '../support/objects.js';
import { objectsFromYaml } from '../support/objects.js';

const yaml =
  clusterRole('proxy', rule([''], ['nodes/proxy'], ['get'])) +
  crb('to-sa', 'proxy', '  - { kind: ServiceAccount, name: agent, namespace: monitoring }') +
  clusterRole('stats', rule([''], ['nodes/stats'], ['get'])) +
  crb('to-group', 'stats', '  - { kind: Group, name: "system:serviceaccounts:monitoring" }') +
  clusterRole('metrics', rule([''], ['nodes/metrics'], ['get'])) +
  crb('to-user', 'metrics', '  - { kind: User, name: "system:serviceaccount:logging:shipper" }') +
  clusterRole('pods', rule([''], ['nodes/pods'], ['get'])) +
  rb('monitoring', 'namespaced', 'ClusterRole', 'pods');

const subjects: Subject[] = [
  { kind: 'ServiceAccount', name: 'agent', namespace: 'monitoring' },
  { kind: 'ServiceAccount', name: 'other', namespace: 'monitoring' },
  { kind: 'ServiceAccount', name: 'shipper', namespace: 'logging' },
  { kind: 'ServiceAccount', name: 'agent', namespace: 'kube-system' },
  { kind: 'Group', name: 'system:serviceaccounts:monitoring' },
  { kind: 'User', name: 'system:serviceaccount:monitoring:agent' },
];

describe('clusterCanI', () => {
  const model = buildModel(objectsFromYaml(yaml));
  it.each(subjects.flatMap((s) => ['proxy', 'stats', 'metrics', 'pods'].map((sub) => [s, sub] as const)))('%j get nodes/%s: as canI', (subject, subresource) => {
    const request = { verb: 'get', apiGroup: '', resource: 'nodes', subresource, name: 'n1' };
    expect(clusterCanI(model, subject, request)).toBe(canI(model, subject, { ...request, namespace: '' }));
  });

  it('finds grants through a ServiceAccount, its namespace group and its user name, and ignores RoleBindings', () => {
    const ask = (s: Subject, subresource: string) => clusterCanI(model, s, { verb: 'get', apiGroup: '', resource: 'nodes', subresource, name: 'n1' });
    const agent = subjects[0] as Subject;
    expect(['proxy', 'stats', 'metrics', 'pods'].map((sub) => ask(agent, sub))).toEqual([true, true, false, false]);
    expect(ask(subjects[2] as Subject, 'metrics')).toBe(true);
  });
});
