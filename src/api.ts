import type { InputIssue, Severity } from './types.js';
import { renderTargets } from './render/index.js';
import type { RenderOptions, RenderResult } from './render/index.js';
import { mergeRenders } from './engine/analyze.js';
import { analyzeText } from './engine/analyze-text.js';
import type { Analysis } from './engine/analyze.js';
import { summarize } from './engine/summary.js';
import { RBAC_KINDS } from './parse/index.js';
import type { LintReport } from './report/types.js';
import { TOOL } from './version.js';

export interface LintOptions {
  render: RenderOptions;
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
  defaultBindings?: boolean;
  onProgress?: (done: number, total: number, current: string) => void;
}

export interface LintRun {
  report: LintReport;
  analyses: Analysis[];
  renders: RenderResult[];
}

/** Analyses one render result (pure once rendered). */
export function analyzeRender(r: RenderResult, options: Omit<LintOptions, 'render'> = {}): Analysis {
  return analyzeText(
    r.text,
    r.target,
    { chartName: r.chartName, manifestFile: r.chartRoot ? null : r.displayPath, readTemplate: (p) => r.readTemplate(p) },
    { ruleSeverity: options.ruleSeverity, defaultBindings: options.defaultBindings },
  );
}

/** Issues about documents that are not RBAC objects (RBAC ones become malformed-rbac findings). */
function warningsOf(analyses: readonly Analysis[]): InputIssue[] {
  return analyses.flatMap((a) => a.issues.filter((i) => !i.object || !RBAC_KINDS.has(i.object.kind)));
}

/** Renders every target and lints it: the library entry point behind `helm-rbac-lint lint`. */
export async function lint(args: string[], options: LintOptions): Promise<LintRun> {
  const renders = await renderTargets(args, options.render, { onProgress: options.onProgress });
  const analyses = renders.map((r) => analyzeRender(r, options));
  const findings = mergeRenders(analyses);
  const report: LintReport = {
    tool: TOOL,
    targets: renders.map((r) => r.target),
    findings,
    summary: summarize(findings),
    warnings: warningsOf(analyses),
  };
  return { report, analyses, renders };
}
