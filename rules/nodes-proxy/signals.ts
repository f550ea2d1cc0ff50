import { RBAC_GROUP, clusterCanI, subjectLabel } from '../../src/rule-api/index.js';
import type { Evidence, ObjectRef, ParsedObject, RbacModel, Subject } from '../../src/rule-api/index.js';

// Evidence that is not a client's configuration: what a comment beside the grant says, and the
// operator pattern (a holder that writes ClusterRoles must hold what it writes).

/** Kubelet paths a comment can name (server.go handlers). */
const COMMENT_PATH = /(?<![\w/.-])\/(pods|runningpods|stats(?:\/summary)?|metrics(?:\/(?:cadvisor|probes|resource|slis))?|healthz|configz|flagz|statusz|logs|containerLogs|exec|attach|portForward|run|checkpoint|debug)\b/g;

function evidenceAt(obj: ParsedObject, path: string, text: string, kind: Evidence['kind'], kubeletPath: string | null, subresources: string[]): Evidence {
  const position = obj.positions[path];
  return {
    object: obj.ref,
    target: obj.target,
    path,
    text,
    access: 'kubelet-direct',
    kubeletPath,
    subresources,
    verb: 'get',
    source: { file: obj.source.file, line: position?.template ?? obj.source.line },
    kind,
  };
}

/**
 * Comments beside the grant that name a kubelet path next to the word "kubelet" (netdata 3.7.172:
 * `used by netdata (cgroup-name.sh) when querying Kubelet /pods endpoint`; kepler: `Required for
 * kubelet /pods endpoint access`). A comment that names no path (`Grants access to all kubelet
 * endpoints`) is no evidence of what is used.
 */
export function commentEvidence(obj: ParsedObject | null, rulePath: string, resourcePath: string, subresourcesOf: (path: string) => string[]): Evidence[] {
  if (!obj?.comments) return [];
  const out: Evidence[] = [];
  for (const path of [resourcePath, rulePath]) {
    const text = obj.comments[path];
    if (!text || !/kubelet/i.test(text)) continue;
    const paths = [...new Set([...text.matchAll(COMMENT_PATH)].map((m) => `/${m[1]}`))];
    for (const kubeletPath of paths) out.push(evidenceAt(obj, path, `# ${text}`, 'comment', kubeletPath, subresourcesOf(kubeletPath)));
  }
  return out;
}

/** A values setting a comment names (`rbac.kubeletFineGrainedAuth: true`, newrelic-infrastructure 4.5.0). */
export function commentSwitch(obj: ParsedObject | null, rulePath: string, resourcePath: string): string | null {
  for (const path of [rulePath, resourcePath]) {
    const m = /\b([a-z][\w-]*(?:\.[\w-]+)+)\s*[:=]\s*(true|false)\b/i.exec(obj?.comments?.[path] ?? '');
    if (m?.[1] && /fine|kubelet|proxy/i.test(m[1])) return `${m[1]}: ${m[2]}`;
  }
  return null;
}

export type OperatorKind = 'datadog' | 'opentelemetry' | 'generic';

export interface OperatorSignal {
  kind: OperatorKind;
  evidence: Evidence;
  /** The subject that writes roles (or reconciles the agents). */
  subject: Subject;
  /** Whether it can write ClusterRoles now (the otel operator's chart gives it that only with manager.createRbacPermissions). */
  writesRoles: boolean;
}

const writes = (model: RbacModel, s: Subject, verb: string): boolean => clusterCanI(model, s, { verb, apiGroup: RBAC_GROUP, resource: 'clusterroles' });

/** Which operator a subject is, by the custom resources it reconciles. */
function knownOperator(model: RbacModel, s: Subject): OperatorKind | null {
  if (clusterCanI(model, s, { verb: 'list', apiGroup: 'datadoghq.com', resource: 'datadogagents' })) return 'datadog';
  if (clusterCanI(model, s, { verb: 'list', apiGroup: 'opentelemetry.io', resource: 'opentelemetrycollectors' })) return 'opentelemetry';
  return null;
}

/**
 * The operator pattern (RBAC escalation prevention, docs/kubernetes.md; rbac/escalation_check.go
 * ConfirmNoEscalation): a subject that may create/update/patch ClusterRoles but not `escalate`
 * them can only write rules it holds itself, so an operator that writes its agents' ClusterRoles
 * holds nodes/proxy to hand it on (datadog-operator: "the operator must hold them itself to
 * create the ClusterRole"). A known operator (it reconciles DatadogAgents or
 * OpenTelemetryCollectors) counts even when this render leaves its role writing off.
 */
export function operatorSignal(model: RbacModel, subjects: readonly Subject[], role: ObjectRef, obj: ParsedObject | null, path: string): OperatorSignal | null {
  for (const s of subjects) {
    const writesRoles = ['create', 'update', 'patch'].some((v) => writes(model, s, v)) && !writes(model, s, 'escalate');
    const kind = knownOperator(model, s) ?? (writesRoles ? 'generic' : null);
    if (!kind) continue;
    const who = subjectLabel(s);
    const text = writesRoles
      ? `${who} may create/update ClusterRoles without escalate: it can grant only what it holds`
      : `${who} reconciles ${kind === 'datadog' ? 'DatadogAgents' : 'OpenTelemetryCollectors'} (an operator that writes its agents' RBAC when allowed to)`;
    const evidence: Evidence = obj
      ? evidenceAt(obj, path, text, 'operator', null, [])
      : { object: role, target: 0, path, text, access: 'kubelet-direct', kubeletPath: null, subresources: [], verb: 'get', source: { file: null, line: null }, kind: 'operator' };
    return { kind, evidence, subject: s, writesRoles };
  }
  return null;
}

/** What the render says about DatadogAgents' fine-grained annotation, when it shows any. */
export function datadogAgentsAnnotated(objects: readonly ParsedObject[]): { annotated: string[]; missing: string[] } {
  const annotated: string[] = [];
  const missing: string[] = [];
  for (const o of objects) {
    if (o.ref.kind !== 'DatadogAgent' || !o.ref.apiVersion.startsWith('datadoghq.com/')) continue;
    const metadata = (o.body.metadata ?? {}) as Record<string, unknown>;
    const annotations = (metadata.annotations ?? {}) as Record<string, unknown>;
    (annotations['agent.datadoghq.com/fine-grained-kubelet-authorization-enabled'] === 'true' ? annotated : missing).push(o.ref.name);
  }
  return { annotated, missing };
}

/** The entry that says what was searched when nothing was found. */
export function noneFound(role: ObjectRef, obj: ParsedObject | null, path: string, subjects: readonly Subject[]): Evidence {
  const who = subjects.length > 0 ? subjects.map(subjectLabel).join(', ') : 'any subject';
  const text =
    `searched the render for kubelet calls of ${who}: ConfigMap/Secret data, container command/args/env and agent variables, ` +
    'scrape and agent custom resources, comments beside this grant, and whether the holder writes ClusterRoles; found none';
  return obj ? evidenceAt(obj, path, text, 'none-found', null, []) : { object: role, target: 0, path, text, access: 'kubelet-direct', kubeletPath: null, subresources: [], verb: 'get', source: { file: null, line: null }, kind: 'none-found' };
}
