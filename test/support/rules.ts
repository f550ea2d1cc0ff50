// Runs rules the way the engine does, ESLint RuleTester-style: `runRule` through the real
// engine (positions, fingerprints, reach), `draftsOf` straight from check() to see what the
// engine later turns into lines and fingerprints (the draft's `path` and `key`).
import { analyzeObjects } from '../../src/engine/analyze.js';
import { findKubeletEvidence } from '../../src/evidence/index.js';
import { buildModel } from '../../src/rbac/model.js';
import { runningOnly } from '../../src/rule-api/index.js';
import type { FindingDraft, RuleContext, RuleModule, RuleSet } from '../../src/rule-api/index.js';
import { registeredRules } from '../../src/api/index.js';
import { diff } from '../../src/diff/index.js';
import type { RbacDiff } from '../../src/diff/index.js';
import type { Analysis } from '../../src/engine/analyze.js';
import type { Finding, InputIssue, TargetInfo } from '../../src/types.js';
import { objectsFromYaml, testTarget } from './objects.js';

/** The registry with only these rules running (ids, probes and grading stay whole). */
export const only = (...rules: RuleModule[]): RuleSet => runningOnly(TEST_RULES, rules);

export function runRule(rule: RuleModule, yaml: string, target: Partial<TargetInfo> = {}): Finding[] {
  return analyzeObjects(objectsFromYaml(yaml), [], 0, testTarget(target), { rules: only(rule) }).findings;
}

/** `severity objectName` per finding, sorted: compact to compare in tables. */
export function summaryOf(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.object.kind}/${f.object.name}`).sort();
}

/** What a rule sees for this YAML, with the probes of every registered rule. */
export function contextFor(yaml: string, target: Partial<TargetInfo> = {}, parseIssues: readonly InputIssue[] = []): RuleContext {
  const objects = objectsFromYaml(yaml);
  const model = buildModel(objects);
  return { target: testTarget(target), objects, model, evidence: findKubeletEvidence(objects), issues: [...parseIssues, ...model.issues], probes: TEST_RULES.probes };
}

export function draftsOf(rule: RuleModule, yaml: string, target: Partial<TargetInfo> = {}): FindingDraft[] {
  return rule.check(contextFor(yaml, target));
}

/** `path key` per draft, sorted. */
export function pathsAndKeys(drafts: readonly FindingDraft[]): string[] {
  return drafts.map((d) => `${d.path ?? ''} ${d.key}`).sort();
}

/** The registry, as the api layer passes it to the engine and the diff. */
export const TEST_RULES: RuleSet = registeredRules();

/** The diff with the registry's probes and kubelet rules, as `helm-rbac-lint diff` runs it. */
export function diffOf(oldAnalysis: Analysis, newAnalysis: Analysis): RbacDiff {
  return diff(oldAnalysis, newAnalysis, TEST_RULES);
}
