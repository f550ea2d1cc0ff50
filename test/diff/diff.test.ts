import { describe, expect, it } from 'vitest';
import { diffModels, diffProbes, permissionLabel } from '../../src/diff/index.js';
import { TEST_RULES, diffOf as diff } from '../support/rules.js';
import type { Permission, RbacDiff } from '../../src/diff/index.js';
import { subjectLabel } from '../../src/rbac/subjects.js';
import { clusterRole, crb, rb, role, rule } from '../support/objects.js';
import { DIRECT_SCRAPE, PROXY_SCRAPE, analysisOf, scraper } from './support.js';

const labels = (ps: readonly Permission[]): string[] => ps.map(permissionLabel);
const findingLabel = (f: RbacDiff['findings']['introduced'][number]): string =>
  `${f.severity} ${f.ruleId} ${f.object.kind}/${f.object.name}${f.severityChange ? ` (${f.severityChange.from}→${f.severityChange.to})` : ''}`;

/** The diff reduced to strings that read like the text output. */
function summary(d: RbacDiff) {
  return {
    objects: d.objects.map((o) => `${o.change} ${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`),
    subjects: Object.fromEntries(
      d.subjects.map((s) => [
        subjectLabel(s.subject),
        { added: labels(s.added), removed: labels(s.removed), reachAdded: labels(s.reach.added), reachRemoved: labels(s.reach.removed) },
      ]),
    ),
    introduced: d.findings.introduced.map(findingLabel),
    resolved: d.findings.resolved.map(findingLabel),
    verdict: d.verdict,
  };
}

const SA = '  - { kind: ServiceAccount, name: sa, namespace: monitoring }';
const OTHER = '  - { kind: ServiceAccount, name: other, namespace: monitoring }';
const bound = (rules: string, extra = '', subjects = SA) => clusterRole('r', rules, extra) + crb('b', 'r', subjects);
const getListWatch = (resource: string) => [`get ${resource}`, `list ${resource}`, `watch ${resource}`];
const PROM_OLD = scraper({ resources: ['nodes', 'nodes/proxy', 'nodes/metrics', 'pods'], config: PROXY_SCRAPE });
const PROM_NEW = scraper({ resources: ['nodes', 'nodes/metrics', 'pods'], config: DIRECT_SCRAPE });
const VIEW_LABEL = '  labels:\n    rbac.authorization.k8s.io/aggregate-to-view: "true"\n';

interface Case {
  name: string;
  source: string;
  old: string;
  new: string;
  expected: Partial<ReturnType<typeof summary>>;
}

