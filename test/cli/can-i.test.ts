import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { testHelms } from '../../scripts/dev-helm.mjs';
import { FIXTURES, HAVE_SHARED, ROOT, runCli, SHARED_CHARTS } from '../support/cli.js';

const PROM_SA = 'system:serviceaccount:monitoring:prometheus-server';
// Reviewed golden: the prometheus-server ClusterRole of prometheus 28.7.0 (templates/clusterrole.yaml)
// plus the Kubernetes default bindings (bootstrappolicy/policy.go), printed as cani.go printStatus does.
const GOLDEN_287 = readFileSync(join(ROOT, 'test/golden/prometheus-28.7.0.can-i-list.txt'), 'utf8');
const NODES_PROXY_ROW = 'nodes/proxy                                     []                                     []               [get list watch]';

describe.skipIf(!HAVE_SHARED).each(testHelms())('can-i / who-can on the prometheus pair with $label', ({ bin }) => {
  it('28.7.0: can-i --list prints the table kubectl prints on a cluster with the chart installed', async () => {
    const r = await runCli(['can-i', '--list', '--as', PROM_SA, join(SHARED_CHARTS, 'prometheus-28.7.0'), '-n', 'monitoring'], { helm: bin });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(GOLDEN_287);
  });

  it('28.6.1: the same table plus the nodes/proxy row in its sorted place (after nodes/metrics, before nodes)', async () => {
    const r = await runCli(['can-i', '--list', '--as', PROM_SA, join(SHARED_CHARTS, 'prometheus-28.6.1'), '-n', 'monitoring'], { helm: bin });
    const lines = GOLDEN_287.split('\n');
    const at = lines.findIndex((l) => l.startsWith('nodes/metrics')) + 1;
    expect(r.stdout).toBe([...lines.slice(0, at), NODES_PROXY_ROW, ...lines.slice(at)].join('\n'));
  });

  it('--chart-only leaves out the default bindings', async () => {
    const r = await runCli(['can-i', '--list', '--chart-only', '--as', PROM_SA, join(SHARED_CHARTS, 'prometheus-28.7.0'), '-n', 'monitoring'], { helm: bin });
    expect(r.stdout).not.toMatch(/selfsubjectaccessreviews|\/openid/);
    expect(r.stdout).toMatch(/nodes\/metrics/);
  });

  it.each([
    ['prometheus-28.6.1', 'yes\n', 0],
    ['prometheus-28.7.0', 'no\n', 1],
  ])('%s: can-i get nodes --subresource proxy → %j (exit %i)', async (chart, out, code) => {
    const r = await runCli(['can-i', 'get', 'nodes', '--subresource', 'proxy', '--as', PROM_SA, join(SHARED_CHARTS, chart), '-n', 'monitoring'], { helm: bin });
    expect([r.stdout, r.code]).toEqual([out, code]);
    // cani.go Validate: cluster-scoped resource with a namespace set warns.
    expect(r.stderr).toBe("Warning: resource 'nodes' is not namespace scoped\n\n");
  });

  it('who-can get nodes --subresource proxy: prometheus-server for 28.6.1, nobody for 28.7.0', async () => {
    const a = await runCli(['who-can', 'get', 'nodes', '--subresource', 'proxy', join(SHARED_CHARTS, 'prometheus-28.6.1'), '-n', 'monitoring', '-o', 'json'], { helm: bin });
    const json = JSON.parse(a.stdout) as { subjects: { subject: { name: string; namespace: string }; binding: { name: string }; role: { name: string } }[] };
    expect(json.subjects.map((s) => `${s.subject.namespace}/${s.subject.name} ${s.binding.name} ${s.role.name}`)).toEqual(['monitoring/prometheus-server prometheus-server prometheus-server']);
    const b = await runCli(['who-can', 'get', 'nodes', '--subresource', 'proxy', join(SHARED_CHARTS, 'prometheus-28.7.0'), '-n', 'monitoring'], { helm: bin });
    expect(b.stdout).toBe('Nobody in the rendered chart may get nodes/proxy.\n');
  });
});

