import { SEVERITIES } from '../severity.js';
import { escapeMarkdown as esc, markdownCode as code, markdownDetails, markdownTable } from './markdown-escape.js';
import {
  VERDICT_TEXT,
  balanceText,
  countBySeverity,
  evidenceText,
  findingLocation,
  objectTitle,
  severityChangeText,
  subjectLines,
  subjectTitle,
  targetFacts,
  targetName,
} from './diff-common.js';
import { permissionLabel, resourceLabel } from '../diff/permissions.js';
import type { FormatContext } from './types.js';
import type { DiffFinding, ObjectChange, Permission, RbacDiff, Verdict } from '../diff/types.js';

// PR-comment / job-summary view: verdict first, one table per subject, details collapsed.
// Every string that comes from a chart goes through escapeMarkdown/markdownCode.

const ICON: Readonly<Record<Verdict, string>> = { 'more-risk': '🔴', 'less-risk': '🟢', 'same-risk': '🟡', 'no-rbac-change': '⚪' };

export interface MarkdownDiffOptions {
  /** Rows per table (and findings per list) before the rest is summarised; default 50. */
  maxRows?: number;
  /** Longest output; GitHub caps a comment at 65536 characters. Default 60000. */
  maxLength?: number;
}

function capped(rows: string[][], max: number, width: number): string[][] {
  if (rows.length <= max) return rows;
  const more = [`… ${rows.length - max} more`, ...Array.from({ length: width - 1 }, () => '')];
  return [...rows.slice(0, max), more];
}

function scope(p: Permission): string {
  return p.namespace !== undefined ? `namespace ${code(p.namespace)}` : 'cluster-wide';
}

function what(p: Permission): string {
  if (p.nonResourceURL !== undefined) return code(p.nonResourceURL);
  return `${code(resourceLabel(p))}${p.resourceName !== undefined ? ` name ${code(p.resourceName)}` : ''}`;
}

function subjectTables(d: RbacDiff, max: number): string[] {
  if (d.subjects.length === 0) return [];
  const out = ['#### Effective permissions by subject', ''];
  for (const s of d.subjects) {
    const rows = subjectLines(s).map((l) => [
      l.sign === '+' ? '➕ added' : '➖ removed',
      code(l.permission.verb),
      what(l.permission),
      scope(l.permission),
      l.reach ? (l.sign === '+' ? 'newly reachable' : 'no longer reachable') : 'rule',
    ]);
    out.push(`**${esc(subjectTitle(s.subject))}**`, '', markdownTable(['change', 'verb', 'resource', 'scope', 'via'], capped(rows, max, 5)), '');
  }
  return out;
}

function findingItem(f: DiffFinding): string {
  const where = findingLocation(f);
  const head =
    `- **${f.severity.toUpperCase()}** ${code(f.ruleId)} ${esc(objectTitle(f.object))}${where ? ` (${code(where)})` : ''}` +
    `${esc(severityChangeText(f))}${f.suppressed ? ' (suppressed)' : ''}: ${esc(f.message)}`;
  const evidence = [
    ...(f.evidenceChanges?.removed ?? []).map((e) => `  - evidence removed: ${esc(evidenceText(e))}`),
    ...(f.evidenceChanges?.added ?? []).map((e) => `  - evidence added: ${esc(evidenceText(e))}`),
  ];
  return [head, ...evidence].join('\n');
}

function findingDetails(title: string, findings: readonly DiffFinding[], max: number, open: boolean): string[] {
  if (findings.length === 0) return [];
  const shown = findings.slice(0, max).map(findingItem);
  if (findings.length > max) shown.push(`- … ${findings.length - max} more`);
  const block = markdownDetails(`${title} (${findings.length})`, shown.join('\n'));
  return [open ? block.replace('<details>', '<details open>') : block, ''];
}

