// The built-in policy: generated data (src/rbac/kubernetes-data/policy) and the roles and bindings a default
// cluster has. Expectations come from the golden files the data is generated from
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/*.yaml in kubernetes/kubernetes; the
// commit of each is in the data's "sources" and in scripts/kubernetes-sources.json).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { builtinPolicy, builtinPolicyIds, choosePolicy, defaultPolicy, minorOf, policyFor } from '../../src/rbac/bootstrap.js';
import { canIAccess, canIList } from '../../src/rbac/can-i.js';
import { buildModel } from '../../src/rbac/model.js';
import { userInfoFor } from '../../src/rbac/subjects.js';
import { POLICY_DATA } from '../../src/rbac/kubernetes-data/policy/index.js';
import type { AuthzRequest, Role } from '../../src/types.js';
import { modulesOf, releasesFromGit, serialize, sha256, snapshotsFrom, OUT_DIR, TESTDATA } from '../../scripts/kubernetes-data.mjs';
import { crb, objectsFromYaml, rb } from '../support/objects.js';

const SA = 'system:serviceaccount:ci:runner';
const subject = '  - { kind: ServiceAccount, name: runner, namespace: ci }';
const policy = defaultPolicy();
const clusterRole = (name: string): Role => {
  const r = policy.clusterRoles.find((x) => x.name === name);
  if (!r) throw new Error(`no built-in ClusterRole ${name}`);
  return r;
};

interface Case {
  role: string;
  request: AuthzRequest;
  allowed: boolean;
  /** Where the golden file decides it. */
  source: string;
}

const res = (verb: string, apiGroup: string, resource: string, subresource = '', namespace = 'ci'): AuthzRequest => ({ verb, apiGroup, resource, subresource, name: '', namespace });
const url = (verb: string, path: string): AuthzRequest => ({ verb, path });

