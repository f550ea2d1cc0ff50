import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runCli, SHARED } from '../support/cli.js';

// PRODUCT.md §4 is the contract for rule ids; read it when ../shared is present.
const PRODUCT = join(SHARED, 'PRODUCT.md');
const SPEC_IDS = [
  'nodes-proxy', 'apiserver-node-proxy-path', 'kubelet-subresource-skew', 'dead-kubelet-subresource', 'ineffective-rule',
  'wildcard-grant', 'secrets-read', 'workload-create', 'pod-exec', 'rbac-escalation', 'impersonate', 'token-create',
  'csr-approval', 'webhook-config-write', 'node-write', 'persistentvolume-create', 'namespace-modify',
  'broad-group-binding', 'cluster-admin-binding', 'aggregate-to-builtin', 'malformed-rbac',
];

function productTable(): { id: string; severity: string }[] {
  const text = readFileSync(PRODUCT, 'utf8');
  const section = text.slice(text.indexOf('## 4. Rules'), text.indexOf('## 5.'));
  return [...section.matchAll(/^\| `([a-z-]+)` \|.*\| ([a-z]+)(?: \(.*\))? \|$/gm)].map((m) => ({ id: m[1] as string, severity: m[2] as string }));
}

describe('the rule catalogue is PRODUCT.md §4', () => {
  it('registry ids are exactly the specified ids', () => {
    expect(RULES.map((r) => r.meta.id).sort()).toEqual([...SPEC_IDS].sort());
  });

  it.skipIf(!existsSync(PRODUCT))('ids and default severities match the PRODUCT.md table', () => {
    const table = productTable();
    expect(table.map((t) => t.id).sort()).toEqual([...SPEC_IDS].sort());
    for (const t of table) expect(RULES.find((r) => r.meta.id === t.id)?.meta.severity, t.id).toBe(t.severity);
  });

  it('`rules` lists every id with its severity', async () => {
    const r = await runCli(['rules']);
    expect(r.code).toBe(0);
    for (const rule of RULES) expect(r.stdout).toMatch(new RegExp(`^${rule.meta.id}\\s+${rule.meta.severity}\\s`, 'm'));
  });

  it.each(RULES.map((r) => r.meta.id))('`explain %s` prints its documentation', async (id) => {
    const r = await runCli(['explain', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^${id} \\(default severity`));
    expect(r.stdout).toMatch(/HOW TO FIX/);
  });

  it('`explain` of an unknown id is a usage error with a suggestion', async () => {
    const r = await runCli(['explain', 'nodes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/did you mean nodes-proxy/);
  });
});
