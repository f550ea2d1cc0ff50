// Random Kubernetes-ish objects for the engine and formatter properties: mostly well-formed RBAC
// that exercises the rules (nodes/proxy, wildcards, bindings to generated roles, aggregation,
// kubelet evidence in ConfigMaps), with any JSON value (or anything fast-check makes) dropped
// into any field, and strings that carry injection payloads.
import fc from 'fast-check';
import { stringify } from 'yaml';
import { refOf } from '../../src/parse/objects.js';
import type { ParsedObject, TargetInfo } from '../../src/types.js';

export const RBAC_V1 = 'rbac.authorization.k8s.io/v1';

/** Strings that must survive every output format (terminal, Markdown, workflow commands, JSON). */
export const HOSTILE_STRINGS = [
  '\u001b[2J',
  '\u001b]8;;http://evil/\u0007x',
  'a\rb',
  'bell\u0007',
  'x`y|z',
  '<img src=x onerror=alert(1)>',
  '</details><details>',
  '@octocat',
  '#123',
  '::error::pwned',
  '%0A::warning::x',
  'a,b:c',
  'line\nbreak',
  '"quote"',
  "it's",
  '\u2028sep',
  '\u009b31m',
  'é日本',
];

const hostile = fc.constantFrom(...HOSTILE_STRINGS);
const plainName = fc.constantFrom('prometheus', 'agent', 'reader', 'view', 'edit', 'admin', 'cluster-admin', 'x', 'system:node-proxier');
export const name = fc.oneof({ weight: 4, arbitrary: plainName }, { weight: 1, arbitrary: hostile }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const ns = fc.constantFrom('default', 'monitoring', 'kube-system', '');
/** Any JSON value, small. */
export const junk = fc.jsonValue({ maxDepth: 2 });

/** A value that is usually `good` and sometimes any JSON value. */
const mostly = <T>(good: fc.Arbitrary<T>): fc.Arbitrary<unknown> => fc.oneof({ weight: 6, arbitrary: good }, { weight: 1, arbitrary: junk });

const list = (item: fc.Arbitrary<string>) => mostly(fc.array(mostly(item), { maxLength: 3 }));
const verbs = list(fc.constantFrom('get', 'list', 'watch', 'create', 'update', 'patch', 'delete', '*', 'escalate', 'bind', 'impersonate', 'approve', 'sign', 'GET'));
const groups = list(fc.constantFrom('', '*', 'apps', 'rbac.authorization.k8s.io', 'certificates.k8s.io', 'admissionregistration.k8s.io'));
const resources = list(
  fc.constantFrom('*', 'nodes', 'nodes/proxy', 'nodes/metrics', 'nodes/stats', 'nodes/log', '*/proxy', 'nodes/*', 'pods', 'pods/exec', 'secrets', 'serviceaccounts/token', 'clusterroles', 'persistentvolumes', 'namespaces', 'certificatesigningrequests/approval', 'signers', 'deployments', 'validatingwebhookconfigurations', 'Nodes'),
);
const urls = list(fc.constantFrom('/metrics', '/metrics*', '*', '/api/*', '/healthz'));

export const policyRule = mostly(
  fc.record({ verbs, apiGroups: groups, resources, resourceNames: list(fc.oneof(plainName, hostile)), nonResourceURLs: urls }, { requiredKeys: [] }),
);

const labels = mostly(
  fc.dictionary(
    fc.constantFrom('app', 'rbac.authorization.k8s.io/aggregate-to-view', 'rbac.authorization.k8s.io/aggregate-to-admin', 'rbac.example.com/aggregate-to-monitoring', 'x'),
    mostly(fc.constantFrom('true', 'false', 'prometheus')),
    { maxKeys: 3 },
  ),
);
const annotations = mostly(
  fc.dictionary(fc.constantFrom('ignore-check.helm-rbac-lint.io/nodes-proxy', 'ignore-check.helm-rbac-lint.io/wildcard-grant', 'note', 'ignore-check.helm-rbac-lint.io/no-such-rule'), mostly(fc.oneof(fc.constant('scrapes kubelet metrics'), hostile, fc.constant(''))), { maxKeys: 2 }),
);
const metadata = mostly(fc.record({ name: mostly(name), namespace: mostly(ns), labels, annotations }, { requiredKeys: ['name'] }));

const subject = mostly(
  fc.record(
    { kind: mostly(fc.constantFrom('ServiceAccount', 'User', 'Group', 'Robot')), name: mostly(fc.oneof(name, fc.constantFrom('system:authenticated', 'system:serviceaccounts', 'system:anonymous'))), namespace: mostly(ns), apiGroup: fc.constantFrom('', 'rbac.authorization.k8s.io') },
    { requiredKeys: ['kind', 'name'] },
  ),
);
const roleRef = mostly(fc.record({ apiGroup: mostly(fc.constant('rbac.authorization.k8s.io')), kind: mostly(fc.constantFrom('ClusterRole', 'Role')), name: mostly(name) }));
const aggregationRule = mostly(
  fc.record({ clusterRoleSelectors: mostly(fc.array(mostly(fc.record({ matchLabels: labels }, { requiredKeys: [] })), { maxLength: 2 })) }),
);

const evidenceText = fc.constantFrom(
  'replacement: /api/v1/nodes/$1/proxy/metrics',
  'https://${NODE_IP}:10250/metrics/cadvisor',
  'kubeletstats:\n  endpoint: ${env:K8S_NODE_NAME}:10250\n  auth_type: serviceAccount',
  'curl -k https://localhost:10250/pods',
  'nothing to see',
);

const role = fc.record(
  { apiVersion: mostly(fc.constant(RBAC_V1)), kind: fc.constantFrom('ClusterRole', 'Role'), metadata, rules: mostly(fc.array(policyRule, { maxLength: 3 })), aggregationRule },
  { requiredKeys: ['apiVersion', 'kind', 'metadata', 'rules'] },
);
const binding = fc.record(
  { apiVersion: mostly(fc.constant(RBAC_V1)), kind: fc.constantFrom('ClusterRoleBinding', 'RoleBinding'), metadata, roleRef, subjects: mostly(fc.array(subject, { maxLength: 3 })) },
  { requiredKeys: ['apiVersion', 'kind', 'metadata', 'roleRef'] },
);
const configMap = fc.record({ apiVersion: fc.constant('v1'), kind: fc.constant('ConfigMap'), metadata, data: mostly(fc.dictionary(fc.constantFrom('prometheus.yml', 'config.alloy', 'x'), mostly(evidenceText), { maxKeys: 2 })) });
const workload = fc.record({
  apiVersion: fc.constant('apps/v1'),
  kind: fc.constantFrom('DaemonSet', 'Deployment'),
  metadata,
  spec: mostly(fc.record({ template: mostly(fc.record({ spec: mostly(fc.record({ serviceAccountName: mostly(name), containers: mostly(fc.array(mostly(fc.record({ name: name, args: mostly(fc.array(evidenceText, { maxLength: 2 })) })), { maxLength: 2 })) })) })) })),
});

/** One K8s-ish object: a mapping with string apiVersion and kind (what ParsedObject requires). */
export const k8sObject: fc.Arbitrary<Record<string, unknown>> = fc.oneof(
  { weight: 4, arbitrary: role },
  { weight: 4, arbitrary: binding },
  { weight: 1, arbitrary: configMap },
  { weight: 1, arbitrary: workload },
).map((o) => ({ ...o, apiVersion: typeof o.apiVersion === 'string' ? o.apiVersion : RBAC_V1 }));

/** A document of a rendered stream: usually an object, sometimes a List of them, or anything at all. */
export const document: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 8, arbitrary: k8sObject },
  { weight: 1, arbitrary: fc.array(k8sObject, { maxLength: 3 }).map((items) => ({ apiVersion: 'v1', kind: 'List', items })) },
  { weight: 1, arbitrary: junk },
);

/** Objects as the parser would hand them over (positions unknown). */
export function parsedObjects(bodies: readonly Record<string, unknown>[], target = 0): ParsedObject[] {
  return bodies.map((body, i) => ({
    ref: refOf(body) ?? { apiVersion: String(body.apiVersion), kind: String(body.kind), name: '', namespace: null },
    body,
    target,
    doc: i,
    renderedLine: i * 10 + 1,
    source: { file: 'templates/rbac.yaml', line: i * 10 + 1 },
    positions: {},
  }));
}

/** A rendered stream as helm writes it: `---`, `# Source:`, the document. */
export function renderedText(docs: readonly unknown[]): string {
  return docs.map((d, i) => `---\n# Source: chart/templates/doc-${i}.yaml\n${stringify(d, { version: '1.1' })}`).join('');
}

export function target(overrides: Partial<TargetInfo> = {}): TargetInfo {
  return {
    id: 0,
    chart: 'charts/chart',
    name: 'chart',
    version: '1.0.0',
    release: 'chart',
    namespace: 'monitoring',
    values: [],
    renderer: 'helm v4.1.4',
    kubeVersion: '1.35.0',
    chartKubeVersion: null,
    render: null,
    ...overrides,
  };
}
