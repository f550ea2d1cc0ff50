// The rule registry as the rest of the program receives it: the engine, the config checks, the
// diff and the reports take a RuleSet argument; this is where the default one is made.
import { RULES } from '../../rules/index.js';
import { ruleSet } from '../rule-api/index.js';
import type { RuleSet } from '../rule-api/index.js';

let registry: RuleSet | null = null;

/** Every registered rule (rules/index.ts), with their probes. */
export function registeredRules(): RuleSet {
  registry ??= ruleSet(RULES);
  return registry;
}
