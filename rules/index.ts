import type { RuleModule } from '../src/engine/rule.js';
import ineffectiveRule from './ineffective-rule.js';
import nodesProxy from './nodes-proxy.js';

/** Every rule, nodes-proxy first; ids are stable and unique (checked by test/rules/meta.test.ts). */
export const RULES: readonly RuleModule[] = [nodesProxy, ineffectiveRule];

export function ruleById(id: string): RuleModule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
