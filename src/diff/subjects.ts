import type { PolicyRule, Subject } from '../types.js';
import { effectivePermissions } from '../rbac/effective.js';
import type { RbacModel } from '../rbac/model.js';
import { compareSubjects, uniqueSubjects } from '../rbac/subjects.js';
import { rulesAllow } from '../rbac/match.js';
import { PermissionSet, atomAsRequest, diffPermissionSets, expandRule } from './permissions.js';
import { probeReach } from './probes.js';
import type { DiffProbe } from './probes.js';
import type { ScopedRules } from './probes.js';
import type { SubjectChange } from './types.js';

/** Namespaces where some RoleBinding of the model exists (both sides are asked the same ones). */
function roleBindingNamespaces(models: readonly RbacModel[]): string[] {
  const out = new Set<string>();
  for (const m of models) for (const b of m.allBindings) if (b.kind === 'RoleBinding' && b.namespace) out.add(b.namespace);
  return [...out].sort();
}

/** Rules in force for the subject: cluster-wide via ClusterRoleBindings, and per namespace via RoleBindings. */
function scopedRules(model: RbacModel, subject: Subject, namespaces: readonly string[]): ScopedRules {
  // Without a namespace the resolver visits only ClusterRoleBindings (VisitRulesFor).
  const cluster = effectivePermissions(model, subject).map((e) => e.rule);
  const byNamespace = new Map<string, PolicyRule[]>();
  for (const namespace of namespaces) {
    const rules = effectivePermissions(model, subject, { namespace })
      .filter((e) => e.binding.kind === 'RoleBinding')
      .map((e) => e.rule);
    if (rules.length > 0) byNamespace.set(namespace, rules);
  }
  return { cluster, byNamespace };
}

/**
 * Atoms of the rules in force. A namespaced atom that the cluster-wide rules already cover (the
 * matcher allows it as a request: `* *` covers `get secrets` in every namespace) is left out.
 */
function effectiveAtoms(rules: ScopedRules): PermissionSet {
  const out = new PermissionSet(rules.cluster.flatMap(expandRule));
  for (const [namespace, nsRules] of rules.byNamespace) {
    for (const atom of nsRules.flatMap(expandRule)) {
      if (!rulesAllow(rules.cluster, atomAsRequest(atom))) out.add({ ...atom, namespace });
    }
  }
  return out;
}

/** Every subject bound by a binding written in either render. */
function boundSubjects(oldModel: RbacModel, newModel: RbacModel): Subject[] {
  return uniqueSubjects([...oldModel.bindings, ...newModel.bindings].flatMap((b) => b.subjects));
}

/**
 * Effective permission changes per subject (both layers, see SubjectChange). Subjects whose
 * effective permissions did not change are left out.
 */
export function diffSubjects(oldModel: RbacModel, newModel: RbacModel, probes: readonly DiffProbe[]): SubjectChange[] {
  const namespaces = roleBindingNamespaces([oldModel, newModel]);
  const out: SubjectChange[] = [];
  for (const subject of boundSubjects(oldModel, newModel)) {
    const before = scopedRules(oldModel, subject, namespaces);
    const after = scopedRules(newModel, subject, namespaces);
    const atoms = diffPermissionSets(effectiveAtoms(before), effectiveAtoms(after));
    const reach = diffPermissionSets(probeReach(before, probes), probeReach(after, probes));
    const changed = atoms.added.length + atoms.removed.length + reach.added.length + reach.removed.length > 0;
    if (changed) out.push({ subject, added: atoms.added, removed: atoms.removed, reach });
  }
  return out.sort((a, b) => compareSubjects(a.subject, b.subject));
}
