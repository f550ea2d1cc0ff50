import { createHash } from 'node:crypto';
import type { Finding, Severity, TargetInfo } from '../types.js';
import type { FindingDraft, RuleContext, RuleSet } from '../rule-api/index.js';
import { SEVERITY_ASCENDING, severityRank } from '../severity.js';

export interface RunOptions {
  /** Severity overrides and `off`, by rule id. */
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
}

/** Stable identity of a finding: rule + chart + object + what it is about; no lines, no order. */
export function fingerprint(ruleId: string, target: TargetInfo, obj: { kind: string; name: string; namespace: string | null }, key: string): string {
  const chart = target.renderer === 'manifest' ? `manifest:${target.name}` : `chart:${target.name}`;
  const text = [ruleId, chart, obj.kind, obj.namespace ?? '', obj.name, key].join('\u0000');
  return createHash('sha256').update(text).digest('hex').slice(0, 32);
}

export function toFinding(ruleId: string, severity: Severity, draft: FindingDraft, target: TargetInfo): Finding {
  const obj = draft.object;
  const pos = draft.path ? obj.positions[draft.path] : undefined;
  return {
    ruleId,
    severity: draft.severity ?? severity,
    message: draft.message,
    target: target.id,
    object: obj.ref,
    source: { file: obj.source.file, line: pos?.template ?? obj.source.line },
    renderedLine: pos?.rendered ?? obj.renderedLine,
    subjects: draft.subjects ?? [],
    permissions: draft.permissions ?? [],
    evidence: draft.evidence ?? [],
    ...(draft.unattributedEvidence ? { unattributedEvidence: draft.unattributedEvidence } : {}),
    fix: draft.fix ?? null,
    suppressed: false,
    fingerprint: fingerprint(ruleId, target, obj.ref, draft.key),
  };
}

/** Runs every enabled rule over one render. Rules are pure; their drafts become findings here. */
export function runRules(rules: RuleSet, input: Omit<RuleContext, 'probes'>, options: RunOptions = {}): Finding[] {
  const out: Finding[] = [];
  const ctx: RuleContext = { ...input, probes: rules.probes };
  for (const rule of rules.rules) {
    const override = options.ruleSeverity?.[rule.meta.id];
    if (override === 'off') continue;
    const drafts = rule.check(ctx);
    for (const d of drafts) {
      const f = toFinding(rule.meta.id, rule.meta.severity, d, input.target);
      // A configured severity replaces the default; reach-lowered findings keep their distance.
      if (override) f.severity = shift(f.severity, rule.meta.severity, override);
      out.push(f);
    }
  }
  return sortFindings(dedupe(out));
}

function shift(actual: Severity, def: Severity, configured: Severity): Severity {
  const i = severityRank(configured) - (severityRank(def) - severityRank(actual));
  return SEVERITY_ASCENDING[Math.min(SEVERITY_ASCENDING.length - 1, Math.max(0, i))] as Severity;
}

/**
 * One finding per fingerprint. A rule may report the same identity twice (two rules of one role
 * on the same resource: identities carry no rule index, so baselines survive edits); the most
 * severe one is kept, as mergeRenders does across renders.
 */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) {
    const kept = seen.get(f.fingerprint);
    if (!kept || severityRank(f.severity) > severityRank(kept.severity)) seen.set(f.fingerprint, f);
  }
  return [...seen.values()];
}

const cmp = (a: string | number | null, b: string | number | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

/** Deterministic order: most severe first, then target, file, line, rule, object, fingerprint. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings.sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      a.target - b.target ||
      cmp(a.source.file, b.source.file) ||
      cmp(a.source.line, b.source.line) ||
      cmp(a.ruleId, b.ruleId) ||
      cmp(a.object.kind, b.object.kind) ||
      cmp(a.object.name, b.object.name) ||
      cmp(a.fingerprint, b.fingerprint),
  );
}
