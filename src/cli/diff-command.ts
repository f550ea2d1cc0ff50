import type { Command } from 'commander';
import { Option } from 'commander';
import type { Analysis } from '../engine/analyze.js';
import { atOrAbove } from '../engine/summary.js';
import type { FailOn } from '../engine/summary.js';
import { usageError } from '../errors.js';
import { issueWhere } from '../engine/input-errors.js';
import { terminalLine } from '../report/sanitize.js';
import { diff } from '../diff/index.js';
import type { RbacDiff } from '../diff/index.js';
import { formatDiffJson, formatDiffMarkdown, formatDiffText } from '../diff/format.js';
import { analyzePair, suppressSide } from '../diff/pair.js';
import { materializeGitRef, renderTargets, resolveTargets } from '../render/index.js';
import { configDirOf } from '../api.js';
import type { MaterializedChart, RenderOptions, RenderResult } from '../render/index.js';
import type { Severity } from '../types.js';
import { RULES } from '../../rules/index.js';
import { ConfigResolver } from '../config/load.js';
import { localDate, ruleSeverityFor } from '../config/apply.js';
import type { SuppressionNotice } from '../engine/suppress.js';
import type { CliIO } from './io.js';
import { writeFileAtomic } from './io.js';
import { addRenderOptions, collect, failOnOption, parseFailOn, parseRuleOverrides, renderOptionsFrom } from './options.js';
import type { RawRenderOptions } from './options.js';

export const DIFF_FORMATS = ['text', 'json', 'markdown'] as const;
type DiffFormat = (typeof DIFF_FORMATS)[number];

interface DiffFlags extends RawRenderOptions {
  format: DiffFormat;
  output?: string;
  failOn: string;
  rule: string[];
  color: boolean;
  gitBase?: string;
  config?: string;
  oldVersion?: string;
  newVersion?: string;
  oldValues: string[];
  newValues: string[];
}

/** One side of a diff: what to render, and how to show it. */
export interface DiffSide {
  /** OLD or NEW, for messages. */
  label: 'OLD' | 'NEW';
  /** Target argument as renderTargets takes it. */
  target: string;
  /** Extra values files for this side, after the shared ones (later files win, as in helm). */
  values: string[];
  /** Chart version for a remote ref; else the shared --version. */
  version?: string;
  /** Shown instead of the rendered path (`charts/x@main` for --git-base). */
  display?: string;
}

export interface DiffRun {
  diff: RbacDiff;
  old: Analysis;
  new: Analysis;
  /** Suppression notices of the NEW side (unused, expired, missing reason). */
  notices: SuppressionNotice[];
}

const RBAC_KINDS = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

async function renderSide(side: DiffSide, render: RenderOptions): Promise<RenderResult> {
  const options = { ...render, values: [...render.values, ...side.values], version: side.version ?? render.version };
  const renders = await renderTargets([side.target], options);
  const only = renders[0];
  if (renders.length !== 1 || !only) {
    const labels = renders.map((r) => `${r.target.chart ?? r.target.name}${r.target.render ? ` (${r.target.render})` : ''}`).join(', ');
    throw usageError(
      `${side.label} ${side.display ?? side.target} gives ${renders.length} renders (${labels}); diff compares exactly one render per side: ` +
        'name one chart (not a directory of charts) and use at most one --kube-version, no --ci-values',
    );
  }
  if (!side.display) return only;
  return { ...only, displayPath: side.display, target: { ...only.target, chart: side.display } };
}

/**
 * Renders both sides concurrently (each must be exactly one render), analyses them as one pair
 * and diffs them. The library entry point behind `helm-rbac-lint diff`.
 */
