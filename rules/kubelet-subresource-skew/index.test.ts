import { describe, expect, it } from 'vitest';
import kubeletSubresourceSkew, { olderKubeletReasons } from './index.js';
import type { TargetInfo } from '../../src/types.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import { draftsOf, pathsAndKeys } from '../../test/support/rules.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const PODS = rule([''], ['nodes/pods'], ['get', 'list', 'watch']);
const OLD: Partial<TargetInfo> = { kubeVersion: '1.32.0' };

// Kubelet: auth.go GetRequestAttributes + server.go InstallAuthFilter (fine-grained first, then
// proxy; docs/kubernetes.md#path-to-subresource, #fallback-to-proxy). Gate: KubeletFineGrainedAuthz beta default-on 1.33 (docs/kubernetes.md#fine-grained-kubelet-authorization).
// KEP-2862 "Version skew": a chart granting only nodes/pods fails against older kubelets.
// Helm defaults: .Capabilities.KubeVersion 1.32.0 (Helm 3.17.3) and 1.35.0 (Helm 4.1.4), charts/INDEX.md.
const cases: { name: string; source: string; yaml: string; target: Partial<TargetInfo>; expected: string[] }[] = [
  { name: 'nodes/pods rendered for 1.32', source: 'alloy 1.5.3 under Helm 3.17.3\'s default 1.32.0', yaml: bound(PODS), target: OLD, expected: ['low ClusterRole/r'] },
  { name: 'nodes/pods rendered for 1.33', source: 'opentelemetry-operator 0.107.1 at --kube-version 1.33.0', yaml: bound(rule([''], ['nodes/pods'], ['get'])), target: { kubeVersion: '1.33.0' }, expected: [] },
  { name: 'nodes/pods rendered for 1.35', source: 'alloy 1.5.3 under Helm 4.1.4\'s default 1.35.0', yaml: bound(PODS), target: { kubeVersion: '1.35.0' }, expected: [] },
  { name: 'nothing given: the assumed window reaches back to 1.32', source: 'src/kube-versions.ts: EKS extended support of 1.32 runs to 2027-03-23', yaml: bound(PODS), target: {}, expected: ['low ClusterRole/r'] },
  { name: 'nothing given, rendered at 1.37 by this tool', source: 'the render stands for the window, not for the version it was rendered at', yaml: bound(PODS), target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed' }, expected: ['low ClusterRole/r'] },
  { name: 'a chart branching on the version, its newest render', source: 'opentelemetry-operator 0.107.1 at 1.37: nodes/pods only there', yaml: bound(PODS), target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', kubeMinors: ['1.37'] }, expected: [] },
  { name: 'v-prefixed version', source: 'semver.coerce of .Capabilities.KubeVersion.Version ("v1.32.0")', yaml: bound(PODS), target: { kubeVersion: 'v1.32.0' }, expected: ['low ClusterRole/r'] },
  { name: 'chart kubeVersion admits 1.25, nothing given', source: 'kube-prometheus-stack 88.5.3 Chart.yaml kubeVersion ">=1.25.0-0"', yaml: bound(PODS), target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', chartKubeVersion: '>=1.25.0-0' }, expected: ['low ClusterRole/r'] },
  { name: 'chart kubeVersion admits 1.25, --kube-version 1.35 given', source: 'a given version overrides the assumption', yaml: bound(PODS), target: { kubeVersion: '1.35.0', chartKubeVersion: '>=1.25.0-0' }, expected: [] },
  { name: 'chart kubeVersion >=1.33.0-0', source: 'the documented fix', yaml: bound(PODS), target: { chartKubeVersion: '>=1.33.0-0' }, expected: [] },
  { name: 'chart kubeVersion >=1.33.0-0 rendered for 1.35', source: 'the documented fix', yaml: bound(PODS), target: { kubeVersion: '1.35.0', chartKubeVersion: '>=1.33.0-0' }, expected: [] },
  { name: 'invalid constraint: the whole window', source: 'semver.validRange returns null', yaml: bound(PODS), target: { chartKubeVersion: 'not a range' }, expected: ['low ClusterRole/r'] },
  {
    name: 'nodes/proxy in the same rule is the fallback',
    source: 'InstallAuthFilter: first Allow wins, proxy tried second (datadog 3.240.0 default has proxy)',
    yaml: bound(rule([''], ['nodes/pods', 'nodes/proxy'], ['get'])),
    target: OLD,
    expected: [],
  },
  {
    name: 'nodes/proxy from another role bound to the same subject',
    source: 'VisitRulesFor: the union of all bindings',
    yaml: bound(PODS) + clusterRole('p', rule([''], ['nodes/proxy'], ['get'])) + crb('bp', 'p'),
    target: OLD,
    expected: [],
  },
  {
    name: 'nodes/proxy bound to someone else',
    source: 'appliesToUser: another ServiceAccount',
    yaml: bound(PODS) + clusterRole('p', rule([''], ['nodes/proxy'], ['get'])) + crb('bp', 'p', '  - { kind: ServiceAccount, name: other, namespace: monitoring }'),
    target: OLD,
    expected: ['low ClusterRole/r'],
  },
  {
    name: 'healthz + configz + pods in one rule: one finding',
    source: 'datadog 3.240.0 fineGrainedAuthorization=true; newrelic-infrastructure 4.5.0 kubeletFineGrainedAuth=true',
    yaml: bound(rule([''], ['nodes/metrics', 'nodes/pods', 'nodes/healthz', 'nodes/configz', 'nodes/stats'], ['get'])),
    target: OLD,
    expected: ['low ClusterRole/r'],
  },
  { name: 'nodes/metrics has always been checked', source: 'auth.go @ 04791b49: metrics before the gate', yaml: bound(rule([''], ['nodes/metrics', 'nodes/stats', 'nodes/log'], ['get'])), target: OLD, expected: [] },
  { name: 'nodes/statusz is left out', source: 'rule docs: /statusz was not served before it had its subresource (ComponentStatusz)', yaml: bound(rule([''], ['nodes/statusz'], ['get'])), target: OLD, expected: [] },
  { name: 'list/watch only', source: 'auth.go: GET → get; the kubelet never asks list/watch', yaml: bound(rule([''], ['nodes/pods'], ['list', 'watch'])), target: OLD, expected: [] },
  { name: '"*/pods" grants nodes/pods', source: 'ResourceMatches "*/"+subresource', yaml: bound(rule([''], ['*/pods'], ['get'])), target: OLD, expected: ['low ClusterRole/r'] },
  { name: '"*" also grants nodes/proxy', source: 'ResourceMatches ResourceAll', yaml: bound(rule([''], ['*'], ['get'])), target: OLD, expected: [] },
  { name: 'verbs "*"', source: 'VerbMatches VerbAll', yaml: bound(rule([''], ['nodes/healthz'], ['*'])), target: OLD, expected: ['low ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent: one level lower', yaml: clusterRole('r', PODS), target: OLD, expected: ['info ClusterRole/r'] },
  { name: 'Role: inert', source: 'VisitRulesFor: nodes are cluster-scoped', yaml: role('monitoring', 'r', PODS) + rb('monitoring', 'b', 'Role', 'r'), target: OLD, expected: [] },
  { name: 'RoleBinding → ClusterRole: inert', source: 'VisitRulesFor', yaml: clusterRole('r', PODS) + rb('monitoring', 'b', 'ClusterRole', 'r'), target: OLD, expected: [] },
  {
    name: 'proxy for other nodes than pods',
    source: 'ResourceNameMatches: the kubelet asks with its own node name',
    yaml: bound(rule([''], ['nodes/pods'], ['get'], ['node-a']) + rule([''], ['nodes/proxy'], ['get'], ['node-b'])),
    target: OLD,
    expected: ['low ClusterRole/r'],
  },
  {
    name: 'proxy for the same nodes',
    source: 'ResourceNameMatches',
    yaml: bound(rule([''], ['nodes/pods'], ['get'], ['node-a']) + rule([''], ['nodes/proxy'], ['get'], ['node-a'])),
    target: OLD,
    expected: [],
  },
];

describe('kubelet-subresource-skew', () => {
  it.each(cases)('$name ($source)', ({ yaml, target, expected }) => {
    expect(summaryOf(runRule(kubeletSubresourceSkew, yaml, target))).toEqual(expected);
  });

  it('says which kubelets break and how to fix it, with a rule ready to paste', () => {
    const [f] = runRule(kubeletSubresourceSkew, bound(rule([''], ['nodes/pods', 'nodes/healthz'], ['get'])), { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', chartKubeVersion: '>=1.25.0-0' });
    expect(f?.message).toBe(
      'ClusterRole r rule 1 grants get on nodes/pods, nodes/healthz to monitoring/sa without nodes/proxy, but no Kubernetes version was given and ' +
        'the chart (Chart.yaml kubeVersion ">=1.25.0-0") is assumed to run on Kubernetes 1.32–1.37 (every minor still supported upstream or by EKS, GKE or AKS extended support on 2026-12-08, within the chart\'s kubeVersion): ' +
        'kubelets older than 1.33 (or with KubeletFineGrainedAuthz off) check only nodes/proxy for /pods, /runningpods/, /healthz, so those requests are denied there.',
    );
    expect(f?.fix?.summary).toContain('kubeVersion: ">=1.33.0-0"');
    expect(f?.fix?.summary).toContain('semverCompare "<1.33-0" .Capabilities.KubeVersion.Version');
    expect(f?.fix?.rules).toEqual([{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'], resourceNames: [], nonResourceURLs: [] }]);
    expect(f?.fix?.minKubernetesVersion).toBe('1.33');
    expect(f?.permissions.map((p) => p.resource)).toEqual(['nodes/pods', 'nodes/healthz']);
  });

  it('points at the first skewed entry and keys on the subresources, not indexes', () => {
    const drafts = draftsOf(kubeletSubresourceSkew, bound(rule([''], ['nodes'], ['get']) + rule([''], ['nodes/metrics', 'nodes/pods'], ['get'])), OLD);
    expect(pathsAndKeys(drafts)).toEqual(['rules.1.resources.1 skew:pods:']);
  });

  // Nothing given: the supported window 1.32–1.37 (src/kube-versions.ts) within the chart's
  // kubeVersion (node-semver, includePrerelease); a given version stands for itself.
  const ranges: [Partial<TargetInfo>, number][] = [
    [{ chartKubeVersion: '>=1.19.0-0' }, 1], // prometheus 28.6.1 Chart.yaml
    [{ chartKubeVersion: '>=1.33.0-0' }, 0],
    [{ chartKubeVersion: '>=1.33' }, 0],
    [{ chartKubeVersion: '^1.30.0' }, 1],
    [{ chartKubeVersion: '>=1.34.0 <1.36.0' }, 0],
    [{ chartKubeVersion: '<1.33.0-0' }, 1],
    // Masterminds semver (helm): a comma means AND, as a space does for node-semver
    [{ chartKubeVersion: '>=1.30.0-0, <1.36.0-0' }, 1],
    [{ chartKubeVersion: '>=1.34.0-0, <1.36.0-0' }, 0],
    [{ kubeVersion: '1.32.9' }, 1],
    [{ kubeVersion: '1.33.0' }, 0],
    [{ kubeVersion: '1.33.0', kubeVersionSource: 'assumed' }, 1],
    [{ kubeVersion: 'garbage' }, 1],
    [{}, 1],
  ];
  it.each(ranges)('olderKubeletReasons(%j) has %i reason(s)', (target, count) => {
    expect(olderKubeletReasons({ kubeVersion: null, chartKubeVersion: null, ...target })).toHaveLength(count);
  });
});
