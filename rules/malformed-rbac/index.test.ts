import fc from 'fast-check';
import { only } from '../../test/support/rules.js';
import { describe, expect, it } from 'vitest';
import malformedRbac from './index.js';
import { analyzeObjects } from '../../src/engine/analyze.js';
import type { InputIssue, ObjectRef, ParsedObject } from '../../src/types.js';
import { clusterRole, objectsFromYaml, role, rule, testTarget } from '../../test/support/objects.js';
import { runRule } from '../../test/support/rules.js';
import { draftsOf } from '../../test/support/rules.js';

const RBAC = 'rbac.authorization.k8s.io/v1';
const binding = (kind: string, body: string, ns = '') =>
  `apiVersion: ${RBAC}\nkind: ${kind}\nmetadata:\n  name: b\n${ns ? `  namespace: ${ns}\n` : ''}${body}\n---\n`;
const SA = 'subjects:\n  - { kind: ServiceAccount, name: sa, namespace: monitoring }';
const ROLE_REF = 'roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: view }';

// Validation: pkg/apis/rbac/validation/validation.go (ValidatePolicyRule, ValidateRoleBinding,
// ValidateRoleBindingSubject, ValidateClusterRole); extraction issues: src/rbac/extract.ts.
// Expected: the paths of the drafts (one per problem), sorted.
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'valid ClusterRole', source: 'ValidatePolicyRule accepts it', yaml: clusterRole('r', rule([''], ['pods'], ['get'])), expected: [] },
  { name: 'verbs as a string', source: 'PolicyRule.Verbs is []string (k8s.io/api rbac/v1 types.go)', yaml: clusterRole('r', '  - { apiGroups: [""], resources: [pods], verbs: get }'), expected: ['rules.0.verbs'] },
  { name: 'rules not a list', source: 'ClusterRole.Rules is []PolicyRule', yaml: clusterRole('r', '  pods: get'), expected: ['rules'] },
  { name: 'rule entry is a scalar (reported once)', source: 'PolicyRule is an object', yaml: clusterRole('r', '  - get pods'), expected: ['rules.0'] },
  { name: 'empty verbs', source: 'ValidatePolicyRule: "verbs must contain at least one value"', yaml: clusterRole('r', rule([''], ['pods'], [])), expected: ['rules.0.verbs'] },
  { name: 'no apiGroups', source: 'ValidatePolicyRule: "resource rules must supply at least one api group"', yaml: clusterRole('r', '  - { resources: [pods], verbs: [get] }'), expected: ['rules.0.apiGroups'] },
  { name: 'no resources', source: 'ValidatePolicyRule: "resource rules must supply at least one resource"', yaml: clusterRole('r', '  - { apiGroups: [""], verbs: [get] }'), expected: ['rules.0.resources'] },
  { name: 'nonResourceURLs in a Role', source: 'ValidatePolicyRule: "namespaced rules cannot apply to non-resource URLs"', yaml: role('monitoring', 'r', '  - { nonResourceURLs: [/metrics], verbs: [get] }'), expected: ['rules.0.nonResourceURLs'] },
  { name: 'nonResourceURLs with resources', source: 'ValidatePolicyRule: "rules cannot apply to both regular resources and non-resource URLs"', yaml: clusterRole('r', '  - { nonResourceURLs: [/metrics], resources: [pods], verbs: [get] }'), expected: ['rules.0.nonResourceURLs'] },
  { name: 'nonResourceURLs in a ClusterRole', source: 'ValidatePolicyRule accepts it', yaml: clusterRole('r', '  - { nonResourceURLs: [/metrics], verbs: [get] }'), expected: [] },
  { name: 'binding without roleRef', source: 'ValidateRoleBinding: roleRef required', yaml: binding('ClusterRoleBinding', SA), expected: ['roleRef'] },
  { name: 'ClusterRoleBinding → Role', source: 'ValidateClusterRoleBinding: kind must be ClusterRole', yaml: binding('ClusterRoleBinding', `roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: r }\n${SA}`), expected: ['roleRef.kind'] },
  { name: 'roleRef without apiGroup is defaulted', source: 'pkg/apis/rbac/v1/defaults.go SetDefaults_RoleBinding', yaml: binding('RoleBinding', `roleRef: { kind: ClusterRole, name: view }\n${SA}`, 'monitoring'), expected: [] },
  { name: 'roleRef with a wrong apiGroup', source: 'ValidateRoleBinding: apiGroup must be rbac.authorization.k8s.io', yaml: binding('RoleBinding', `roleRef: { apiGroup: v1, kind: ClusterRole, name: view }\n${SA}`, 'monitoring'), expected: ['roleRef.apiGroup'] },
  { name: 'ServiceAccount subject with the rbac apiGroup', source: 'ValidateRoleBindingSubject: ServiceAccount apiGroup must be ""', yaml: binding('ClusterRoleBinding', `${ROLE_REF}\nsubjects:\n  - { kind: ServiceAccount, name: sa, namespace: ns, apiGroup: rbac.authorization.k8s.io }`), expected: ['subjects.0.apiGroup'] },
  { name: 'label value that is not a string', source: 'ObjectMeta.Labels map[string]string', yaml: `apiVersion: ${RBAC}\nkind: ClusterRole\nmetadata:\n  name: r\n  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: true\nrules: []\n`, expected: ['metadata.labels.rbac.authorization.k8s.io/aggregate-to-view'] },
  { name: 'selector In without values', source: 'ValidateLabelSelectorRequirement: values must be non-empty for In', yaml: `apiVersion: ${RBAC}\nkind: ClusterRole\nmetadata:\n  name: r\naggregationRule:\n  clusterRoleSelectors:\n    - matchExpressions: [{ key: a, operator: In, values: [] }]\n`, expected: ['aggregationRule.clusterRoleSelectors.0.matchExpressions.0.values'] },
  { name: 'unknown subject kind', source: 'ValidateRoleBindingSubject: ServiceAccount, User or Group', yaml: binding('ClusterRoleBinding', `${ROLE_REF}\nsubjects:\n  - { kind: Team, name: x }`), expected: ['subjects.0.kind'] },
  { name: 'ServiceAccount without namespace in a ClusterRoleBinding', source: 'ValidateRoleBindingSubject: namespace Required', yaml: binding('ClusterRoleBinding', `${ROLE_REF}\nsubjects:\n  - { kind: ServiceAccount, name: sa }`), expected: ['subjects.0.namespace'] },
  { name: 'ServiceAccount without namespace in a RoleBinding is defaulted', source: 'rule.go appliesToUser: binding namespace', yaml: binding('RoleBinding', `${ROLE_REF}\nsubjects:\n  - { kind: ServiceAccount, name: sa }`, 'monitoring'), expected: [] },
  { name: 'aggregationRule without selectors', source: 'ValidateClusterRole: at least one clusterRoleSelector', yaml: `apiVersion: ${RBAC}\nkind: ClusterRole\nmetadata:\n  name: r\naggregationRule: {}\n`, expected: ['aggregationRule.clusterRoleSelectors'] },
  { name: 'missing metadata.name', source: 'ObjectMeta validation: name required', yaml: `apiVersion: ${RBAC}\nkind: ClusterRole\nrules: []\n`, expected: ['metadata.name'] },
  { name: 'rbac v1beta1', source: 'deprecation guide v1.22: rbac.authorization.k8s.io/v1beta1 no longer served', yaml: clusterRole('r', rule([''], ['pods'], ['get'])).replace(RBAC, 'rbac.authorization.k8s.io/v1beta1'), expected: ['apiVersion'] },
  { name: 'rbac v2 does not exist', source: 'the API server serves rbac.authorization.k8s.io/v1 only', yaml: clusterRole('r', rule([''], ['pods'], ['get'])).replace(RBAC, 'rbac.authorization.k8s.io/v2'), expected: ['apiVersion'] },
  { name: 'a ConfigMap with a "rules" key is not RBAC', source: 'only rbac.authorization.k8s.io kinds are validated', yaml: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\nrules: 5\n', expected: [] },
];