export async function diffTargets(
  sides: { old: DiffSide; new: DiffSide },
  render: RenderOptions,
  options: { ruleSeverity?: Readonly<Record<string, Severity | 'off'>>; config?: string; noConfig?: boolean; today?: string } = {},
): Promise<DiffRun> {
  if (sides.old.target === '-' && sides.new.target === '-') throw usageError('OLD and NEW cannot both be - (stdin can be read once)');
  // allSettled: never leave one render running (and its temp files) behind a failed one.
  const [oldR, newR] = await Promise.allSettled([renderSide(sides.old, render), renderSide(sides.new, render)]);
  if (oldR.status === 'rejected') throw oldR.reason;
  if (newR.status === 'rejected') throw newR.reason;
  // The NEW side's config (nearest .helm-rbac-lint.yaml, or --config) applies to both sides:
  // the same rule settings, and its exemptions and each side's annotations suppress.
  const cwd = render.cwd ?? process.cwd();
  const [newTarget] = options.noConfig ? [] : await resolveTargets([sides.new.target], { cwd, version: sides.new.version ?? render.version });
  const config = newTarget ? await new ConfigResolver({ explicit: options.config }).forChart(configDirOf(newTarget, cwd)) : null;
  const ruleSeverity = ruleSeverityFor(config, options.ruleSeverity);
  const pair = analyzePair(oldR.value, newR.value, { ruleSeverity });
  const today = options.today ?? localDate();
  suppressSide(pair.old, config, ruleSeverity, today);
  const notices = suppressSide(pair.new, config, ruleSeverity, today);
  return { diff: diff(pair.old, pair.new), old: pair.old, new: pair.new, notices };
}


export function formatDiff(d: RbacDiff, format: DiffFormat, color: boolean): string {
  switch (format) {
    case 'json':
      return formatDiffJson(d);
    case 'markdown':
      return formatDiffMarkdown(d);
    case 'text':
      return formatDiffText(d, { color });
  }
}

/** 1 when an unsuppressed introduced finding (or a rise in severity) is at or above the threshold. */
export function diffExitCode(d: RbacDiff, failOn: FailOn): 0 | 1 {
  return d.findings.introduced.some((f) => !f.suppressed && atOrAbove(f.severity, failOn)) ? 1 : 0;
}

function sidesFrom(targets: string[], flags: DiffFlags): { old: DiffSide; new: DiffSide; chartPath?: string } {
  const old = { label: 'OLD' as const, values: flags.oldValues, version: flags.oldVersion };
  const next = { label: 'NEW' as const, values: flags.newValues, version: flags.newVersion };
  if (flags.gitBase !== undefined) {
    const [chartPath, ...rest] = targets;
    if (!chartPath || rest.length > 0) throw usageError(`--git-base takes exactly one CHART_PATH (got ${targets.length} arguments)`);
    return { old: { ...old, target: chartPath, display: `${chartPath}@${flags.gitBase}` }, new: { ...next, target: chartPath }, chartPath };
  }
  const [a, b, ...rest] = targets;
  if (!a || !b || rest.length > 0) throw usageError(`diff takes OLD and NEW (got ${targets.length} argument${targets.length === 1 ? '' : 's'}); or --git-base <ref> CHART_PATH`);
  return { old: { ...old, target: a }, new: { ...next, target: b } };
}

function checkSingleRender(flags: DiffFlags): void {
  if (flags.kubeVersion.length > 1) {
    throw usageError('diff compares one render per side: give at most one --kube-version (run diff once per version)');
  }
  if (flags.ciValues) throw usageError('diff compares one render per side: --ci-values is not supported (use --old-values/--new-values or -f)');
}

function warn(io: CliIO, a: Analysis): void {
  for (const w of a.issues) {
    if (w.object && RBAC_KINDS.has(w.object.kind)) continue; // malformed RBAC is a finding
    io.stderr(`helm-rbac-lint: warning: ${terminalLine(`${issueWhere(w, a.target)}: ${w.message}`)}\n`);
  }
}

