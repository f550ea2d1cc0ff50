// Analysis of rendered text, pure once rendered: parse → objects → RBAC model → evidence → findings.
import type { Finding, FindingDependency, TargetInfo } from '../types.js';
import { tryParseChartMeta } from '../render/chart-meta.js';
import { parseRendered } from '../parse/index.js';
import type { ParseOptions } from '../parse/index.js';
import { analyzeObjects } from '../engine/analyze.js';
import type { Analysis } from '../engine/analyze.js';
import { markSkippedDocuments, unprocessableInput } from '../engine/input-errors.js';
import type { RenderResult } from '../render/index.js';
import type { RuleSet } from '../rule-api/index.js';
import type { Severity } from '../types.js';
import { registeredRules } from './registry.js';

export interface AnalyzeSettings {
  /** The rules to run (default: every registered rule). */
  rules?: RuleSet;
  /** `--rule` and config overrides: a severity, or off. */
  ruleSeverity?: Readonly<Record<string, Severity | 'off'>>;
  /** Include Kubernetes' default bindings in the model (can-i on a "real cluster"). */
  defaultBindings?: boolean;
}

/**
 * Rendered text → findings. Input problems (a document that cannot be read) are in
 * `analysis.issues`; nothing is thrown.
 */
export function analyzeText(text: string, target: TargetInfo, parseOptions: Omit<ParseOptions, 'target'>, settings: AnalyzeSettings = {}): Analysis {
  const parsed = parseRendered(text, { ...parseOptions, target: target.id });
  return analyzeObjects(parsed.objects, parsed.issues, parsed.documents, target, { ...settings, rules: settings.rules ?? registeredRules() });
}

/**
 * Analyses one render result (pure once rendered). Throws a LintError naming file and line when
 * a document cannot be read or nothing in the render is a Kubernetes object (engine/input-errors.ts).
 */
export function analyzeRender(r: RenderResult, options: AnalyzeSettings = {}): Analysis {
  const parsed = parseRendered(r.text, {
    target: r.target.id,
    chartName: r.chartName,
    manifestFile: r.chartRoot ? null : r.displayPath,
    readTemplate: (p) => r.readTemplate(p),
    storedPath: r.storedPath,
  });
  const unprocessable = unprocessableInput(parsed, r.target);
  if (unprocessable) throw unprocessable;
  markSkippedDocuments(parsed);
  const analysis = analyzeObjects(parsed.objects, parsed.issues, parsed.documents, r.target, {
    rules: options.rules ?? registeredRules(),
    ruleSeverity: options.ruleSeverity,
    defaultBindings: options.defaultBindings,
  });
  if (r.target.renderer === 'manifest') return analysis;
  return { ...analysis, findings: withDependencies(analysis.findings, r) };
}

/**
 * Names the vendored subchart of each finding whose template is under `charts/<dep>/` (the
 * innermost one for nested subcharts), with the version its Chart.yaml declares. Subcharts are
 * read as helm loaded them, directories or packaged archives alike.
 */
function withDependencies(findings: Finding[], r: RenderResult): Finding[] {
  const known = new Map<string, FindingDependency | null>();
  const dependencyAt = (path: string): FindingDependency | null => {
    if (!known.has(path)) {
      const meta = tryParseChartMeta(r.readTemplate(`${path}/Chart.yaml`), null);
      known.set(path, { name: meta?.name || path.slice(path.lastIndexOf('/') + 1), version: meta?.version ?? null, path });
    }
    return known.get(path) ?? null;
  };
  return findings.map((f) => {
    const m = /^(.*charts\/[^/]+)\/.+$/.exec(f.source.file ?? '');
    if (!m?.[1] || !/^(charts\/[^/]+\/)*charts\/[^/]+$/.test(m[1])) return f;
    const dependency = dependencyAt(m[1]);
    return dependency ? { ...f, dependency } : f;
  });
}

