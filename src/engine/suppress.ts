// Suppressions (docs/design.md#severity-follows-effective-reach, #what-other-tools-expect), pure: the caller passes what was rendered, each render's
// config, the baseline and today's date.
//
// Sources, most specific first (the first that matches is the one recorded on the finding):
//  1. annotation `ignore-check.helm-rbac-lint.io/<rule-id>: "<reason>"` on the finding's object,
//     in any render of the same chart. The name holds the exact rule id. There is no `*` form:
//     Kubernetes rejects annotation names containing `*` (apimachinery validation.go
//     IsQualifiedName), so such an annotation could never reach a cluster; use a config exemption
//     with `rule: "*"` instead.
//  2. config exemption (`exemptions:` of the config that applies to the finding's chart), the
//     first matching entry; `expires` is the last day it applies (inclusive).
//  3. baseline entry with the finding's fingerprint.
// A suppressed finding stays in the list with `suppressed: true` and `suppression: { by, reason }`
// (JSON shows it, every summary counts it); nothing else about it changes.
//
// Reported as notices (not findings: no rule in docs/design.md stands for them), for the CLI to print
// on stderr in text mode and as a `suppressions` list in JSON; they never change the exit code:
//  - `missing-reason`: an annotation with an empty value. It does NOT suppress: the reason is the
//    point of a suppression, and CI keeps failing until someone writes it down. (Config exemptions
//    without a reason never get this far: the config schema rejects them, exit 2.)
//  - `unknown-rule-annotation`: the name after the prefix is no rule id (with a suggestion).
//  - `expired-exemption`: an exemption past its date, whether or not it would still match.
//  - `unused-suppression`: a valid annotation or live exemption that matched no finding of this
//    run, and one notice per baseline listing the entries (count + fingerprints) that matched
//    nothing. Not reported when its rule is turned off for that chart (it could not match), and
//    baseline entries only for charts linted in this run (a repository-wide baseline may be used
//    on one chart).
import type { Baseline } from '../config/baseline.js';
import type { Exemption, LintConfig, RuleSetting } from '../config/schema.js';
import { didYouMean } from '../config/suggest.js';
import type { Finding, ObjectRef, ParsedObject, TargetInfo } from '../types.js';
import { annotationsOf, exemptionMatches, exemptionText, groupOf, objectKey } from './suppress-sources.js';
import { objectLabel } from '../labels.js';
import type { AnnotationFound } from './suppress-sources.js';

export { ANNOTATION_PREFIX } from './suppress-sources.js';

export type SuppressionNoticeKind = 'unused-suppression' | 'missing-reason' | 'expired-exemption' | 'unknown-rule-annotation';

export interface SuppressionNotice {
  kind: SuppressionNoticeKind;
  /** Which mechanism the notice is about. */
  by: 'annotation' | 'config' | 'baseline';
  /** One line, without the location. Print as `<file>[:<line>]: <message>`. */
  message: string;
  /** The file holding the suppression: config or baseline file, or the chart template (`<chart>/<template>`) for annotations. */
  file: string;
  line: number | null;
  /** The rule the suppression names (the unknown name for `unknown-rule-annotation`); null for a baseline notice. */
  ruleId: string | null;
  /** Annotation notices: the annotated object and its target. */
  object?: ObjectRef;
  target?: number;
  /** Baseline notice: the unmatched fingerprints, sorted. */
  fingerprints?: string[];
}

/** One render as suppression sees it: an `Analysis` plus the config and rule settings it ran with. */
export interface SuppressionRender {
  target: TargetInfo;
  objects: readonly ParsedObject[];
  config?: Pick<LintConfig, 'file' | 'exemptions'> | null;
  /** The rule settings the render was analysed with (config `rules:` + `--rule`), to know which rules were off. */
  ruleSeverity?: Readonly<Record<string, RuleSetting>>;
}

export interface SuppressionContext {
  analyses: readonly SuppressionRender[];
  baseline?: Baseline | null;
  /** YYYY-MM-DD, injected so runs are reproducible. */
  today: string;
  /** Every registered rule id: annotations naming another id are reported. */
  ruleIds: readonly string[];
}

