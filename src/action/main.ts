// The GitHub Action (action.yml): lint the chosen charts, on a pull request diff them against the
// base commit, then annotations, job summary, SARIF, a JSON report and outputs. All logic lives
// here; index.ts only calls run(). Inputs, outputs and the summary go through @actions/core, which
// reads INPUT_*, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY from process.env.
import { mkdtempSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as core from '@actions/core';
import { diffPullRequest, failsAt, findingKey, fix, lint, lintFormatContext, repoRootOf, targetPathsOf, writeFileAtomic } from '../api/index.js';
import type { LintRun, PullRequestDiff, RenderOptions, Summary } from '../api/index.js';
import { SEVERITIES } from '../severity.js';
import type { FailOn } from '../severity.js';
import { LintError, oneLine } from '../errors.js';
import { LINT_FORMATTERS } from '../report/index.js';
import { diagnosticLines } from '../report/diagnostics.js';
import { formatFixMarkdown } from '../report/fix.js';
import { findingPath } from '../report/locations.js';
import type { Finding } from '../types.js';
import { annotationsLeftText, emitAnnotations, planAnnotations } from './annotations.js';
import { selectCharts } from './charts.js';
import type { ChartSelection } from './charts.js';
import { actionContext } from './context.js';
import type { ActionContext } from './context.js';
import { readInputs } from './inputs.js';
import type { ActionInputs } from './inputs.js';
import { summaryMarkdown } from './summary.js';
import { repoTop } from './git.js';

const COUNTS: readonly (keyof Summary)[] = [...SEVERITIES, 'suppressed'];

function renderOptionsOf(inputs: ActionInputs, ctx: ActionContext, env: NodeJS.ProcessEnv): RenderOptions {
  return {
    values: inputs.values,
    set: [],
    setString: [],
    setFile: [],
    namespace: inputs.namespace,
    kubeVersions: inputs.kubeVersions,
    apiVersions: [],
    helm: inputs.helm || undefined,
    cwd: ctx.workspace,
    env,
  };
}

/** Warnings and suppression notices go to the log (not annotations: those are kept for findings). */
function logDiagnostics(run: LintRun): void {
  for (const line of diagnosticLines(run.report)) core.info(line);
}

/** Lint findings to annotate: all of them, or on a pull request only those it introduces. */
function findingsToAnnotate(run: LintRun, prDiff: PullRequestDiff | null): Finding[] {
  if (!prDiff) return run.report.findings;
  const rootOf = new Map(run.renders.map((r) => [r.target.id, r.chartRoot ? realpathSync(r.chartRoot) : null]));
  return run.report.findings.filter((f) => {
    const root = rootOf.get(f.target);
    return root !== null && root !== undefined && prDiff.introducedKeys.has(findingKey(root, f.fingerprint));
  });
}

function failingFindings(run: LintRun | null, prDiff: PullRequestDiff | null, failOn: FailOn): Finding[] {
  const candidates = prDiff ? prDiff.introduced : (run?.report.findings ?? []);
  return candidates.filter((f) => failsAt(f, failOn));
}

function failureMessage(failing: readonly Finding[], failOn: FailOn, diffMode: boolean, summaryWritten: boolean): string {
  const n = failing.length;
  const what = `${n} finding${n === 1 ? '' : 's'} at or above ${failOn}`;
  const listed = failing
    .slice(0, 3)
    .map((f) => `${f.ruleId} (${f.severity}) on ${f.object.kind} ${f.object.name}`)
    .join('; ');
  const more = n > 3 ? `; and ${n - 3} more` : '';
  return `helm-rbac-lint: ${diffMode ? `this pull request introduces ${what}` : what}: ${oneLine(listed)}${more}${summaryWritten ? ' (see the job summary)' : ''}`;
}

/** One line for the log, never a stack trace; a missing helm says how to get one. */
export function errorLine(err: unknown): string {
  if (err instanceof LintError) {
    if (err.kind === 'helm-missing') {
      return `helm not found: add \`- uses: azure/setup-helm@v4\` before this step, or set the \`helm\` input to its path (${oneLine(err.message)})`;
    }
    return `helm-rbac-lint: ${oneLine(err.message)}`;
  }
  const e = err as Error;
  return `helm-rbac-lint: internal error: ${oneLine(e?.message ?? String(err))}`;
}

function setOutputs(run: LintRun | null, prDiff: PullRequestDiff | null, files: { sarif: string; report: string }): void {
  for (const k of COUNTS) core.setOutput(k, run ? run.report.summary[k] : 0);
  if (prDiff) {
    core.setOutput('verdict', prDiff.verdict);
    core.setOutput('breaks-access', prDiff.breaksAccess.length);
    core.setOutput('introduced', prDiff.introduced.length);
    core.setOutput('resolved', prDiff.resolved.length);
  }
  core.setOutput('sarif-file', files.sarif);
  core.setOutput('report-file', files.report);
}

async function lintSelection(selection: ChartSelection, inputs: ActionInputs, render: RenderOptions): Promise<LintRun | null> {
  if (selection.targets.length === 0) return null;
  core.info(`helm-rbac-lint: checking ${selection.targets.join(', ')}`);
  return lint(selection.targets, { render, config: inputs.config || undefined, failOn: inputs.failOn });
}

async function pullRequestDiff(run: LintRun | null, selection: ChartSelection, inputs: ActionInputs, ctx: ActionContext, render: RenderOptions): Promise<PullRequestDiff | null> {
  const pr = ctx.pullRequest;
  if (!inputs.diff || !pr) return null;
  return diffPullRequest(run, {
    top: realpathSync(await repoTop(ctx.workspace)),
    baseSha: pr.baseSha,
    render,
    config: inputs.config || undefined,
    removed: selection.removed,
    movedFrom: selection.movedFrom,
    warn: (m) => core.warning(m),
  });
}

function writeReports(run: LintRun | null, inputs: ActionInputs, ctx: ActionContext, repoRoot: string): { sarif: string; report: string } {
  const files = { sarif: '', report: '' };
  if (!run) return files;
  const context = lintFormatContext(run, repoRoot);
  if (inputs.sarifFile) {
    files.sarif = resolve(ctx.workspace, inputs.sarifFile);
    writeFileAtomic(files.sarif, LINT_FORMATTERS.sarif(run.report, context), ctx.workspace);
  }
  // A directory of its own: two steps of one job never overwrite each other's report.
  files.report = join(mkdtempSync(join(ctx.runnerTemp, 'helm-rbac-lint-')), 'report.json');
  writeFileAtomic(files.report, LINT_FORMATTERS.json(run.report, context), ctx.workspace);
  return files;
}

/**
 * `fix: suggest`: for every chart where the pull request introduces nodes-proxy, a proven patch
 * (or why there is none) for the job summary. Nothing is written to the checkout or pushed.
 */
async function suggestedFixes(prDiff: PullRequestDiff | null, inputs: ActionInputs, ctx: ActionContext, render: RenderOptions): Promise<string[]> {
  if (inputs.fix !== 'suggest' || !prDiff) return [];
  const charts = [...new Set(prDiff.charts.filter((c) => c.diff.findings.introduced.some((f) => f.ruleId === 'nodes-proxy' && !f.suppressed)).map((c) => c.chart))];
  const out: string[] = [];
  for (const chart of charts) {
    try {
      out.push(formatFixMarkdown(await fix(join(ctx.workspace, chart), { render }), chart));
    } catch (err) {
      core.warning(`fix: ${chart}: ${oneLine((err as Error).message)}`);
    }
  }
  return out;
}

/**
 * The job summary, through @actions/core (GITHUB_STEP_SUMMARY, from process.env). Run outside a
 * runner there may be none, or a path that cannot be written: the check itself still stands, so
 * that is a warning, and the failure line then does not point at a summary.
 */
async function writeSummary(markdown: string): Promise<boolean> {
  const file = process.env['GITHUB_STEP_SUMMARY'];
  if (!file) return false;
  try {
    await core.summary.addRaw(markdown).write();
    return true;
  } catch (err) {
    core.summary.emptyBuffer();
    core.warning(`helm-rbac-lint: no job summary written (${oneLine((err as Error).message)})`);
    return false;
  }
}

/** Runs the Action; returns the exit code (0 pass, 1 failed) and never throws. */
export async function run(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  try {
    const inputs = readInputs();
    const ctx = actionContext(env);
    const render = renderOptionsOf(inputs, ctx, env);
    const selection = await selectCharts(inputs.charts, ctx);
    const lintRun = await lintSelection(selection, inputs, render);
    if (lintRun) logDiagnostics(lintRun);
    // Charts that could not be rendered are errors, but never hide the others' results.
    for (const e of lintRun?.errors ?? []) core.error(e.message);
    const prDiff = await pullRequestDiff(lintRun, selection, inputs, ctx, render);
    const failOn: FailOn = lintRun?.failOn ?? inputs.failOn ?? 'high';
    const repoRoot = repoRootOf(ctx.workspace);

    const files = writeReports(lintRun, inputs, ctx, repoRoot);
    let annotationsLeft: string | null = null;
    if (inputs.annotations && lintRun) {
      const targetPaths = targetPathsOf(lintRun.renders, repoRoot);
      const plan = planAnnotations(findingsToAnnotate(lintRun, prDiff), (f) => findingPath(f, lintRun.report.targets, targetPaths, repoRoot));
      emitAnnotations(plan);
      annotationsLeft = annotationsLeftText(plan.left);
    }
    let summaryWritten = false;
    // Run by hand there may be no summary file: then no fix is worked out for it either.
    if (inputs.summary && process.env['GITHUB_STEP_SUMMARY']) {
      const fixes = await suggestedFixes(prDiff, inputs, ctx, render);
      summaryWritten = await writeSummary(summaryMarkdown({ how: selection.how, targets: selection.targets, run: lintRun, prDiff, failOn, annotationsLeft, fixes }));
    }
    setOutputs(lintRun, prDiff, files);

    const broken = lintRun?.errors ?? [];
    if (broken.length > 0) {
      core.setFailed(`${broken.length} chart${broken.length === 1 ? '' : 's'} could not be linted: ${broken[0]?.message ?? ''}`);
      return 1;
    }
    const failing = failingFindings(lintRun, prDiff, failOn);
    if (failing.length === 0) return 0;
    core.setFailed(failureMessage(failing, failOn, prDiff !== null, summaryWritten));
    return 1;
  } catch (err) {
    core.setFailed(errorLine(err));
    if (err instanceof Error && err.stack) core.debug(err.stack);
    return 1;
  }
}
