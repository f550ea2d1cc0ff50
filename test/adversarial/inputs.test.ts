// Adversarial review: hostile and broken rendered input, checked end to end (parseRendered →
// model → rules). Expectations and their sources:
//   lists     = k8s.io/apimachinery pkg/api/meta IsListType/ExtractList (anything with `items` is a
//               list: kubectl/helm flatten `List` and typed `…List`)
//   yaml 1.2  = YAML 1.2 spec §9.1/9.2 (document markers `---` may carry a comment, `...` ends a
//               document; tabs are not indentation), §3.2.2.2 (anchors are scoped to one document)
//   scope     = apiserver pkg/registry/rest/create.go EnsureObjectNamespaceMatchesRequestNamespace
//               (cluster-scoped objects: namespace cleared)
//   served    = rbac.authorization.k8s.io/v1beta1 no longer served since 1.22 (Kubernetes deprecation guide)
//   group     = the RBAC authorizer only reads rbac.authorization.k8s.io objects (rule.go listers)
import { describe, expect, it } from 'vitest';
import nodesProxy from '../../rules/nodes-proxy/index.js';
import malformedRbac from '../../rules/malformed-rbac/index.js';
import { analyzeText, buildModel, canI, parseRendered, userInfoFor } from '../../src/index.js';
import { testTarget } from '../support/objects.js';
import { only } from '../support/rules.js';

const H = 'apiVersion: rbac.authorization.k8s.io/v1\n';
const NP_RULES = 'rules: [{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }]';
const BINDING = `${H}kind: ClusterRoleBinding\nmetadata: { name: b }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r }\nsubjects: [{ kind: ServiceAccount, name: sa, namespace: monitoring }]\n`;
const parse = (text: string) => parseRendered(text, { target: 0, chartName: null, manifestFile: 'manifest.yaml' });
const analyze = (text: string, rules = [nodesProxy, malformedRbac]) =>
  analyzeText(text, testTarget(), { chartName: null, manifestFile: 'manifest.yaml' }, { rules: only(...rules) });
const findings = (text: string, rules = [nodesProxy, malformedRbac]) =>
  analyze(text, rules)
    .findings.map((f) => `${f.ruleId} ${f.severity} ${f.object.kind}/${f.object.name}`)
    .sort();