const ref = (kind: string, name: string, apiVersion = RBAC): ObjectRef => ({ apiVersion, kind, name, namespace: null });
const parseIssue = (object: ObjectRef | null, message: string, path: string | null = null): InputIssue => ({
  target: 0,
  object,
  source: { file: 'templates/rbac.yaml', line: 7 },
  renderedLine: 30,
  path,
  message,
});
const withParseIssues = (yaml: string, issues: InputIssue[]) =>
  analyzeObjects(objectsFromYaml(yaml), issues, 0, testTarget(), { rules: only(malformedRbac) }).findings;

describe('malformed-rbac', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(draftsOf(malformedRbac, yaml).map((d) => d.path).sort()).toEqual(expected);
    expect(runRule(malformedRbac, yaml).every((f) => f.severity === 'medium')).toBe(true);
  });

  it('accepts v1beta1 in a render for a cluster that still serves it', () => {
    const yaml = clusterRole('r', rule([''], ['pods'], ['get'])).replace(RBAC, 'rbac.authorization.k8s.io/v1beta1');
    expect(draftsOf(malformedRbac, yaml, { kubeVersion: '1.21.0' })).toEqual([]); // deprecation guide: served until 1.22
    expect(draftsOf(malformedRbac, yaml, { kubeVersion: '1.22.0' }).map((d) => d.path)).toEqual(['apiVersion']);
  });

  it('quotes the API server\'s message and keys on path + message', () => {
    const [d] = draftsOf(malformedRbac, clusterRole('r', rule([''], ['pods'], [])));
    expect(d?.message).toBe(
      'ClusterRole r: rules[0].verbs: Required value: verbs must contain at least one value: the API server rejects the object, so installing the chart fails.',
    );
    expect(d?.key).toBe('rules.0.verbs:rules[0].verbs: Required value: verbs must contain at least one value');
  });

  // Parser issues arrive in ctx.issues beside the model's (src/engine/analyze.ts analyzeObjects).
  const parserCases: { name: string; issue: InputIssue; expected: number }[] = [
    { name: 'parser issue on a ClusterRole', issue: parseIssue(ref('ClusterRole', 'r'), 'duplicate key "rules"'), expected: 1 },
    { name: 'parser issue on a ConfigMap', issue: parseIssue(ref('ConfigMap', 'c', 'v1'), 'duplicate key "data"'), expected: 0 },
    { name: 'parser issue without an object', issue: parseIssue(null, 'document 3 is not a mapping'), expected: 0 },
    { name: 'parser issue on an RBAC object that never parsed', issue: parseIssue(ref('RoleBinding', 'gone'), 'bad indentation'), expected: 1 },
  ];
  it.each(parserCases)('$name', ({ issue, expected }) => {
    expect(withParseIssues(clusterRole('r', rule([''], ['pods'], ['get'])), [issue])).toHaveLength(expected);
  });

  it('reports an issue on an object it cannot find at the issue\'s own position', () => {
    const [f] = withParseIssues('', [parseIssue(ref('RoleBinding', 'gone'), 'bad indentation', 'subjects')]);
    expect(f?.source).toEqual({ file: 'templates/rbac.yaml', line: 7 });
    expect(f?.renderedLine).toBe(30);
    expect(f?.message).toBe('RoleBinding gone: bad indentation.');
  });

  // docs/design.md#robustness: any shape is handled, never a crash.
  it('never throws on any body of an RBAC kind', () => {
    const kinds = ['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding'];
    fc.assert(
      fc.property(fc.constantFrom(...kinds), fc.anything(), fc.anything(), fc.anything(), (kind, rules, subjects, roleRef) => {
        const body = { apiVersion: RBAC, kind, metadata: { name: 'x', namespace: 'ns' }, rules, subjects, roleRef, aggregationRule: rules };
        const obj: ParsedObject = { ref: { apiVersion: RBAC, kind, name: 'x', namespace: 'ns' }, body, target: 0, doc: 0, renderedLine: 1, source: { file: null, line: null }, positions: {} };
        expect(() => analyzeObjects([obj], [], 1, testTarget(), { rules: only(malformedRbac) })).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });
});