export function registerDiff(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('diff')
    .description('Semantic RBAC diff of two renders: effective permissions per subject, changed objects, introduced/resolved findings, a verdict.')
    .argument('[targets...]', 'OLD NEW (chart dirs, .tgz, manifests, repo/chart refs); with --git-base: one CHART_PATH')
    .option('--git-base <ref>', 'compare CHART_PATH as it is at this git ref (e.g. origin/main) with the working tree')
    .option('--old-version <version>', 'chart version of OLD when it is a repo/chart or oci:// ref (needs network)')
    .option('--new-version <version>', 'chart version of NEW when it is a repo/chart or oci:// ref (needs network)')
    .option('--old-values <file>', 'values file for OLD only, after the shared -f files (repeatable)', collect, [])
    .option('--new-values <file>', 'values file for NEW only, after the shared -f files (repeatable)', collect, [])
    .addOption(new Option('-o, --format <format>', 'output format').choices(DIFF_FORMATS as unknown as string[]).default('text'))
    .option('--output <file>', 'write the diff to a file (atomically) instead of stdout')
    .addOption(failOnOption())
    .option('--rule <id=severity|off>', "change a rule's severity or turn it off, on both sides (repeatable)", collect, [])
    .option('--config <file>', "use this config instead of the NEW chart's nearest .helm-rbac-lint.yaml")
    .option('--no-color', 'no colours in text output (also: NO_COLOR env, or not a TTY)');
  addRenderOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Both sides are rendered with the same render options (-f, --set, -n, --kube-version, …) and
must each give exactly one render: one chart, at most one --kube-version. Values that differ
go in --old-values/--new-values. Remote refs (repo/chart, oci://…) need --old-version and
--new-version (or --version for both) and network access; nothing else uses the network.
With --git-base, values files are read from the working tree for both sides.
--fail-on applies to introduced findings (and findings whose severity rose).

Verdict: more-risk / less-risk when the severities introduced outweigh those resolved or the
other way round (most severe first), same-risk when RBAC changed but the balance is even,
no-rbac-change otherwise.

Examples:
  helm-rbac-lint diff ./prometheus-28.6.1 ./prometheus-28.7.0 -n monitoring
  helm-rbac-lint diff prometheus-community/prometheus prometheus-community/prometheus \\
      --old-version 28.6.1 --new-version 28.7.0 --format json        (needs network)
  helm-rbac-lint diff --git-base origin/main charts/my-chart --format markdown --output rbac.md
  helm-rbac-lint diff ./chart ./chart --old-values prod-old.yaml --new-values prod.yaml --fail-on critical`,
  );
  cmd.action(async (targets: string[], flags: DiffFlags) => {
    const failOn = parseFailOn(flags.failOn);
    const ruleSeverity = parseRuleOverrides(flags.rule, new Set(RULES.map((r) => r.meta.id)));
    if (flags.output === '') throw usageError('--output needs a file name');
    checkSingleRender(flags);
    const sides = sidesFrom(targets, flags);
    const render: RenderOptions = { ...renderOptionsFrom(flags, io), cwd: io.cwd };
    let materialized: MaterializedChart | null = null;
    try {
      if (flags.gitBase !== undefined && sides.chartPath !== undefined) {
        materialized = await materializeGitRef(io.cwd, flags.gitBase, sides.chartPath);
        sides.old.target = materialized.dir;
      }
      const run = await diffTargets(sides, render, { ruleSeverity, config: flags.config });
      warn(io, run.old);
      warn(io, run.new);
      for (const n of run.notices) io.stderr(`helm-rbac-lint: ${n.kind}: ${terminalLine(`${n.file}${n.line ? `:${n.line}` : ''}: ${n.message}`)}\n`);
      const color = flags.color && !flags.output && io.stdoutIsTTY && !io.env['NO_COLOR'];
      const text = formatDiff(run.diff, flags.format, color);
      if (flags.output) writeFileAtomic(flags.output, text, io.cwd);
      else io.stdout(text);
      setExit(diffExitCode(run.diff, failOn));
    } finally {
      await materialized?.cleanup();
    }
  });
}
