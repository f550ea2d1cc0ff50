// Shared plumbing of the permission rules (secrets-read, workload-create, pod-exec, …): ask
// grantsFor one question per dangerous request (a probe), group the answers per rule entry of a
// chart role, and turn each group into one finding with reach-aware severity (docs/rules.md,
// "Severity and reach"). The rules themselves only say which requests are dangerous and how much.
import type { FindingDraft } from './rule.js';
import { lower, worst } from '../severity.js';
import type { Grant } from '../rbac/grants.js';
import { grantsFor } from '../rbac/grants.js';
import type { RbacModel } from '../rbac/model.js';
import type { GrantReach } from '../rbac/reach.js';
import { reachOf } from '../rbac/reach.js';
import { subjectLabel, uniqueSubjects } from '../rbac/subjects.js';
import type { FindingPermission, ParsedObject, PolicyRule, Role, Severity } from '../types.js';
import type { Probe } from './probe.js';

export interface ProbeHit {
  probe: Probe;
  grant: Grant;
  /** The grant's reach for this probe's scope; never `inert` (those are dropped). */
  reach: GrantReach;
}

/** Every probe hit of one rule entry (`rules[ruleIndex]` of a chart role). */
export interface RuleHits {
  role: Role;
  object: ParsedObject;
  ruleIndex: number;
  rule: PolicyRule;
  hits: ProbeHit[];
}

/**
 * Hits of all probes, grouped per rule entry in document order: one finding per rule and rule
 * line. Built-in roles count only as a chart binding hands them out; their object is the
 * binding's, so all of a built-in role's entries form one group (one line, the roleRef). Inert
 * grants are left out: ineffective-rule reports them.
 */
export function hitsByRule(model: RbacModel, probes: readonly Probe[]): RuleHits[] {
  const groups = new Map<string, RuleHits>();
  for (const probe of probes) {
    for (const grant of grantsFor(model, probe.request, probe.verbs)) {
      const object = grant.role.object;
      if (!object) continue;
      const reach = probe.scope === undefined ? grant.reach : reachOf(model, grant.role, { clusterScoped: probe.scope === 'cluster' });
      if (reach.reach === 'inert') continue;
      const key = grant.role.via ? `${object.doc}:via` : `${object.doc}:${grant.ruleIndex}`;
      const group = groups.get(key) ?? { role: grant.role, object, ruleIndex: grant.ruleIndex, rule: grant.rule, hits: [] };
      group.hits.push({ probe, grant, reach });
      groups.set(key, group);
    }
  }
  return [...groups.values()].sort((a, b) => a.object.doc - b.object.doc || a.ruleIndex - b.ruleIndex);
}

/** Bound grants keep the severity, latent ones (nobody binds the ClusterRole yet) lose a level. */
export function reachSeverity(severity: Severity, reach: GrantReach): Severity {
  return reach.reach === 'latent' ? lower(severity) : severity;
}

/** Bound wins over latent; subjects and bindings are the union over the hits. */
export function combinedReach(hits: readonly ProbeHit[]): GrantReach {
  const bound = hits.filter((h) => h.reach.reach === 'bound');
  const from = bound.length > 0 ? bound : hits;
  const first = from[0]?.reach as GrantReach;
  return {
    ...first,
    bindings: [...new Set(from.flatMap((h) => h.reach.bindings))],
    subjects: uniqueSubjects(from.flatMap((h) => h.reach.subjects)),
    builtinAggregates: [...new Set(from.flatMap((h) => h.reach.builtinAggregates))].sort(),
    broad: from.some((h) => h.reach.broad),
  };
}

