// Warnings and suppression notices: one line each, naming where they are. The CLI prints them
// on stderr, the Action in its log (annotations are kept for findings).
import { issueWhere } from '../engine/input-errors.js';
import { terminalLine } from './sanitize.js';
import type { LintReport } from './types.js';

export function diagnosticLines(report: Pick<LintReport, 'targets' | 'warnings' | 'notices'>): string[] {
  // Targets by id: a render that could not be analysed leaves a gap in the ids.
  const targets = new Map(report.targets.map((t) => [t.id, t]));
  const lines: string[] = [];
  for (const w of report.warnings) {
    const t = targets.get(w.target);
    const where = t ? issueWhere(w, t) : (w.source.file ?? '');
    lines.push(`helm-rbac-lint: warning: ${terminalLine(`${where}: ${w.message}`)}`);
  }
  for (const n of report.notices) {
    lines.push(`helm-rbac-lint: ${n.kind}: ${terminalLine(`${n.file}${n.line ? `:${n.line}` : ''}: ${n.message}`)}`);
  }
  return lines;
}
