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
  /**
   * How many levels below the rule's severity one hit is, before reach lowers it (default 0).
   * Negative raises it: rules whose default is the namespaced case and whose cluster-wide grant
   * is worse (configmap-write, secret-write) return -1 for cluster-wide hits.
   */
  lowerBy?: (hit: ProbeHit, group: RuleHits, ctx: RuleContext) => number;
  /** Whether a rule entry's hits are reported at all (default: always); e.g. resourceNames that name nothing sensitive. */
  applies?: (group: RuleHits, ctx: RuleContext) => boolean;
  /** Wording and fingerprint tweaks for one finding. */
  draft?: (group: RuleHits, ctx: RuleContext) => { labels?: string[]; names?: string; keyPrefix?: string };
}

export function defineProbeRule(spec: ProbeRuleSpec): RuleModule {
  const { meta, probes } = spec;
  return {
    meta,
    probes,
    check(ctx) {
      const groups = hitsByRule(ctx.model, probes);
      return (spec.applies ? groups.filter((g) => spec.applies?.(g, ctx)) : groups).map((group) =>
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