// One ClusterRoleBinding of the ServiceAccount to the role; the chart holds nothing else and the
// default bindings are left out, so every "yes" comes from the role itself.
const FAMILIES: Record<string, Case[]> = {
  'view/edit/admin (aggregated from system:aggregate-to-*)': [
    { role: 'view', request: res('list', '', 'pods'), allowed: true, source: 'system:aggregate-to-view rule 0: pods get/list/watch' },
    { role: 'view', request: res('get', '', 'pods', 'log'), allowed: true, source: 'system:aggregate-to-view rule 1: pods/log' },
    { role: 'view', request: res('get', '', 'secrets'), allowed: false, source: 'no view rule lists secrets' },
    { role: 'view', request: res('get', 'discovery.k8s.io', 'endpointslices'), allowed: true, source: 'system:aggregate-to-view: discovery.k8s.io endpointslices' },
    { role: 'view', request: res('create', '', 'pods', 'exec'), allowed: false, source: 'view is read-only' },
    { role: 'edit', request: res('create', 'apps', 'deployments'), allowed: true, source: 'system:aggregate-to-edit: apps deployments create' },
    { role: 'edit', request: res('create', '', 'pods', 'exec'), allowed: true, source: 'system:aggregate-to-edit: pods/exec create' },
    { role: 'edit', request: res('get', '', 'secrets'), allowed: true, source: 'system:aggregate-to-edit rule 0: secrets get/list/watch' },
    { role: 'edit', request: res('impersonate', '', 'serviceaccounts'), allowed: true, source: 'system:aggregate-to-edit: serviceaccounts impersonate' },
    { role: 'edit', request: res('list', '', 'pods'), allowed: true, source: 'edit selects view (labelled aggregate-to-edit)' },
    { role: 'edit', request: res('create', 'rbac.authorization.k8s.io', 'rolebindings'), allowed: false, source: 'only system:aggregate-to-admin lists rolebindings' },
    { role: 'admin', request: res('create', 'rbac.authorization.k8s.io', 'rolebindings'), allowed: true, source: 'system:aggregate-to-admin: rolebindings, roles' },
    { role: 'admin', request: res('create', 'authorization.k8s.io', 'localsubjectaccessreviews'), allowed: true, source: 'system:aggregate-to-admin: localsubjectaccessreviews create' },
    { role: 'admin', request: res('create', '', 'pods', 'exec'), allowed: true, source: 'admin selects edit (labelled aggregate-to-admin)' },
    { role: 'admin', request: res('list', '', 'nodes', '', ''), allowed: false, source: 'none of them lists nodes' },
  ],
  'system:auth-delegator': [
    { role: 'system:auth-delegator', request: res('create', 'authentication.k8s.io', 'tokenreviews', '', ''), allowed: true, source: 'rule 0: tokenreviews create' },
    { role: 'system:auth-delegator', request: res('create', 'authorization.k8s.io', 'subjectaccessreviews', '', ''), allowed: true, source: 'rule 1: subjectaccessreviews create' },
    { role: 'system:auth-delegator', request: res('get', 'authentication.k8s.io', 'tokenreviews', '', ''), allowed: false, source: 'create only' },
  ],
  'system:node-proxier': [
    { role: 'system:node-proxier', request: res('list', '', 'nodes', '', ''), allowed: true, source: 'nodes get/list/watch' },
    { role: 'system:node-proxier', request: res('watch', 'discovery.k8s.io', 'endpointslices'), allowed: true, source: 'discovery.k8s.io endpointslices list/watch' },
    { role: 'system:node-proxier', request: res('list', 'networking.k8s.io', 'servicecidrs', '', ''), allowed: true, source: 'networking.k8s.io servicecidrs list/watch' },
    { role: 'system:node-proxier', request: res('create', 'events.k8s.io', 'events'), allowed: true, source: 'events create/patch/update in "" and events.k8s.io' },
    { role: 'system:node-proxier', request: res('get', '', 'services'), allowed: false, source: 'services: list/watch only' },
  ],
  'system:discovery, system:basic-user, system:public-info-viewer': [
    { role: 'system:discovery', request: url('get', '/apis/apps/v1'), allowed: true, source: 'nonResourceURLs /apis/*' },
    { role: 'system:discovery', request: url('get', '/openapi/v3'), allowed: true, source: 'nonResourceURLs /openapi/*' },
    { role: 'system:discovery', request: url('get', '/metrics'), allowed: false, source: '/metrics is system:monitoring\'s' },
    { role: 'system:basic-user', request: res('create', 'authorization.k8s.io', 'selfsubjectaccessreviews', '', ''), allowed: true, source: 'selfsubjectaccessreviews create' },
    { role: 'system:basic-user', request: res('create', 'authentication.k8s.io', 'selfsubjectreviews', '', ''), allowed: true, source: 'selfsubjectreviews create' },
    { role: 'system:public-info-viewer', request: url('get', '/version'), allowed: true, source: '/version' },
    { role: 'system:public-info-viewer', request: url('get', '/api'), allowed: false, source: 'only health and version URLs' },
  ],
  'system:aggregate-to-*': [
    { role: 'system:aggregate-to-view', request: res('get', 'batch', 'cronjobs'), allowed: true, source: 'batch cronjobs get/list/watch' },
    { role: 'system:aggregate-to-edit', request: res('create', '', 'serviceaccounts', 'token'), allowed: true, source: 'serviceaccounts/token create' },
    { role: 'system:aggregate-to-edit', request: res('list', '', 'pods'), allowed: false, source: 'reads come from view, not from this role' },
    { role: 'system:aggregate-to-admin', request: res('delete', 'rbac.authorization.k8s.io', 'roles'), allowed: true, source: 'roles/rolebindings all verbs' },
  ],
};

describe.each(Object.entries(FAMILIES))('built-in role family %s (cluster-roles.yaml)', (_family, cases) => {
  it.each(cases)('$role: $request.verb $request.resource$request.path → $allowed ($source)', ({ role, request, allowed }) => {
    const model = buildModel(objectsFromYaml(crb('b', role, subject)));
    expect(canIAccess(model, userInfoFor(SA), request).allowed).toBe(allowed);
  });
});

