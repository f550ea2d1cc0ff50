import type { Command } from 'commander';
import { Option } from 'commander';
import { baselineText, exitCodeFor, lint, lintFormatContext, registeredRules, warmUp, writeFileAtomic } from '../api/index.js';
import { oneLine, usageError } from '../errors.js';
import { LINT_FORMATTERS, formatNames } from '../report/index.js';
import type { LintFormat } from '../report/index.js';
import { diagnosticLines } from '../report/diagnostics.js';
import { FAIL_ON_VALUES } from '../severity.js';
import type { FailOn } from '../severity.js';
import type { CliIO } from './io.js';
import { addRenderOptions, collect, parseFailOn, parseRuleOverrides, renderOptionsFrom } from './options.js';
import type { RawRenderOptions } from './options.js';
import { progressReporter } from './progress.js';

interface LintFlags extends RawRenderOptions {
  format: LintFormat;
  output?: string;
  failOn?: string;
  rule: string[];
  quiet?: boolean;
  color: boolean;
  config?: string;
  baseline?: string;
  writeBaseline?: string;
  changedFiles?: boolean;
}

export function registerLint(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('lint', { isDefault: true })
    .description('Render charts (or read manifests) and report risky RBAC, nodes/proxy first.')
    .argument('[targets...]', 'chart dirs, dirs of charts, .tgz, manifest files, - for stdin, or files inside a chart', ['.'])
    .addOption(new Option('-o, --format <format>', 'output format').choices(formatNames(LINT_FORMATTERS)).default('text'))
    .option('--output <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(new Option('--fail-on <severity>', 'exit 1 when an unsuppressed finding is at or above this (default: config failOn, else high)').choices([...FAIL_ON_VALUES]))
    .option('--rule <id=severity|off>', "change a rule's severity or turn it off (repeatable; wins over the config)", collect, [])
    .option('--config <file>', 'use this config for every chart instead of the nearest .helm-rbac-lint.yaml')
    .option('--baseline <file>', 'suppress findings recorded in this baseline file (accepted findings)')
    .option('--write-baseline <file>', 'write the unsuppressed findings of this run as a baseline (accepting them: exit 0 unless a chart could not be linted)')
    .option('--changed-files', 'the targets are the files a commit changes (the pre-commit hook): a YAML file outside any chart that holds no Kubernetes object is skipped with a note instead of being an error')
    .option('--quiet', 'text/markdown output: only findings at or above --fail-on')
    .option('--no-color', 'no colours in text output (also: NO_COLOR env, or not a TTY)')
    .option('--cache', 'reuse renders whose inputs are unchanged (keyed on every chart file, values file, flag and the helm version)')
    .option('--cache-location <dir>', 'where --cache keeps renders (default: node_modules/.cache/helm-rbac-lint when there is a node_modules here and it is not inside a linted chart, else the user cache directory: $XDG_CACHE_HOME or ~/.cache, helm-rbac-lint/renders)');
  addRenderOptions(cmd, io.env);
  cmd.addHelpText(
    'after',
    `
Targets: a chart directory, a directory containing charts, a packaged chart .tgz,
a rendered manifest (.yaml/.yml/.json) or - for stdin, any file inside a chart
(it resolves to the chart root), or repo/chart | oci://… with --version (network).
Charts render with the real helm binary.

Formats: text (default), json (schemaVersion 1, described by schema/lint-report.schema.json), sarif (GitHub code
scanning), markdown (PR comment / job summary), github (workflow-command annotations).

Suppress a finding with the annotation ignore-check.helm-rbac-lint.io/<rule-id>: "<reason>"
on the object, an exemption in .helm-rbac-lint.yaml, or a --baseline file.

Examples:
  helm-rbac-lint lint ./charts/prometheus -n monitoring
  helm-rbac-lint lint ./chart -f values-prod.yaml --set rbac.create=true --format json
  helm-rbac-lint lint ./charts --format sarif --output results.sarif
  helm-rbac-lint lint ./chart --kube-version 1.32.0 --kube-version 1.35.0 --fail-on critical`,
  );
  cmd.action(async (targets: string[], flags: LintFlags) => {
    const failOnFlag: FailOn | undefined = flags.failOn === undefined ? undefined : parseFailOn(flags.failOn);
    const ruleSeverity = parseRuleOverrides(flags.rule, new Set(registeredRules().ids));
    if (flags.output === '') throw usageError('--output needs a file name');
    const machine = flags.format !== 'text';
    const progress = progressReporter(io, { enabled: !machine && !flags.output });
    const run = await lint(targets, {
      render: renderOptionsFrom(flags, io),
      ruleSeverity,
      config: flags.config,
      baseline: flags.baseline,
      failOn: failOnFlag,
      changedFiles: flags.changedFiles,
      onProgress: progress.update,
      // While helm renders: compile the code that reads its output (src/cli/warm-up.ts).
      onRendering: () => warmUp(flags.format),
    }).finally(progress.done);
    for (const line of diagnosticLines(run.report)) io.stderr(`${line}\n`);
    for (const e of run.errors) io.stderr(`helm-rbac-lint: ${oneLine(e.message)}\n`);
    for (const f of run.report.failed ?? []) if (f.status === 'skipped') io.stderr(`helm-rbac-lint: note: ${oneLine(f.message)}\n`);
    const color = flags.color && !flags.output && io.stdoutIsTTY && !io.env['NO_COLOR'];
    const text = LINT_FORMATTERS[flags.format](run.report, lintFormatContext(run, io.cwd, { color, quiet: Boolean(flags.quiet) }));
    if (flags.writeBaseline) writeFileAtomic(flags.writeBaseline, baselineText(run.report.findings, run.report.targets), io.cwd);
    if (flags.output) writeFileAtomic(flags.output, text, io.cwd);
    else io.stdout(text);
    // A chart that could not be linted makes the run an error even when the others are clean.
    // Writing a baseline accepts the findings it records: that run succeeded.
    setExit(run.errors.length > 0 ? 2 : flags.writeBaseline ? 0 : exitCodeFor(run.report.findings, run.failOn));
  });
}
