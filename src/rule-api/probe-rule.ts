// The template for rules that are "these probes at this impact" (in the spirit of kube-linter's
// check templates with parameters): declare the probes and what holding them means; finding per
// rule entry, reach-aware severity, message, path and fingerprint come from grant-findings.ts.
import { lower } from '../severity.js';
import { draftFor, hitsByRule } from './grant-findings.js';
import type { ProbeHit, RuleHits } from './grant-findings.js';
import type { Probe } from './probe.js';
import type { RuleContext, RuleMeta, RuleModule } from './rule.js';

export interface ProbeRuleSpec {
  meta: RuleMeta;
  probes: readonly Probe[];
  /** What holding the grant lets someone do; ends the message (`… to x/y: <impact>.`). */
  impact: string | ((group: RuleHits, ctx: RuleContext) => string);
  /** How many levels below the rule's severity one hit is, before reach lowers it (default 0). */
  lowerBy?: (hit: ProbeHit, group: RuleHits, ctx: RuleContext) => number;
  /** Wording and fingerprint tweaks for one finding. */
  draft?: (group: RuleHits, ctx: RuleContext) => { labels?: string[]; names?: string; keyPrefix?: string };
}

export function defineProbeRule(spec: ProbeRuleSpec): RuleModule {
  const { meta, probes } = spec;
  return {
    meta,
    probes,
    check(ctx) {
      return hitsByRule(ctx.model, probes).map((group) =>
        draftFor(
          group,
          (hit) => lower(meta.severity, spec.lowerBy?.(hit, group, ctx) ?? 0),
          typeof spec.impact === 'function' ? spec.impact(group, ctx) : spec.impact,
          spec.draft?.(group, ctx),
        ),
      );
    },
  };
}
