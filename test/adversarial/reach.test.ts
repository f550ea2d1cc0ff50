// Adversarial review: effective reach (bindings, namespaces, subjects, aggregation) on charts
// the authors' tables do not have. Sources, abbreviated in the cases:
//   rule.go    = kubernetes/kubernetes pkg/registry/rbac/validation/rule.go
//                (DefaultRuleResolver.VisitRulesFor, GetRoleReferenceRules, appliesToUser)
//   agg        = pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go
//                (syncClusterRole: LabelSelectorAsSelector per selector, List, skip itself, append)
//   selector   = staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go LabelSelectorAsSelector
//                (empty selector → labels.Everything()) and pkg/labels/selector.go (NotIn/DoesNotExist
//                match an absent key)
//   policy.go  = plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (addDefaultMetadata labels
//                every bootstrap role kubernetes.io/bootstrapping=rbac-defaults; view/edit/admin chain)
//   imperson.  = staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation.go WithImpersonation
//   sa util    = staging/src/k8s.io/apiserver/pkg/authentication/serviceaccount/util.go MakeGroupNames
//   design     = docs/design.md#severity-follows-effective-reach (severity by reach)
import { describe, expect, it } from 'vitest';
import nodesProxy from '../../rules/nodes-proxy/index.js';
import clusterAdminBinding from '../../rules/cluster-admin-binding/index.js';
import { buildModel, canI, userInfoFor, whoCan } from '../../src/index.js';
import type { AuthzRequest, UserInfo } from '../../src/index.js';
import { clusterRole, crb, objectsFromYaml, rb, role, rule } from '../support/objects.js';
import { runRule, summaryOf } from '../support/rules.js';

const NP = rule([''], ['nodes/proxy'], ['get']);
const labels = (entries: Record<string, string>): string =>
  `  labels:\n${Object.entries(entries)
    .map(([k, v]) => `    ${k}: ${JSON.stringify(v)}`)
    .join('\n')}\n`;
