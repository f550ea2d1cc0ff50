// A permission check as data. A rule that flags "these requests, at this impact" declares them as
// probes; the same probes grade what a broadly bound or aggregated role hands out
// (grant-risk.ts) and are the sensitive requests the diff tracks per subject. One list, in the
// rule that reports the risk, so the three can never disagree.
import type { Severity } from '../types.js';
import { isClusterScoped } from '../rbac/reach.js';

/** The request a probe asks about, without the verb (one question per verb). */
export interface ProbeRequest {
  apiGroup: string;
  resource: string;
  subresource?: string;
}

/** Where the API server checks the request: with a namespace (RoleBindings count) or without. */
export type ProbeScope = 'cluster' | 'namespace';

export interface Probe {
  /** How messages name it: `pods/exec`, `apps/deployments`. */
  label: string;
  request: ProbeRequest;
  verbs: readonly string[];
  /**
   * The request's real scope when it differs from the resource's (`bind` on clusterroles is
   * checked in the binding's namespace, the Namespace object in its own namespace, impersonated
   * users in none). Default: the scope of the resource. `cluster` on a namespaced resource also
   * makes a rule count only cluster-wide grants (ClusterRoleBindings), as destructive-delete does.
   */
  scope?: ProbeScope;
  /**
   * How much it weighs when a broad audience holds it (broad-group-binding, aggregate-to-builtin).
   * Default: the severity of the rule that declares it.
   */
  grade?: Severity;
  /** How grading messages name the risk (`read secrets`). Default: `<verbs> <label>`. */
  what?: string;
}

/** A probe as the engine hands it to rules: with the rule that declares it, its grade and wording. */
export interface RegisteredProbe extends Probe {
  ruleId: string;
  grade: Severity;
  what: string;
}

/** The scope the authorizer checks the probe's request in. */
export function probeScope(p: Probe): ProbeScope {
  if (p.scope) return p.scope;
  return isClusterScoped(p.request.apiGroup, p.request.resource) ? 'cluster' : 'namespace';
}

/** `resource` or `resource/subresource`, as RBAC rules write it. */
export function probeResource(p: Probe): string {
  return p.request.subresource ? `${p.request.resource}/${p.request.subresource}` : p.request.resource;
}

/** Every probe of the given rules, in rule order, with its rule's id and severity. */
export function registeredProbes(rules: readonly { meta: { id: string; severity: Severity }; probes?: readonly Probe[] }[]): RegisteredProbe[] {
  return rules.flatMap((r) =>
    (r.probes ?? []).map((p) => ({ ...p, ruleId: r.meta.id, grade: p.grade ?? r.meta.severity, what: p.what ?? `${p.verbs.join(' or ')} ${p.label}` })),
  );
}
