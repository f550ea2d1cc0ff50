import type { Finding, InputIssue, TargetInfo } from '../types.js';
import type { RbacModel } from '../rbac/model.js';
import { subjectLabel } from '../rbac/subjects.js';
import { allCountsText, atOrAbove } from '../severity.js';
import { exitCodeFor } from '../engine/summary.js';
import { helpUri } from './rule-docs.js';
import { escapeMarkdown, markdownCode, markdownDetails, markdownProse, markdownTable } from './markdown-escape.js';
import { accessGraph } from './mermaid.js';
import { MARKDOWN_MAX_BYTES, formatContext } from './types.js';
import type { FailedTarget, FormatContext, LintReport } from './types.js';
import { rulesYaml } from './yaml-rules.js';
import { chartRenders } from './text.js';
import { namespacedName } from '../labels.js';
import { sharedRemedies } from './shared-remedy.js';
import type { SharedRemedies } from './shared-remedy.js';

// The PR comment / job summary view (docs/design.md#outputs): verdict first, then who reaches what,
// then one section per chart render with its findings and ready-to-paste fixes.
// Every string that comes from a chart goes through escapeMarkdown/markdownCode/mermaidLabel.

const MAX_SUBJECTS = 3;
const MAX_EVIDENCE = 5;
const MAX_WARNINGS = 20;

