import { describe, expect, it } from 'vitest';
import persistentVolumeCreate from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import type { RuleModule } from '../../src/rule-api/index.js';
import { draftsOf } from '../../test/support/rules.js';

// The drafts themselves carry the path (findings only keep the line it resolves to).
const drafts = (rule: RuleModule, yaml: string) => draftsOf(rule, yaml);

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const GOOD_PRACTICES = 'rbac-good-practices.md "Persistent volume creation"';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); persistentvolumes are cluster-scoped (VisitRulesFor,
// docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'create persistentvolumes', source: GOOD_PRACTICES, yaml: bound(rule([''], ['persistentvolumes'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'update/patch cannot change the source', source: 'validation.go ValidatePersistentVolumeUpdate: spec.persistentvolumesource is immutable after creation', yaml: bound(rule([''], ['persistentvolumes'], ['update', 'patch', 'delete'])), expected: [] },
  { name: 'persistentvolumeclaims are not volumes', source: 'ResourceMatches exact comparison', yaml: bound(rule([''], ['persistentvolumeclaims'], ['create'])), expected: [] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll', yaml: bound(rule([''], ['*'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['persistentvolumes'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['persistentvolumes'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: '"*/status" does not reach the resource', source: 'ResourceMatches: "*/x" only matches subresource requests', yaml: bound(rule([''], ['*/status'], ['create'])), expected: [] },
  { name: '"persistentvolumes/*" is not a wildcard', source: 'ResourceMatches: literal comparison', yaml: bound(rule([''], ['persistentvolumes/*'], ['create'])), expected: [] },
  { name: 'wrong group (storage.k8s.io)', source: 'APIGroupMatches exact comparison', yaml: bound(rule(['storage.k8s.io'], ['persistentvolumes'], ['create'])), expected: [] },
  { name: 'case matters', source: 'ResourceMatches exact comparison', yaml: bound(rule([''], ['PersistentVolumes'], ['create'])), expected: [] },
  { name: 'resourceNames never match create', source: 'ResourceNameMatches: create carries no name (docs/kubernetes.md#rbac-rule-matching)', yaml: bound(rule([''], ['persistentvolumes'], ['create'], ['pv-1'])), expected: [] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['persistentvolumes'], ['create'])), expected: ['medium ClusterRole/r'] },
  { name: 'Role is inert', source: 'VisitRulesFor: cluster-scoped request', yaml: role('ns', 'r', rule([''], ['persistentvolumes'], ['create'])) + rb('ns', 'b', 'Role', 'r'), expected: [] },
  { name: 'RoleBinding → ClusterRole is inert', source: 'VisitRulesFor: cluster-scoped request', yaml: clusterRole('r', rule([''], ['persistentvolumes'], ['create'])) + rb('ns', 'b', 'ClusterRole', 'r'), expected: [] },
  {
    name: 'aggregated into built-in admin',
    source: 'bootstrappolicy policy.go: admin aggregates aggregate-to-admin',
    yaml: clusterRole('r', rule([''], ['persistentvolumes'], ['create']), '  labels:\n    rbac.authorization.k8s.io/aggregate-to-admin: "true"\n'),
    expected: ['high ClusterRole/r'],
  },
];

describe('persistentvolume-create', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(persistentVolumeCreate, yaml))).toEqual(expected);
  });

  it('names the binding subjects and the entry as written', () => {
    const yaml = bound(rule([''], ['persistentvolumeclaims', 'persistentvolumes'], ['get', 'create']));
    const [f] = runRule(persistentVolumeCreate, yaml);
    expect(drafts(persistentVolumeCreate, yaml).map((d) => d.path)).toEqual(['rules.0.resources.1']);
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'persistentvolumes', verbs: ['create'], resourceNames: [] }]);
    expect(f?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa', namespace: 'monitoring' }]);
  });
});