/** ` to a/b, Group c`, the built-in aggregate it flows into, or that nobody in the chart binds it. */
export function audience(reach: GrantReach): string {
  if (reach.subjects.length > 0) {
    const namespaces = [...new Set(reach.bindings.map((b) => b.namespace ?? ''))].sort();
    // Only RoleBindings: the grant holds inside their namespaces only (VisitRulesFor).
    const within = reach.bindings.length > 0 && reach.bindings.every((b) => b.kind === 'RoleBinding') ? ` within namespace ${namespaces.join(', ')}` : '';
    return ` to ${reach.subjects.map(subjectLabel).join(', ')}${within}`;
  }
  if (reach.builtinAggregates.length > 0) return ` to every holder of the built-in ${reach.builtinAggregates.join('/')} role`;
  if (reach.reach === 'bound') return ' (bound without subjects)';
  return ' (not bound in the chart: whoever binds it later gets it)';
}

/** The matching part of a rule as written: group and resource entries that matched, the verbs that did. */
export function permissionsOf(hits: readonly ProbeHit[]): FindingPermission[] {
  const byEntry = new Map<string, FindingPermission>();
  for (const { grant } of hits) {
    const key = `${grant.apiGroup}\u0000${grant.resource}`;
    const prev = byEntry.get(key);
    const verbs = [...new Set([...(prev?.verbs ?? []), ...grant.ruleVerbs])];
    byEntry.set(key, { apiGroup: grant.apiGroup, resource: grant.resource, verbs: sortLike(grant.rule.verbs, verbs), resourceNames: grant.rule.resourceNames });
  }
  return [...byEntry.values()];
}

/** Keep the rule's own verb order, so the message reads like the YAML. */
function sortLike(order: readonly string[], items: readonly string[]): string[] {
  return [...items].sort((a, b) => order.indexOf(a) - order.indexOf(b));
}

/** Verbs of the rule that cause the hits, as written (`*` stays `*`). */
export function verbsOf(hits: readonly ProbeHit[]): string[] {
  const verbs = new Set(hits.flatMap((h) => h.grant.ruleVerbs));
  return hits[0] ? sortLike(hits[0].grant.rule.verbs, [...verbs]) : [];
}

/**
 * `get, list on secrets`, or per label when the verbs differ (`delete, patch on nodes and patch on
 * nodes/status`): each label with exactly the rule's verbs that reach it, never the union.
 */
export function grantedText(hits: readonly ProbeHit[]): string {
  const order = hits[0]?.grant.rule.verbs ?? [];
  const byLabel = new Map<string, Set<string>>();
  for (const h of hits) {
    const verbs = byLabel.get(h.probe.label) ?? new Set<string>();
    for (const v of h.grant.ruleVerbs) verbs.add(v);
    byLabel.set(h.probe.label, verbs);
  }
  const byVerbs = new Map<string, { verbs: string[]; labels: string[] }>();
  for (const [label, verbs] of byLabel) {
    const sorted = sortLike(order, [...verbs]);
    const key = sorted.join(',');
    const entry = byVerbs.get(key) ?? { verbs: sorted, labels: [] };
    entry.labels.push(label);
    byVerbs.set(key, entry);
  }
  return [...byVerbs.values()].map((g) => `${g.verbs.join(', ')} on ${g.labels.join(', ')}`).join(' and ');
}

/** Every verb the hits allow, as the authorizer asks them (`*` expanded to the probes' verbs). */
export function allowedOf(hits: readonly ProbeHit[]): Set<string> {
  return new Set(hits.flatMap((h) => h.grant.verbs));
}

/**
 * Whether the grant holds in every namespace: through a ClusterRoleBinding, or a ClusterRole
 * nobody binds yet (judged as it would be bound cluster-wide; latent lowers it again).
 */
export function reachesClusterWide(reach: GrantReach, role: Role): boolean {
  if (reach.bindings.some((b) => b.kind === 'ClusterRoleBinding')) return true;
  return reach.reach === 'latent' && role.kind === 'ClusterRole';
}

/** Whether the grant holds in the namespace: cluster-wide, or through a RoleBinding there. */
export function reachesNamespace(reach: GrantReach, role: Role, namespace: string): boolean {
  if (reachesClusterWide(reach, role)) return true;
  if (reach.bindings.some((b) => b.kind === 'RoleBinding' && b.namespace === namespace)) return true;
  return reach.reach === 'latent' && role.kind === 'Role' && role.namespace === namespace;
}

