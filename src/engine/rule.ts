import type { Evidence, Fix, FindingPermission, InputIssue, ParsedObject, Severity, Subject, TargetInfo } from '../types.js';
import type { RbacModel } from '../rbac/model.js';

export type RuleCategory = 'kubelet' | 'privilege-escalation' | 'secrets' | 'workloads' | 'cluster' | 'hygiene';

/** Everything a rule's documentation says; `helm-rbac-lint explain`, README, SARIF help are generated from it. */
export interface RuleDocs {
  /** One line, imperative-free: what the rule flags. */
  summary: string;
  /** Why it matters, a paragraph (Markdown). */
  rationale: string;
  /** How to fix it (Markdown). */
  fix: string;
  /** A manifest the rule flags (multi-document YAML). Run by the docs meta-test. */
  bad: string;
  /** The fixed manifest: the rule must not flag it. */
  good: string;
  references: string[];
  /** For examples that need it: the --kube-version the examples are linted under. */
  exampleKubeVersion?: string;
}

export interface RuleMeta {
  id: string;
  severity: Severity;
  category: RuleCategory;
  docs: RuleDocs;
}

/** What a rule sees: one render's model and what was found in it. Pure data. */
export interface RuleContext {
  target: TargetInfo;
  objects: readonly ParsedObject[];
  model: RbacModel;
  evidence: readonly Evidence[];
  issues: readonly InputIssue[];
}

/** A finding as a rule reports it; the engine adds positions, fingerprint and suppression. */
export interface FindingDraft {
  severity?: Severity;
  message: string;
  object: ParsedObject;
  /** Dotted path of the offending entry inside the object (`rules.0.resources.1`), for the line. */
  path?: string | null;
  subjects?: Subject[];
  permissions?: FindingPermission[];
  evidence?: Evidence[];
  fix?: Fix | null;
  /** What distinguishes this finding from others of the same rule on the same object (e.g. `nodes/proxy`). */
  key: string;
}

export interface RuleModule {
  meta: RuleMeta;
  check(ctx: RuleContext): FindingDraft[];
}

export function defineRule(rule: RuleModule): RuleModule {
  return rule;
}

/** Severities from the least to the most severe: severityRank is the index. */
export const SEVERITY_ASCENDING: readonly Severity[] = ['info', 'low', 'medium', 'high', 'critical'];
const RANK = new Map(SEVERITY_ASCENDING.map((s, i) => [s, i]));

export function severityRank(s: Severity): number {
  return RANK.get(s) ?? -1;
}

/** One level lower (PRODUCT.md §4: latent grants), never below info. */
export function lower(s: Severity, levels = 1): Severity {
  return SEVERITY_ASCENDING[Math.max(0, severityRank(s) - levels)] as Severity;
}
