// A chart binding to a built-in role is judged as if the chart had written that role (docs/design.md,
// issue #13): the same rules, the binding's reach, the finding on the binding's roleRef, the
// message naming binding and role. What each built-in role holds: the bootstrap-policy golden
// files (cluster-roles.yaml, via src/rbac/kubernetes-data/policy).
import { describe, expect, it } from 'vitest';
import { analyzeObjects } from '../../src/engine/analyze.js';
import { objectsFromYaml, testTarget } from '../support/objects.js';
import { contextFor, TEST_RULES } from '../support/rules.js';

const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', role: string, subjects = '  - { kind: ServiceAccount, name: runner, namespace: ci }', roleKind = 'ClusterRole'): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: runner\n${kind === 'RoleBinding' ? '  namespace: ci\n' : ''}roleRef:\n  apiGroup: rbac.authorization.k8s.io\n  kind: ${roleKind}\n  name: ${role}\nsubjects:\n${subjects}\n`;

const lint = (yaml: string) => analyzeObjects(objectsFromYaml(yaml), [], 0, testTarget({ namespace: 'ci' }), { rules: TEST_RULES }).findings;
// The rules this table is about (other rules see the same roles; their own tables say how they grade).
const ABOUT = new Set(['cluster-admin-binding', 'impersonate', 'namespace-modify', 'networkpolicy-write', 'nodes-proxy', 'pod-exec', 'rbac-escalation', 'secrets-read', 'token-create', 'wildcard-grant', 'workload-create']);
/** `rule severity`, sorted and de-duplicated. */
const rulesOf = (yaml: string): string[] => [...new Set(lint(yaml).filter((f) => ABOUT.has(f.ruleId)).map((f) => `${f.ruleId} ${f.severity}`))].sort();

describe('findings of a chart binding to a built-in role', () => {
  it.each([
    {
      name: 'RoleBinding to edit: the namespace-scoped risks of edit, at that namespace',
      yaml: binding('RoleBinding', 'edit'),
      expected: ['impersonate critical', 'networkpolicy-write medium', 'pod-exec critical', 'secrets-read high', 'token-create high', 'workload-create high'],
      source: 'system:aggregate-to-edit: pods/exec create, secrets get, serviceaccounts impersonate, workloads, networkpolicies',
    },
    {
      name: 'ClusterRoleBinding to admin adds RBAC writes (rbac-escalation)',
      yaml: binding('ClusterRoleBinding', 'admin'),
      expected: ['impersonate critical', 'networkpolicy-write medium', 'pod-exec critical', 'rbac-escalation high', 'secrets-read high', 'token-create high', 'workload-create high'],
      source: 'system:aggregate-to-admin: roles, rolebindings all verbs',
    },
    { name: 'view: read-only, no secrets: nothing', yaml: binding('ClusterRoleBinding', 'view'), expected: [], source: 'system:aggregate-to-view' },
    { name: 'system:auth-delegator: nothing risky', yaml: binding('ClusterRoleBinding', 'system:auth-delegator'), expected: [], source: 'tokenreviews, subjectaccessreviews create' },
    {
      name: 'RoleBinding to cluster-admin: full control of the namespace, no node access',
      yaml: binding('RoleBinding', 'cluster-admin'),
      expected: ['cluster-admin-binding high', 'impersonate critical', 'namespace-modify medium', 'networkpolicy-write medium', 'pod-exec critical', 'rbac-escalation critical', 'secrets-read high', 'token-create high', 'wildcard-grant high', 'workload-create high'],
      source: 'cluster-admin */*/*; VisitRulesFor: a RoleBinding grants nothing cluster-scoped (nodes/proxy inert)',
    },
    {
      name: 'a binding without subjects grants nobody: latent, one level lower',
      yaml: binding('ClusterRoleBinding', 'edit', '  []'),
      expected: ['impersonate high', 'networkpolicy-write low', 'pod-exec high', 'secrets-read medium', 'token-create medium', 'workload-create medium'],
      source: 'appliesTo: no subject matches (docs/design.md latent)',
    },
    {
      name: 'the built-in Role extension-apiserver-authentication-reader in kube-system: nothing',
      yaml: binding('RoleBinding', 'extension-apiserver-authentication-reader', undefined, 'Role').replace('namespace: ci\n', 'namespace: kube-system\n'),
      expected: [],
      source: 'namespace-roles.yaml: get/list/watch configmaps named extension-apiserver-authentication',
    },
  ])('$name ($source)', ({ yaml, expected }) => {
    expect(rulesOf(yaml)).toEqual(expected);
  });

  it('names binding and built-in role, and points at the binding\'s roleRef', () => {
    const yaml = binding('RoleBinding', 'edit');
    const findings = lint(yaml);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.message).toMatch(/^RoleBinding ci\/runner → ClusterRole edit \(built-in\) grants .* within namespace ci: /);
      expect(f.object).toMatchObject({ kind: 'RoleBinding', name: 'runner', namespace: 'ci' });
    }
    const ctx = contextFor(yaml, { namespace: 'ci' });
    const drafts = TEST_RULES.rules.flatMap((r) => r.check(ctx));
    expect(new Set(drafts.map((d) => d.path))).toEqual(new Set(['roleRef']));
  });

  it('built-in content is never reported on its own, and rules the chart aggregates in stay on the chart role', () => {
    expect(lint('apiVersion: v1\nkind: ConfigMap\nmetadata: { name: x }\n')).toEqual([]);
    const labelled = `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: extra\n  labels: { rbac.authorization.k8s.io/aggregate-to-edit: "true" }\nrules:\n  - { apiGroups: [""], resources: [nodes/proxy], verbs: [get] }\n---\n`;
    const nodesProxy = lint(labelled + binding('ClusterRoleBinding', 'edit')).filter((f) => f.ruleId === 'nodes-proxy');
    expect(nodesProxy.map((f) => `${f.object.kind}/${f.object.name}`)).toEqual(['ClusterRole/extra']);
  });
});
