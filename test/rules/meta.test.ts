import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { SEVERITIES } from '../../src/severity.js';
import { runRule } from '../support/rules.js';

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
