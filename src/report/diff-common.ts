import type { Evidence, Subject, TargetInfo } from '../types.js';
import { nonZeroCountsText, zeroCounts } from '../severity.js';
import type { SeverityCounts } from '../severity.js';
import { permissionKey, resourceLabel } from '../diff/permissions.js';
import type { DiffFinding, Permission, RbacDiff, SubjectChange, Verdict } from '../diff/types.js';
import { objectLabel } from '../labels.js';

// Wording shared by the text and Markdown views, so both say the same thing.

export const VERDICT_TEXT: Readonly<Record<Verdict, string>> = {
  'more-risk': 'more risk',
  'less-risk': 'less risk',
  'same-risk': 'RBAC changed, same risk',
  'no-rbac-change': 'no RBAC change',
};

/** Unsuppressed findings by severity (a severity change counts at the severity listed). */
export function countBySeverity(findings: readonly DiffFinding[]): SeverityCounts {
  const out: SeverityCounts = zeroCounts();
  for (const f of findings) if (!f.suppressed) out[f.severity]++;
  return out;
}

/** `1 critical, 2 high`, or `none`. */
export const countsText = nonZeroCountsText;

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

// ---------------------------------------------------------------- collapsing atoms

/**
 * Atoms folded back into rule-like lines: the verbs of each resource, then resources with the same
 * verbs together (`get, list, watch on pods, services`). A chart deletion is a hundred atoms and
 * a handful of these. Scope (namespace) and resourceName stay apart, as they mean other grants.
 */
export interface CollapsedPermissions {
  verbs: string[];
  /** `pods`, `deployments.apps`, `nodes/proxy`, `URL /metrics`. */
  resources: string[];
  namespace?: string;
  resourceName?: string;
}

const VERB_ORDER = ['*', 'get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
const verbRank = (v: string): number => {
  const i = VERB_ORDER.indexOf(v);
  return i < 0 ? VERB_ORDER.length : i;
};
const byVerb = (a: string, b: string): number => verbRank(a) - verbRank(b) || (a < b ? -1 : a > b ? 1 : 0);

export function collapsePermissions(atoms: readonly Permission[]): CollapsedPermissions[] {
  const scopes = new Map<string, { namespace?: string; resourceName?: string; verbsOf: Map<string, Set<string>> }>();
  for (const p of atoms) {
    const key = `${p.namespace ?? ''}\u0000${p.resourceName ?? ''}\u0000${p.namespace === undefined ? 0 : 1}${p.resourceName === undefined ? 0 : 1}`;
    const scope = scopes.get(key) ?? { ...(p.namespace !== undefined ? { namespace: p.namespace } : {}), ...(p.resourceName !== undefined ? { resourceName: p.resourceName } : {}), verbsOf: new Map() };
    const target = p.nonResourceURL !== undefined ? `URL ${p.nonResourceURL}` : resourceLabel(p);
    const verbs = scope.verbsOf.get(target) ?? new Set<string>();
    verbs.add(p.verb);
    scope.verbsOf.set(target, verbs);
    scopes.set(key, scope);
  }
  const out: CollapsedPermissions[] = [];
  for (const scope of scopes.values()) {
    const byVerbs = new Map<string, CollapsedPermissions>();
    for (const [target, verbs] of scope.verbsOf) {
      const sorted = [...verbs].sort(byVerb);
      const key = sorted.join(',');
      const line = byVerbs.get(key) ?? { verbs: sorted, resources: [], ...(scope.namespace !== undefined ? { namespace: scope.namespace } : {}), ...(scope.resourceName !== undefined ? { resourceName: scope.resourceName } : {}) };
      line.resources.push(target);
      byVerbs.set(key, line);
    }
    out.push(...byVerbs.values());
  }
  return out;
}

/** `get, list, watch on pods, services [name] (in monitoring)`. */
export function collapsedLabel(c: CollapsedPermissions): string {
  const name = c.resourceName !== undefined ? ` [${c.resourceName}]` : '';
  const scope = c.namespace !== undefined ? ` (in ${c.namespace})` : '';
  return `${c.verbs.join(', ')} on ${c.resources.join(', ')}${name}${scope}`;
}

export interface CollapsedLine {
  sign: '+' | '-';
  permissions: CollapsedPermissions;
  /** Probe-level consequences (newly / no longer reachable), as SubjectLine.reach. */
  reach: boolean;
}

/** A subject's changes (subjectLines) folded: removed then added, rules before reach. */
export function collapsedSubjectLines(s: SubjectChange): CollapsedLine[] {
  const lines = subjectLines(s);
  const out: CollapsedLine[] = [];
  for (const sign of ['-', '+'] as const) {
    for (const reach of [false, true]) {
      const atoms = lines.filter((l) => l.sign === sign && l.reach === reach).map((l) => l.permission);
      for (const permissions of collapsePermissions(atoms)) out.push({ sign, permissions, reach });
    }
  }
  return out;
}

/** Sensitive changes of a subject (the registered rules' probes whose decision flipped), folded. */
export function sensitiveLines(s: SubjectChange): CollapsedLine[] {
  return [
    ...collapsePermissions(s.reach.removed).map((permissions) => ({ sign: '-' as const, permissions, reach: true })),
    ...collapsePermissions(s.reach.added).map((permissions) => ({ sign: '+' as const, permissions, reach: true })),
  ];
}

/** `2 removed, 1 added`: how many evidence entries changed, for findings that point at the evidence list. */
export function evidenceCountText(changes: { added: readonly unknown[]; removed: readonly unknown[] } | undefined): string | null {
  if (!changes) return null;
  const parts = [changes.removed.length > 0 ? `${changes.removed.length} removed` : null, changes.added.length > 0 ? `${changes.added.length} added` : null].filter(Boolean);
  return parts.length > 0 ? parts.join(', ') : null;
}

/** One line per change that breaks kubelet access: who loses what (missing-kubelet-permission findings). */
export function breaksAccessLines(d: RbacDiff): string[] {
  return d.breaksAccess.map((f) => {
    const who = f.subjects.map((s) => subjectTitle(s)).join(', ');
    const what = f.permissions.map((p) => `${p.verbs.join('/')} ${p.resource}`).join(' or ');
    return `${objectTitle(f.object)} runs as ${who} and loses ${what}`;
  });
}

/** `less-risk, but breaks kubelet access` when the change breaks access. */
export function verdictText(d: RbacDiff): string {
  return d.breaksAccess.length > 0 ? `${d.verdict}, but breaks kubelet access` : d.verdict;
}
