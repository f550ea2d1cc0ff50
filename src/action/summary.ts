// The job summary (docs/design.md#integrations): which charts were checked, the pull request's RBAC change per
// chart, what the annotations had to leave out, then the lint report with its access graph. Pure.
import type { ChartDiff, LintRun, PullRequestDiff, RbacModel } from '../api/index.js';
import { VERDICT_TEXT, countBySeverity, countsText } from '../report/diff-common.js';
import { formatDiffMarkdown } from '../report/diff-markdown.js';
import type { Verdict } from '../api/index.js';
import type { FailOn } from '../severity.js';
import { escapeMarkdown, markdownCode, markdownProse, markdownTable } from '../report/markdown-escape.js';
import { formatMarkdown } from '../report/markdown.js';

/** GitHub refuses a step summary over 1 MiB; stay under it. */
export const SUMMARY_MAX_BYTES = 1_000_000;
const MAX_LISTED_CHARTS = 30;

const ICON: Readonly<Record<Verdict, string>> = { 'more-risk': '🔴', 'less-risk': '🟢', 'same-risk': '🟡', 'no-rbac-change': '⚪' };

export interface SummaryInput {
  /** How the charts were chosen (ChartSelection.how). */
  how: string;
  /** The lint targets as chosen (workspace-relative). */
  targets: readonly string[];
  run: LintRun | null;
  prDiff: PullRequestDiff | null;
  failOn: FailOn;
  /** annotationsLeftText, when annotations had to leave findings out. */
  annotationsLeft: string | null;
  /** `fix: suggest`: one Markdown section per chart that got a fix (formatFixMarkdown). */
  fixes?: readonly string[];
  maxBytes?: number;
}

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** The charts as rendered (a directory target expands to the charts below it), else as chosen. */
function chartsChecked(input: SummaryInput): string[] {
  const report = input.run?.report;
  const rendered = [...(report?.targets ?? []), ...(report?.failed ?? []).map((f) => f.target)].sort((a, b) => a.id - b.id).map((t) => t.chart ?? t.name);
  return [...new Set(rendered.length > 0 ? rendered : input.targets)];
}

function chartsLine(input: SummaryInput): string {
  const charts = chartsChecked(input);
  const compared = input.prDiff?.charts.length ?? 0;
  if (charts.length === 0 && compared === 0) return `No chart to check (${escapeMarkdown(input.how)}).`;
  if (charts.length === 0) return `Checked ${escapeMarkdown(input.how)}: no chart is left in the head; deleted charts are compared with the base below.`;
  const listed = charts.slice(0, MAX_LISTED_CHARTS).map(markdownCode).join(', ');
  const more = charts.length > MAX_LISTED_CHARTS ? ` and ${charts.length - MAX_LISTED_CHARTS} more` : '';
  return `Checked ${escapeMarkdown(input.how)}: ${listed}${more}.`;
}

function verdictLine(d: PullRequestDiff): string {
  const balance = `introduced ${countsText(countBySeverity(d.introduced))}; resolved ${countsText(countBySeverity(d.resolved))}`;
  const n = d.breaksAccess.length;
  const breaks = n > 0 ? `, but breaks kubelet access (${n} workload${n === 1 ? '' : 's'} without a kubelet permission they use: \`missing-kubelet-permission\`)` : '';
  return `**${n > 0 ? '⛔' : ICON[d.verdict]} RBAC change in this pull request: ${VERDICT_TEXT[d.verdict]}${breaks} (\`${d.verdict}\`)** — ${balance}.`;
}