describe('default bindings of a fresh cluster (cluster-role-bindings.yaml, namespace-role-bindings.yaml)', () => {
  const model = buildModel([], { defaultBindings: true });
  it.each([
    { user: 'system:kube-proxy', groups: [], request: res('list', '', 'nodes', '', ''), allowed: true, source: 'system:node-proxier bound to User system:kube-proxy' },
    { user: 'system:kube-scheduler', groups: [], request: res('create', '', 'pods', 'binding', 'default'), allowed: true, source: 'system:kube-scheduler bound to its user' },
    { user: 'system:serviceaccount:kube-system:kube-dns', groups: [], request: res('watch', '', 'services', '', ''), allowed: true, source: 'system:kube-dns bound to kube-system/kube-dns' },
    { user: 'alice', groups: ['system:monitoring'], request: url('get', '/metrics'), allowed: true, source: 'system:monitoring bound to Group system:monitoring' },
    { user: 'system:anonymous', groups: [], request: url('get', '/healthz'), allowed: true, source: 'system:public-info-viewer bound to system:unauthenticated' },
    { user: 'system:anonymous', groups: [], request: url('get', '/api'), allowed: false, source: 'system:discovery is bound to system:authenticated only' },
    { user: 'system:serviceaccount:kube-system:deployment-controller', groups: [], request: res('create', 'apps', 'replicasets', '', 'x'), allowed: true, source: 'controller role bound to its kube-system ServiceAccount' },
    {
      user: 'system:kube-controller-manager',
      groups: [],
      request: { verb: 'get', apiGroup: 'coordination.k8s.io', resource: 'leases', name: 'kube-controller-manager', namespace: 'kube-system' },
      allowed: true,
      source: 'namespace-role-bindings: system::leader-locking-kube-controller-manager in kube-system',
    },
    { user: 'nobody', groups: ['system:masters'], request: res('delete', '', 'nodes', '', ''), allowed: true, source: 'cluster-admin bound to Group system:masters' },
  ])('$user: $request.verb $request.resource$request.path → $allowed ($source)', ({ user, groups, request, allowed }) => {
    expect(canIAccess(model, userInfoFor(user, groups), request).allowed).toBe(allowed);
  });

  it('a binding to a built-in role is never "not found" (rbac.go Authorize reason)', () => {
    const m = buildModel(objectsFromYaml(crb('d', 'system:auth-delegator', subject)));
    expect(canIAccess(m, userInfoFor(SA), res('get', '', 'secrets'))).toEqual({ allowed: false, reason: '' });
  });

  it('a RoleBinding to view grants within its namespace only (VisitRulesFor)', () => {
    const m = buildModel(objectsFromYaml(rb('ns1', 'r', 'ClusterRole', 'view', '  - { kind: ServiceAccount, name: sa }')));
    const user = userInfoFor('system:serviceaccount:ns1:sa');
    expect(canIAccess(m, user, res('list', '', 'pods', '', 'ns1')).allowed).toBe(true);
    expect(canIAccess(m, user, res('list', '', 'pods', '', 'ns2')).allowed).toBe(false);
    expect(canIList(m, user, 'ns1').split('\n')[1]).toMatch(/^bindings\s+\[\]\s+\[\]\s+\[get list watch\]$/);
  });
});