/** Distinct probe labels, in probe order. */
export function labelsOf(hits: readonly ProbeHit[]): string[] {
  return [...new Set(hits.map((h) => h.probe.label))];
}

/** ` (resourceNames a, b only)` when the rule is restricted to named objects. */
export function namesNote(rule: PolicyRule, what = 'resourceNames'): string {
  return rule.resourceNames.length > 0 ? ` (${what} ${rule.resourceNames.join(', ')} only)` : '';
}

/**
 * Fingerprint key: what is flagged (labels) and the rule as written (entries, verbs, names),
 * without indexes, so re-ordering rules or documents keeps findings stable.
 */
export function keyOf(hits: readonly ProbeHit[], prefix = ''): string {
  const labels = [...labelsOf(hits)].sort().join(',');
  const perms = permissionsOf(hits)
    .map((p) => `${p.apiGroup}/${p.resource}=${[...p.verbs].sort().join(',')}`)
    .sort()
    .join(';');
  const names = [...(hits[0]?.grant.rule.resourceNames ?? [])].sort().join(',');
  return `${prefix}${labels}|${perms}|${names}`;
}

/**
 * How messages name a role: `ClusterRole x`, or for a built-in role handed out by a chart binding
 * `RoleBinding ci/runner → ClusterRole edit (built-in)`.
 */
export function roleLabel(role: Role): string {
  const b = role.via;
  if (!b) return `${role.kind} ${role.name}`;
  const binding = b.kind === 'RoleBinding' ? `RoleBinding ${b.namespace ?? ''}/${b.name}` : `ClusterRoleBinding ${b.name}`;
  return `${binding} → ${role.kind} ${role.name} (${role.builtin ? 'built-in' : 'aggregating built-in roles'})`;
}

/** Where a finding about rule `ruleIndex` of a role points: the rule entry, or for a bound built-in role the binding's roleRef. */
export function rulePath(role: Role, ruleIndex: number, resourceIndex = -1): string {
  if (role.via) return 'roleRef';
  return resourceIndex >= 0 ? `rules.${ruleIndex}.resources.${resourceIndex}` : `rules.${ruleIndex}`;
}

/** Path of the first matching resource entry, for the line. */
export function pathOf(group: RuleHits): string {
  if (group.role.via) return rulePath(group.role, group.ruleIndex);
  const index = Math.min(...group.hits.map((h) => (h.grant.resourceIndex >= 0 ? h.grant.resourceIndex : Infinity)));
  return Number.isFinite(index) ? `rules.${group.ruleIndex}.resources.${index}` : `rules.${group.ruleIndex}`;
}

/**
 * The usual finding for a rule entry: severity is the worst over its hits (each judged by
 * `severityOf`, then lowered when latent); the message is `<Kind> <name> grants <verbs> on
 * <labels><names><audience>: <impact>.`
 */
export function draftFor(
  group: RuleHits,
  severityOf: (hit: ProbeHit) => Severity,
  impact: string,
  options: { labels?: string[]; names?: string; keyPrefix?: string } = {},
): FindingDraft {
  const reach = combinedReach(group.hits);
  const severity = worst(group.hits.map((h) => reachSeverity(severityOf(h), h.reach)));
  const granted = options.labels ? `${verbsOf(group.hits).join(', ')} on ${options.labels.join(', ')}` : grantedText(group.hits);
  const names = options.names ?? namesNote(group.rule);
  return {
    severity,
    message: `${roleLabel(group.role)} grants ${granted}${names}${audience(reach)}: ${impact}.`,
    object: group.object,
    path: pathOf(group),
    subjects: reach.subjects,
    permissions: permissionsOf(group.hits),
    key: keyOf(group.hits, options.keyPrefix),
  };
}
