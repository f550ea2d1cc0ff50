import { analyzeRender } from '../api.js';
import type { LintOptions } from '../api.js';
import type { Analysis } from '../engine/analyze.js';
import type { RenderResult } from '../render/index.js';
import type { TargetInfo } from '../types.js';

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
