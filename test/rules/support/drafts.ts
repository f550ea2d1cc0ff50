// Runs a rule's check() directly, to see what the engine later turns into positions and
// fingerprints: the draft's `path` (for the line) and `key` (for the fingerprint).
import type { FindingDraft, RuleContext, RuleModule } from '../../../src/engine/rule.js';
import { findKubeletEvidence } from '../../../src/evidence/index.js';
import { buildModel } from '../../../src/rbac/model.js';
import type { InputIssue, TargetInfo } from '../../../src/types.js';
import { objectsFromYaml, testTarget } from '../../support/objects.js';

export function contextFor(yaml: string, target: Partial<TargetInfo> = {}, parseIssues: readonly InputIssue[] = []): RuleContext {
  const objects = objectsFromYaml(yaml);
  const model = buildModel(objects);
  return { target: testTarget(target), objects, model, evidence: findKubeletEvidence(objects), issues: [...parseIssues, ...model.issues] };
}

export function draftsOf(rule: RuleModule, yaml: string, target: Partial<TargetInfo> = {}): FindingDraft[] {
  return rule.check(contextFor(yaml, target));
}

/** `path key` per draft, sorted. */
export function pathsAndKeys(drafts: readonly FindingDraft[]): string[] {
  return drafts.map((d) => `${d.path ?? ''} ${d.key}`).sort();
}
