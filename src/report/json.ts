import { choosePolicy } from '../rbac/bootstrap.js';
import type { Evidence, Finding, PolicyRule, TargetInfo } from '../types.js';
import { kubeMinorsOf } from '../kube-versions.js';
import type { LintReport } from './types.js';

// The JSON report: schema/lint-report.schema.json describes it (schemaVersion 1; stable key
// order, no timestamps, so two runs over the same input give the same bytes).

export function targetJson(t: TargetInfo) {
  return {
    id: t.id,
    chart: t.chart,
    name: t.name,
    version: t.version,
    release: t.release,
    namespace: t.namespace,
    values: t.values,
    renderer: t.renderer,
    kubeVersion: t.kubeVersion,
    kubeVersionSource: t.kubeVersionSource ?? (t.kubeVersion ? 'given' : 'assumed'),
    kubeMinors: kubeMinorsOf(t),
    chartKubeVersion: t.chartKubeVersion,
    render: t.render,
    builtinPolicy: builtinPolicyJson(t),
  };
}

/** Which built-in roles and bindings the render was judged against (src/rbac/kubernetes-data/policy). */
function builtinPolicyJson(t: TargetInfo) {
  const p = choosePolicy(t.kubeVersion);
  return { id: p.id, minor: p.minor, exact: p.exact, label: p.label };
}

export function ruleJson(r: PolicyRule) {
  const out: Record<string, string[]> = {};
  if (r.apiGroups.length > 0 || r.nonResourceURLs.length === 0) out['apiGroups'] = r.apiGroups;
  if (r.resources.length > 0) out['resources'] = r.resources;
  if (r.resourceNames.length > 0) out['resourceNames'] = r.resourceNames;
  if (r.nonResourceURLs.length > 0) out['nonResourceURLs'] = r.nonResourceURLs;
  out['verbs'] = r.verbs;
  return out;
}

/** Evidence as both the lint and the diff JSON show it, so consumers parse one shape. */
export function evidenceJson(e: Evidence) {
  return {
    object: { apiVersion: e.object.apiVersion, kind: e.object.kind, name: e.object.name, namespace: e.object.namespace },
    path: e.path,
    text: e.text,
    kind: e.kind,
    ...(e.client ? { client: e.client } : {}),
    access: e.access,
    kubeletPath: e.kubeletPath,
    subresources: e.subresources,
    ...(e.breaks ? { breaks: e.breaks } : {}),
    ...(e.feature ? { feature: e.feature } : {}),
    source: e.source,
  };
}

export function findingJson(f: Finding) {
  return {
    ruleId: f.ruleId,
    severity: f.severity,
    message: f.message,
    target: f.target,
    object: { apiVersion: f.object.apiVersion, kind: f.object.kind, name: f.object.name, namespace: f.object.namespace },
    source: { file: f.source.file, line: f.source.line },
    renderedLine: f.renderedLine,
    subjects: f.subjects.map((s) => (s.kind === 'ServiceAccount' ? { kind: s.kind, name: s.name, namespace: s.namespace ?? null } : { kind: s.kind, name: s.name })),
    permissions: f.permissions.map((p) => ({
      apiGroup: p.apiGroup,
      resource: p.resource,
      verbs: p.verbs,
      resourceNames: p.resourceNames,
      ...(p.nonResourceURL !== undefined ? { nonResourceURL: p.nonResourceURL } : {}),
    })),
    evidence: f.evidence.map(evidenceJson),
    ...(f.unattributedEvidence ? { unattributedEvidence: f.unattributedEvidence } : {}),
    fix: f.fix ? { summary: f.fix.summary, rules: f.fix.rules.map(ruleJson), minKubernetesVersion: f.fix.minKubernetesVersion, confidence: f.fix.confidence ?? 'high' } : null,
    suppressed: f.suppressed,
    ...(f.suppression ? { suppression: f.suppression } : {}),
    ...(f.renders ? { renders: f.renders } : {}),
    ...(f.dependency
      ? { dependency: { name: f.dependency.name, version: f.dependency.version, path: f.dependency.path, ...(f.dependency.reason ? { reason: f.dependency.reason } : {}) } }
      : {}),
    ...(f.failOn !== undefined ? { failOn: f.failOn } : {}),
    fingerprint: f.fingerprint,
  };
}

/** Every requested render: those linted (status ok) and those that were not (error, skipped), by id. */
function targetsJson(report: LintReport) {
  const ok = report.targets.map((t) => ({
    ...targetJson(t),
    unattributedEvidence: (report.unattributedEvidence?.get(t.id) ?? []).map(evidenceJson),
    status: 'ok' as const,
    message: null as string | null,
  }));
  const failed = (report.failed ?? []).map((f) => ({ ...targetJson(f.target), unattributedEvidence: [], status: f.status, message: f.message as string | null }));
  return [...ok, ...failed].sort((a, b) => a.id - b.id);
}

export function formatJson(report: LintReport): string {
  const doc = {
    schemaVersion: 1,
    tool: report.tool,
    targets: targetsJson(report),
    findings: report.findings.map(findingJson),
    summary: report.summary,
    warnings: report.warnings.map((w) => ({ target: w.target, object: w.object, source: w.source, renderedLine: w.renderedLine, path: w.path, message: w.message })),
    suppressions: report.notices.map((n) => ({
      kind: n.kind,
      by: n.by,
      message: n.message,
      file: n.file,
      line: n.line,
      ruleId: n.ruleId,
      ...(n.object ? { object: n.object } : {}),
      ...(n.fingerprints ? { fingerprints: n.fingerprints } : {}),
    })),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
