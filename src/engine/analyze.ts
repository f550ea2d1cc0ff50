import type { Evidence, Finding, InputIssue, ParsedObject, Severity, TargetInfo } from '../types.js';
import { findKubeletEvidence } from '../evidence/index.js';
import { policyFor } from '../rbac/bootstrap.js';
import { buildModel } from '../rbac/model.js';
import type { RbacModel } from '../rbac/model.js';
import type { RuleSet } from '../rule-api/index.js';
import { runRules, sortFindings } from './run.js';
import { severityRank } from '../severity.js';

/** One render, analysed: everything later stages (reports, diff, can-i) need. */
export interface Analysis {
  target: TargetInfo;
  objects: ParsedObject[];
  /** Problems with the input itself (broken YAML documents, malformed RBAC). */
  issues: InputIssue[];
  documents: number;
  model: RbacModel;
  evidence: Evidence[];
  findings: Finding[];
}

export interface AnalyzeOptions {
  /** The rules to run and the registry they come from (src/rule-api/rule-set.ts). */
  rules: RuleSet;
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
  /** Include Kubernetes default bindings in the model (for can-i on a "real cluster"). */
  defaultBindings?: boolean;
}

export function analyzeObjects(
  objects: ParsedObject[],
  parseIssues: readonly InputIssue[],
  documents: number,
  target: TargetInfo,
  options: AnalyzeOptions,
): Analysis {
  // Namespaced objects without metadata.namespace are installed into the -n namespace (helm's release
  // namespace; for a manifest, where `kubectl apply -n` would put it).
  const defaultNamespace = target.namespace || null;
  // The built-in roles and bindings are those of the render's Kubernetes version (src/rbac/bootstrap.ts).
  const model = buildModel(objects, { defaultBindings: options.defaultBindings ?? false, defaultNamespace, policy: policyFor(target.kubeVersion), kubeVersion: target.kubeVersion });
  const evidence = findKubeletEvidence(objects);
  const issues = [...parseIssues, ...model.issues];
  const findings = runRules(options.rules, { target, objects, model, evidence, issues }, { ruleSeverity: options.ruleSeverity });
  return { target, objects, issues, documents, model, evidence, findings };
}

/**
 * Findings of several renders of one chart (kube versions, ci values) merged: a finding that
 * appears in several renders is reported once, saying in which renders it appears.
 */
export function mergeRenders(analyses: readonly Analysis[]): Finding[] {
  const groups = new Map<string, Analysis[]>();
  for (const a of analyses) {
    const key = a.target.chart ?? `manifest:${a.target.id}`;
    const list = groups.get(key);
    if (list) list.push(a);
    else groups.set(key, [a]);
  }
  const out: Finding[] = [];
  for (const group of groups.values()) {
    if (group.length === 1 || group.every((a) => a.target.render === null)) {
      for (const a of group) out.push(...a.findings);
      continue;
    }
    const byPrint = new Map<string, Finding>();
    for (const a of group) {
      for (const f of a.findings) {
        const label = a.target.render ?? 'default';
        const seen = byPrint.get(f.fingerprint);
        if (seen) {
          if (!seen.renders?.includes(label)) seen.renders = [...(seen.renders ?? []), label];
          // The same grant can weigh differently per render (e.g. pod-exec by kube version): report the worst.
          if (severityRank(f.severity) > severityRank(seen.severity)) byPrint.set(f.fingerprint, { ...f, renders: seen.renders });
        } else byPrint.set(f.fingerprint, { ...f, renders: [label] });
      }
    }
    out.push(...byPrint.values());
  }
  return sortFindings(out);
}
