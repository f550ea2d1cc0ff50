// What a rule is and what it sees. Rules are pure: one render's model, evidence and objects in,
// finding drafts out; the engine adds positions, fingerprints, severity overrides and suppression.
import type { Evidence, Fix, FindingPermission, InputIssue, ParsedObject, Severity, Subject, TargetInfo } from '../types.js';
import type { RbacModel } from '../rbac/model.js';
import type { Probe, RegisteredProbe } from './probe.js';

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
  /**
   * The probes of every rule the engine runs, with the rule's id and severity: what rules that
   * weigh another object's grants (broad-group-binding, aggregate-to-builtin) ask of it.
   */
  probes: readonly RegisteredProbe[];
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
  /** How many of the render's unattributed evidence entries the advice weighed (Finding.unattributedEvidence). */
  unattributedEvidence?: number;
  fix?: Fix | null;
  /** What distinguishes this finding from others of the same rule on the same object (e.g. `nodes/proxy`). */
  key: string;
}

export interface RuleModule {
  meta: RuleMeta;
  /**
   * The dangerous requests this rule looks for, as data. The engine hands every rule's probes to
   * the rules that grade other objects' grants, and the diff tracks them per subject, so a rule
   * that declares its probes is picked up everywhere without another list to edit.
   */
  probes?: readonly Probe[];
  check(ctx: RuleContext): FindingDraft[];
}

export function defineRule(rule: RuleModule): RuleModule {
  return rule;
}
