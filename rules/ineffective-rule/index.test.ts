import { describe, expect, it } from 'vitest';
import ineffectiveRule from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule } from '../../test/support/rules.js';

const keys = (yaml: string) => runRule(ineffectiveRule, yaml).map((f) => f.message.replace(/^.*?: /, '').slice(0, 40));

// Each case: a rule RuleAllows / VisitRulesFor can never match (sources in the rule module).
const cases: { name: string; source: string; yaml: string; count: number }[] = [
  { name: 'nodes/* literal', source: 'ResourceMatches: "nodes/*" is compared literally', yaml: clusterRole('r', rule([''], ['nodes/*'], ['get'])) + crb('b', 'r'), count: 1 },
  { name: '*/* literal', source: 'ResourceMatches: "*/*" only matches subresource "*"', yaml: clusterRole('r', rule([''], ['*/*'], ['get'])) + crb('b', 'r'), count: 1 },
  { name: 'core resource under apps', source: 'APIGroupMatches: nodes are in ""', yaml: clusterRole('r', rule(['apps'], ['nodes'], ['get'])) + crb('b', 'r'), count: 1 },
  { name: 'pods under metrics.k8s.io is real (PodMetrics)', source: 'metrics.k8s.io serves pods and nodes', yaml: clusterRole('r', rule(['metrics.k8s.io'], ['pods', 'nodes'], ['get'])) + crb('b', 'r'), count: 0 },
  { name: 'nodes in a Role', source: 'VisitRulesFor: namespaced RoleBindings never see cluster-scoped requests', yaml: role('ns', 'r', rule([''], ['nodes/proxy'], ['get'])), count: 1 },
  { name: 'ClusterRole with nodes bound only by a RoleBinding', source: 'VisitRulesFor', yaml: clusterRole('r', rule([''], ['nodes'], ['get'])) + rb('ns', 'b', 'ClusterRole', 'r'), count: 1 },
  { name: 'ClusterRole with nodes bound by a ClusterRoleBinding is fine', source: 'VisitRulesFor', yaml: clusterRole('r', rule([''], ['nodes'], ['get'])) + crb('b', 'r'), count: 0 },
  { name: 'unbound ClusterRole with nodes is fine (latent, not inert)', source: 'docs/design.md#severity-follows-effective-reach', yaml: clusterRole('r', rule([''], ['nodes'], ['get'])), count: 0 },
  { name: 'empty verbs', source: 'ValidatePolicyRule: verbs required', yaml: clusterRole('r', rule([''], ['pods'], [])) + crb('b', 'r'), count: 1 },
  { name: 'nonResourceURLs in a Role', source: 'ValidatePolicyRule: namespaced rules cannot apply to non-resource URLs', yaml: role('ns', 'r', '  - nonResourceURLs: ["/metrics"]\n    verbs: ["get"]\n'), count: 1 },
  { name: 'namespaced secrets through a RoleBinding are effective', source: 'VisitRulesFor', yaml: clusterRole('r', rule([''], ['secrets'], ['get'])) + rb('ns', 'b', 'ClusterRole', 'r'), count: 0 },
  {
    name: 'rules of an aggregated ClusterRole are overwritten',
    source: 'clusterroleaggregation_controller.go: result replaces .rules',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { x: "1" }\nrules:\n${rule([''], ['pods'], ['get'])}`,
    count: 1,
  },
];

describe('ineffective-rule', () => {
  it.each(cases)('$name ($source)', ({ yaml, count }) => {
    expect(keys(yaml)).toHaveLength(count);
  });
});

describe('ineffective-rule: namespaced grants Kubernetes does check in a namespace', () => {
  it('bind on clusterroles through a Role is effective (escalation_check.go BindingAuthorized uses the binding namespace)', () => {
    const yaml = role('ns', 'r', rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['bind'], ['view'])) + rb('ns', 'b', 'Role', 'r');
    expect(keys(yaml)).toHaveLength(0);
  });
  it('get on clusterroles through a Role is not', () => {
    const yaml = role('ns', 'r', rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['get'])) + rb('ns', 'b', 'Role', 'r');
    expect(keys(yaml)).toHaveLength(1);
  });
});