const cases: Case[] = [
  {
    name: 'explicit nodes/proxy dropped and scrape moved to the kubelet',
    source: 'shared/charts/INDEX.md prometheus 28.6.1 → 28.7.0: only nodes/proxy is removed from the server ClusterRole',
    old: PROM_OLD,
    new: PROM_NEW,
    expected: {
      objects: ['changed ClusterRole prometheus-server'],
      subjects: {
        'monitoring/prometheus-server': { added: [], removed: getListWatch('nodes/proxy'), reachAdded: [], reachRemoved: getListWatch('nodes/proxy') },
      },
      introduced: [],
      resolved: ['critical nodes-proxy ClusterRole/prometheus-server', 'medium apiserver-node-proxy-path ConfigMap/prometheus-server'],
      verdict: 'less-risk',
    },
  },
  {
    name: 'the same change reversed',
    source: 'prometheus 28.7.0 → 28.6.1 (INDEX.md); docs/design.md#commands-targets-and-exit-codes: fail-on applies to introduced findings',
    old: PROM_NEW,
    new: PROM_OLD,
    expected: {
      subjects: {
        'monitoring/prometheus-server': { added: getListWatch('nodes/proxy'), removed: [], reachAdded: getListWatch('nodes/proxy'), reachRemoved: [] },
      },
      introduced: ['critical nodes-proxy ClusterRole/prometheus-server', 'medium apiserver-node-proxy-path ConfigMap/prometheus-server'],
      resolved: [],
      verdict: 'more-risk',
    },
  },
  {
    name: 'resources "*" narrowed to a list: nodes/proxy reach disappears though the string never appeared',
    source: 'evaluation_helpers.go ResourceMatches: ResourceAll matches every resource and subresource',
    old: scraper({ resources: ['*'], config: PROXY_SCRAPE }),
    new: PROM_NEW,
    expected: {
      subjects: {
        'monitoring/prometheus-server': {
          removed: getListWatch('*'),
          added: [...getListWatch('nodes'), ...getListWatch('nodes/metrics'), ...getListWatch('pods')],
          reachAdded: [],
          // nodes/metrics stays reachable (now explicitly); get/list/watch never reach create/patch
          // probes, but `get` on pods/exec|attach|portforward is a probe of pod-exec (WebSocket).
          reachRemoved: [
            'get nodes/configz',
            'get nodes/healthz',
            'get nodes/log',
            'get nodes/pods',
            ...getListWatch('nodes/proxy'),
            'get nodes/stats',
            'get nodes/statusz',
            'get pods/attach',
            'get pods/exec',
            'get pods/portforward',
            ...getListWatch('secrets'),
          ],
        },
      },
      resolved: ['critical nodes-proxy ClusterRole/prometheus-server', 'medium apiserver-node-proxy-path ConfigMap/prometheus-server'],
      verdict: 'less-risk',
    },
  },
  {
    name: 'apiGroups "*" narrowed to "": same reach, a different grant as written',
    source: 'evaluation_helpers.go APIGroupMatches: APIGroupAll; both rules match core nodes/proxy',
    old: bound(rule(['*'], ['nodes/proxy'], ['get'])),
    new: bound(rule([''], ['nodes/proxy'], ['get'])),
    expected: {
      objects: ['changed ClusterRole r'],
      subjects: { 'monitoring/sa': { added: ['get nodes/proxy'], removed: ['get nodes.*/proxy'], reachAdded: [], reachRemoved: [] } },
      introduced: ['critical nodes-proxy ClusterRole/r'],
      resolved: ['critical nodes-proxy ClusterRole/r'],
      verdict: 'same-risk',
    },
  },
  {
    name: 'binding subject replaced',
    source: 'rule.go appliesToUser: only the bound ServiceAccount gets the role',
    old: bound(rule([''], ['nodes/proxy'], ['get'])),
    new: bound(rule([''], ['nodes/proxy'], ['get']), '', OTHER),
    expected: {
      objects: ['changed ClusterRoleBinding b'],
      subjects: {
        'monitoring/other': { added: ['get nodes/proxy'], removed: [], reachAdded: ['get nodes/proxy'], reachRemoved: [] },
        'monitoring/sa': { added: [], removed: ['get nodes/proxy'], reachAdded: [], reachRemoved: ['get nodes/proxy'] },
      },
      introduced: [],
      resolved: [],
      verdict: 'same-risk',
    },
  },
  {
    name: 'role and binding removed',
    source: 'rule.go VisitRulesFor: no binding, no rules',
    old: bound(rule([''], ['nodes/proxy'], ['get'])) + role('monitoring', 'keep', rule([''], ['configmaps'], ['get'])),
    new: role('monitoring', 'keep', rule([''], ['configmaps'], ['get'])),
    expected: {
      objects: ['removed ClusterRole r', 'removed ClusterRoleBinding b'],
      subjects: { 'monitoring/sa': { added: [], removed: ['get nodes/proxy'], reachAdded: [], reachRemoved: ['get nodes/proxy'] } },
      resolved: ['critical nodes-proxy ClusterRole/r'],
      verdict: 'less-risk',
    },
  },
  {
    name: 'rules, list items, documents and lines re-ordered',
    source: 'RulesAllow is order-independent (rbac.go); fingerprints exclude lines and order (engine/run.ts)',
    old: bound(rule([''], ['nodes/proxy', 'pods'], ['get', 'list']) + rule(['apps'], ['deployments'], ['get'])),
    new: `# moved\n\n${crb('b', 'r', SA)}${clusterRole('r', rule(['apps'], ['deployments'], ['get']) + rule([''], ['pods', 'nodes/proxy', 'pods'], ['list', 'get']), '  labels: { app.kubernetes.io/version: "2.0" }\n')}`,
    expected: { objects: [], subjects: {}, introduced: [], resolved: [], verdict: 'no-rbac-change' },
  },
  {
    name: 'a latent ClusterRole gets bound: the finding rises to its full severity',
    source: 'docs/design.md#severity-follows-effective-reach: latent grants one level lower, bound ones full severity',
    old: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])),
    new: bound(rule([''], ['nodes/proxy'], ['get'])),
    expected: {
      objects: ['added ClusterRoleBinding b'],
      subjects: { 'monitoring/sa': { added: ['get nodes/proxy'], removed: [], reachAdded: ['get nodes/proxy'], reachRemoved: [] } },
      introduced: ['critical nodes-proxy ClusterRole/r (high→critical)'],
      resolved: [],
      verdict: 'more-risk',
    },
  },
  {
    name: 'roleRef switched to another ClusterRole',
    source: 'rule.go GetRoleReferenceRules: the binding hands out the referenced role',
    old: clusterRole('metrics', rule([''], ['nodes/metrics'], ['get'])) + clusterRole('proxy', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'metrics'),
    new: clusterRole('metrics', rule([''], ['nodes/metrics'], ['get'])) + clusterRole('proxy', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'proxy'),
    expected: {
      objects: ['changed ClusterRoleBinding b'],
      subjects: { 'monitoring/sa': { added: ['get nodes/proxy'], removed: ['get nodes/metrics'], reachAdded: ['get nodes/proxy'], reachRemoved: ['get nodes/metrics'] } },
      introduced: ['critical nodes-proxy ClusterRole/proxy (high→critical)'],
      verdict: 'more-risk',
    },
  },
  {
    name: 'Role with secrets bound by a RoleBinding: namespaced grant, no rule flags it',
    source: 'rule.go VisitRulesFor: RoleBindings of the request namespace',
    old: '',
    new: role('monitoring', 'reader', rule([''], ['secrets'], ['get'])) + rb('monitoring', 'reader', 'Role', 'reader'),
    expected: {
      objects: ['added Role monitoring/reader', 'added RoleBinding monitoring/reader'],
      subjects: { 'monitoring/sa': { added: ['get secrets (in monitoring)'], removed: [], reachAdded: ['get secrets (in monitoring)'], reachRemoved: [] } },
      introduced: [],
      verdict: 'same-risk',
    },
  },
  {
    name: 'RoleBinding to a ClusterRole with nodes/proxy: an atom in the namespace, no nodes/proxy reach',
    source: 'rule.go VisitRulesFor: RoleBindings only for a non-empty namespace; nodes are cluster-scoped',
    old: '',
    new: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'),
    expected: {
      subjects: { 'monitoring/sa': { added: ['get nodes/proxy (in monitoring)'], removed: [], reachAdded: [], reachRemoved: [] } },
      introduced: ['low ineffective-rule ClusterRole/r'],
      verdict: 'more-risk',
    },
  },
  {
    name: 'bind on clusterroles through a RoleBinding reaches binding ClusterRoles in that namespace',
    source: 'escalation_check.go BindingAuthorized: bind is checked in the binding namespace',
    old: '',
    new: role('monitoring', 'binder', rule(['rbac.authorization.k8s.io'], ['clusterroles'], ['bind'])) + rb('monitoring', 'binder', 'Role', 'binder'),
    expected: {
      subjects: {
        'monitoring/sa': {
          added: ['bind clusterroles.rbac.authorization.k8s.io (in monitoring)'],
          removed: [],
          reachAdded: ['bind clusterroles.rbac.authorization.k8s.io (in monitoring)'],
          reachRemoved: [],
        },
      },
    },
  },
  {
    name: 'aggregate-to-view label added to an unbound ClusterRole',
    source: 'bootstrappolicy policy.go: view aggregates rbac.authorization.k8s.io/aggregate-to-view; docs/design.md#severity-follows-effective-reach',
    old: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])),
    new: clusterRole('r', rule([''], ['nodes/proxy'], ['get']), VIEW_LABEL),
    expected: {
      objects: ['changed ClusterRole r'],
      subjects: {},
      introduced: ['critical nodes-proxy ClusterRole/r (high→critical)'],
      verdict: 'more-risk',
    },
  },
  {
    name: 'nodes/proxy narrowed to one node with resourceNames: still reachable',
    source: 'evaluation_helpers.go ResourceNameMatches; the kubelet sets Name = node name (auth.go)',
    old: bound(rule([''], ['nodes/proxy'], ['get'])),
    new: bound(rule([''], ['nodes/proxy'], ['get'], ['node-1'])),
    expected: {
      subjects: { 'monitoring/sa': { added: ['get nodes/proxy [node-1]'], removed: ['get nodes/proxy'], reachAdded: [], reachRemoved: [] } },
      verdict: 'same-risk',
    },
  },
];