const SA = userInfoFor('system:serviceaccount:monitoring:sa');
const NODE_PROXY = { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy', name: 'node-1' };

describe('wrappers and document framing still reach the grant', () => {
  const nested = (depth: number): string => {
    let inner = `{ apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: { name: r }, ${NP_RULES} }`;
    for (let i = 0; i < depth; i++) inner = `{ apiVersion: v1, kind: List, items: [${inner}] }`;
    return `${inner}\n---\n`;
  };
  const cases = [
    { name: 'typed ClusterRoleList', source: 'lists', text: `${H}kind: ClusterRoleList\nitems:\n  - ${H.trim()}\n    kind: ClusterRole\n    metadata: { name: r }\n    ${NP_RULES}\n---\n${BINDING}` },
    { name: 'a List inside a List', source: 'lists', text: nested(2) + BINDING },
    {
      name: 'JSON documents',
      source: 'YAML 1.2 is a JSON superset',
      text: `{"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole","metadata":{"name":"r"},"rules":[{"apiGroups":[""],"resources":["nodes/proxy"],"verbs":["get"]}]}\n---\n${BINDING}`,
    },
    { name: 'separator with a trailing comment `--- # x`', source: 'yaml 1.2 §9.2', text: `${H}kind: ClusterRole\nmetadata: { name: r }\n${NP_RULES}\n--- # next one\n${BINDING}` },
    { name: 'document end marker `...` before `---`', source: 'yaml 1.2 §9.1.4', text: `${H}kind: ClusterRole\nmetadata: { name: r }\n${NP_RULES}\n...\n---\n${BINDING}` },
    { name: 'CRLF line endings', source: 'yaml 1.2 §5.4 line breaks', text: `${H}kind: ClusterRole\nmetadata: { name: r }\n${NP_RULES}\n---\n${BINDING}`.replace(/\n/g, '\r\n') },
    { name: 'byte-order mark', source: 'yaml 1.2 §5.2', text: `\ufeff${H}kind: ClusterRole\nmetadata: { name: r }\n${NP_RULES}\n---\n${BINDING}` },
    {
      name: 'rules shared through an anchor inside one List document',
      source: 'yaml 1.2 §3.2.2.2 anchors within a document',
      text: `apiVersion: v1\nkind: List\nitems:\n  - { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: { name: other }, rules: &r [{ apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }] }\n  - { apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: { name: r }, rules: *r }\n---\n${BINDING}`,
    },
    { name: 'a YAML merge key inside a rule', source: 'YAML 1.1 merge keys (sigs.k8s.io/yaml, goyaml)', text: `${H}kind: ClusterRole\nmetadata: { name: r }\nx-base: &base { apiGroups: [""], resources: ["nodes/proxy"] }\nrules:\n  - <<: *base\n    verbs: ["get"]\n---\n${BINDING}` },
  ];
  it.each(cases)('$name ($source): the SA may get nodes/proxy and nodes-proxy is critical', (c) => {
    const a = analyze(c.text);
    expect(canI(a.model, SA, NODE_PROXY)).toBe(true);
    expect(a.findings.filter((f) => f.ruleId === 'nodes-proxy' && f.object.name === 'r').map((f) => f.severity)).toEqual(['critical']);
  });
});

describe('objects the authorizer would not use, or that never get installed', () => {
  it('a ClusterRole with metadata.namespace is still cluster-wide (scope)', () => {
    const a = analyze(`${H}kind: ClusterRole\nmetadata: { name: r, namespace: kube-system }\n${NP_RULES}\n---\n${BINDING}`);
    expect(a.model.clusterRole('r')?.namespace).toBeNull();
    expect(canI(a.model, SA, NODE_PROXY)).toBe(true);
  });

  it('rbac.authorization.k8s.io/v1beta1 is reported as not served (served)', () => {
    expect(findings(`apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata: { name: r }\n${NP_RULES}\n---\n${BINDING}`)).toContain('malformed-rbac medium ClusterRole/r');
  });

  it('a kind named ClusterRole in another API group is not RBAC (group)', () => {
    const a = analyze(`apiVersion: example.com/v1\nkind: ClusterRole\nmetadata: { name: r }\n${NP_RULES}\n---\n${BINDING}`);
    expect(a.model.clusterRole('r')).toBeUndefined();
    expect(canI(a.model, SA, NODE_PROXY)).toBe(false);
  });

  it('Lists nested deeper than the parser follows are reported, not silently dropped (lists)', () => {
    let inner = `{ apiVersion: rbac.authorization.k8s.io/v1, kind: ClusterRole, metadata: { name: r }, ${NP_RULES} }`;
    for (let i = 0; i < 6; i++) inner = `{ apiVersion: v1, kind: List, items: [${inner}] }`;
    expect(parse(`${inner}\n`).issues.length).toBeGreaterThan(0);
  });
});

describe('unreadable documents are reported, never crash and never yield objects', () => {
  const laughs = ['a: &a [x, x, x, x, x, x, x, x, x]']
    .concat(['b', 'c', 'd', 'e', 'f', 'g'].map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefg'[i]}`).join(', ')}]`))
    .concat(['h: [*g, *g, *g, *g, *g, *g, *g, *g, *g]', 'apiVersion: v1', 'kind: ConfigMap'])
    .join('\n');
  const cases = [
    { name: 'billion laughs', source: 'CVE-2019-11253 (kubernetes YAML alias bomb)', text: `${laughs}\n` },
    { name: 'tab indentation', source: 'yaml 1.2 §6.1: tabs are not indentation', text: `${H}kind: ClusterRole\nmetadata:\n\tname: r\n${NP_RULES}\n` },
    { name: 'alias to an anchor of another document', source: 'yaml 1.2 §3.2.2.2: anchors do not cross documents', text: `${H}kind: ClusterRole\nmetadata: { name: a }\nrules: &r []\n---\n${H}kind: ClusterRole\nmetadata: { name: r }\nrules: *r\n` },
  ];
  it.each(cases)('$name ($source)', (c) => {
    const r = parse(c.text);
    expect(r.unreadable.length).toBe(1);
    expect(r.objects.map((o) => o.ref.name)).not.toContain('r');
  });
});

describe('a malformed rule never hides a grant the author wrote (docs/design.md#severity-follows-effective-reach malformed-rbac + nodes-proxy)', () => {
  it('verbs as a scalar string: reported malformed, and the get on nodes/proxy is still reported', () => {
    const text = `${H}kind: ClusterRole\nmetadata: { name: r }\nrules:\n  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: get\n---\n${BINDING}`;
    expect(findings(text)).toEqual(['malformed-rbac medium ClusterRole/r', 'nodes-proxy critical ClusterRole/r']);
  });

  it('a rule with both resources and nonResourceURLs: reported malformed (validation.go ValidatePolicyRule)', () => {
    const text = `${H}kind: ClusterRole\nmetadata: { name: r }\nrules:\n  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    nonResourceURLs: ["/healthz"]\n    verbs: ["get"]\n---\n${BINDING}`;
    expect(findings(text)).toContain('malformed-rbac medium ClusterRole/r');
  });

  it('a duplicate key inside a rule: the last value wins (sigs.k8s.io/yaml non-strict YAMLToJSON)', () => {
    const text = `${H}kind: ClusterRole\nmetadata: { name: r }\nrules:\n  - apiGroups: [""]\n    resources: ["nodes/proxy"]\n    verbs: ["get"]\n    verbs: ["list"]\n---\n${BINDING}`;
    const model = buildModel(parse(text).objects);
    expect(model.clusterRole('r')?.rules[0]?.verbs).toEqual(['list']);
  });
});
