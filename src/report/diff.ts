import pc from 'picocolors';
import type { Subject } from '../types.js';
import { evidenceJson, findingJson, targetJson } from './json.js';
import { terminalLine } from './sanitize.js';
import { TOOL } from '../version.js';
import type { FormatContext } from './types.js';
import {
  balanceText,
  collapsePermissions,
  collapsedLabel,
  collapsedSubjectLines,
  breaksAccessLines,
  countBySeverity,
  evidenceCountText,
  evidenceText,
  findingLocation,
  objectTitle,
  severityChangeText,
  subjectTitle,
  targetFacts,
  targetName,
} from './diff-common.js';
import type { DiffFinding, ObjectChange, Permission, RbacDiff, Verdict } from '../diff/types.js';

export { formatDiffMarkdown } from './diff-markdown.js';

// ---------------------------------------------------------------- JSON

function permissionJson(p: Permission) {
  return {
    apiGroup: p.apiGroup,
    resource: p.resource,
    verb: p.verb,
    ...(p.resourceName !== undefined ? { resourceName: p.resourceName } : {}),
    ...(p.nonResourceURL !== undefined ? { nonResourceURL: p.nonResourceURL } : {}),
    ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
  };
}

const subjectJson = (s: Subject) =>
  s.kind === 'ServiceAccount' ? { kind: s.kind, name: s.name, namespace: s.namespace ?? null } : { kind: s.kind, name: s.name };

function objectJson(o: ObjectChange) {
  return {
    kind: o.kind,
    name: o.name,
    namespace: o.namespace,
    change: o.change,
    added: o.added.map(permissionJson),
    removed: o.removed.map(permissionJson),
    ...(o.subjects ? { subjects: { added: o.subjects.added.map(subjectJson), removed: o.subjects.removed.map(subjectJson) } } : {}),
    ...(o.roleRef ? { roleRef: o.roleRef } : {}),
    ...(o.aggregationRule ? { aggregationRule: o.aggregationRule } : {}),
    ...(o.aggregationLabels ? { aggregationLabels: o.aggregationLabels } : {}),
  };
}

function diffFindingJson(f: DiffFinding) {
  return {
    ...findingJson(f),
    ...(f.severityChange ? { severityChange: f.severityChange } : {}),
    ...(f.evidenceChanges ? { evidenceChanges: { added: f.evidenceChanges.added.map(evidenceJson), removed: f.evidenceChanges.removed.map(evidenceJson) } } : {}),
  };
}

