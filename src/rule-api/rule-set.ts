// The registered rules as the engine, the config, the diff and the reports take them: passed in,
// never imported, so only the entry points (src/api, src/cli) know which rules exist.
import { registeredProbes } from './probe.js';
import type { RegisteredProbe } from './probe.js';
import type { RuleModule } from './rule.js';

export interface RuleSet {
  /** The rules to run, in registry order. */
  readonly rules: readonly RuleModule[];
  /** Every registered rule id (config keys, annotations and `--rule` are checked against these). */
  readonly ids: readonly string[];
  /** The probes of every registered rule: what grading and the diff ask about. */
  readonly probes: readonly RegisteredProbe[];
  /** Ids of the rules about kubelet access, whose findings kubelet evidence explains. */
  readonly kubeletIds: ReadonlySet<string>;
}

export function ruleSet(rules: readonly RuleModule[]): RuleSet {
  return {
    rules,
    ids: rules.map((r) => r.meta.id),
    probes: registeredProbes(rules),
    kubeletIds: new Set(rules.filter((r) => r.meta.category === 'kubelet').map((r) => r.meta.id)),
  };
}

/** The same registry with only some rules run (tests, `--only`): ids, probes and grading stay whole. */
export function runningOnly(set: RuleSet, rules: readonly RuleModule[]): RuleSet {
  return { ...set, rules };
}
