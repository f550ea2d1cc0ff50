import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { runCli } from '../support/cli.js';

// The published catalogue: ids are a contract (config keys, annotations, baselines, SARIF ruleIds)
// and default severities decide exit codes. This is the one hand-kept copy of it, on purpose: a
// rename, a removal or a severity change must update it, and its commit then says so. A new rule
// needs no edit here; it joins this list when a release publishes it.
const CATALOGUE: Readonly<Record<string, string>> = {
  'nodes-proxy': 'critical',
  'apiserver-node-proxy-path': 'medium',
  'missing-kubelet-permission': 'high',
  'kubelet-subresource-skew': 'low',
  'dead-kubelet-subresource': 'info',
  'pod-exec': 'critical',
  'rbac-escalation': 'critical',
  impersonate: 'critical',
  'cluster-admin-binding': 'critical',
  'broad-group-binding': 'critical',
  'wildcard-grant': 'high',
  'secrets-read': 'high',
  'workload-create': 'high',
  'token-create': 'high',
  'csr-approval': 'high',
  'webhook-config-write': 'high',
  'node-write': 'high',
  'persistentvolume-create': 'high',
  'namespace-modify': 'medium',
  'aggregate-to-builtin': 'medium',
  'ineffective-rule': 'low',
  'malformed-rbac': 'medium',
};

describe('the public rule catalogue', () => {
  it('every published rule keeps its id and default severity', () => {
    const registry = Object.fromEntries(RULES.map((r) => [r.meta.id, r.meta.severity]));
    expect(Object.fromEntries(Object.keys(CATALOGUE).map((id) => [id, registry[id]]))).toEqual(CATALOGUE);
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