describe('diff (semantic, from the RBAC model)', () => {
  it.each(cases)('$name ($source)', ({ old, new: next, expected }) => {
    const actual = summary(diff(analysisOf(old), analysisOf(next)));
    // Every key a case names is compared exactly (an empty `subjects: {}` means none changed).
    const picked = Object.fromEntries(Object.keys(expected).map((k) => [k, actual[k as keyof typeof actual]]));
    expect(picked).toEqual(expected);
  });

  it.each(cases.flatMap((c) => [c.old, c.new]).filter((y) => y !== '').map((yaml, i) => ({ i, yaml })))(
    'diff(a, a) is always no-rbac-change (#$i)',
    ({ yaml }) => {
      const d = diff(analysisOf(yaml), analysisOf(yaml));
      expect({ objects: d.objects, subjects: d.subjects, introduced: d.findings.introduced, resolved: d.findings.resolved, verdict: d.verdict }).toEqual({
        objects: [],
        subjects: [],
        introduced: [],
        resolved: [],
        verdict: 'no-rbac-change',
      });
      expect(d.findings.unchanged.map((f) => f.fingerprint)).toEqual(analysisOf(yaml).findings.map((f) => f.fingerprint));
    },
  );

  it('diffModels is the RBAC-only part of diff', () => {
    const [a, b] = [analysisOf(PROM_OLD), analysisOf(PROM_NEW)];
    const full = diff(a, b);
    expect(diffModels(a.model, b.model, diffProbes(TEST_RULES.probes))).toEqual({ objects: full.objects, subjects: full.subjects });
  });

  it('a binding reports subjects, roleRef and what it hands out', () => {
    const d = diff(
      analysisOf(clusterRole('metrics', rule([''], ['nodes/metrics'], ['get'])) + clusterRole('proxy', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'metrics')),
      analysisOf(clusterRole('metrics', rule([''], ['nodes/metrics'], ['get'])) + clusterRole('proxy', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'proxy', `${SA}\n${OTHER}`)),
    );
    expect(d.objects).toEqual([
      {
        kind: 'ClusterRoleBinding',
        name: 'b',
        namespace: null,
        change: 'changed',
        added: [{ apiGroup: '', resource: 'nodes/proxy', verb: 'get' }],
        removed: [{ apiGroup: '', resource: 'nodes/metrics', verb: 'get' }],
        subjects: { added: [{ kind: 'ServiceAccount', name: 'other', namespace: 'monitoring' }], removed: [] },
        roleRef: {
          old: { kind: 'ClusterRole', name: 'metrics', apiGroup: 'rbac.authorization.k8s.io' },
          new: { kind: 'ClusterRole', name: 'proxy', apiGroup: 'rbac.authorization.k8s.io' },
        },
      },
    ]);
  });

  it('a change inside a role is reported on the role, not on the bindings that reference it', () => {
    const d = diff(analysisOf(bound(rule([''], ['pods'], ['get']))), analysisOf(bound(rule([''], ['pods', 'secrets'], ['get']))));
    expect(d.objects.map((o) => [o.kind, o.name, labels(o.added)])).toEqual([['ClusterRole', 'r', ['get secrets']]]);
  });

  it('aggregation label changes are listed on the ClusterRole', () => {
    const d = diff(analysisOf(clusterRole('r', rule([''], ['pods'], ['get']))), analysisOf(clusterRole('r', rule([''], ['pods'], ['get']), VIEW_LABEL)));
    expect(d.objects[0]?.aggregationLabels).toEqual({ added: ['rbac.authorization.k8s.io/aggregate-to-view=true'], removed: [] });
  });

  it('a namespaced grant the subject already holds cluster-wide is not repeated per namespace', () => {
    // rule.go VisitRulesFor: with a namespace, ClusterRoleBindings are visited first; `*` covers secrets.
    const yaml = bound(rule(['*'], ['*'], ['*'])) + role('monitoring', 'r2', rule([''], ['secrets'], ['get'])) + rb('monitoring', 'b2', 'Role', 'r2');
    const d = diff(analysisOf(''), analysisOf(yaml));
    expect(labels(d.subjects[0]?.added ?? [])).toEqual(['* *.*']);
    expect(labels(d.subjects[0]?.reach.added ?? [])).toContain('get nodes/proxy');
    expect(labels(d.subjects[0]?.reach.added ?? []).filter((l) => l.includes('(in '))).toEqual([]);
  });

  it('non-resource URLs are atoms of their own', () => {
    const urls = '  - nonResourceURLs: ["/metrics", "/metrics/cadvisor"]\n    verbs: ["get"]\n';
    const d = diff(analysisOf(''), analysisOf(bound(urls)));
    expect(labels(d.subjects[0]?.added ?? [])).toEqual(['get URL /metrics', 'get URL /metrics/cadvisor']);
  });

  it('atoms and reach are sorted deterministically whatever the input order', () => {
    const a = diff(analysisOf(''), analysisOf(bound(rule([''], ['secrets', 'nodes/proxy', 'pods'], ['watch', 'get', 'create']))));
    const b = diff(analysisOf(''), analysisOf(bound(rule([''], ['pods', 'nodes/proxy', 'secrets'], ['create', 'watch', 'get']))));
    expect(a.subjects).toEqual(b.subjects);
    expect(labels(a.subjects[0]?.added ?? [])).toEqual(['create nodes/proxy', 'get nodes/proxy', 'watch nodes/proxy', 'create pods', 'get pods', 'watch pods', 'create secrets', 'get secrets', 'watch secrets']);
  });
});

