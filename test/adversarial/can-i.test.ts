// Adversarial review: `kubectl auth can-i` offline, on tables worked out by hand from kubectl's code.
//   cani.go   = kubernetes/kubernetes staging/src/k8s.io/kubectl/pkg/cmd/auth/cani.go
//               (printStatus: BreakdownRule → CompactRules → sort.Stable by PolicyRule.String();
//               printAccess: CombineResourceGroup, %v lists; RunAccessCheck prints "no - <reason>")
//   rbac util = staging/src/k8s.io/kubectl/pkg/util/rbac/rbac.go; verbs de-duplicated on merge since
//               kubernetes/kubernetes PR #91264 "When combining PolicyRules, don't duplicate verbs" (2020)
//   rule.go   = pkg/registry/rbac/validation/rule.go VisitRulesFor: ClusterRoleBindings first, then the
//               namespace's RoleBindings (so CRB verbs come first in a merged row)
//   rbac.go   = plugin/pkg/auth/authorizer/rbac/rbac.go Authorize: reason "RBAC: " + aggregated errors
//   tabwriter = cli-runtime printers.GetNewTabWriter(minwidth 6, tabwidth 4, padding 3, ' '): every
//               column but the last is as wide as its widest cell + 3
import { describe, expect, it } from 'vitest';
import { buildModel, canIAccess, canIList, userInfoFor } from '../../src/index.js';
import { clusterRole, crb, objectsFromYaml, rb, rule } from '../support/objects.js';
import { runCli } from '../support/cli.js';

const SA = userInfoFor('system:serviceaccount:monitoring:sa');
const table = (widths: [number, number, number], rows: [string, string, string, string][]): string =>
  rows.map(([a, b, c, d]) => `${a.padEnd(widths[0])}${b.padEnd(widths[1])}${c.padEnd(widths[2])}${d}\n`).join('');
const HEADER: [string, string, string, string] = ['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'];
const urlRule = (urls: string[], verbs: string[]) => `  - nonResourceURLs: ${JSON.stringify(urls)}\n    verbs: ${JSON.stringify(verbs)}\n`;

describe('can-i --list tables (chart-only model)', () => {
  const cases: { name: string; source: string; yaml: string; namespace: string; expected: string }[] = [
    {
      name: 'CRB and RB grants merge per (group, resource, name) without repeating verbs; other namespaces excluded',
      source:
        'rule.go (CRBs then RBs of the namespace); rbac util CompactRules (PR #91264 de-dup); BreakdownRule (one row per resourceName, URL duplicates kept); ' +
        'sort by String(): "[get list watch]" < "[get]" (space < "]"), "[*]" < "[]", "Resources:[]" < "Resources:[configmaps]"; ' +
        'CombineResourceGroup("*/proxy", ["*"]) = "*.*/proxy"; widths 22+3, 17+3, 14+3',
      yaml:
        clusterRole('a', rule(['*'], ['*/proxy'], ['get'], ['node-1'])) +
        crb('a', 'a') +
        clusterRole('b', rule([''], ['pods'], ['get', 'list']) + rule(['apps'], ['deployments/scale'], ['update']) + urlRule(['/metrics', '/metrics'], ['get'])) +
        crb('b', 'b') +
        clusterRole('c', rule([''], ['pods'], ['get', 'watch']) + rule([''], ['configmaps'], ['get'], ['b', 'a'])) +
        rb('monitoring', 'c', 'ClusterRole', 'c') +
        clusterRole('d', rule([''], ['secrets'], ['get'])) +
        rb('other', 'd', 'ClusterRole', 'd', '  - { kind: ServiceAccount, name: sa, namespace: monitoring }'),
      namespace: 'monitoring',
      expected: table(
        [25, 20, 17],
        [
          HEADER,
          ['pods', '[]', '[]', '[get list watch]'],
          ['*.*/proxy', '[]', '[node-1]', '[get]'],
          ['', '[/metrics]', '[]', '[get]'],
          ['', '[/metrics]', '[]', '[get]'],
          ['configmaps', '[]', '[a]', '[get]'],
          ['configmaps', '[]', '[b]', '[get]'],
          ['deployments.apps/scale', '[]', '[]', '[update]'],
        ],
      ),
    },
    {
      name: 'verbs ["get", "*"] bound twice: one row, verbs in first-seen order, no repeats',
      source: 'BreakdownRule (one rule per verb) + CompactRules de-dup (PR #91264); widths 11+3, 17+3, 14+3',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get', '*'])) + crb('one', 'r') + crb('two', 'r'),
      namespace: 'monitoring',
      expected: table([14, 20, 17], [HEADER, ['nodes/proxy', '[]', '[]', '[get *]']]),
    },
    {
      name: 'a RoleBinding to a ClusterRole with nodes/proxy is listed in its namespace (the review does not check scope)',
      source: 'rule.go RulesFor(namespace) returns the RoleBinding rules as written; cani.go prints them',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'),
      namespace: 'monitoring',
      expected: table([14, 20, 17], [HEADER, ['nodes/proxy', '[]', '[]', '[get]']]),
    },
    {
      name: '… and not in another namespace: header only',
      source: 'rule.go VisitRulesFor: ListRoleBindings(namespace)',
      yaml: clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + rb('monitoring', 'b', 'ClusterRole', 'r'),
      namespace: 'default',
      expected: table([12, 20, 17], [HEADER]),
    },
  ];
  it.each(cases)('$name ($source)', (c) => {
    expect(canIList(buildModel(objectsFromYaml(c.yaml)), SA, c.namespace)).toBe(c.expected);
  });
});

