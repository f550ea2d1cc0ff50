import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { SEVERITIES } from '../../src/severity.js';
import { runRule } from '../support/rules.js';
import { diffProbes } from '../../src/diff/index.js';
import { probeResource, registeredProbes, riskOfRules } from '../../src/rule-api/index.js';

const root = dirname(dirname(dirname(fileURLToPath(import.meta.url))));

// typescript-eslint style: every rule's documented examples are executed, so docs cannot rot.
describe('rule registry and docs', () => {
  it('ids are unique kebab-case and severities valid', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of RULES) {
      expect(r.meta.id).toMatch(/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/);
      expect(SEVERITIES).toContain(r.meta.severity);
    }
  });

  describe.each(RULES.map((r) => [r.meta.id, r] as const))('%s', (id, rule) => {
    it('has a module folder with its table test, and complete docs', () => {
      expect(existsSync(join(root, 'rules', id, 'index.ts'))).toBe(true);
      expect(existsSync(join(root, 'rules', id, 'index.test.ts'))).toBe(true);
      const d = rule.meta.docs;
      for (const field of [d.summary, d.rationale, d.fix, d.bad, d.good]) expect(field.trim().length).toBeGreaterThan(10);
      expect(d.summary).not.toMatch(/\n/);
      expect(d.references.length).toBeGreaterThan(0);
    });

    it('flags its bad example and passes its good example', () => {
      const kube = rule.meta.docs.exampleKubeVersion ?? null;
      expect(runRule(rule, rule.meta.docs.bad, { kubeVersion: kube }).filter((f) => f.ruleId === id).length).toBeGreaterThan(0);
      expect(runRule(rule, rule.meta.docs.good, { kubeVersion: kube }).filter((f) => f.ruleId === id)).toEqual([]);
    });
  });
});

// A rule that declares probes is picked up everywhere without another list to edit.
describe('probes reach every consumer', () => {
  const probes = registeredProbes(RULES);
  const tracked = new Set(diffProbes(probes).map((p) => `${p.verb} ${p.apiGroup}/${p.resource}`));

  it.each(RULES.filter((r) => (r.probes ?? []).length > 0).map((r) => [r.meta.id, r] as const))('the diff tracks every probe of %s', (_id, rule) => {
    for (const p of rule.probes ?? []) for (const verb of p.verbs) expect(tracked).toContain(`${verb} ${p.request.apiGroup}/${probeResource(p)}`);
  });

  it.each(probes.filter((p) => p.grade === 'critical' || p.grade === 'high').map((p) => [p.ruleId, p.label, p] as const))(
    'broad-binding grading weighs %s %s',
    (_id, _label, p) => {
      const rule = { verbs: [...p.verbs], apiGroups: [p.request.apiGroup], resources: [probeResource(p)], resourceNames: [], nonResourceURLs: [] };
      const held = [{ rule, index: 0, origin: null as never }];
      expect(riskOfRules(held, 'cluster', probes).grade).toBe(p.grade);
    },
  );
});
