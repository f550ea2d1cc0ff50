import { describe, expect, it } from 'vitest';
import configmapWrite from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const inNamespace = (ns: string, rules: string) => role(ns, 'r', rules) + rb(ns, 'b', 'Role', 'r');
const CM = (verbs: string[], names: string[] = []) => rule([''], ['configmaps'], verbs, names);

// Matching: RuleAllows (evaluation_helpers.go VerbMatches/APIGroupMatches/ResourceMatches/
// ResourceNameMatches); scope: VisitRulesFor (a ClusterRoleBinding covers every namespace, a
// RoleBinding its own). Create and deletecollection requests carry no name (requestinfo.go), so a
// rule with resourceNames never allows them; POST of an existing name is AlreadyExists
// (registry/generic/registry/store.go Create), so create alone changes no ConfigMap.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'update cluster-wide', source: 'ClusterRoleBinding: every namespace, kube-system included', yaml: bound(CM(['update'])), expected: ['high ClusterRole/r'] },
  { name: 'patch cluster-wide', source: 'PATCH → patch', yaml: bound(CM(['get', 'patch'])), expected: ['high ClusterRole/r'] },
  { name: 'delete cluster-wide', source: 'DELETE → delete: coredns/aws-auth gone', yaml: bound(CM(['delete'])), expected: ['high ClusterRole/r'] },
  { name: 'deletecollection cluster-wide', source: 'DELETE on the collection → deletecollection', yaml: bound(CM(['deletecollection'])), expected: ['high ClusterRole/r'] },
  { name: 'create only cluster-wide is one level lower', source: 'store.go Create: AlreadyExists for an existing name', yaml: bound(CM(['create'])), expected: ['medium ClusterRole/r'] },
  { name: 'read only', source: 'get/list/watch change nothing', yaml: bound(CM(['get', 'list', 'watch'])), expected: [] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(CM(['*'])), expected: ['high ClusterRole/r'] },
  { name: 'resources "*" in the core group', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([''], ['*'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['configmaps'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'configmaps in another group is not core configmaps', source: 'APIGroupMatches: exact', yaml: bound(rule(['apps'], ['configmaps'], ['update'])), expected: [] },
  { name: 'Role in its namespace', source: 'VisitRulesFor: RoleBinding namespace only', yaml: inNamespace('apps', CM(['update', 'create'])), expected: ['medium Role/r'] },
  { name: 'Role in its namespace, create only', source: 'store.go Create: AlreadyExists', yaml: inNamespace('apps', CM(['create'])), expected: ['low Role/r'] },
  { name: 'Role in kube-system reaches coredns', source: 'VisitRulesFor: RoleBinding in kube-system', yaml: inNamespace('kube-system', CM(['patch'])), expected: ['high Role/r'] },
  { name: 'ClusterRole bound by a RoleBinding', source: 'VisitRulesFor: the RoleBinding namespace', yaml: clusterRole('r', CM(['update'])) + rb('apps', 'b', 'ClusterRole', 'r'), expected: ['medium ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'judged as bound cluster-wide, then one level lower', yaml: clusterRole('r', CM(['update'])), expected: ['medium ClusterRole/r'] },
  { name: 'resourceNames of its own ConfigMap', source: 'ResourceNameMatches: only the named objects', yaml: bound(CM(['get', 'update'], ['agent-state'])), expected: [] },
  { name: 'resourceNames coredns cluster-wide', source: 'ResourceNameMatches: the named object is kube-system/coredns', yaml: bound(CM(['update'], ['coredns'])), expected: ['high ClusterRole/r'] },
  { name: 'resourceNames aws-auth in kube-system', source: 'ResourceNameMatches; RoleBinding in kube-system', yaml: inNamespace('kube-system', CM(['patch'], ['aws-auth'])), expected: ['high Role/r'] },
  { name: 'resourceNames coredns outside kube-system', source: 'a RoleBinding in apps never reaches kube-system/coredns', yaml: inNamespace('apps', CM(['update'], ['coredns'])), expected: [] },
  { name: 'resourceNames coredns, read only', source: 'get changes nothing', yaml: bound(CM(['get'], ['coredns'])), expected: [] },
];

describe('configmap-write', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(configmapWrite, yaml))).toEqual(expected);
  });

  it('names the exact verbs and the cluster-wide consequences', () => {
    const [f] = runRule(configmapWrite, bound(CM(['get', 'list', 'watch', 'create', 'update', 'delete'])));
    expect(f?.message).toBe(
      'ClusterRole r grants create, update, delete on configmaps to monitoring/sa: the holder can create, rewrite or delete any ConfigMap in the cluster, including kube-system/coredns (cluster DNS: point any Service name elsewhere) and, on EKS, kube-system/aws-auth (map any IAM identity to system:masters), and the configuration of every workload.',
    );
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'configmaps', verbs: ['create', 'update', 'delete'], resourceNames: [] }]);
  });

  it('says what a named sensitive ConfigMap is', () => {
    const [f] = runRule(configmapWrite, bound(CM(['update'], ['aws-auth'])));
    expect(f?.message).toMatch(/resourceNames aws-auth only\) to monitoring\/sa: the holder can rewrite kube-system\/aws-auth \(EKS maps IAM identities/);
  });

  it('a create-only grant says it cannot change existing ConfigMaps', () => {
    const [f] = runRule(configmapWrite, bound(rule([''], ['configmaps', 'events'], ['create'])));
    expect(f?.message).toMatch(/grants create on configmaps to monitoring\/sa: the holder can create ConfigMaps but not change existing ones/);
  });
});