export interface SuppressionResult {
  /** The same findings in the same order, suppressed ones marked. */
  findings: Finding[];
  notices: SuppressionNotice[];
}

interface ExemptionState {
  config: Pick<LintConfig, 'file' | 'exemptions'>;
  exemption: Exemption;
  expired: boolean;
  matched: number;
  /** A render whose settings decide whether its rule was off. */
  render: SuppressionRender;
}

const NOTICE_ORDER: SuppressionNoticeKind[] = ['missing-reason', 'unknown-rule-annotation', 'expired-exemption', 'unused-suppression'];

export function applySuppressions(findings: readonly Finding[], ctx: SuppressionContext): SuppressionResult {
  const ruleIds = ctx.ruleIds;
  const notices: SuppressionNotice[] = [];
  const renderOf = new Map(ctx.analyses.map((r) => [r.target.id, r]));
  const annotations = usableAnnotations(ctx.analyses, new Set(ruleIds), ruleIds, notices);
  const exemptions = exemptionStates(ctx.analyses, ctx.today);
  const baseline = new Set((ctx.baseline?.entries ?? []).map((e) => e.fingerprint));
  const seenPrints = new Set<string>();

  const out = findings.map((f): Finding => {
    seenPrints.add(f.fingerprint);
    // Without its render (objects, config) only the baseline can apply.
    const render = renderOf.get(f.target);
    const annotation = render && annotations.get(objectKey(groupOf(render.target), f.object, f.ruleId));
    if (annotation) annotation.used = true;
    const exemption = render && matchExemptions(f, render, exemptions);
    const suppression = annotation
      ? { by: 'annotation' as const, reason: annotation.reason }
      : exemption
        ? { by: 'config' as const, reason: exemption.exemption.reason }
        : baseline.has(f.fingerprint) && ctx.baseline
          ? { by: 'baseline' as const, reason: `accepted in baseline ${ctx.baseline.file}` }
          : null;
    return suppression ? { ...f, suppressed: true, suppression } : f;
  });

  for (const a of annotations.values()) {
    if (!a.used && !ruleOff(a.render, a.found.ruleId)) notices.push(annotationNotice('unused-suppression', a.found, 'matched no finding; remove it'));
  }
  for (const state of exemptions.values()) notices.push(...exemptionNotices(state, ctx.today));
  if (ctx.baseline) notices.push(...baselineNotices(ctx.baseline, ctx.analyses, seenPrints));
  return { findings: out, notices: sortNotices(notices) };
}

// ---------------------------------------------------------------- annotations

interface AnnotationState {
  found: AnnotationFound;
  reason: string;
  render: SuppressionRender;
  used: boolean;
}

function annotationNotice(kind: SuppressionNoticeKind, a: AnnotationFound, what: string): SuppressionNotice {
  return {
    kind,
    by: 'annotation',
    message: `annotation ${a.key} on ${objectLabel(a.object)} ${what}`,
    file: a.file,
    line: a.line,
    ruleId: a.ruleId,
    object: a.object,
    target: a.target.id,
  };
}

/** Valid annotations by object+rule (first render wins); broken ones become notices, once each. */
function usableAnnotations(
  renders: readonly SuppressionRender[],
  known: ReadonlySet<string>,
  ruleIds: readonly string[],
  notices: SuppressionNotice[],
): Map<string, AnnotationState> {
  const usable = new Map<string, AnnotationState>();
  const seen = new Set<string>();
  for (const render of renders) {
    for (const found of annotationsOf(render.objects, render.target)) {
      const key = objectKey(groupOf(render.target), found.object, found.ruleId);
      if (seen.has(key)) continue;
      seen.add(key);
      if (!known.has(found.ruleId)) {
        const hint = found.ruleId.includes('*')
          ? ': Kubernetes rejects annotation names containing "*"; name each rule, or use a config exemption with rule: "*"'
          : didYouMean(found.ruleId, ruleIds);
        notices.push(annotationNotice('unknown-rule-annotation', found, `names no rule${hint}; it suppresses nothing`));
      } else if (found.reason === null) {
        notices.push(annotationNotice('missing-reason', found, 'has no reason, so it does not suppress; write why as its value'));
      } else {
        usable.set(key, { found, reason: found.reason, render, used: false });
      }
    }
  }
  return usable;
}

