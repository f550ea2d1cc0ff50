import { describe, expect, it } from 'vitest';
import podExec, { websocketNeedsCreate } from './index.js';
import { clusterRole, crb, rb, role, rule } from '../../test/support/objects.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import type { TargetInfo } from '../../src/types.js';

const bound = (rules: string) => clusterRole('r', rules) + crb('b', 'r');
const AUTHORIZE = 'pod/rest/authorize.go ensureAuthorizedForVerb + gate AuthorizePodWebsocketUpgradeCreatePermission (beta, default on, 1.35)';

// Matching: RuleAllows (KUBERNETES.md §4.1); verbs: SPDY POST → create, WebSocket GET → get
// (KUBERNETES.md §3.2, §5); scope: VisitRulesFor (§4.2); severities: PRODUCT.md §4.
const cases: { name: string; source: string; yaml: string; target?: Partial<TargetInfo>; expected: string[] }[] = [
  { name: 'create pods/exec', source: 'SPDY POST is authorized as create', yaml: bound(rule([''], ['pods/exec'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'create pods/attach', source: 'AttachREST.Connect', yaml: bound(rule([''], ['pods/attach'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'create pods/portforward', source: 'PortForwardREST.Connect', yaml: bound(rule([''], ['pods/portforward'], ['create'])), expected: ['critical ClusterRole/r'] },
  { name: 'get pods/exec, version unknown', source: 'WebSocket upgrade is a GET (KUBERNETES.md §5)', yaml: bound(rule([''], ['pods/exec'], ['get'])), expected: ['critical ClusterRole/r'] },
  { name: 'get pods/exec on 1.34', source: `${AUTHORIZE}: not yet there`, yaml: bound(rule([''], ['pods/exec'], ['get'])), target: { kubeVersion: '1.34.2' }, expected: ['critical ClusterRole/r'] },
  { name: 'get pods/exec on 1.35: create is also checked', source: AUTHORIZE, yaml: bound(rule([''], ['pods/exec'], ['get'])), target: { kubeVersion: '1.35.0' }, expected: ['high ClusterRole/r'] },
  { name: 'get on 1.35 but chart admits older clusters', source: `${AUTHORIZE}; Chart.yaml kubeVersion`, yaml: bound(rule([''], ['pods/exec'], ['get'])), target: { kubeVersion: '1.35.0', chartKubeVersion: '>=1.25.0-0' }, expected: ['critical ClusterRole/r'] },
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
  { name: 'unbound ClusterRole is latent', source: 'PRODUCT.md §4 latent', yaml: clusterRole('r', rule([''], ['pods/exec'], ['create'])), expected: ['high ClusterRole/r'] },
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
// chartutil IsCompatibleRange. The gate version is from kube_features.go (KUBERNETES.md §3.2).
const versions: { kubeVersion: string | null; chartKubeVersion: string | null; expected: boolean; source: string }[] = [
  { kubeVersion: null, chartKubeVersion: null, expected: false, source: 'manifests: version unknown' },
  { kubeVersion: '1.34.9', chartKubeVersion: null, expected: false, source: 'gate introduced in 1.35' },
  { kubeVersion: '1.35.0', chartKubeVersion: null, expected: true, source: 'gate beta, default on, 1.35' },
  { kubeVersion: 'v1.36.0', chartKubeVersion: null, expected: true, source: 'helm prints versions with a v' },
  { kubeVersion: '1.35.0', chartKubeVersion: '>=1.21.0-0', expected: false, source: 'chart also installs on 1.21' },
  { kubeVersion: '1.35.0', chartKubeVersion: '>=1.35.0-0, <1.40.0-0', expected: true, source: 'Masterminds comma = AND' },
  { kubeVersion: '1.35.0', chartKubeVersion: 'not a range', expected: false, source: 'unreadable constraint admits anything' },
];

describe('websocketNeedsCreate', () => {
  it.each(versions)('$kubeVersion / $chartKubeVersion → $expected ($source)', ({ kubeVersion, chartKubeVersion, expected }) => {
    expect(websocketNeedsCreate({ kubeVersion, chartKubeVersion })).toBe(expected);
  });
});
