import type { Command } from 'commander';
import { Option } from 'commander';
import { diffExitCode, diffTargets, registeredRules, writeFileAtomic } from '../api/index.js';
import type { DiffSide } from '../api/index.js';
import { usageError } from '../errors.js';
import { DIFF_FORMATTERS, formatContext, formatNames } from '../report/index.js';
import type { DiffFormat } from '../report/index.js';
import { diagnosticLines } from '../report/diagnostics.js';
import type { CliIO } from './io.js';
import { addRenderOptions, collect, failOnOption, parseFailOn, parseRuleOverrides, renderOptionsFrom } from './options.js';
import type { RawRenderOptions } from './options.js';

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

function sidesFrom(targets: string[], flags: DiffFlags): { old: DiffSide; new: DiffSide } {
  const old = { label: 'OLD' as const, values: flags.oldValues, version: flags.oldVersion };
  const next = { label: 'NEW' as const, values: flags.newValues, version: flags.newVersion };
  if (flags.gitBase !== undefined) {
    // The chart in the working directory when none is named, as lint's default target `.`.
    const [chartPath = '.', ...rest] = targets;
    if (rest.length > 0) throw usageError(`--git-base takes one CHART_PATH (default .), got ${targets.length} arguments`);
    return { old: { ...old, target: chartPath, gitRef: flags.gitBase }, new: { ...next, target: chartPath } };
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

export function registerDiff(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('diff')
    .description('Semantic RBAC diff of two renders: effective permissions per subject, changed objects, introduced/resolved findings, a verdict.')
    .argument('[targets...]', 'OLD NEW (chart dirs, .tgz, manifests, repo/chart refs); with --git-base: one CHART_PATH (default .)')
    .option('--git-base <ref>', 'compare CHART_PATH as it is at this git ref (e.g. origin/main) with the working tree')
    .option('--old-version <version>', 'chart version of OLD when it is a repo/chart or oci:// ref (needs network)')
    .option('--new-version <version>', 'chart version of NEW when it is a repo/chart or oci:// ref (needs network)')
    .option('--old-values <file>', 'values file for OLD only, after the shared -f files (repeatable)', collect, [])
    .option('--new-values <file>', 'values file for NEW only, after the shared -f files (repeatable)', collect, [])
    .addOption(new Option('-o, --format <format>', 'output format').choices(formatNames(DIFF_FORMATTERS)).default('text'))
    .option('--output <file>', 'write the diff to a file (atomically) instead of stdout')
    .addOption(failOnOption())
    .option('--rule <id=severity|off>', "change a rule's severity or turn it off, on both sides (repeatable)", collect, [])
    .option('--config <file>', "use this config instead of the NEW chart's nearest .helm-rbac-lint.yaml")
    .option('--no-color', 'no colours in text output (also: NO_COLOR env, or not a TTY)');
  addRenderOptions(cmd, io.env);
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
    const ruleSeverity = parseRuleOverrides(flags.rule, new Set(registeredRules().ids));
    if (flags.output === '') throw usageError('--output needs a file name');
    checkSingleRender(flags);
    const sides = sidesFrom(targets, flags);
    const run = await diffTargets(sides, { ...renderOptionsFrom(flags, io), cwd: io.cwd }, { ruleSeverity, config: flags.config });
    for (const line of diagnosticLines({ targets: [run.old.target, run.new.target], warnings: run.warnings, notices: run.notices })) io.stderr(`${line}\n`);
    const color = flags.color && !flags.output && io.stdoutIsTTY && !io.env['NO_COLOR'];
    const text = DIFF_FORMATTERS[flags.format](run.diff, formatContext({ color, failOn }));
    if (flags.output) writeFileAtomic(flags.output, text, io.cwd);
    else io.stdout(text);
    setExit(diffExitCode(run.diff, failOn));
  });
}