function objectRow(o: ObjectChange): string[] {
  const notes: string[] = [];
  const ref = (r: { kind: string; name: string } | null | undefined) => (r ? `${r.kind} ${r.name}` : '');
  if (o.roleRef) notes.push(`roleRef ${esc(o.change === 'changed' ? `${ref(o.roleRef.old)} → ${ref(o.roleRef.new)}` : ref(o.roleRef.new ?? o.roleRef.old))}`);
  for (const s of o.subjects?.removed ?? []) notes.push(`➖ ${esc(subjectTitle(s))}`);
  for (const s of o.subjects?.added ?? []) notes.push(`➕ ${esc(subjectTitle(s))}`);
  if (o.aggregationRule) notes.push('aggregationRule changed');
  for (const l of o.aggregationLabels?.removed ?? []) notes.push(`➖ label ${code(l)}`);
  for (const l of o.aggregationLabels?.added ?? []) notes.push(`➕ label ${code(l)}`);
  const perms = (ps: Permission[]) => ps.map((p) => code(permissionLabel(p))).join('<br>');
  return [o.change, esc(objectTitle(o)), perms(o.added), perms(o.removed), notes.join('<br>')];
}

function evidenceDetails(d: RbacDiff, max: number): string[] {
  const rows = [
    ...d.evidence.removed.map((e) => ['➖ removed', esc(objectTitle(e.object)), code(e.path), code(e.text), esc(e.access)]),
    ...d.evidence.added.map((e) => ['➕ added', esc(objectTitle(e.object)), code(e.path), code(e.text), esc(e.access)]),
  ];
  if (rows.length === 0) return [];
  return [markdownDetails(`Kubelet access evidence changes (${rows.length})`, markdownTable(['change', 'object', 'path', 'text', 'access'], capped(rows, max, 5))), ''];
}

const TRUNCATED = '\n\n_… truncated to fit a GitHub comment; `--format json` has the whole diff._\n';

/**
 * PR-comment ready Markdown: verdict, counts, per-subject tables, then collapsible details.
 * Too long for `maxLength`, tables shrink (20, 5, 0 rows) before the text is cut at a line.
 */
export function formatDiffMarkdown(d: RbacDiff, options: MarkdownDiffOptions & Partial<FormatContext> = {}): string {
  const maxLength = options.maxLength ?? 60_000;
  const requested = options.maxRows ?? 50;
  let md = '';
  for (const rows of [requested, ...[20, 5, 0].filter((n) => n < requested)]) {
    md = render(d, rows);
    if (md.length <= maxLength) return md;
  }
  const cut = md.lastIndexOf('\n', Math.max(0, maxLength - TRUNCATED.length));
  return `${md.slice(0, Math.max(0, cut))}${TRUNCATED}`;
}

function render(d: RbacDiff, max: number): string {
  const introduced = countBySeverity(d.findings.introduced);
  const resolved = countBySeverity(d.findings.resolved);
  const out: string[] = [
    `### ${ICON[d.verdict]} RBAC diff: ${VERDICT_TEXT[d.verdict]} (${code(d.verdict)})`,
    '',
    `${esc(balanceText(d))}.`,
    '',
    `${esc(targetName(d.old))} → ${esc(targetName(d.new))}`,
    '',
    `- old: ${esc(targetFacts(d.old))}`,
    `- new: ${esc(targetFacts(d.new))}`,
    '',
    markdownTable(['findings', ...SEVERITIES], [
      ['introduced', ...SEVERITIES.map((s) => String(introduced[s]))],
      ['resolved', ...SEVERITIES.map((s) => String(resolved[s]))],
    ]),
    '',
    ...subjectTables(d, max),
    ...findingDetails('Introduced findings', d.findings.introduced, max, true),
    ...findingDetails('Resolved findings', d.findings.resolved, max, false),
  ];
  if (d.objects.length > 0) {
    const rows = capped(d.objects.map(objectRow), max, 5);
    out.push(markdownDetails(`Changed RBAC objects (${d.objects.length})`, markdownTable(['change', 'object', 'added', 'removed', 'notes'], rows)), '');
  }
  out.push(...evidenceDetails(d, max));
  out.push(...findingDetails('Unchanged findings', d.findings.unchanged, max, false));
  return `${out.join('\n').trimEnd()}\n`;
}