describe.each(testHelms())('can-i semantics on fixtures with $label', ({ bin }) => {
  const sa = 'system:serviceaccount:monitoring:fx-agent';
  const ask = (chart: string, ...args: string[]) => runCli(['can-i', ...args, '--as', sa, join(FIXTURES, chart), '-n', 'monitoring', '--release-name', 'fx'], { helm: bin });

  it.each([
    // kubectl sends the SelfSubjectAccessReview with the current namespace even for nodes (cani.go
    // RunAccessCheck), so a RoleBinding in that namespace answers yes though a real request fails.
    { chart: 'rolebinding-to-clusterrole', args: ['get', 'nodes', '--subresource', 'proxy'], out: 'yes\n', source: 'cani.go RunAccessCheck sets Namespace' },
    { chart: 'rolebinding-to-clusterrole', args: ['get', 'nodes', '--subresource', 'proxy', '-A'], out: 'no\n', source: 'cani.go: --all-namespaces sends namespace ""' },
    { chart: 'nodes-slash-star', args: ['get', 'nodes', '--subresource', 'proxy'], out: 'no\n', source: 'RuleAllows: nodes/* literal' },
    { chart: 'star-slash-proxy', args: ['get', 'pods', '--subresource', 'proxy'], out: 'yes\n', source: 'ResourceMatches */proxy' },
    { chart: 'resource-names', args: ['get', 'nodes/node-1', '--subresource', 'proxy'], out: 'yes\n', source: 'ResourceNameMatches' },
    { chart: 'resource-names', args: ['get', 'nodes/node-2', '--subresource', 'proxy'], out: 'no\n', source: 'ResourceNameMatches' },
    { chart: 'explicit-nodes-proxy', args: ['get', '/healthz'], out: 'yes\n', source: 'system:public-info-viewer (policy.go)' },
    { chart: 'explicit-nodes-proxy', args: ['get', '/healthz', '--chart-only'], out: 'no\n', source: 'no chart rule grants /healthz' },
  ])('$chart: can-i $args → $out ($source)', async ({ chart, args, out }) => {
    const r = await ask(chart, ...args);
    expect(r.stdout).toBe(out);
    expect(r.code).toBe(out === 'yes\n' ? 0 : 1);
  });

  it('usage errors exit 2 with one line', async () => {
    const r = await runCli(['can-i', 'get', '--as', sa], { helm: bin });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});

// Issue #13: answers that come from the built-in policy, on a manifest from stdin (no helm needed).
describe('can-i / who-can through built-in roles (bootstrappolicy testdata)', () => {
  const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', name: string, role: string, sa: string, ns = 'ns1'): string =>
    `apiVersion: rbac.authorization.k8s.io/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${kind === 'RoleBinding' ? `  namespace: ${ns}\n` : ''}roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "${role}" }\nsubjects:\n  - { kind: ServiceAccount, name: ${sa}, namespace: ${ns} }\n---\n`;
  const manifest = binding('RoleBinding', 'v', 'view', 'viewer') + binding('RoleBinding', 'e', 'edit', 'editor') + binding('RoleBinding', 'a', 'admin', 'admin') + binding('ClusterRoleBinding', 'd', 'system:auth-delegator', 'delegate');
  const canI = (args: string[]) => runCli(['can-i', ...args, '-', '-n', 'ns1'], { stdin: manifest });

  it.each([
    { as: 'viewer', args: ['list', 'pods'], out: 'yes\n', source: 'view ← system:aggregate-to-view' },
    { as: 'editor', args: ['create', 'deployments.apps'], out: 'yes\n', source: 'edit ← system:aggregate-to-edit' },
    { as: 'admin', args: ['create', 'rolebindings.rbac.authorization.k8s.io'], out: 'yes\n', source: 'admin ← system:aggregate-to-admin' },
    { as: 'viewer', args: ['get', 'secrets'], out: 'no\n', source: 'view does not read secrets' },
    { as: 'delegate', args: ['create', 'tokenreviews'], out: 'yes\n', source: 'system:auth-delegator (no "not found" reason)' },
  ])('$as: can-i $args → $out ($source)', async ({ as, args, out }) => {
    const r = await canI([...args, '--as', `system:serviceaccount:ns1:${as}`]);
    expect(r.stdout).toBe(out);
  });

  it('the default binding of system:kube-proxy to system:node-proxier answers yes for list nodes', async () => {
    const r = await canI(['list', 'nodes', '--as', 'system:kube-proxy']);
    expect([r.stdout, r.code]).toEqual(['yes\n', 0]);
    expect((await canI(['list', 'nodes', '--as', 'system:kube-proxy', '--chart-only'])).stdout).toBe('no\n');
  });

  it('--as-group system:masters may do anything, even with --chart-only (privileged-group authorizer)', async () => {
    const r = await canI(['delete', 'nodes', '--as', 'alice', '--as-group', 'system:masters', '--chart-only']);
    expect(r.stdout).toBe('yes\n');
  });

  it("prints kubectl's unknown-verb warning (cani.go Validate)", async () => {
    const r = await canI(['GET', 'pods', '--as', 'system:serviceaccount:ns1:viewer']);
    expect([r.stdout, r.stderr]).toEqual(['no\n', "Warning: verb 'GET' is not a known verb\n\n"]);
    const u = await canI(['POST', '/healthz', '--as', 'system:serviceaccount:ns1:viewer']);
    expect(u.stderr).toBe("Warning: verb 'POST' is not a known verb\n\n");
  });

  it('nodes/proxy keeps kubectl\'s meaning (the node named proxy) and hints at --subresource', async () => {
    const r = await canI(['get', 'nodes/proxy', '--as', 'system:serviceaccount:ns1:viewer']);
    expect(r.stdout).toBe('no\n');
    expect(r.stderr).toBe("Warning: resource 'nodes' is not namespace scoped\n\nhint: 'nodes/proxy' is read as the object named 'proxy' (as kubectl does); for the proxy subresource use 'nodes --subresource proxy'\n");
    const w = await runCli(['who-can', 'get', 'nodes/proxy', '-', '-n', 'ns1'], { stdin: manifest });
    expect(w.stderr).toContain("hint: 'nodes/proxy' is read as the object named 'proxy'");
    expect((await canI(['get', 'nodes/node-1', '--as', 'x'])).stderr).not.toContain('hint');
  });

  it('who-can get secrets lists the subjects that get it through built-in roles', async () => {
    const r = await runCli(['who-can', 'get', 'secrets', '-', '-n', 'ns1', '-o', 'json'], { stdin: manifest });
    const json = JSON.parse(r.stdout) as { subjects: { subject: { name: string }; role: { name: string; builtin: boolean } }[] };
    expect(json.subjects.map((s) => `${s.subject.name} ${s.role.name} ${s.role.builtin}`)).toEqual(['admin admin true', 'editor edit true']);
  });
});
