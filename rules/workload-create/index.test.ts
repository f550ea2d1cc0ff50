import { describe, expect, it } from 'vitest';
import workloadCreate from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const GOOD_PRACTICES = 'rbac-good-practices.md "Workload creation"';

// Matching: RuleAllows (plugin/pkg/auth/authorizer/rbac/rbac.go, docs/kubernetes.md#rbac-rule-matching); scope:
// VisitRulesFor (pkg/registry/rbac/validation/rule.go, docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'create pods', source: GOOD_PRACTICES, yaml: bound(rule([''], ['pods'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'patch pods swaps images', source: 'validation.go ValidatePodUpdate: spec.containers[*].image is mutable', yaml: bound(rule([''], ['pods'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'create deployments', source: GOOD_PRACTICES, yaml: bound(rule(['apps'], ['deployments'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'update daemonsets', source: `${GOOD_PRACTICES}; DaemonSet template is mutable`, yaml: bound(rule(['apps'], ['daemonsets'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: 'patch statefulsets and replicasets', source: GOOD_PRACTICES, yaml: bound(rule(['apps'], ['statefulsets', 'replicasets'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'create replicationcontrollers', source: GOOD_PRACTICES, yaml: bound(rule([''], ['replicationcontrollers'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'create jobs', source: GOOD_PRACTICES, yaml: bound(rule(['batch'], ['jobs'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'patch jobs: template immutable', source: 'batch validation.go ValidateJobSpecUpdate/validatePodTemplateUpdate', yaml: bound(rule(['batch'], ['jobs'], ['update', 'patch'])), expected: [] },
  { name: 'patch cronjobs: jobTemplate mutable', source: 'batch validation.go ValidateCronJobUpdate (no immutability check)', yaml: bound(rule(['batch'], ['cronjobs'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'pods/ephemeralcontainers patch (kubectl debug)', source: 'kubectl debug: Pods().Patch(..., "ephemeralcontainers")', yaml: bound(rule([''], ['pods/ephemeralcontainers'], ['patch'])), expected: ['high ClusterRole/r'] },
  { name: 'get/list/watch/delete are not workload creation', source: GOOD_PRACTICES, yaml: bound(rule(['', 'apps', 'batch'], ['pods', 'deployments', 'jobs'], ['get', 'list', 'watch', 'delete'])), expected: [] },
  { name: 'deployments/scale patch is not a template change', source: 'ResourceMatches: "deployments/scale" ≠ "deployments"', yaml: bound(rule(['apps'], ['deployments/scale'], ['patch'])), expected: [] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll', yaml: bound(rule(['apps'], ['*'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['deployments'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['pods'], ['*'])), expected: ['high ClusterRole/r'] },
  { name: '"*/ephemeralcontainers"', source: 'ResourceMatches: "*/"+subresource', yaml: bound(rule([''], ['*/ephemeralcontainers'], ['update'])), expected: ['high ClusterRole/r'] },
  { name: '"pods/*" is not a wildcard', source: 'ResourceMatches: literal comparison', yaml: bound(rule([''], ['pods/*'], ['patch'])), expected: [] },
  { name: 'deployments in the core group match nothing', source: 'APIGroupMatches exact comparison (deployments are apps)', yaml: bound(rule([''], ['deployments'], ['create'])), expected: [] },
  { name: 'extensions/deployments (removed in 1.16) are not probed', source: 'apps is the only served group for Deployments since 1.16', yaml: bound(rule(['extensions'], ['deployments'], ['create'])), expected: [] },
  { name: 'case matters', source: 'ResourceMatches exact comparison', yaml: bound(rule(['apps'], ['Deployments'], ['create'])), expected: [] },
  { name: 'create with resourceNames never matches', source: 'ResourceNameMatches: create requests carry no name', yaml: bound(rule(['apps'], ['deployments'], ['create'], ['web'])), expected: [] },
  { name: 'patch with resourceNames still rewrites those', source: 'ResourceNameMatches: patch carries the name', yaml: bound(rule(['apps'], ['deployments'], ['patch'], ['web'])), expected: ['high ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['pods'], ['create'])), expected: ['medium ClusterRole/r'] },
  { name: 'Role + RoleBinding is bound', source: 'VisitRulesFor: RoleBindings of the namespace', yaml: role('ci', 'r', rule([''], ['pods'], ['create'])) + rb('ci', 'b', 'Role', 'r'), expected: ['high Role/r'] },
  { name: 'RoleBinding → ClusterRole is bound', source: 'VisitRulesFor: namespaced request, RoleBinding to ClusterRole', yaml: clusterRole('r', rule(['apps'], ['deployments'], ['create'])) + rb('ci', 'b', 'ClusterRole', 'r'), expected: ['high ClusterRole/r'] },
  {
    name: 'aggregated into built-in edit',
    source: 'bootstrappolicy policy.go: edit aggregates aggregate-to-edit',
    yaml: clusterRole('r', rule([''], ['pods'], ['create']), '  labels:\n    rbac.authorization.k8s.io/aggregate-to-edit: "true"\n'),
    expected: ['high ClusterRole/r'],
  },
];

describe('workload-create', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(workloadCreate, yaml))).toEqual(expected);
  });

  it('reports one finding per rule entry, listing every workload it covers', () => {
    const findings = runRule(workloadCreate, bound(rule(['', 'apps'], ['pods', 'deployments', 'configmaps'], ['get', 'create'])));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/^ClusterRole r grants create on pods, apps\/deployments to monitoring\/sa: /);
    expect(findings[0]?.permissions).toEqual([
      { apiGroup: '', resource: 'pods', verbs: ['create'], resourceNames: [] },
      { apiGroup: 'apps', resource: 'deployments', verbs: ['create'], resourceNames: [] },
    ]);
  });
});