/** A fenced block whose fence is longer than any backtick run inside, so content cannot close it. */
export function fencedBlock(lang: string, content: string): string {
  const longest = Math.max(0, ...[...content.matchAll(/`+/g)].map((m) => m[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return `${fence}${lang}\n${content.replace(/\n$/, '')}\n${fence}`;
}

/** Collects chunks until the byte budget is spent, so the output never ends inside a block. */
class Budget {
  private readonly parts: string[] = [];
  private used = 0;
  truncated = false;
  constructor(private readonly limit: number) {}
  add(chunk: string): boolean {
    const size = Buffer.byteLength(chunk, 'utf8');
    if (this.truncated || this.used + size > this.limit) {
      this.truncated = true;
      return false;
    }
    this.parts.push(chunk);
    this.used += size;
    return true;
  }
  text(): string {
    return this.parts.join('');
  }
}

export function verdictLine(report: LintReport, options: Partial<Pick<FormatContext, 'failOn'>> = {}): string {
  const s = report.summary;
  const broken = (report.failed ?? []).some((f) => f.status === 'error');
  const status = broken ? 'ERROR' : exitCodeFor(report.findings, options.failOn ?? 'high') === 1 ? 'FAIL' : 'PASS';
  const counts = allCountsText(s);
  return `**helm-rbac-lint: ${status} — ${counts} (${s.suppressed} suppressed)**`;
}

function targetHeading(t: TargetInfo, renders: readonly string[]): string {
  const what = t.renderer === 'manifest' ? `manifest ${t.name}` : `${t.name}${t.version ? ` ${t.version}` : ''}`;
  const several = renders.length > 1;
  const facts = [
    t.chart ? markdownCode(t.chart) : null,
    several ? escapeMarkdown(`renders: ${renders.join(', ')}`) : null,
    !several && t.kubeVersion ? escapeMarkdown(`kube ${t.kubeVersion}`) : null,
    !several && t.render && !t.render.startsWith('kube ') ? escapeMarkdown(t.render) : null,
  ];
  return `### ${escapeMarkdown(what)}${facts.some(Boolean) ? ` (${facts.filter(Boolean).join(', ')})` : ''}`;
}

const objectName = (o: Finding['object']): string => namespacedName(o);
const objectCell = (o: Finding['object']): string => `${escapeMarkdown(o.kind)} ${markdownCode(objectName(o))}`;
const location = (file: string | null, line: number | null): string | null => (file ? `${file}${line ? `:${line}` : ''}` : null);

function subjectsCell(f: Finding): string {
  if (f.subjects.length === 0) return 'none bound in the chart';
  const shown = f.subjects.slice(0, MAX_SUBJECTS).map((s) => markdownCode(subjectLabel(s)));
  const more = f.subjects.length - MAX_SUBJECTS;
  return `${shown.join('<br>')}${more > 0 ? `<br>and ${more} more` : ''}`;
}

function findingRow(f: Finding): string[] {
  const where = location(f.source.file, f.source.line);
  const renders = f.renders && f.renders.length > 0 ? ` (in renders: ${escapeMarkdown(f.renders.join(', '))})` : '';
  return [
    f.severity,
    `[${f.ruleId}](${helpUri(f.ruleId)})`,
    objectCell(f.object),
    `${where ? markdownCode(where) : 'unknown'}${dependencyCell(f)}`,
    subjectsCell(f),
    `${markdownProse(f.message)}${renders}`,
  ];
}

/** `<br>subchart <code>kube-state-metrics</code> 7.1.0, warn only`: whose call it is, and how it counts. */
function dependencyCell(f: Finding): string {
  if (!f.dependency) return '';
  const version = f.dependency.version ? ` ${f.dependency.version}` : '';
  const counts = f.failOn === 'never' ? ', warn only' : f.failOn ? `, fails at ${f.failOn}` : '';
  const why = f.dependency.reason ? `: ${escapeMarkdown(f.dependency.reason)}` : '';
  return `<br>subchart ${markdownCode(`${f.dependency.name}${version}`)}${counts}${why}`;
}

const FINDING_HEADER = ['severity', 'rule', 'object', 'template', 'subjects', 'message'];

const refName = (f: Finding): string => `${f.ruleId} on ${escapeMarkdown(f.object.kind)} ${markdownCode(objectName(f.object))}`;

function fixBlock(f: Finding, remedies: SharedRemedies): string | null {
  if (!f.fix || remedies.fixOf(f)) return null;
  const body: string[] = [markdownProse(f.fix.summary)];
  if (f.fix.minKubernetesVersion) body.push(`Needs Kubernetes ${escapeMarkdown(f.fix.minKubernetesVersion)}+ kubelets.`);
  const evidence = f.evidence.slice(0, MAX_EVIDENCE).map((e) => {
    const at = location(e.source.file, e.source.line);
    return `- ${escapeMarkdown(e.object.kind)} ${markdownCode(e.object.name)} ${markdownCode(e.path)}: ${markdownCode(e.text)}${at ? ` (${markdownCode(at)})` : ''}`;
  });
  if (f.evidence.length > MAX_EVIDENCE) evidence.push(`- and ${f.evidence.length - MAX_EVIDENCE} more`);
  if (evidence.length > 0) body.push(`Evidence:\n\n${evidence.join('\n')}`);
  if (f.fix.rules.length > 0) body.push(fencedBlock('yaml', rulesYaml(f.fix.rules)));
  // One remedy for several findings (nodes-proxy and apiserver-node-proxy-path of one scraper): one block naming them all.
  const also = remedies.sharing(f).map(refName);
  const summary = `Fix for ${refName(f)}${also.length > 0 ? ` (also ${also.join(', ')})` : ''}`;
  return markdownDetails(summary, body.join('\n\n'));
}

function suppressedBlock(findings: readonly Finding[]): string | null {
  if (findings.length === 0) return null;
  const rows = findings.map((f) => [
    f.severity,
    f.ruleId,
    objectCell(f.object),
    f.suppression?.by ?? 'unknown',
    f.suppression?.reason ? markdownProse(f.suppression.reason) : 'no reason given',
  ]);
  const n = findings.length;
  return markdownDetails(`${n} suppressed finding${n === 1 ? '' : 's'}`, markdownTable(['severity', 'rule', 'object', 'by', 'reason'], rows));
}

function warningsBlock(warnings: readonly InputIssue[]): string | null {
  if (warnings.length === 0) return null;
  const items = warnings.slice(0, MAX_WARNINGS).map((w) => {
    const at = location(w.source.file, w.source.line);
    return `- ${at ? `${markdownCode(at)}: ` : ''}${markdownProse(w.message)}`;
  });
  if (warnings.length > MAX_WARNINGS) items.push(`- and ${warnings.length - MAX_WARNINGS} more (see the JSON output)`);
  const n = warnings.length;
  return markdownDetails(`${n} input warning${n === 1 ? '' : 's'}`, items.join('\n'));
}

/** Renders that were asked for but not linted: each on its own line, errors first in importance. */
function failedBlock(failed: readonly FailedTarget[]): string | null {
  if (failed.length === 0) return null;
  const errors = failed.filter((f) => f.status === 'error');
  const lines = failed.map((f) => `- ${f.status === 'error' ? '**error**' : 'skipped'}: ${markdownProse(f.message)}`);
  const head = errors.length > 0 ? `**${errors.length} could not be linted:**` : 'Skipped:';
  return `${head}\n\n${lines.join('\n')}`;
}

function graphBlock(findings: readonly Finding[], models: ReadonlyMap<number, RbacModel> | undefined): string | null {
  const graph = accessGraph(findings, models);
  if (!graph.mermaid) return null;
  const note = graph.edges > graph.shownEdges ? `\n\nThe graph shows the first ${graph.shownEdges} of ${graph.edges} edges.` : '';
  return `### Who reaches what\n\n${fencedBlock('mermaid', graph.mermaid)}${note}`;
}

function targetChunks(t: TargetInfo, findings: readonly Finding[], renders: readonly string[]): string[] {
  const chunks = [`\n\n${targetHeading(t, renders)}\n\n${markdownTable(FINDING_HEADER, []).trimEnd()}`];
  for (const f of findings) chunks.push(`\n| ${findingRow(f).join(' | ')} |`);
  const remedies = sharedRemedies(findings);
  for (const f of findings) {
    const block = fixBlock(f, remedies);
    if (block) chunks.push(`\n\n${block}`);
  }
  return chunks;
}

/**
 * Markdown for a PR comment or `$GITHUB_STEP_SUMMARY`. Findings follow the text format's filter
 * (`quiet` keeps those at or above `failOn`); suppressed ones are listed apart, collapsed.
 */
export function formatMarkdown(report: LintReport, given: Partial<FormatContext> = {}): string {
  const options = formatContext(given);
  const shown = report.findings.filter((f) => !f.suppressed && (!options.quiet || atOrAbove(f.severity, options.failOn ?? 'high')));
  const truncationNote = '\n\n_Output truncated to stay under the size GitHub accepts; the SARIF or JSON output has every finding._\n';
  const budget = new Budget((options.maxBytes ?? MARKDOWN_MAX_BYTES) - Buffer.byteLength(truncationNote));
  const renders = report.targets.length;
  const failOn = options.failOn ?? 'high';
  const threshold = failOn === 'never' ? 'Never fails (--fail-on never)' : `Fails on ${failOn} or above`;
  budget.add(`${verdictLine(report, options)}\n\n${threshold}; ${renders} render${renders === 1 ? '' : 's'} checked.`);
  const failed = failedBlock(report.failed ?? []);
  if (failed) budget.add(`\n\n${failed}`);
  if (shown.length === 0) budget.add('\n\nNo findings.');
  // Only grants someone holds: a latent or inert grant reaches nobody and is in the tables.
  const graph = graphBlock(shown.filter((f) => f.subjects.length > 0), options.models);
  if (graph) budget.add(`\n\n${graph}`);
  const rendersOf = chartRenders(report.targets);
  for (const t of report.targets) {
    const list = shown.filter((f) => f.target === t.id);
    if (list.length > 0) for (const chunk of targetChunks(t, list, (t.chart !== null && rendersOf.get(t.chart)) || [])) budget.add(chunk);
  }
  for (const block of [suppressedBlock(report.findings.filter((f) => f.suppressed)), warningsBlock(report.warnings)]) {
    if (block) budget.add(`\n\n${block}`);
  }
  return `${budget.text()}${budget.truncated ? truncationNote : '\n'}`;
}
