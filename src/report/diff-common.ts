import type { Evidence, Severity, Subject, TargetInfo } from '../types.js';
import { SEVERITIES } from '../severity.js';
import { permissionKey } from '../diff/permissions.js';
import type { DiffFinding, Permission, RbacDiff, SubjectChange, Verdict } from '../diff/types.js';
import { objectLabel } from '../labels.js';

// Wording shared by the text and Markdown views, so both say the same thing.

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  'more-risk': 'more risk',
  'less-risk': 'less risk',
  'same-risk': 'RBAC changed, same risk',
  'no-rbac-change': 'no RBAC change',
};

export type SeverityCounts = Record<Severity, number>;

/** Unsuppressed findings by severity (a severity change counts at the severity listed). */
export function countBySeverity(findings: readonly DiffFinding[]): SeverityCounts {
  const out: SeverityCounts = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of findings) if (!f.suppressed) out[f.severity]++;
  return out;
}

export function countsText(counts: SeverityCounts): string {
  const parts = SEVERITIES.filter((s) => counts[s] > 0).map((s) => `${counts[s]} ${s}`);
  return parts.length > 0 ? parts.join(', ') : 'none';
}

/** `introduced 1 critical; resolved none`. */
export function balanceText(d: RbacDiff): string {
  return `introduced ${countsText(countBySeverity(d.findings.introduced))}; resolved ${countsText(countBySeverity(d.findings.resolved))}`;
}

/** `prometheus 28.6.1` / `manifest old.yaml`. */
export function targetName(t: TargetInfo): string {
  return t.renderer === 'manifest' ? `manifest ${t.name}` : `${t.name}${t.version ? ` ${t.version}` : ''}`;
}

/** Where and how a side was rendered: path, release, namespace, renderer, kube version, values. */
export function targetFacts(t: TargetInfo): string {
  const facts = [
    t.chart ?? t.name,
    t.renderer === 'manifest' ? null : `release ${t.release}`,
    t.renderer === 'manifest' ? null : `namespace ${t.namespace}`,
    t.renderer === 'manifest' ? null : t.renderer,
    t.kubeVersion ? `kube ${t.kubeVersion}` : null,
    t.values.length > 0 ? `values ${t.values.join(', ')}` : null,
  ];
  return facts.filter((f): f is string => f !== null).join(', ');
}

export function subjectTitle(s: Subject): string {
  return s.kind === 'ServiceAccount' ? `ServiceAccount ${s.namespace ?? '?'}/${s.name}` : `${s.kind} ${s.name}`;
}

export function objectTitle(o: { kind: string; namespace: string | null; name: string }): string {
  return objectLabel(o);
}

export function evidenceText(e: Evidence): string {
  const at = e.source.file ? ` (${e.source.file}${e.source.line ? `:${e.source.line}` : ''})` : '';
  return `${objectTitle(e.object)} ${e.path}: ${e.text}${at}`;
}

export function findingLocation(f: DiffFinding): string {
  return f.source.file ? `${f.source.file}${f.source.line ? `:${f.source.line}` : ''}` : '';
}

export function severityChangeText(f: DiffFinding): string {
  return f.severityChange ? ` (was ${f.severityChange.from}, now ${f.severityChange.to})` : '';
}

export interface SubjectLine {
  sign: '+' | '-';
  permission: Permission;
  /** A probe-level consequence (reach) that no atom of the same list already says. */
  reach: boolean;
}

/**
 * A subject's changes as lines: removed then added atoms, then the reach changes that are not
 * already visible as an identical atom (an explicit `nodes/proxy` removal shows once; a
 * narrowed `*` shows the `*` atom and then `get nodes/proxy` as reach).
 */
export function subjectLines(s: SubjectChange): SubjectLine[] {
  const lines = (sign: '+' | '-', atoms: Permission[], reach: Permission[]): SubjectLine[] => {
    const shown = new Set(atoms.map(permissionKey));
    return [
      ...atoms.map((permission) => ({ sign, permission, reach: false })),
      ...reach.filter((p) => !shown.has(permissionKey(p))).map((permission) => ({ sign, permission, reach: true })),
    ];
  };
  return [...lines('-', s.removed, s.reach.removed), ...lines('+', s.added, s.reach.added)];
}
