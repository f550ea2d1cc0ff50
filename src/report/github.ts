import type { Finding, Severity } from '../types.js';
import { allCountsText, severityRank } from '../severity.js';
import { findingPath } from './locations.js';
import { formatContext } from './types.js';
import type { FormatContext, LintReport } from './types.js';
import { objectLabel } from '../labels.js';

// GitHub Actions workflow commands (`::error file=…,line=…,title=…::message`), the format
// `--format github` prints and the Action's annotations use (docs/design.md#outputs, #what-other-tools-expect).

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export const ANNOTATION_LEVEL: Readonly<Record<Severity, AnnotationLevel>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'notice',
  info: 'notice',
};

/** A finding's annotation level: by severity, but never an error when the config says it only warns (a vendored subchart's, `dependencies: warn`). */
export function annotationLevel(f: Pick<Finding, 'severity' | 'failOn'>): AnnotationLevel {
  const level = ANNOTATION_LEVEL[f.severity];
  return f.failOn === 'never' && level === 'error' ? 'warning' : level;
}

/** GitHub shows at most this many annotations of one level per step; the rest are dropped silently. */
export const ANNOTATIONS_PER_LEVEL = 10;

/**
 * Escaping of a command's message, as the runner unescapes it (@actions/core command.ts
 * escapeData): `%` first, so an escape written by the chart stays literal. Other control
 * characters (ESC sequences, BEL, …) are made visible so they cannot drive the log viewer.
 */
export function escapeData(text: string): string {
  return text
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
    .replace(/%/g, '%25')
    .replace(/\r/g, '%0D')
    .replace(/\n/g, '%0A');
}

/** Escaping of a property value (command.ts escapeProperty): data escaping plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::command k=v,…::message`, properties in the order @actions/core writes them (title, file, line). */
export function workflowCommand(command: string, properties: ReadonlyArray<readonly [string, string | number | null]>, message: string): string {
  const props = properties
    .filter((p): p is readonly [string, string | number] => p[1] !== null && p[1] !== '')
    .map(([k, v]) => `${k}=${escapeProperty(String(v))}`)
    .join(',');
  return `::${command}${props ? ` ${props}` : ''}::${escapeData(message)}`;
}

/** An annotation's message: the finding, the renders it appears in, the fix (also the Action's, src/action/annotations.ts). */
export function annotationMessage(f: Finding): string {
  const lines = [f.message];
  if (f.renders && f.renders.length > 0) lines.push(`In renders: ${f.renders.join(', ')}.`);
  if (f.fix) lines.push(`Fix: ${f.fix.summary}${f.fix.minKubernetesVersion ? ` (needs Kubernetes ${f.fix.minKubernetesVersion}+ kubelets)` : ''}`);
  return lines.join('\n');
}

/** An annotation's title: rule, severity and object. */
export function annotationTitle(f: Finding): string {
  const o = f.object;
  return `${f.ruleId} (${f.severity}): ${objectLabel(o)}`;
}

/** The line an annotation points at, or null when the finding has none. */
export function annotationLine(f: Finding): number | null {
  return f.source.line !== null && f.source.line >= 1 ? f.source.line : null;
}

function annotation(f: Finding, file: string): string {
  return workflowCommand(annotationLevel(f), [['title', annotationTitle(f)], ['file', file], ['line', annotationLine(f)]], annotationMessage(f));
}

function countsLine(report: LintReport): string {
  const s = report.summary;
  return `helm-rbac-lint: ${allCountsText(s)} (${s.suppressed} suppressed)`;
}

/**
 * Annotations for unsuppressed findings, most severe first (report order within a severity). Each level is cut at
 * GitHub's per-step cap; one closing notice says how many were left out and where they are, and
 * the notices before it are cut one earlier so that closing notice is itself shown.
 */
export function formatGithub(report: LintReport, given: Partial<FormatContext> = {}): string {
  const options = formatContext(given);
  // Array.prototype.sort is stable: equal severities keep the engine's file/line order.
  const findings = report.findings.filter((f) => !f.suppressed).sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const byLevel: Record<AnnotationLevel, Finding[]> = { error: [], warning: [], notice: [] };
  for (const f of findings) byLevel[annotationLevel(f)].push(f);
  const overflow = (['error', 'warning', 'notice'] as const).some((l) => byLevel[l].length > ANNOTATIONS_PER_LEVEL);
  const cap: Record<AnnotationLevel, number> = {
    error: ANNOTATIONS_PER_LEVEL,
    warning: ANNOTATIONS_PER_LEVEL,
    notice: overflow ? ANNOTATIONS_PER_LEVEL - 1 : ANNOTATIONS_PER_LEVEL,
  };
  const shown = (['error', 'warning', 'notice'] as const).flatMap((l) => byLevel[l].slice(0, cap[l]));
  const shownSet = new Set(shown);
  const lines = findings
    .filter((f) => shownSet.has(f))
    .map((f) => annotation(f, findingPath(f, report.targets, options.targetPaths, options.repoRoot)));
  const left = findings.length - shown.length;
  if (left > 0) {
    const per = (['error', 'warning', 'notice'] as const)
      .map((l) => [l, byLevel[l].length - Math.min(byLevel[l].length, cap[l])] as const)
      .filter(([, n]) => n > 0)
      .map(([l, n]) => `${n} ${l}${n === 1 ? '' : 's'}`)
      .join(', ');
    const message =
      `${left} more finding${left === 1 ? ' is' : 's are'} not annotated (${per}): GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations of each level per step. ` +
      'See the job summary (or the SARIF/JSON output) for every finding.';
    lines.push(workflowCommand('notice', [['title', 'helm-rbac-lint: more findings']], message));
  }
  lines.push(countsLine(report));
  return `${lines.join('\n')}\n`;
}