/** One heading level down (`###` → `####`), so a chart's diff sits under its chart heading. Chart text never starts a line with `#` (it is escaped). */
const demoted = (markdown: string): string => markdown.replace(/^(#{1,5}) /gm, '#$1 ');

/** One diff per render when a chart renders more than once (kube versions, ci values): which one. */
const renderOf = (c: ChartDiff): string | null => c.diff.new.render ?? c.diff.old.render;

/** Rows of the per-chart overview before the rest is counted. */
const MAX_OVERVIEW_ROWS = 100;

/** Sensitive permissions (the rules' probes) that flipped for some subject, gained and lost. */
function sensitiveCounts(c: ChartDiff): string {
  const gained = c.diff.subjects.reduce((n, s) => n + s.reach.added.length, 0);
  const lost = c.diff.subjects.reduce((n, s) => n + s.reach.removed.length, 0);
  return gained + lost === 0 ? 'none' : [gained > 0 ? `➕ ${gained}` : null, lost > 0 ? `➖ ${lost}` : null].filter(Boolean).join(' ');
}

/** One row per chart, every chart: what changed at a glance, whatever the details below had to leave out. */
function overview(d: PullRequestDiff): string {
  const rows = d.charts.slice(0, MAX_OVERVIEW_ROWS).map((c) => [
    `${markdownCode(c.chart)}${renderOf(c) ? ` (${escapeMarkdown(renderOf(c) as string)})` : ''}${c.note ? ` (${markdownProse(c.note)})` : ''}`,
    `${ICON[c.diff.verdict]} ${VERDICT_TEXT[c.diff.verdict]}`,
    countsText(countBySeverity(c.diff.findings.introduced)),
    countsText(countBySeverity(c.diff.findings.resolved)),
    sensitiveCounts(c),
  ]);
  const more = d.charts.length - MAX_OVERVIEW_ROWS;
  if (more > 0) rows.push([`… ${more} more charts (the JSON report has them all)`, '', '', '', '']);
  return markdownTable(['chart', 'verdict', 'introduced', 'resolved', 'sensitive permissions'], rows);
}

/** Each chart's diff gets an even share of the diff budget, within what a PR comment may hold. */
function chartDiffSection(c: ChartDiff, maxLength: number): string {
  const note = c.note ? ` — ${markdownProse(c.note)}` : '';
  const render = renderOf(c);
  return `### Chart ${markdownCode(c.chart)}${render ? ` (${escapeMarkdown(render)})` : ''}${note}\n\n${demoted(formatDiffMarkdown(c.diff, { maxLength }).trimEnd())}`;
}

export function summaryMarkdown(input: SummaryInput): string {
  const limit = input.maxBytes ?? SUMMARY_MAX_BYTES;
  const parts: string[] = ['## helm-rbac-lint', chartsLine(input)];
  if (input.prDiff && input.prDiff.charts.length > 0) {
    const charts = input.prDiff.charts;
    parts.push(verdictLine(input.prDiff), '## RBAC change in this pull request', overview(input.prDiff));
    // Diffs first, but the lint report below keeps at least a quarter of the budget.
    const budget = (limit * 3) / 4;
    let used = bytes(parts.join('\n\n'));
    const share = Math.max(6_000, Math.min(60_000, Math.floor((budget - used) / charts.length)));
    for (const [i, c] of charts.entries()) {
      const section = chartDiffSection(c, share);
      const left = charts.slice(i);
      const cut = `_${left.length} more chart diff${left.length === 1 ? '' : 's'} left out to keep the summary under the size GitHub accepts (their rows are in the table above; the JSON report has every diff): ${left
        .slice(0, 20)
        .map((x) => markdownCode(x.chart))
        .join(', ')}${left.length > 20 ? ', …' : ''}._`;
      if (used + bytes(section) + bytes(cut) + 4 > budget) {
        parts.push(cut);
        break;
      }
      parts.push(section);
      used += bytes(section) + 2;
    }
  }
  if (input.annotationsLeft) parts.push(`> ${markdownProse(input.annotationsLeft)}`);
  if (input.fixes && input.fixes.length > 0) parts.push('## Suggested fix for nodes/proxy', ...input.fixes.map((f) => f.trimEnd()));
  if (input.run && input.run.report.targets.length + (input.run.report.failed?.length ?? 0) > 0) {
    const head = `${parts.join('\n\n')}\n\n## Findings\n\n`;
    const models = new Map<number, RbacModel>(input.run.analyses.map((a) => [a.target.id, a.model]));
    const lint = formatMarkdown(input.run.report, { models, failOn: input.failOn, maxBytes: Math.max(0, limit - bytes(head) - 1) });
    return `${head}${lint.trimEnd()}\n`;
  }
  return `${parts.join('\n\n')}\n`;
}
