// Runs one rule over YAML through the real engine (model, evidence, reach), ESLint RuleTester-style.
import { analyzeObjects } from '../../src/engine/analyze.js';
import type { RuleModule } from '../../src/engine/rule.js';
import type { Finding, TargetInfo } from '../../src/types.js';
import { objectsFromYaml, testTarget } from './objects.js';

export function runRule(rule: RuleModule, yaml: string, target: Partial<TargetInfo> = {}): Finding[] {
  return analyzeObjects(objectsFromYaml(yaml), [], 0, testTarget(target), { rules: [rule] }).findings;
}

/** `severity objectName` per finding, sorted: compact to compare in tables. */
export function summaryOf(findings: readonly Finding[]): string[] {
  return findings.map((f) => `${f.severity} ${f.object.kind}/${f.object.name}`).sort();
}