/** Diff JSON (docs/design.md#outputs): versioned, key order fixed, no timestamps. */
export function formatDiffJson(d: RbacDiff): string {
  const doc = {
    schemaVersion: d.schemaVersion,
    tool: TOOL,
    old: targetJson(d.old),
    new: targetJson(d.new),
    objects: d.objects.map(objectJson),
    subjects: d.subjects.map((s) => ({
      subject: subjectJson(s.subject),
      added: s.added.map(permissionJson),
      removed: s.removed.map(permissionJson),
      reach: { added: s.reach.added.map(permissionJson), removed: s.reach.removed.map(permissionJson) },
    })),
    findings: {
      introduced: d.findings.introduced.map(diffFindingJson),
      resolved: d.findings.resolved.map(diffFindingJson),
      unchanged: d.findings.unchanged.map(diffFindingJson),
    },
    evidence: { added: d.evidence.added.map(evidenceJson), removed: d.evidence.removed.map(evidenceJson) },
    summary: {
      introduced: countBySeverity(d.findings.introduced),
      resolved: countBySeverity(d.findings.resolved),
      unchanged: countBySeverity(d.findings.unchanged),
    },
    verdict: d.verdict,
    breaksAccess: d.breaksAccess.map(diffFindingJson),
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

// ---------------------------------------------------------------- text

type Paint = (s: string) => string;

function painter(color: boolean) {
  const c = pc.createColors(color);
  const verdict: Record<Verdict, Paint> = { 'more-risk': (s) => c.bold(c.red(s)), 'less-risk': (s) => c.bold(c.green(s)), 'same-risk': c.yellow, 'no-rbac-change': c.dim };
  return { add: c.green, remove: c.red, change: c.yellow, bold: c.bold, dim: c.dim, red: c.red, green: c.green, verdict };
}
type Painter = ReturnType<typeof painter>;

const t = terminalLine;

function subjectSection(d: RbacDiff, p: Painter): string[] {
  if (d.subjects.length === 0) return [];
  const out = [p.bold('Effective permissions by subject')];
  for (const s of d.subjects) {
    out.push(`  ${t(subjectTitle(s.subject))}`);
    for (const line of collapsedSubjectLines(s)) {
      const paint = line.sign === '+' ? p.add : p.remove;
      const note = line.reach ? p.dim(line.sign === '+' ? '  (newly reachable)' : '  (no longer reachable)') : '';
      out.push(`    ${paint(`${line.sign} ${t(collapsedLabel(line.permissions))}`)}${note}`);
    }
  }
  return [...out, ''];
}

function objectLines(o: ObjectChange, p: Painter): string[] {
  const sign = o.change === 'added' ? p.add('+') : o.change === 'removed' ? p.remove('-') : p.change('~');
  const ref = o.roleRef?.new ?? (o.change === 'removed' ? o.roleRef?.old : null);
  const out = [`  ${sign} ${t(objectTitle(o))}${o.change === 'changed' ? '' : ` (${o.change})`}`];
  if (o.roleRef && o.change === 'changed') out.push(`    roleRef: ${t(`${o.roleRef.old?.kind} ${o.roleRef.old?.name} → ${o.roleRef.new?.kind} ${o.roleRef.new?.name}`)}`);
  else if (ref) out.push(`    roleRef: ${t(`${ref.kind} ${ref.name}`)}`);
  for (const s of o.subjects?.removed ?? []) out.push(`    ${p.remove(`- subject ${t(subjectTitle(s))}`)}`);
  for (const s of o.subjects?.added ?? []) out.push(`    ${p.add(`+ subject ${t(subjectTitle(s))}`)}`);
  if (o.aggregationRule) out.push(`    aggregationRule: ${t(JSON.stringify(o.aggregationRule.old))} → ${t(JSON.stringify(o.aggregationRule.new))}`);
  for (const l of o.aggregationLabels?.removed ?? []) out.push(`    ${p.remove(`- label ${t(l)}`)}`);
  for (const l of o.aggregationLabels?.added ?? []) out.push(`    ${p.add(`+ label ${t(l)}`)}`);
  for (const c of collapsePermissions(o.removed)) out.push(`    ${p.remove(`- ${t(collapsedLabel(c))}`)}`);
  for (const c of collapsePermissions(o.added)) out.push(`    ${p.add(`+ ${t(collapsedLabel(c))}`)}`);
  return out;
}

function findingLines(f: DiffFinding, p: Painter): string[] {
  const where = findingLocation(f);
  const out = [
    `  ${p.bold(f.severity.toUpperCase().padEnd(8))} ${p.bold(f.ruleId)}  ${t(objectTitle(f.object))}${where ? `  ${p.dim(t(where))}` : ''}${t(severityChangeText(f))}${f.suppressed ? p.dim(' (suppressed)') : ''}`,
    `    ${t(f.message)}`,
  ];
  // The evidence itself is listed once, under "Kubelet access evidence".
  const evidence = evidenceCountText(f.evidenceChanges);
  if (evidence) out.push(`    evidence: ${evidence} (listed under Kubelet access evidence below)`);
  return out;
}

function findingSection(title: string, findings: readonly DiffFinding[], p: Painter, paint: Paint): string[] {
  if (findings.length === 0) return [`${p.bold(title)}: none`, ''];
  return [paint(p.bold(`${title} (${findings.length})`)), ...findings.flatMap((f) => findingLines(f, p)), ''];
}

/**
 * Terminal view: the two sides, effective permission changes per subject folded into rule-like
 * lines (`- get, list, watch on nodes/proxy`), changed RBAC objects, introduced/resolved findings
 * (each pointing at the evidence changes, listed once), and the verdict as the last line.
 */
export function formatDiffText(d: RbacDiff, options: Partial<Pick<FormatContext, 'color'>> = {}): string {
  const p = painter(options.color ?? false);
  const out: string[] = [
    p.bold(`RBAC diff: ${t(targetName(d.old))} → ${t(targetName(d.new))}`),
    `  old: ${t(targetFacts(d.old))}`,
    `  new: ${t(targetFacts(d.new))}`,
    '',
    ...subjectSection(d, p),
  ];
  if (d.objects.length > 0) out.push(p.bold('RBAC objects'), ...d.objects.flatMap((o) => objectLines(o, p)), '');
  out.push(...findingSection('Introduced findings', d.findings.introduced, p, p.red));
  out.push(...findingSection('Resolved findings', d.findings.resolved, p, p.green));
  if (d.findings.unchanged.length > 0) out.push(p.dim(`${d.findings.unchanged.length} finding${d.findings.unchanged.length === 1 ? '' : 's'} unchanged.`), '');
  const evidence = d.evidence.removed.length + d.evidence.added.length;
  if (evidence > 0) {
    out.push(p.bold('Kubelet access evidence'));
    for (const e of d.evidence.removed) out.push(`  ${p.remove(`- ${t(evidenceText(e))}`)}`);
    for (const e of d.evidence.added) out.push(`  ${p.add(`+ ${t(evidenceText(e))}`)}`);
    out.push('');
  }
  if (d.breaksAccess.length > 0) {
    const n = d.breaksAccess.length;
    out.push(p.bold(p.red(`Breaks kubelet access: ${n} workload${n === 1 ? '' : 's'} keep${n === 1 ? 's' : ''} calling the kubelet without the permission (missing-kubelet-permission)`)));
    for (const line of breaksAccessLines(d)) out.push(`  ${p.red('✗')} ${t(line)}`);
    out.push('');
  }
  const breaks = d.breaksAccess.length > 0 ? p.bold(p.red(', but breaks kubelet access')) : '';
  out.push(`Verdict: ${p.verdict[d.verdict](d.verdict)}${breaks} (${balanceText(d)})`);
  return `${out.join('\n')}\n`;
}