describe('evidence changes (docs/design.md#fix-advice-from-evidence; INDEX.md prometheus 28.6.1 → 28.7.0 moved scraping off the API-server proxy)', () => {
  const d = diff(analysisOf(PROM_OLD), analysisOf(PROM_NEW));

  it('lists evidence removed and added, matched by object + path + text', () => {
    expect(d.evidence.removed.map((e) => [e.object.kind, e.path, e.text, e.access])).toEqual([
      ['ConfigMap', 'data.prometheus.yml', '/api/v1/nodes/$1/proxy/metrics', 'apiserver-proxy'],
    ]);
    expect(d.evidence.added.map((e) => [e.object.kind, e.path, e.access, e.kubeletPath])).toEqual([['ConfigMap', 'data.prometheus.yml', 'kubelet-direct', '/metrics']]);
  });

  it('attaches them to the resolved kubelet findings they explain (nodes-proxy by subject, apiserver-node-proxy-path by object)', () => {
    expect(d.findings.resolved.map((f) => [f.ruleId, f.evidenceChanges?.removed.map((e) => e.text), f.evidenceChanges?.added.map((e) => e.kubeletPath)])).toEqual([
      ['nodes-proxy', ['/api/v1/nodes/$1/proxy/metrics'], ['/metrics']],
      ['apiserver-node-proxy-path', ['/api/v1/nodes/$1/proxy/metrics'], ['/metrics']],
    ]);
  });

  it('does not attach them to findings of other subjects or non-kubelet rules', () => {
    const other = clusterRole('elsewhere', rule([''], ['nodes/proxy'], ['get'])) + crb('elsewhere', 'elsewhere', OTHER);
    const withOther = diff(analysisOf(`${PROM_OLD}---\n${other}`), analysisOf(`${PROM_NEW}---\n${other.replace('nodes/proxy', 'nodes/stats')}`));
    const elsewhere = withOther.findings.resolved.find((f) => f.object.name === 'elsewhere');
    expect(elsewhere?.ruleId).toBe('nodes-proxy');
    expect(elsewhere?.evidenceChanges).toBeUndefined();
    expect(withOther.findings.unchanged.every((f) => f.evidenceChanges === undefined)).toBe(true);
  });

  it('evidence that did not change is not listed', () => {
    const same = diff(analysisOf(PROM_OLD), analysisOf(scraper({ resources: ['nodes', 'nodes/metrics', 'pods'], config: PROXY_SCRAPE })));
    expect(same.evidence).toEqual({ added: [], removed: [] });
    expect(same.findings.resolved.map((f) => [f.ruleId, f.evidenceChanges])).toEqual([['nodes-proxy', undefined]]);
  });
});
