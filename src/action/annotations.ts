// Annotations on the template lines (docs/design.md#integrations, #what-other-tools-expect). GitHub shows at most 10 annotations of
// each level per step and silently drops the rest, so the most severe go first and what is left
// over is counted for the job summary.
import * as core from '@actions/core';
import { severityRank } from '../severity.js';
import { ANNOTATIONS_PER_LEVEL, annotationLevel, annotationLine, annotationMessage, annotationTitle } from '../report/github.js';
import type { AnnotationLevel } from '../report/github.js';
import { terminalSafe } from '../report/sanitize.js';
import type { Finding } from '../types.js';

export interface Annotation {
  level: AnnotationLevel;
  title: string;
  message: string;
  /** Repo-relative file. */
  file: string;
  line: number | null;
}

export interface AnnotationPlan {
  shown: Annotation[];
  /** Findings left out per level because of the cap. */
  left: Record<AnnotationLevel, number>;
}

const LEVELS: readonly AnnotationLevel[] = ['error', 'warning', 'notice'];

/** The same annotation `--format github` writes (src/report/github.ts), for @actions/core. */
function annotationOf(f: Finding, file: string): Annotation {
  return {
    level: annotationLevel(f),
    // Chart-controlled text: control characters made visible (the runner's own escaping covers %, CR, LF, and `:`/`,` in properties).
    title: terminalSafe(annotationTitle(f)),
    message: terminalSafe(annotationMessage(f)),
    file,
    line: annotationLine(f),
  };
}

/** Unsuppressed findings, most severe first (engine order within a severity), each level cut at GitHub's cap. Pure. */
export function planAnnotations(findings: readonly Finding[], pathOf: (f: Finding) => string, cap: number = ANNOTATIONS_PER_LEVEL): AnnotationPlan {
  const ordered = findings.filter((f) => !f.suppressed).sort((a, b) => severityRank(b.severity) - severityRank(a.severity));
  const used: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const left: Record<AnnotationLevel, number> = { error: 0, warning: 0, notice: 0 };
  const shown: Annotation[] = [];
  for (const f of ordered) {
    const level = annotationLevel(f);
    if (used[level] < cap) {
      used[level]++;
      shown.push(annotationOf(f, pathOf(f)));
    } else left[level]++;
  }
  return { shown, left };
}

export function annotationsLeftText(left: Record<AnnotationLevel, number>): string | null {
  const parts = LEVELS.filter((l) => left[l] > 0).map((l) => `${left[l]} ${l}${left[l] === 1 ? '' : 's'}`);
  if (parts.length === 0) return null;
  return `Not annotated (GitHub shows at most ${ANNOTATIONS_PER_LEVEL} annotations of each level per step): ${parts.join(', ')}. Every finding is listed below and in the SARIF/JSON report.`;
}

export function emitAnnotations(plan: AnnotationPlan): void {
  for (const a of plan.shown) {
    const properties = { title: a.title, file: a.file, ...(a.line !== null ? { startLine: a.line } : {}) };
    if (a.level === 'error') core.error(a.message, properties);
    else if (a.level === 'warning') core.warning(a.message, properties);
    else core.notice(a.message, properties);
  }
}
