// Semantic RBAC diff of two renders. Pure: two Analyses in, one RbacDiff out, computed from the
// RBAC model (never from text), in a deterministic order. What it tracks per subject beyond the
// written rules comes from the rules' probes (the RuleSet argument), never from a list here.
import type { Analysis } from '../engine/analyze.js';
import type { RbacModel } from '../rbac/model.js';
import type { RuleSet } from '../rule-api/index.js';
import { diffProbes } from './probes.js';
import type { DiffProbe } from './probes.js';
import { attachEvidence, diffEvidence } from './evidence.js';
import { breaksAccessOf, diffFindings, verdictOf } from './findings.js';
import { diffObjects } from './objects.js';
import { diffSubjects } from './subjects.js';
import type { ModelDiff, RbacDiff } from './types.js';

export type {
  DiffFinding,
  EvidenceChanges,
  ModelDiff,
  ObjectChange,
  ObjectChangeKind,
  Permission,
  RbacDiff,
  RbacKind,
  SubjectChange,
  Verdict,
} from './types.js';
export { diffProbes } from './probes.js';
export type { DiffProbe } from './probes.js';
export { BREAKS_ACCESS_RULE, breaksAccessOf, compareSeverityMultisets, verdictOf } from './findings.js';
export { expandRule, permissionLabel, resourceLabel } from './permissions.js';

/** The RBAC-only part: objects added/removed/changed and effective permission changes per subject. */
export function diffModels(oldModel: RbacModel, newModel: RbacModel, probes: readonly DiffProbe[]): ModelDiff {
  return { objects: diffObjects(oldModel, newModel), subjects: diffSubjects(oldModel, newModel, probes) };
}

/**
 * The full diff. Findings are matched by fingerprint, which includes the chart identity
 * (`chart:<name>` or `manifest:<name>`): to compare a renamed chart or two manifest files,
 * analyse both under one identity (see `analyzePair`).
 */
export function diff(oldAnalysis: Analysis, newAnalysis: Analysis, rules: Pick<RuleSet, 'probes' | 'kubeletIds'>): RbacDiff {
  const { objects, subjects } = diffModels(oldAnalysis.model, newAnalysis.model, diffProbes(rules.probes));
  const matched = diffFindings(oldAnalysis.findings, newAnalysis.findings);
  const evidence = diffEvidence(oldAnalysis.evidence, newAnalysis.evidence);
  const sides = { old: oldAnalysis.objects, new: newAnalysis.objects };
  const findings = {
    introduced: attachEvidence(matched.introduced, evidence, sides, rules.kubeletIds),
    resolved: attachEvidence(matched.resolved, evidence, sides, rules.kubeletIds),
    unchanged: matched.unchanged,
  };
  return {
    schemaVersion: 1,
    old: oldAnalysis.target,
    new: newAnalysis.target,
    objects,
    subjects,
    findings,
    evidence,
    verdict: verdictOf(matched, objects.length > 0 || subjects.length > 0),
    breaksAccess: breaksAccessOf(findings.introduced),
  };
}
