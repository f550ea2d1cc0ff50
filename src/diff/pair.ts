import { analyzeRender } from '../api.js';
import type { LintOptions } from '../api.js';
import type { Analysis } from '../engine/analyze.js';
import type { LintConfig } from '../config/load.js';
import { applySuppressions } from '../engine/suppress.js';
import type { SuppressionNotice } from '../engine/suppress.js';
import type { RenderResult } from '../render/index.js';
import type { Severity, TargetInfo } from '../types.js';

/** What a finding fingerprint takes from the target (engine/run.ts `fingerprint`). */
const identityOf = (t: TargetInfo): string => (t.renderer === 'manifest' ? `manifest:${t.name}` : `chart:${t.name}`);

/**
 * Analyses the two sides of a diff: old as target 0, new as target 1. Fingerprints include the
 * chart identity, so when the sides differ in it (a renamed chart, two manifest files, a manifest
 * against a chart) the old side is fingerprinted under the new side's identity — its findings
 * then match across the rename — and gets its own target info back afterwards.
 */
export function analyzePair(
  oldRender: RenderResult,
  newRender: RenderResult,
  options: Omit<LintOptions, 'render'> = {},
): { old: Analysis; new: Analysis } {
  const oldTarget: TargetInfo = { ...oldRender.target, id: 0 };
  const newTarget: TargetInfo = { ...newRender.target, id: 1 };
  const sameIdentity = identityOf(oldTarget) === identityOf(newTarget);
  const fingerprintAs: TargetInfo = sameIdentity ? oldTarget : { ...oldTarget, name: newTarget.name, renderer: newTarget.renderer };
  const oldAnalysis = analyzeRender({ ...oldRender, target: fingerprintAs }, options);
  const newAnalysis = analyzeRender({ ...newRender, target: newTarget }, options);
  return { old: { ...oldAnalysis, target: oldTarget }, new: newAnalysis };
}

/**
 * Marks the suppressed findings of one side of a diff (its annotations, and the NEW side's config
 * exemptions, which apply to both sides), in place; returns the side's notices. Suppressed
 * findings count on neither side of a verdict, so both sides of every diff (CLI and Action) go
 * through here.
 */
export function suppressSide(
  side: Analysis,
  config: LintConfig | null,
  ruleSeverity: Readonly<Record<string, Severity | 'off'>>,
  today: string,
): SuppressionNotice[] {
  const result = applySuppressions(side.findings, { analyses: [{ target: side.target, objects: side.objects, config, ruleSeverity }], today });
  side.findings = result.findings;
  return result.notices;
}
