import { describe, expect, it } from 'vitest';
import destructiveDelete from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');

// Matching: RuleAllows (evaluation_helpers.go); scope: only ClusterRoleBindings grant in every
// namespace (VisitRulesFor visits RoleBindings of the request's namespace only). Verbs: DELETE of
// one object → delete, of a collection → deletecollection (requestinfo.go); the namespace
// storage (registry/core/namespace/storage) implements Delete but no DeleteCollection.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'delete pods cluster-wide', source: 'DELETE …/pods/<name> → delete', yaml: bound(rule([''], ['pods'], ['list', 'delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'deletecollection secrets', source: 'DELETE …/secrets → deletecollection', yaml: bound(rule([''], ['secrets'], ['deletecollection'])), expected: ['medium ClusterRole/r'] },
  { name: 'delete statefulsets', source: 'apps group', yaml: bound(rule(['apps'], ['statefulsets'], ['*'])), expected: ['medium ClusterRole/r'] },
  { name: 'delete cronjobs', source: 'batch group', yaml: bound(rule(['batch'], ['cronjobs'], ['delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'delete persistentvolumeclaims', source: 'Delete reclaim policy removes the volume', yaml: bound(rule([''], ['persistentvolumeclaims'], ['delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'delete services', source: 'Kubescape C-0007 counts services', yaml: bound(rule([''], ['services'], ['delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'delete namespaces', source: 'namespace storage: Delete', yaml: bound(rule([''], ['namespaces'], ['delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'deletecollection namespaces is not served', source: 'namespace storage: no DeleteCollection', yaml: bound(rule([''], ['namespaces'], ['deletecollection'])), expected: [] },
  { name: 'delete core events', source: 'anti-forensics', yaml: bound(rule([''], ['events'], ['delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'delete events.k8s.io events', source: 'the same Events through events.k8s.io', yaml: bound(rule(['events.k8s.io'], ['events'], ['deletecollection'])), expected: ['medium ClusterRole/r'] },
  { name: 'deployments in the core group is nothing', source: 'APIGroupMatches: exact', yaml: bound(rule([''], ['deployments'], ['delete'])), expected: [] },
  { name: 'pods/log is a subresource', source: 'ResourceMatches: pods/log is not pods', yaml: bound(rule([''], ['pods/log'], ['delete'])), expected: [] },
  { name: 'configmaps are not in the list', source: 'configmap-write counts their delete', yaml: bound(rule([''], ['configmaps'], ['delete'])), expected: [] },
  { name: 'create and update do not delete', source: 'VerbMatches: exact', yaml: bound(rule([''], ['pods', 'secrets'], ['create', 'update', 'patch'])), expected: [] },
  { name: 'resources "*" in apiGroups "*"', source: 'APIGroupAll + ResourceAll', yaml: bound(rule(['*'], ['*'], ['delete'])), expected: ['medium ClusterRole/r'] },
  { name: 'Role + RoleBinding is one namespace', source: 'VisitRulesFor: RoleBindings only for their namespace', yaml: role('apps', 'r', rule([''], ['pods', 'secrets'], ['delete'])) + rb('apps', 'b', 'Role', 'r'), expected: [] },
  { name: 'ClusterRole bound by a RoleBinding is one namespace', source: 'VisitRulesFor', yaml: clusterRole('r', rule(['apps'], ['deployments'], ['delete'])) + rb('apps', 'b', 'ClusterRole', 'r'), expected: [] },
  { name: 'unbound ClusterRole is latent', source: 'whoever binds it cluster-wide later gets it: one level lower', yaml: clusterRole('r', rule(['apps'], ['deployments'], ['delete'])), expected: ['low ClusterRole/r'] },
];

describe('destructive-delete', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(destructiveDelete, yaml))).toEqual(expected);
  });

  it('names the verbs per resource and the harm', () => {
    const [f] = runRule(destructiveDelete, bound(rule([''], ['events', 'pods', 'secrets', 'namespaces'], ['delete', 'deletecollection'])));
    expect(f?.message).toBe(
      'ClusterRole r grants delete, deletecollection on pods, secrets, events and delete on namespaces to monitoring/sa: across every namespace the holder can take down workloads and Services, destroy credentials and keys, delete whole namespaces with everything in them, erase the Events an investigation reads.',
    );
  });
});
