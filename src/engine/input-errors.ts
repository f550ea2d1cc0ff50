// Input that cannot be analysed is an error, never a silent green (docs/design.md#commands-targets-and-exit-codes "a chart that
// renders no objects at all is an error", docs/design.md#robustness "every input that cannot be processed is named in
// an error; nothing is silently skipped"). Two cases stop a run:
// - a document of a manifest whose YAML cannot be read (syntax error, alias bomb, nesting too
//   deep): it may hold RBAC we cannot see, and `kubectl apply` refuses the whole input too;
// - a render with no Kubernetes object at all (a mapping with apiVersion and kind): every
//   document is null or not an object (`kubectl apply`: "no objects passed to apply").
// A document of a helm render that we cannot read is a warning naming it, and the rest is
// linted: helm parsed every document of its output (it sorts them by kind), so the fault is in
// our reading, never in the chart, and a chart must not fail the lint for it. A few stray
// non-object documents among real objects stay warnings.
import { LintError } from '../errors.js';
import type { ParseResult } from '../parse/index.js';
import { RBAC_KINDS } from '../parse/index.js';
import type { InputIssue, TargetInfo } from '../types.js';

/**
 * Where an issue is, as a person looks for it: `manifest.yaml:6` for a manifest (its lines are
 * the file's), `charts/x (kube 1.30.0): templates/cm.yaml:12 (rendered line 40)` for a chart.
 */
export function issueWhere(issue: InputIssue, target: TargetInfo): string {
  const rendered = issue.renderedLine ? `rendered line ${issue.renderedLine}` : null;
  if (target.renderer === 'manifest') {
    const file = issue.source.file ?? target.name;
    return issue.renderedLine ? `${file}:${issue.renderedLine}` : file;
  }
  const chart = `${target.chart ?? target.name}${target.render ? ` (${target.render})` : ''}`;
  if (issue.source.file === null) return rendered ? `${chart}: ${rendered}` : chart;
  const file = `${issue.source.file}${issue.source.line ? `:${issue.source.line}` : ''}`;
  return `${chart}: ${file}${rendered ? ` (${rendered})` : ''}`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A render that held no Kubernetes object at all (the pre-commit hook skips such files outside charts). */
export class NoKubernetesObjectError extends LintError {}

/** The error that stops the run for this render, or null when it can be analysed. */
export function unprocessableInput(
  parsed: Pick<ParseResult, 'documents' | 'unreadable' | 'notObjects' | 'kubernetesObjects'>,
  target: TargetInfo,
): LintError | null {
  const [unreadable] = parsed.unreadable;
  if (unreadable && (target.renderer === 'manifest' || parsed.kubernetesObjects === 0)) {
    const more = parsed.unreadable.length - 1;
    const rest = more > 0 ? ` (and ${plural(more, 'more unreadable document')})` : '';
    return new LintError('input', `${issueWhere(unreadable, target)}: ${unreadable.message}${rest}`, target.chart ?? unreadable.source.file ?? target.name);
  }
  if (parsed.kubernetesObjects > 0) return null;
  const [first] = parsed.notObjects;
  const subject = target.chart ?? first?.source.file ?? target.name;
  const why = first ? `${issueWhere(first, target)}: ${first.message}` : 'its documents are null or empty Lists';
  return new NoKubernetesObjectError('input', `${subject}: no Kubernetes object in its ${plural(parsed.documents, 'document')}; ${why}`, subject);
}

/**
 * Says of each unreadable document of an analysed helm render that it was left out (call once
 * unprocessableInput has let the render through).
 */
export function markSkippedDocuments(parsed: Pick<ParseResult, 'unreadable'>): void {
  for (const issue of parsed.unreadable) issue.message += '; helm read this document but this tool could not, so it is not linted (the rest of the render is)';
}

/** Issues about documents that are not RBAC objects (RBAC ones become malformed-rbac findings). */
export function inputWarnings(analyses: readonly { issues: readonly InputIssue[] }[]): InputIssue[] {
  return analyses.flatMap((a) => a.issues.filter((i) => !i.object || !RBAC_KINDS.has(i.object.kind)));
}