describe('can-i --list on a real-cluster model (default bindings): SA with only get nodes/proxy', () => {
  // Rows: system:basic-user (create …reviews), system:discovery + system:public-info-viewer (duplicate
  // /healthz /livez /readyz /version /version/ rows: non-resource rules are never compacted),
  // system:service-account-issuer-discovery (system:serviceaccounts), then the chart's nodes/proxy.
  // Sort: "[create]" < "[get]"; "authentication" < "authorization"; "[/api/*]" < "[/api]" < "[/apis/*]"
  // ("/" < "]" < "s"); "/x/" before "/x"; URL rows (Resources:[]) before "Resources:[nodes/proxy]".
  // Widths: 45 ("selfsubjectaccessreviews.authorization.k8s.io") + 3, 36 + 3, 14 + 3.
  const urlRow = (u: string): [string, string, string, string] => ['', `[${u}]`, '[]', '[get]'];
  const expected = table(
    [48, 39, 17],
    [
      HEADER,
      ['selfsubjectreviews.authentication.k8s.io', '[]', '[]', '[create]'],
      ['selfsubjectaccessreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ['selfsubjectrulesreviews.authorization.k8s.io', '[]', '[]', '[create]'],
      ...['/.well-known/openid-configuration/', '/.well-known/openid-configuration', '/api/*', '/api', '/apis/*', '/apis'].map(urlRow),
      ...['/healthz', '/healthz', '/livez', '/livez', '/openapi/*', '/openapi', '/openid/v1/jwks/', '/openid/v1/jwks'].map(urlRow),
      ...['/readyz', '/readyz', '/version/', '/version/', '/version', '/version'].map(urlRow),
      ['nodes/proxy', '[]', '[]', '[get]'],
    ],
  );
  it('matches the table derived from policy.go default bindings and cani.go (docs/kubernetes.md#what-kubectl-auth-can-i-list-prints real output, abridged)', () => {
    const model = buildModel(objectsFromYaml(clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r')), { defaultBindings: true });
    expect(canIList(model, SA, 'monitoring')).toBe(expected);
  });
});

describe('can-i VERB RESOURCE answers and reasons (cani.go RunAccessCheck, rbac.go Authorize)', () => {
  const missing = rb('monitoring', 'b', 'ClusterRole', 'nope');
  const cases = [
    {
      name: 'RoleBinding to a missing ClusterRole: no, with the RBAC not-found reason',
      source: 'rbac.go Authorize: reason "RBAC: " + GetRoleReferenceRules NotFound error',
      yaml: missing,
      namespace: 'monitoring',
      expected: { allowed: false, reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "nope" not found' },
    },
    {
      name: 'same with -A (namespace ""): RoleBindings are not visited, so no reason',
      source: 'rule.go VisitRulesFor: `if len(namespace) > 0`',
      yaml: missing,
      namespace: '',
      expected: { allowed: false, reason: '' },
    },
  ];
  it.each(cases)('$name ($source)', (c) => {
    const model = buildModel(objectsFromYaml(c.yaml));
    expect(canIAccess(model, SA, { verb: 'get', apiGroup: '', resource: 'secrets', name: '', namespace: c.namespace })).toEqual(c.expected);
  });
});

describe('can-i through the real CLI on a manifest from stdin (cani.go Complete/Validate, impersonation.go)', () => {
  const stdin =
    clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) +
    crb('b', 'r', '  - { kind: Group, name: system:serviceaccounts, apiGroup: rbac.authorization.k8s.io }') +
    rb('monitoring', 'x', 'ClusterRole', 'r');
  const AS = ['--as', 'system:serviceaccount:monitoring:sa'];
  const cases = [
    {
      name: '--list with -A is refused with kubectl\'s message',
      source: 'cani.go Validate: "list option can\'t be specified with neither quiet, all-namespaces nor subresource options"',
      args: ['can-i', '--list', '-A', ...AS, '-'],
      code: 2,
      stdout: '',
    },
    {
      name: '--as-group replaces system:serviceaccounts: no',
      source: 'impersonation.go: MakeGroupNames only when no group is given',
      args: ['can-i', 'get', 'nodes', '--subresource', 'proxy', ...AS, '--as-group', 'team', '-', '-n', 'default'],
      code: 1,
      stdout: 'no\n',
    },
    {
      name: '… but -n monitoring consults the RoleBinding there: yes (SAR carries the namespace)',
      source: 'cani.go RunAccessCheck Namespace: o.Namespace; rule.go VisitRulesFor lists its RoleBindings',
      args: ['can-i', 'get', 'nodes', '--subresource', 'proxy', ...AS, '--as-group', 'team', '-', '-n', 'monitoring'],
      code: 0,
      stdout: 'yes\n',
    },
    {
      name: '-A without --as-group: the system:serviceaccounts ClusterRoleBinding answers yes',
      source: 'cani.go Complete: AllNamespaces → Namespace ""; sa util MakeGroupNames',
      args: ['can-i', 'get', 'nodes', '--subresource', 'proxy', ...AS, '-', '-A'],
      code: 0,
      stdout: 'yes\n',
    },
  ];
  it.each(cases)('$name ($source)', async (c) => {
    const r = await runCli(c.args, { stdin });
    expect({ code: r.code, stdout: r.stdout }).toEqual({ code: c.code, stdout: c.stdout });
  });
});