// ---------------------------------------------------------------- exemptions and baseline

function ruleOff(render: SuppressionRender, ruleId: string): boolean {
  return ruleId !== '*' && render.ruleSeverity?.[ruleId] === 'off';
}

/** One state per (config file, entry), shared by every render the config applies to. */
function exemptionStates(renders: readonly SuppressionRender[], today: string): Map<string, ExemptionState> {
  const states = new Map<string, ExemptionState>();
  for (const render of renders) {
    for (const exemption of render.config?.exemptions ?? []) {
      const key = `${render.config?.file}\u0000${exemption.index}`;
      if (states.has(key) || !render.config) continue;
      // `expires` is the last day it applies: ISO dates compare as strings.
      states.set(key, { config: render.config, exemption, expired: exemption.expires !== null && today > exemption.expires, matched: 0, render });
    }
  }
  return states;
}

function exemptionsOf(states: Map<string, ExemptionState>, render: SuppressionRender): ExemptionState[] {
  const config = render.config;
  if (!config) return [];
  return config.exemptions.flatMap((e) => states.get(`${config.file}\u0000${e.index}`) ?? []);
}

/** Counts the finding against every exemption it matches; returns the first live one. */
function matchExemptions(f: Finding, render: SuppressionRender, states: Map<string, ExemptionState>): ExemptionState | undefined {
  let first: ExemptionState | undefined;
  for (const state of exemptionsOf(states, render)) {
    if (!exemptionMatches(state.exemption, f, render.target)) continue;
    state.matched++;
    if (!state.expired) first ??= state;
  }
  return first;
}

function exemptionNotices(state: ExemptionState, today: string): SuppressionNotice[] {
  const { exemption: e, config } = state;
  const base = { by: 'config' as const, file: config.file, line: e.line, ruleId: e.rule };
  if (state.expired) {
    const would = state.matched === 0 ? '' : ` (${state.matched} finding${state.matched === 1 ? '' : 's'})`;
    return [{ ...base, kind: 'expired-exemption', message: `${exemptionText(e)} expired on ${e.expires} (today is ${today}) and no longer suppresses${would}; renew or remove it` }];
  }
  if (state.matched === 0 && !ruleOff(state.render, e.rule)) {
    return [{ ...base, kind: 'unused-suppression', message: `${exemptionText(e)} matched no finding; remove it` }];
  }
  return [];
}

function baselineNotices(baseline: Baseline, renders: readonly SuppressionRender[], seenPrints: ReadonlySet<string>): SuppressionNotice[] {
  const linted = new Map(renders.map((r) => [r.target.name, r]));
  const unmatched = new Set<string>();
  for (const entry of baseline.entries) {
    const render = linted.get(entry.chart);
    if (!render || seenPrints.has(entry.fingerprint) || ruleOff(render, entry.ruleId)) continue;
    unmatched.add(entry.fingerprint);
  }
  if (unmatched.size === 0) return [];
  const fingerprints = [...unmatched].sort();
  const n = fingerprints.length;
  return [
    {
      kind: 'unused-suppression',
      by: 'baseline',
      message: `${n} baseline entr${n === 1 ? 'y' : 'ies'} matched no finding (fixed, or the object changed); rewrite the baseline with --write-baseline: ${fingerprints.join(', ')}`,
      file: baseline.file,
      line: null,
      ruleId: null,
      fingerprints,
    },
  ];
}

function sortNotices(notices: SuppressionNotice[]): SuppressionNotice[] {
  const cmp = (a: string | number | null, b: string | number | null): number =>
    a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;
  return notices.sort(
    (a, b) =>
      cmp(a.file, b.file) ||
      cmp(a.line, b.line) ||
      NOTICE_ORDER.indexOf(a.kind) - NOTICE_ORDER.indexOf(b.kind) ||
      cmp(a.message, b.message),
  );
}
