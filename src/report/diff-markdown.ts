import { SEVERITIES } from '../severity.js';
import { escapeMarkdown as esc, markdownCode as code, markdownDetails, markdownProse, markdownTable } from './markdown-escape.js';
import {
  VERDICT_TEXT,
  balanceText,
  collapsePermissions,
  collapsedSubjectLines,
  breaksAccessLines,
  countBySeverity,
  evidenceCountText,
  findingLocation,
  objectTitle,
  sensitiveLines,
  severityChangeText,
  subjectTitle,
  targetFacts,
  targetName,
} from './diff-common.js';
import type { CollapsedPermissions } from './diff-common.js';
import type { FormatContext } from './types.js';
import type { DiffFinding, ObjectChange, Permission, RbacDiff, Verdict } from '../diff/types.js';

// PR-comment / job-summary view: verdict first, the sensitive permissions each subject gains or
// loses, then per-subject tables of folded permissions, details collapsed.
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

function scopeCell(c: CollapsedPermissions): string {
  return c.namespace !== undefined ? `namespace ${code(c.namespace)}` : 'cluster-wide';
}

function resourcesCell(c: CollapsedPermissions): string {
  return `${c.resources.map(code).join(', ')}${c.resourceName !== undefined ? ` name ${code(c.resourceName)}` : ''}`;
}

/** Rows per subject under which the tables stay open; longer ones fold into <details>. */
const OPEN_ROWS = 10;

/**
 * What matters most, never cut: per subject, the sensitive permissions (the registered rules'
 * probes) it gains or loses, folded (`get, list, watch on nodes/proxy, secrets`).
 */
function sensitiveSection(d: RbacDiff): string[] {
  const items: string[] = [];
  for (const s of d.subjects) {
    for (const l of sensitiveLines(s)) {
      const what = `${l.permissions.verbs.map(code).join(', ')} on ${resourcesCell(l.permissions)}`;
      items.push(`- ${l.sign === '+' ? '➕ gains' : '➖ loses'} ${what}, ${scopeCell(l.permissions)}: ${esc(subjectTitle(s.subject))}`);
    }
  }
  return items.length > 0 ? ['#### Sensitive permissions', '', ...items, ''] : [];
}

function subjectTables(d: RbacDiff, max: number): string[] {
  if (d.subjects.length === 0) return [];
  const out: string[] = [];
  let rowsTotal = 0;
  for (const s of d.subjects) {
    const rows = collapsedSubjectLines(s).map((l) => [
      l.sign === '+' ? '➕ added' : '➖ removed',
      l.permissions.verbs.map(code).join(', '),
      resourcesCell(l.permissions),
      scopeCell(l.permissions),
      l.reach ? (l.sign === '+' ? 'newly reachable' : 'no longer reachable') : 'rule',
    ]);
    rowsTotal += rows.length;
    out.push(`**${esc(subjectTitle(s.subject))}**`, '', markdownTable(['change', 'verbs', 'resources', 'scope', 'via'], capped(rows, max, 5)), '');
  }
  const body = out.join('\n').trimEnd();
  if (rowsTotal <= OPEN_ROWS) return ['#### Effective permissions by subject', '', body, ''];
  return [markdownDetails(`Effective permissions by subject (${d.subjects.length} subject${d.subjects.length === 1 ? '' : 's'}, ${rowsTotal} rows)`, body), ''];
}

function findingItem(f: DiffFinding): string {
  const where = findingLocation(f);
  const evidence = evidenceCountText(f.evidenceChanges);
  return (
    `- **${f.severity.toUpperCase()}** ${code(f.ruleId)} ${esc(objectTitle(f.object))}${where ? ` (${code(where)})` : ''}` +
    `${esc(severityChangeText(f))}${f.suppressed ? ' (suppressed)' : ''}: ${markdownProse(f.message)}` +
    // The evidence itself is listed once, in the kubelet access evidence table.
    (evidence ? ` Evidence: ${evidence} (kubelet access evidence below).` : '')
  );
}

function findingDetails(title: string, findings: readonly DiffFinding[], max: number, open: boolean): string[] {
  if (findings.length === 0) return [];
  const shown = findings.slice(0, max).map(findingItem);
  if (findings.length > max) shown.push(`- … ${findings.length - max} more`);
  const block = markdownDetails(`${title} (${findings.length})`, shown.join('\n'));
  return [open ? block.replace('<details>', '<details open>') : block, ''];
}

/** Lines per table cell of changed objects before the rest is counted. */
const MAX_CELL_LINES = 6;

function permissionsCell(ps: readonly Permission[]): string {
  const lines = collapsePermissions(ps).map((c) => `${c.verbs.map(code).join(', ')} on ${resourcesCell(c)}${c.namespace !== undefined ? ` in ${code(c.namespace)}` : ''}`);
  const more = lines.length - MAX_CELL_LINES;
  return [...lines.slice(0, MAX_CELL_LINES), ...(more > 0 ? [`… ${more} more`] : [])].join('<br>');
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
  return [o.change, esc(objectTitle(o)), permissionsCell(o.added), permissionsCell(o.removed), notes.join('<br>')];
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
  const breaks = d.breaksAccess.length > 0;
  const out: string[] = [
    `### ${breaks ? '⛔' : ICON[d.verdict]} RBAC diff: ${VERDICT_TEXT[d.verdict]}${breaks ? ', but breaks kubelet access' : ''} (${code(d.verdict)}${breaks ? `, ${code('breaksAccess')}` : ''})`,
    '',
    `${esc(balanceText(d))}.`,
    '',
    ...(breaks
      ? [
          `**Breaks kubelet access:** ${d.breaksAccess.length} workload${d.breaksAccess.length === 1 ? '' : 's'} keep calling the kubelet without the permission (${code('missing-kubelet-permission')}):`,
          '',
          ...breaksAccessLines(d).map((l) => `- ${esc(l)}`),
          '',
        ]
      : []),
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
    ...sensitiveSection(d),
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