describe('aggregation order (clusterroleaggregation_controller.go: sort.Sort(byName), Go string order)', () => {
  // Go compares UTF-8 bytes: U+FF5E (ef bd 9e) sorts before U+1F600 (f0 9f 98 80); JS `<` on UTF-16
  // code units puts the surrogate pair (d83d) first.
  const labelled = (name: string, verb: string): string =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: "${name}"\n  labels: { rbac.authorization.k8s.io/aggregate-to-view: "true" }\nrules:\n  - { apiGroups: [x.io], resources: [things], verbs: [${verb}] }\n---\n`;
  it('chart roles join view after system:aggregate-to-view, in UTF-8 byte order of their names', () => {
    const model = buildModel(objectsFromYaml(labelled('z\u{1F600}', 'watch') + labelled('z\uFF5E', 'list')));
    const view = model.heldRules(clusterRole('view'));
    const origins = [...new Set(view.map((h) => h.origin.name))];
    expect(origins).toEqual(['system:aggregate-to-view', 'z\uFF5E', 'z\u{1F600}']);
  });

  it('edit: system:aggregate-to-edit, then view; admin: edit ("edit" < "system:…"), then system:aggregate-to-admin', () => {
    const model = buildModel([]);
    const origins = [...new Set(model.heldRules(clusterRole('edit')).map((h) => h.origin.name))];
    expect(origins).toEqual(['system:aggregate-to-edit', 'system:aggregate-to-view']);
    const admin = [...new Set(model.heldRules(clusterRole('admin')).map((h) => h.origin.name))];
    expect(admin).toEqual(['system:aggregate-to-edit', 'system:aggregate-to-view', 'system:aggregate-to-admin']);
  });
});

describe('which built-in policy a render uses', () => {
  it.each([
    { version: '1.35.2', minor: '1.35' },
    { version: 'v1.31.0', minor: '1.31' },
    { version: '1.33.0-eks.1', minor: '1.33' },
    { version: 'latest', minor: null },
    { version: null, minor: null },
  ])('minorOf($version) = $minor', ({ version, minor }) => {
    expect(minorOf(version)).toBe(minor);
  });

  it('picks the data of the minor when there is some, else the nearest, and says which', () => {
    for (const v of ['1.29.0', '1.33.1', '1.35.0', '1.40.0', null]) {
      const choice = choosePolicy(v);
      const ids = builtinPolicyIds();
      expect(ids.map((i) => i.id)).toContain(choice.id);
      const exact = ids.find((i) => i.exact && i.minor === minorOf(v));
      if (exact) expect(choice.id).toBe(exact.id);
      expect(choice.summary).toContain(choice.exact ? choice.minor : choice.id);
      expect(policyFor(v)).toBe(builtinPolicy(choice.id));
    }
  });

  it('parses a data set only when it is asked for, once', () => {
    const id = POLICY_DATA[0]?.id ?? '';
    expect(builtinPolicy(id)).toBe(builtinPolicy(id));
  });
});

describe('generated data (scripts/kubernetes-data.mjs)', () => {
  it.each(POLICY_DATA.map((d) => ({ id: d.id, d })))('$id is in canonical form and records every input', ({ d }) => {
    const data = JSON.parse(d.text);
    expect(serialize(data)).toBe(d.text);
    expect(data.sources.map((s: { file: string }) => s.file)).toEqual(
      expect.arrayContaining(['cluster-roles.yaml', 'cluster-role-bindings.yaml', 'controller-roles.yaml', 'controller-role-bindings.yaml', 'namespace-roles.yaml', 'namespace-role-bindings.yaml']),
    );
    for (const s of data.sources) expect(s.upstream).toMatch(/^(verified|unverified|derived|release tag)\b/);
    // Every binding's role exists in the same data set.
    const roles = new Set([...data.clusterRoles.map((r: { name: string }) => `ClusterRole/${r.name}`), ...data.roles.map((r: { namespace: string; name: string }) => `Role/${r.namespace}/${r.name}`)]);
    for (const b of data.clusterRoleBindings) expect(roles).toContain(`ClusterRole/${b.roleRef[1]}`);
    for (const b of data.roleBindings) expect(roles).toContain(b.roleRef[0] === 'Role' ? `Role/${b.namespace}/${b.roleRef[1]}` : `ClusterRole/${b.roleRef[1]}`);
  });

  const upstream = process.env['KUBERNETES_UPSTREAM'] ?? ['../upstream/kubernetes', '../../upstream/kubernetes'].map((p) => join(process.cwd(), p)).find((p) => existsSync(join(p, 'stored')));
  if (!upstream || !existsSync(upstream)) console.warn('[skip] regenerating the built-in policy: no local copy of the golden files (set KUBERNETES_UPSTREAM; docs/builtin-policy.md)');
  const from = upstream ?? '';
  it.skipIf(!upstream || !existsSync(upstream))('regenerating from the local golden files reproduces the committed modules byte for byte', () => {
    const fresh = snapshotsFrom(from);
    const committedExact = POLICY_DATA.filter((d) => d.exact).map((d) => JSON.parse(d.text));
    for (const [file, text] of modulesOf([...committedExact, ...fresh])) expect({ file, text }).toEqual({ file, text: readFileSync(join(OUT_DIR, file), 'utf8') });
  });
});

describe('--git: exact data per minor from a kubernetes clone at its release tags', () => {
  // A tiny stand-in for kubernetes/kubernetes: authored golden files in the real layout and format.
  const list = (items: string): string => `apiVersion: v1\nitems:${items ? `\n${items}` : ' []\n'}kind: List\nmetadata: {}\n`;
  const files: Record<string, string> = {
    'cluster-roles.yaml': list(
      '- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata:\n    labels:\n      kubernetes.io/bootstrapping: rbac-defaults\n    name: view\n  aggregationRule:\n    clusterRoleSelectors:\n    - matchLabels:\n        rbac.authorization.k8s.io/aggregate-to-view: "true"\n  rules: null\n' +
        '- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRole\n  metadata:\n    labels:\n      rbac.authorization.k8s.io/aggregate-to-view: "true"\n    name: system:aggregate-to-view\n  rules:\n  - apiGroups:\n    - ""\n    resources:\n    - pods\n    verbs:\n    - get\n',
    ),
    'cluster-role-bindings.yaml': list('- apiVersion: rbac.authorization.k8s.io/v1\n  kind: ClusterRoleBinding\n  metadata:\n    name: v\n  roleRef:\n    apiGroup: rbac.authorization.k8s.io\n    kind: ClusterRole\n    name: view\n  subjects:\n  - apiGroup: rbac.authorization.k8s.io\n    kind: Group\n    name: readers\n'),
    'controller-roles.yaml': list(''),
    'controller-role-bindings.yaml': list(''),
    'namespace-roles.yaml': list(''),
    'namespace-role-bindings.yaml': list(''),
  };
  const haveGit = (() => {
    try {
      execFileSync('git', ['--version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();
  if (!haveGit) console.warn('[skip] --git generation: no git on PATH');

  it.skipIf(!haveGit)('reads every golden file at the tag and records the tag commit and sha256 of each', () => {
    const dir = mkdtempSync(join(tmpdir(), 'hrl-k8s-clone-'));
    try {
      const git = (...args: string[]) => execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args]).toString().trim();
      git('init', '-q');
      for (const [name, text] of Object.entries(files)) {
        mkdirSync(join(dir, TESTDATA), { recursive: true });
        writeFileSync(join(dir, TESTDATA, name), text);
      }
      git('add', '.');
      git('commit', '-q', '-m', 'golden files');
      git('tag', 'v1.99.0');
      const commit = git('rev-parse', 'HEAD');
      const [data] = releasesFromGit(dir, ['v1.99.0']) as { id: string; minor: string; exact: boolean; sources: { file: string; commit: string; sha256: string }[]; clusterRoles: { name: string }[]; clusterRoleBindings: { subjects: string[][] }[] }[];
      expect(data).toMatchObject({ id: '1.99', minor: '1.99', exact: true });
      expect(data?.sources.map((s) => [s.file, s.commit, s.sha256])).toEqual(ORDER.map((f) => [f, commit, sha256(files[f] ?? '')]));
      expect(data?.clusterRoles.map((r) => r.name)).toEqual(['view', 'system:aggregate-to-view']);
      expect(data?.clusterRoleBindings[0]?.subjects).toEqual([['Group', 'readers']]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The order buildData reads the golden files in (scripts/kubernetes-data.mjs FILES). */
const ORDER = ['cluster-roles.yaml', 'controller-roles.yaml', 'cluster-role-bindings.yaml', 'controller-role-bindings.yaml', 'namespace-roles.yaml', 'namespace-role-bindings.yaml'];

describe('aggregation cycles (the controller re-syncs on every change until nothing is added)', () => {
  const cr = (name: string, labels: string, selects: string | null, rules: string): string =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n  labels: { ${labels} }\n${selects ? `aggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { ${selects} }\n` : ''}rules: ${rules}\n---\n`;
  it('two aggregates selecting each other each hold every leaf rule exactly once', () => {
    const yaml =
      cr('a', 'x: "1"', 'y: "1"', '[]') +
      cr('b', 'y: "1"', 'x: "1"', '[]') +
      cr('c', 'y: "1"', null, '[{ apiGroups: [""], resources: [pods], verbs: [get] }]') +
      cr('d', 'x: "1"', null, '[{ apiGroups: [""], resources: [secrets], verbs: [list] }]');
    const model = buildModel(objectsFromYaml(yaml));
    for (const name of ['a', 'b']) {
      const held = model.heldRules(model.clusterRole(name) as Role).map((h) => `${h.rule.resources[0]}:${h.rule.verbs[0]}`);
      expect([...held].sort()).toEqual(['pods:get', 'secrets:list']);
    }
  });
});
