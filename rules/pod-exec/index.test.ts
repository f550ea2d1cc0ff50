import { describe, expect, it } from 'vitest';
import podExec, { websocketNeedsCreate } from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import type { TargetInfo } from '../../src/types.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const AUTHORIZE = 'pod/rest/authorize.go ensureAuthorizedForVerb + gate AuthorizePodWebsocketUpgradeCreatePermission (beta, default on, 1.35)';

// Matching: RuleAllows (docs/kubernetes.md#rbac-rule-matching); verbs: SPDY POST → create, WebSocket GET → get
// (docs/kubernetes.md#pods-exec-over-websocket, #permissions-that-escalate); scope: VisitRulesFor (docs/kubernetes.md#which-bindings-apply); severities: docs/design.md#severity-follows-effective-reach.
const cases: { name: string; source: string; yaml: string; target?: Partial<TargetInfo>; expected: string[] }[] = [
  { name: 'create pods/exec', source: 'SPDY POST is authorized as create', yaml: bound(rule([''], ['pods/exec'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'create pods/attach', source: 'AttachREST.Connect', yaml: bound(rule([''], ['pods/attach'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'create pods/portforward', source: 'PortForwardREST.Connect', yaml: bound(rule([''], ['pods/portforward'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'get pods/exec, version unknown', source: 'WebSocket upgrade is a GET (docs/kubernetes.md#permissions-that-escalate)', yaml: bound(rule([''], ['pods/exec'], ['get'])), expected: ['critical ClusterRole/r'] },
  { name: 'get pods/exec on 1.34', source: `${AUTHORIZE}: not yet there`, yaml: bound(rule([''], ['pods/exec'], ['get'])), target: { kubeVersion: '1.34.2' }, expected: ['critical ClusterRole/r'] },
  { name: 'get pods/exec on 1.35: create is also checked', source: AUTHORIZE, yaml: bound(rule([''], ['pods/exec'], ['get'])), target: { kubeVersion: '1.35.0' }, expected: ['high ClusterRole/r'] },
  { name: 'get, no version given: assumed 1.32–1.37 includes clusters before 1.35', source: `${AUTHORIZE}; src/kube-versions.ts support window`, yaml: bound(rule([''], ['pods/exec'], ['get'])), target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', chartKubeVersion: '>=1.25.0-0' }, expected: ['critical ClusterRole/r'] },
  { name: 'get, no version given, chart kubeVersion >=1.35', source: `${AUTHORIZE}; Chart.yaml kubeVersion narrows the assumed window`, yaml: bound(rule([''], ['pods/exec'], ['get'])), target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', chartKubeVersion: '>=1.35.0-0' }, expected: ['high ClusterRole/r'] },
  { name: 'get on 1.36 with chart constraint >=1.35', source: AUTHORIZE, yaml: bound(rule([''], ['pods/exec'], ['get'])), target: { kubeVersion: '1.36.1', chartKubeVersion: '>= 1.35.0-0' }, expected: ['high ClusterRole/r'] },
  { name: 'create on 1.35 stays critical', source: AUTHORIZE, yaml: bound(rule([''], ['pods/exec'], ['create'])), target: { kubeVersion: '1.35.0' }, expected: ['critical ClusterRole/r'] },
  { name: 'list/watch pods/exec reach nothing', source: 'only create (POST) and get (GET upgrade) connect', yaml: bound(rule([''], ['pods/exec'], ['list', 'watch'])), expected: [] },
  { name: 'pods/log is not exec', source: 'ResourceMatches: exact subresource', yaml: bound(rule([''], ['pods', 'pods/log'], ['get', 'create'])), expected: [] },
  { name: 'resources "*"', source: 'ResourceMatches: ResourceAll matches subresources', yaml: bound(rule([''], ['*'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'resources "*/exec"', source: 'ResourceMatches: "*/"+subresource', yaml: bound(rule([''], ['*/exec'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'apiGroups "*"', source: 'APIGroupMatches: APIGroupAll', yaml: bound(rule(['*'], ['pods/attach'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'verbs "*"', source: 'VerbMatches: VerbAll', yaml: bound(rule([''], ['pods/portforward'], ['*'])), expected: ['critical ClusterRole/r'] },
  { name: '"pods/*" is not a wildcard', source: 'ResourceMatches: literal comparison', yaml: bound(rule([''], ['pods/*'], ['create'])), expected: [] },
  { name: '"pods" does not cover pods/exec', source: 'rbac_test.go TestAuthorizer "test subresource resolution"', yaml: bound(rule([''], ['pods'], ['create', 'get'])), expected: [] },
  { name: 'wrong group', source: 'APIGroupMatches exact comparison', yaml: bound(rule(['apps'], ['pods/exec'], ['create'])), expected: [] },
  { name: 'case matters', source: 'ResourceMatches exact comparison', yaml: bound(rule([''], ['pods/Exec'], ['create'])), expected: [] },
  { name: 'resourceNames still grant those pods', source: 'ResourceNameMatches: connect requests carry the pod name', yaml: bound(rule([''], ['pods/exec'], ['create'], ['db-0'])), expected: ['critical ClusterRole/r'] },
  { name: 'unbound ClusterRole is latent', source: 'docs/design.md#severity-follows-effective-reach latent', yaml: clusterRole('r', rule([''], ['pods/exec'], ['create'])), expected: ['high ClusterRole/r'] },
  { name: 'Role + RoleBinding is bound', source: 'VisitRulesFor: RoleBindings of the namespace', yaml: role('apps', 'r', rule([''], ['pods/exec'], ['create'])) + rb('apps', 'b', 'Role', 'r'), expected: ['critical Role/r'] },
  { name: 'RoleBinding → ClusterRole is bound', source: 'VisitRulesFor', yaml: clusterRole('r', rule([''], ['pods/exec'], ['create'])) + rb('apps', 'b', 'ClusterRole', 'r'), expected: ['critical ClusterRole/r'] },
];

describe('pod-exec', () => {
  it.each(cases)('$name ($source)', ({ yaml, target, expected }) => {
    expect(summaryOf(runRule(podExec, yaml, target))).toEqual(expected);
  });

  it('explains the 1.35 create check on a get-only grant', () => {
    const [f] = runRule(podExec, bound(rule([''], ['pods/exec', 'pods/attach'], ['get'])), { kubeVersion: '1.35.0' });
    expect(f?.message).toMatch(/^ClusterRole r grants get on pods\/exec, pods\/attach to monitoring\/sa: get alone connects over WebSocket only where AuthorizePodWebsocketUpgradeCreatePermission is disabled/);
  });
});

// Chart.yaml kubeVersion uses Masterminds/semver constraints (commas = AND); helm's own check is
// chartutil IsCompatibleRange. The gate version is from kube_features.go (docs/kubernetes.md#pods-exec-over-websocket).
// A given --kube-version stands for that minor only (it overrides the assumption); without one,
// the render stands for the supported window (src/kube-versions.ts) within the chart's kubeVersion.
const versions: { target: Partial<TargetInfo>; expected: boolean; source: string }[] = [
  { target: { kubeVersion: null }, expected: false, source: 'manifests: the assumed window 1.32–1.37 includes 1.32' },
  { target: { kubeVersion: '1.34.9' }, expected: false, source: 'gate introduced in 1.35' },
  { target: { kubeVersion: '1.35.0' }, expected: true, source: 'gate beta, default on, 1.35' },
  { target: { kubeVersion: 'v1.36.0' }, expected: true, source: 'helm prints versions with a v' },
  { target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', chartKubeVersion: '>=1.21.0-0' }, expected: false, source: 'nothing given: the chart also installs on 1.32' },
  { target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', chartKubeVersion: '>=1.35.0-0, <1.40.0-0' }, expected: true, source: 'Masterminds comma = AND' },
  { target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', chartKubeVersion: 'not a range' }, expected: false, source: 'unreadable constraint: the whole window' },
  { target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed', kubeMinors: ['1.37'] }, expected: true, source: 'a chart branching on the version, its newest render' },
];

describe('websocketNeedsCreate', () => {
  it.each(versions)('$target → $expected ($source)', ({ target, expected }) => {
    expect(websocketNeedsCreate({ kubeVersion: null, chartKubeVersion: null, ...target })).toBe(expected);
  });
});
