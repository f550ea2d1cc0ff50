import { describe, expect, it } from 'vitest';
import { buildModel } from '../../src/rbac/model.js';
import { canI, effectivePermissions, whoCan } from '../../src/rbac/effective.js';
import { reachOf } from '../../src/rbac/reach.js';
import { userInfoFor } from '../../src/rbac/subjects.js';
import type { AuthzRequest } from '../../src/types.js';
import { clusterRole, crb, objectsFromYaml, rb, role, rule } from '../support/objects.js';

const model = (yaml: string, defaultBindings = false) => buildModel(objectsFromYaml(yaml), { defaultBindings });
const sa = (ns: string, name: string) => userInfoFor(`system:serviceaccount:${ns}:${name}`);
const NODES_PROXY: AuthzRequest = { verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy', name: 'node-1' };
const SECRETS_IN = (ns: string): AuthzRequest => ({ verb: 'get', apiGroup: '', resource: 'secrets', namespace: ns, name: 'x' });

describe('bindings and namespaces (pkg/registry/rbac/validation/rule.go VisitRulesFor, appliesToUser)', () => {
  const cases: { name: string; source: string; yaml: string; user: ReturnType<typeof sa>; request: AuthzRequest; allowed: boolean }[] = [
    {
      name: 'ClusterRoleBinding grants cluster-scoped nodes/proxy',
      source: 'VisitRulesFor: ClusterRoleBindings always visited',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r'),
      user: sa('monitoring', 'sa'),
      request: NODES_PROXY,
      allowed: true,
    },
    {
      name: 'RoleBinding to a ClusterRole never grants nodes (cluster-scoped: namespace "")',
      source: 'VisitRulesFor: RoleBindings visited only if len(namespace) > 0',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'),
      user: sa('monitoring', 'sa'),
      request: NODES_PROXY,
      allowed: false,
    },
    {
      name: 'RoleBinding to a ClusterRole grants namespaced resources in its namespace',
      source: 'VisitRulesFor: ListRoleBindings(namespace)',
      yaml: clusterRole('r', rule([''], ['secrets'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'),
      user: sa('monitoring', 'sa'),
      request: SECRETS_IN('monitoring'),
      allowed: true,
    },
    {
      name: '… but not in another namespace',
      source: 'VisitRulesFor: ListRoleBindings(namespace)',
      yaml: clusterRole('r', rule([''], ['secrets'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'),
      user: sa('monitoring', 'sa'),
      request: SECRETS_IN('default'),
      allowed: false,
    },
    {
      name: 'ServiceAccount subject without namespace in a RoleBinding defaults to the binding namespace',
      source: 'appliesToUser: saNamespace := namespace',
      yaml: role('monitoring', 'r', rule([''], ['secrets'], ['get'])) + rb('monitoring', 'b', 'Role', 'r'),
      user: sa('monitoring', 'sa'),
      request: SECRETS_IN('monitoring'),
      allowed: true,
    },
    {
      name: 'defaulted namespace does not match a same-named SA elsewhere',
      source: 'appliesToUser + serviceaccount.MatchesUsername',
      yaml: role('monitoring', 'r', rule([''], ['secrets'], ['get'])) + rb('monitoring', 'b', 'Role', 'r'),
      user: sa('other', 'sa'),
      request: SECRETS_IN('monitoring'),
      allowed: false,
    },
    {
      name: 'Group system:serviceaccounts grants every service account',
      source: 'serviceaccount/util.go MakeGroupNames',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r', '  - { kind: Group, name: "system:serviceaccounts", apiGroup: rbac.authorization.k8s.io }'),
      user: sa('anything', 'whoever'),
      request: NODES_PROXY,
      allowed: true,
    },
    {
      name: 'Group system:serviceaccounts:<ns> grants only that namespace’s service accounts',
      source: 'serviceaccount/util.go MakeGroupNames',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r', '  - { kind: Group, name: "system:serviceaccounts:monitoring", apiGroup: rbac.authorization.k8s.io }'),
      user: sa('default', 'x'),
      request: NODES_PROXY,
      allowed: false,
    },
    {
      name: 'Group system:authenticated covers service accounts',
      source: 'authentication/user/user.go AllAuthenticated; token authenticator adds it',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r', '  - { kind: Group, name: "system:authenticated", apiGroup: rbac.authorization.k8s.io }'),
      user: sa('x', 'y'),
      request: NODES_PROXY,
      allowed: true,
    },
    {
      name: 'User subject matches by exact name',
      source: 'appliesToUser: case rbacv1.UserKind',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r', '  - { kind: User, name: alice, apiGroup: rbac.authorization.k8s.io }'),
      user: userInfoFor('alice'),
      request: NODES_PROXY,
      allowed: true,
    },
    {
      name: 'binding to a role that does not exist grants nothing',
      source: 'GetRoleReferenceRules returns an error; no rules visited',
      yaml: crb('b', 'missing'),
      user: sa('monitoring', 'sa'),
      request: NODES_PROXY,
      allowed: false,
    },
    {
      name: 'binding to built-in cluster-admin grants everything',
      source: 'bootstrappolicy/policy.go ClusterRoles: cluster-admin rules * / nonResourceURLs *',
      yaml: crb('b', 'cluster-admin'),
      user: sa('monitoring', 'sa'),
      request: NODES_PROXY,
      allowed: true,
    },
  ];
  it.each(cases)('$name ($source)', ({ yaml, user, request, allowed }) => {
    expect(canI(model(yaml), user, request)).toBe(allowed);
  });
});

describe('aggregation (pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go syncClusterRole)', () => {
  const agg = (name: string, selectors: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\naggregationRule:\n  clusterRoleSelectors:\n${selectors}\nrules: []\n---\n`;
  const withLabels = (name: string, labels: Record<string, string>, rules: string) =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n  labels:\n${Object.entries(labels).map(([k, v]) => `    ${k}: "${v}"`).join('\n')}\nrules:\n${rules}\n---\n`;

  it('matchLabels selects labelled roles; the aggregate holds their rules (sorted by name)', () => {
    const m = model(
      agg('monitor', '    - matchLabels: { team: mon }') +
        withLabels('b-role', { team: 'mon' }, rule([''], ['pods'], ['get'])) +
        withLabels('a-role', { team: 'mon' }, rule([''], ['nodes/proxy'], ['get'])) +
        withLabels('other', { team: 'x' }, rule([''], ['secrets'], ['get'])),
    );
    const held = m.heldRules(m.clusterRole('monitor')!).map((h) => `${h.origin.name}:${h.rule.resources.join(',')}`);
    expect(held).toEqual(['a-role:nodes/proxy', 'b-role:pods']);
  });

  it('selectors are ORed; matchExpressions In/NotIn/Exists/DoesNotExist (apimachinery labels/selector.go)', () => {
    const m = model(
      agg('agg', '    - matchExpressions: [{ key: tier, operator: In, values: [a, b] }]\n    - matchExpressions: [{ key: extra, operator: Exists }, { key: off, operator: DoesNotExist }]') +
        withLabels('r1', { tier: 'a' }, rule([''], ['pods'], ['get'])) +
        withLabels('r2', { tier: 'c' }, rule([''], ['secrets'], ['get'])) +
        withLabels('r3', { extra: 'yes' }, rule([''], ['services'], ['get'])) +
        withLabels('r4', { extra: 'yes', off: 'x' }, rule([''], ['configmaps'], ['get'])),
    );
    expect(m.heldRules(m.clusterRole('agg')!).map((h) => h.origin.name).sort()).toEqual(['r1', 'r3']);
  });

  it('aggregation is transitive and the aggregate’s own hand-written rules are replaced', () => {
    const m = model(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: top\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { level: mid }\nrules:\n${rule([''], ['configmaps'], ['get'])}---\n` +
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: mid\n  labels: { level: mid }\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { level: leaf }\n---\n` +
        withLabels('leaf', { level: 'leaf' }, rule([''], ['nodes/proxy'], ['get'])) +
        crb('b', 'top'),
    );
    const held = m.heldRules(m.clusterRole('top')!);
    expect(held.map((h) => h.rule.resources[0])).toEqual(['nodes/proxy']);
    expect(canI(m, sa('monitoring', 'sa'), NODES_PROXY)).toBe(true);
    expect(reachOf(m, m.clusterRole('leaf')!, { clusterScoped: true }).reach).toBe('bound');
    expect(reachOf(m, m.clusterRole('top')!, { clusterScoped: true }).reach).toBe('inert');
  });

  it('identical rules are added once (equality.Semantic.DeepEqual de-duplication)', () => {
    const m = model(
      agg('agg', '    - matchLabels: { x: "1" }') +
        withLabels('a', { x: '1' }, rule([''], ['pods'], ['get'])) +
        withLabels('b', { x: '1' }, rule([''], ['pods'], ['get'])),
    );
    expect(m.heldRules(m.clusterRole('agg')!)).toHaveLength(1);
  });

  it('aggregate-to-view reaches view, and through view/edit’s own labels edit and admin (bootstrappolicy/policy.go)', () => {
    const m = model(withLabels('leak', { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' }, rule([''], ['nodes/proxy'], ['get'])));
    const r = reachOf(m, m.clusterRole('leak')!, { clusterScoped: true });
    expect(r.reach).toBe('bound');
    expect(r.builtinAggregates.sort()).toEqual(['admin', 'edit', 'view']);
  });

  it('aggregate-to-edit flows into edit and, through edit’s own aggregate-to-admin label, into admin', () => {
    const m = model(withLabels('leak', { 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' }, rule([''], ['secrets'], ['get'])));
    const r = reachOf(m, m.clusterRole('leak')!, { clusterScoped: false });
    expect(r.builtinAggregates.sort()).toEqual(['admin', 'edit']);
  });
});

describe('reach of a rule (docs/design.md#severity-follows-effective-reach)', () => {
  const cases = [
    { name: 'ClusterRole bound by a ClusterRoleBinding', yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r'), roleName: 'r', clusterScoped: true, reach: 'bound' },
    { name: 'ClusterRole bound by nobody is latent', yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])), roleName: 'r', clusterScoped: true, reach: 'latent' },
    { name: 'ClusterRole bound only by RoleBindings is inert for nodes', yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'), roleName: 'r', clusterScoped: true, reach: 'inert' },
    { name: 'ClusterRole bound only by RoleBindings is bound for namespaced resources', yaml: clusterRole('r', rule([''], ['secrets'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'), roleName: 'r', clusterScoped: false, reach: 'bound' },
  ] as const;
  it.each(cases)('$name', ({ yaml, roleName, clusterScoped, reach }) => {
    const m = model(yaml);
    expect(reachOf(m, m.clusterRole(roleName)!, { clusterScoped }).reach).toBe(reach);
  });

  it('a Role is inert for cluster-scoped requests and bound through its RoleBinding otherwise', () => {
    const m = model(role('monitoring', 'r', rule([''], ['secrets', 'nodes'], ['get'])) + rb('monitoring', 'b', 'Role', 'r'));
    const r = m.role('monitoring', 'r')!;
    expect(reachOf(m, r, { clusterScoped: true }).reach).toBe('inert');
    expect(reachOf(m, r, { clusterScoped: false }).reach).toBe('bound');
    expect(reachOf(m, r, { clusterScoped: false }).subjects).toEqual([{ kind: 'ServiceAccount', name: 'sa', namespace: 'monitoring' }]);
  });
});

describe('effectivePermissions and whoCan', () => {
  const yaml =
    clusterRole('prom', rule([''], ['nodes', 'nodes/proxy'], ['get', 'list', 'watch'])) +
    crb('prom', 'prom', '  - { kind: ServiceAccount, name: prometheus-server, namespace: monitoring }') +
    role('monitoring', 'cm', rule([''], ['configmaps'], ['get'])) +
    rb('monitoring', 'cm', 'Role', 'cm', '  - { kind: ServiceAccount, name: prometheus-server }');

  it('lists ClusterRoleBinding rules, and RoleBinding rules only when a namespace is given', () => {
    const m = model(yaml);
    const user = sa('monitoring', 'prometheus-server');
    expect(effectivePermissions(m, user).map((e) => e.rule.resources.join(','))).toEqual(['nodes,nodes/proxy']);
    expect(effectivePermissions(m, user, { namespace: 'monitoring' }).map((e) => e.rule.resources.join(','))).toEqual(['nodes,nodes/proxy', 'configmaps']);
    expect(effectivePermissions(m, { kind: 'ServiceAccount', name: 'prometheus-server', namespace: 'monitoring' }, { namespace: 'monitoring' })).toHaveLength(2);
  });

  it('default bindings add what every authenticated user gets (bootstrappolicy ClusterRoleBindings)', () => {
    const m = model(yaml, true);
    const roles = new Set(effectivePermissions(m, sa('monitoring', 'prometheus-server')).map((e) => e.role.name));
    expect(roles).toEqual(new Set(['prom', 'system:basic-user', 'system:discovery', 'system:public-info-viewer', 'system:service-account-issuer-discovery']));
  });

  it('whoCan names subject, binding and role; nobody for a request nothing grants', () => {
    const m = model(yaml);
    const who = whoCan(m, NODES_PROXY);
    expect(who.map((w) => [w.subject.name, w.binding.name, w.role.name])).toEqual([['prometheus-server', 'prom', 'prom']]);
    expect(whoCan(m, { ...NODES_PROXY, subresource: 'exec', resource: 'pods', namespace: 'monitoring' })).toEqual([]);
  });

  it('whoCan reports the aggregated source role', () => {
    const m = model(
      `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agg\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { x: "1" }\n---\n` +
        `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: src\n  labels: { x: "1" }\nrules:\n${rule([''], ['nodes/proxy'], ['get'])}---\n` +
        crb('b', 'agg'),
    );
    const [w] = whoCan(m, NODES_PROXY);
    expect([w?.role.name, w?.origin.name]).toEqual(['agg', 'src']);
  });
});

describe('malformed RBAC becomes issues, never exceptions (pkg/apis/rbac/validation/validation.go)', () => {
  const cases = [
    { name: 'verbs as a string', yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: r }\nrules:\n  - apiGroups: [""]\n    resources: [nodes/proxy]\n    verbs: get\n`, message: /verbs must be a list/ },
    { name: 'rules as a mapping', yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: r }\nrules: {}\n`, message: /rules must be a list/ },
    { name: 'binding without roleRef', yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: b }\nsubjects: []\n`, message: /roleRef is required/ },
    { name: 'unknown subject kind', yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: b }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r }\nsubjects:\n  - { kind: Robot, name: x }\n`, message: /not ServiceAccount, User or Group/ },
    { name: 'ClusterRoleBinding to a Role', yaml: `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: { name: b }\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: r }\n`, message: /roleRef.kind must be ClusterRole/ },
    { name: 'SA without namespace in a ClusterRoleBinding', yaml: crb('b', 'r', '  - { kind: ServiceAccount, name: x }'), message: /needs a namespace/ },
  ];
  it.each(cases)('$name', ({ yaml, message }) => {
    const m = model(yaml);
    expect(m.issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('a malformed `verbs: get` still counts as the grant the author meant', () => {
    const m = model(`apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: { name: r }\nrules:\n  - apiGroups: [""]\n    resources: [nodes/proxy]\n    verbs: get\n---\n${crb('b', 'r')}`);
    expect(canI(m, sa('monitoring', 'sa'), NODES_PROXY)).toBe(true);
  });
});

describe('objects without metadata.namespace are installed into the release namespace', () => {
  // pkg/registry/rest/create.go EnsureObjectNamespaceMatchesRequestNamespace: an unset namespace
  // defaults to the request's, which is helm's release namespace (-n).
  const yaml =
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\nrules:\n${rule([''], ['secrets'], ['get'])}---\n` +
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: reader\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader }\nsubjects:\n  - { kind: ServiceAccount, name: app }\n`;
  it('the Role and RoleBinding land in the default namespace and the SA subject with them', () => {
    const m = buildModel(objectsFromYaml(yaml), { defaultNamespace: 'monitoring' });
    expect(m.issues).toEqual([]);
    expect(canI(m, sa('monitoring', 'app'), SECRETS_IN('monitoring'))).toBe(true);
    expect(whoCan(m, SECRETS_IN('monitoring')).map((w) => `${w.subject.namespace}/${w.subject.name}`)).toEqual(['monitoring/app']);
  });
});