/** A chart ClusterRole with an aggregationRule (selectors as YAML flow text) and optional labels. */
const aggregated = (name: string, selectors: string, extraLabels: Record<string, string> = {}): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n${Object.keys(extraLabels).length ? labels(extraLabels) : ''}aggregationRule:\n  clusterRoleSelectors: ${selectors}\nrules: []\n---\n`;
const group = (name: string) => `  - { kind: Group, name: "${name}", apiGroup: rbac.authorization.k8s.io }`;
const user = (name: string) => `  - { kind: User, name: "${name}", apiGroup: rbac.authorization.k8s.io }`;

describe('nodes-proxy severity by effective reach (unseen charts)', () => {
  const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
    {
      name: 'ClusterRole bound by a RoleBinding AND a ClusterRoleBinding: the ClusterRoleBinding makes it bound',
      source: 'rule.go VisitRulesFor: ClusterRoleBindings always visited; design: bound → full severity',
      yaml: clusterRole('r', NP) + rb('monitoring', 'rb', 'ClusterRole', 'r') + crb('crb', 'r'),
      expected: ['critical ClusterRole/r'],
    },
    {
      name: 'ClusterRole bound only by RoleBindings in two namespaces: inert for nodes',
      source: 'rule.go VisitRulesFor: RoleBindings only when namespace != "" (nodes have "")',
      yaml: clusterRole('r', NP) + rb('a', 'rb', 'ClusterRole', 'r') + rb('b', 'rb', 'ClusterRole', 'r'),
      expected: [],
    },
    {
      name: 'a Role and a ClusterRole with the same name: the ClusterRoleBinding picks the ClusterRole',
      source: 'rule.go GetRoleReferenceRules: switch roleRef.Kind ("ClusterRole" → cluster role getter)',
      yaml: role('monitoring', 'same', NP) + clusterRole('same', rule([''], ['configmaps'], ['get'])) + crb('b', 'same'),
      expected: [],
    },
    {
      name: 'RoleBinding to a ClusterRole that is not in the chart: a same-named Role is not used',
      source: 'rule.go GetRoleReferenceRules: kind ClusterRole never looks up Roles',
      yaml: role('monitoring', 'ghost', NP) + rb('monitoring', 'b', 'ClusterRole', 'ghost'),
      expected: [],
    },
    {
      name: 'ClusterRoleBinding to system:kubelet-api-admin is reported on the binding',
      source: 'policy.go system:kubelet-api-admin: verbs "*" on nodes/proxy',
      yaml: crb('kubelet-admin', 'system:kubelet-api-admin'),
      expected: ['critical ClusterRoleBinding/kubelet-admin'],
    },
    {
      name: 'ClusterRoleBinding to cluster-admin is reported on the binding',
      source: 'policy.go cluster-admin: "*" on "*" in "*"',
      yaml: crb('root', 'cluster-admin'),
      expected: ['critical ClusterRoleBinding/root'],
    },
    {
      name: 'RoleBinding to system:kubelet-api-admin grants no node access',
      source: 'rule.go VisitRulesFor: RoleBindings never apply to namespace ""',
      yaml: rb('monitoring', 'kubelet-admin', 'ClusterRole', 'system:kubelet-api-admin'),
      expected: [],
    },
    {
      name: 'aggregation chain of 3 (leaf → mid → top, top bound): the leaf rule is bound',
      source: 'agg syncClusterRole reads the already-aggregated rules of matched roles (transitive)',
      yaml:
        clusterRole('leaf', NP, labels({ 'example.com/to-mid': 'true' })) +
        aggregated('mid', '[{ matchLabels: { example.com/to-mid: "true" } }]', { 'example.com/to-top': 'true' }) +
        aggregated('top', '[{ matchLabels: { example.com/to-top: "true" } }]') +
        crb('b', 'top'),
      expected: ['critical ClusterRole/leaf'],
    },
    {
      name: 'aggregate-to-edit flows into edit (and admin): full severity without a chart binding',
      source: 'policy.go: edit aggregates aggregate-to-edit; design: built-in aggregate → full severity',
      yaml: clusterRole('r', NP, labels({ 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' })),
      expected: ['critical ClusterRole/r'],
    },
    {
      name: 'aggregate-to-view: "false" does not aggregate: latent (one level lower)',
      source: 'policy.go view selector matchLabels aggregate-to-view: "true"; design: latent',
      yaml: clusterRole('r', NP, labels({ 'rbac.authorization.k8s.io/aggregate-to-view': 'false' })),
      expected: ['high ClusterRole/r'],
    },
    {
      name: 'aggregation by NotIn on a key the leaf does not have: aggregated and bound',
      source: 'selector: NotIn matches when the key is absent',
      yaml: clusterRole('leaf', NP) + aggregated('top', '[{ matchExpressions: [{ key: tier, operator: NotIn, values: [db] }] }]') + crb('b', 'top'),
      // The selector also matches every built-in ClusterRole (none has a tier label), cluster-admin
      // and system:kubelet-api-admin included: the binding hands out both of their rules that reach
      // nodes/proxy, one finding per rule entry as if the chart had written them.
      expected: ['critical ClusterRole/leaf', 'critical ClusterRoleBinding/b', 'critical ClusterRoleBinding/b'],
    },
    {
      name: 'aggregation by DoesNotExist on a key the leaf has: not aggregated, latent',
      source: 'selector: DoesNotExist fails when the key is present',
      yaml: clusterRole('leaf', NP, labels({ tier: 'db' })) + aggregated('top', '[{ matchExpressions: [{ key: tier, operator: DoesNotExist }] }]') + crb('b', 'top'),
      // …while the built-in roles (no tier label) are aggregated, so the binding reaches nodes/proxy.
      expected: ['critical ClusterRoleBinding/b', 'critical ClusterRoleBinding/b', 'high ClusterRole/leaf'],
    },
    {
      name: 'apiGroup "*" with "*/proxy" and resourceNames still reaches nodes/proxy for that node',
      source: 'helpers APIGroupMatches "*", ResourceMatches "*/proxy", ResourceNameMatches node name (auth.go Name = node)',
      yaml: clusterRole('r', rule(['*'], ['*/proxy'], ['get'], ['node-1'])) + crb('b', 'r'),
      expected: ['critical ClusterRole/r'],
    },
    {
      name: 'deletecollection alone on nodes/proxy: no kubelet or proxy request carries it',
      source: 'auth.go maps only POST/GET/PUT/PATCH/DELETE; requestinfo.go: deletecollection needs no name, a proxy request has one',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['deletecollection'])) + crb('b', 'r'),
      expected: [],
    },
    {
      name: 'the legacy "proxy" verb on nodes: the root /proxy paths were removed in 1.10',
      source: 'kubernetes/kubernetes PR #59884 "remove deprecated /proxy paths"',
      yaml: clusterRole('r', rule([''], ['nodes'], ['proxy'])) + crb('b', 'r'),
      expected: [],
    },
    {
      name: 'update alone on nodes/proxy is still dangerous (PUT through the proxy)',
      source: 'auth.go PUT → update; design: nodes-proxy verbs get/create/update/patch/delete',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['update'])) + crb('b', 'r'),
      expected: ['critical ClusterRole/r'],
    },
    {
      name: 'ClusterRoleBinding with `subjects: []` binds nobody: latent',
      source: 'rule.go appliesTo: no subject applies; design: latent',
      yaml: clusterRole('r', NP) + crb('b', 'r', '  []'),
      expected: ['high ClusterRole/r'],
    },
    {
      name: 'ServiceAccount subject without namespace in a ClusterRoleBinding matches nobody: latent',
      source: 'rule.go appliesToUser: `if len(saNamespace) == 0 { return false }`',
      yaml: clusterRole('r', NP) + crb('b', 'r', '  - { kind: ServiceAccount, name: sa }'),
      expected: ['high ClusterRole/r'],
    },
    {
      name: 'Group system:serviceaccounts:monitoring is a bound subject',
      source: 'sa util MakeGroupNames: every SA of the namespace is in the group',
      yaml: clusterRole('r', NP) + crb('b', 'r', group('system:serviceaccounts:monitoring')),
      expected: ['critical ClusterRole/r'],
    },
    {
      name: 'User system:anonymous is a bound subject',
      source: 'rule.go appliesToUser: UserKind compares the name',
      yaml: clusterRole('r', NP) + crb('b', 'r', user('system:anonymous')),
      expected: ['critical ClusterRole/r'],
    },
  ];
  it.each(cases)('$name ($source)', (c) => {
    expect(summaryOf(runRule(nodesProxy, c.yaml))).toEqual(c.expected);
  });
});

describe('aggregation selectors that match built-in roles (agg + selector + policy.go)', () => {
  const bootstrapSelector = '[{ matchLabels: { kubernetes.io/bootstrapping: rbac-defaults } }]';
  const cases = [
    { name: 'empty selector {} matches every ClusterRole, cluster-admin included', selectors: '[{}]' },
    { name: 'kubernetes.io/bootstrapping=rbac-defaults matches every bootstrap role', selectors: bootstrapSelector },
  ];
  it.each(cases)('$name: cluster-admin-binding fires on the binding', (c) => {
    const yaml = aggregated('everything', c.selectors) + crb('b', 'everything');
    expect(summaryOf(runRule(clusterAdminBinding, yaml))).toEqual(['critical ClusterRoleBinding/b']);
  });
  it.each(cases)('$name: the bound subject may get nodes/proxy', (c) => {
    const model = buildModel(objectsFromYaml(aggregated('everything', c.selectors) + crb('b', 'everything')));
    const who = whoCan(model, { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy', name: 'node-1' });
    expect(who.map((e) => `${e.subject.name} via ${e.role.name} from ${e.origin.name}`)).toEqual(['sa via everything from cluster-admin']);
  });
});

describe('canI: subjects, groups and namespaces (rule.go appliesToUser, VisitRulesFor; imperson.)', () => {
  const NODES_PROXY: AuthzRequest = { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy', name: 'node-1' };
  const secretsIn = (namespace: string): AuthzRequest => ({ verb: 'get', apiGroup: '', resource: 'secrets', name: 's', namespace });
  const sa = (ns: string, name: string, groups?: string[]): UserInfo => userInfoFor(`system:serviceaccount:${ns}:${name}`, groups);
  const cases: { name: string; source: string; yaml: string; user: UserInfo; request: AuthzRequest; allowed: boolean }[] = [
    {
      name: 'Group system:serviceaccounts:monitoring covers monitoring/x',
      source: 'sa util MakeGroupNames; appliesToUser GroupKind',
      yaml: clusterRole('r', NP) + crb('b', 'r', group('system:serviceaccounts:monitoring')),
      user: sa('monitoring', 'x'),
      request: NODES_PROXY,
      allowed: true,
    },
    {
      name: '… but not other/x',
      source: 'sa util MakeGroupNames: group is per namespace',
      yaml: clusterRole('r', NP) + crb('b', 'r', group('system:serviceaccounts:monitoring')),
      user: sa('other', 'x'),
      request: NODES_PROXY,
      allowed: false,
    },
    {
      name: '--as-group replaces the service-account groups',
      source: 'imperson.: MakeGroupNames only `if !groupsSpecified`',
      yaml: clusterRole('r', NP) + crb('b', 'r', group('system:serviceaccounts')),
      user: sa('monitoring', 'x', ['team']),
      request: NODES_PROXY,
      allowed: false,
    },
    {
      name: '--as-group still gets system:authenticated added',
      source: 'imperson.: addAuthenticated unless system:authenticated/unauthenticated given',
      yaml: clusterRole('r', NP) + crb('b', 'r', group('system:authenticated')),
      user: sa('monitoring', 'x', ['team']),
      request: NODES_PROXY,
      allowed: true,
    },
    {
      name: '--as-group system:unauthenticated suppresses system:authenticated',
      source: 'imperson.: `if group == user.AllAuthenticated || group == user.AllUnauthenticated { addAuthenticated = false }`',
      yaml: clusterRole('r', NP) + crb('b', 'r', group('system:authenticated')),
      user: userInfoFor('alice', ['system:unauthenticated']),
      request: NODES_PROXY,
      allowed: false,
    },
    {
      name: 'system:anonymous is in system:unauthenticated',
      source: 'imperson.: anonymous gets user.AllUnauthenticated',
      yaml: clusterRole('r', NP) + crb('b', 'r', group('system:unauthenticated')),
      user: userInfoFor('system:anonymous'),
      request: NODES_PROXY,
      allowed: true,
    },
    {
      name: 'system:anonymous is NOT in system:authenticated',
      source: 'imperson.: `if username != user.Anonymous` guards addAuthenticated',
      yaml: clusterRole('r', NP) + crb('b', 'r', group('system:authenticated')),
      user: userInfoFor('system:anonymous'),
      request: NODES_PROXY,
      allowed: false,
    },
    {
      name: 'a RoleBinding in another namespace grants a monitoring SA there',
      source: 'appliesToUser: subject.Namespace wins over the binding namespace',
      yaml: clusterRole('r', rule([''], ['secrets'], ['get'])) + rb('apps', 'b', 'ClusterRole', 'r', '  - { kind: ServiceAccount, name: x, namespace: monitoring }'),
      user: sa('monitoring', 'x'),
      request: secretsIn('apps'),
      allowed: true,
    },
    {
      name: '… and not in its own namespace',
      source: 'VisitRulesFor: ListRoleBindings(request namespace)',
      yaml: clusterRole('r', rule([''], ['secrets'], ['get'])) + rb('apps', 'b', 'ClusterRole', 'r', '  - { kind: ServiceAccount, name: x, namespace: monitoring }'),
      user: sa('monitoring', 'x'),
      request: secretsIn('monitoring'),
      allowed: false,
    },
    {
      name: 'cluster-wide (-A, namespace "") ignores RoleBindings',
      source: 'VisitRulesFor: `if len(namespace) > 0` guards RoleBindings',
      yaml: clusterRole('r', rule([''], ['secrets'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'),
      user: sa('monitoring', 'sa'),
      request: secretsIn(''),
      allowed: false,
    },
    {
      name: 'a SAR for nodes carrying a namespace consults that namespace\'s RoleBindings (kubectl -n)',
      source: 'cani.go RunAccessCheck sends Namespace for every resource; VisitRulesFor lists RoleBindings for it',
      yaml: clusterRole('r', NP) + rb('monitoring', 'b', 'ClusterRole', 'r'),
      user: sa('monitoring', 'sa'),
      request: { ...NODES_PROXY, namespace: 'monitoring' },
      allowed: true,
    },
    {
      name: 'the real nodes/proxy request (namespace "") through that RoleBinding is denied',
      source: 'VisitRulesFor: nodes requests have namespace ""',
      yaml: clusterRole('r', NP) + rb('monitoring', 'b', 'ClusterRole', 'r'),
      user: sa('monitoring', 'sa'),
      request: NODES_PROXY,
      allowed: false,
    },
    {
      name: 'a ClusterRole metadata.namespace is ignored',
      source: 'apiserver pkg/registry/rest/create.go EnsureObjectNamespaceMatchesRequestNamespace: cluster-scoped, clear namespace',
      yaml: clusterRole('r', NP, '  namespace: somewhere\n') + crb('b', 'r'),
      user: sa('monitoring', 'sa'),
      request: NODES_PROXY,
      allowed: true,
    },
  ];
  it.each(cases)('$name ($source)', (c) => {
    expect(canI(buildModel(objectsFromYaml(c.yaml)), c.user, c.request)).toBe(c.allowed);
  });
});
