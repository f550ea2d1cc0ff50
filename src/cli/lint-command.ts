import type { Command } from 'commander';
import { Option } from 'commander';
import { lint } from '../api.js';
import { exitCodeFor } from '../engine/summary.js';
import { formatJson } from '../report/json.js';
import { formatText } from '../report/text.js';
import type { LintReport } from '../report/types.js';
import { RULES } from '../../rules/index.js';
import { usageError } from '../errors.js';
import type { CliIO } from './io.js';
import { writeFileAtomic } from './io.js';
import { addRenderOptions, collect, failOnOption, parseFailOn, parseRuleOverrides, renderOptionsFrom } from './options.js';
import type { RawRenderOptions } from './options.js';
import { progressReporter } from './progress.js';

export const LINT_FORMATS = ['text', 'json'] as const;
type LintFormat = (typeof LINT_FORMATS)[number];

interface LintFlags extends RawRenderOptions {
  format: LintFormat;
  output?: string;
  failOn: string;
  rule: string[];
  quiet?: boolean;
  color: boolean;
}

export function formatReport(report: LintReport, format: LintFormat, opts: { color: boolean; quiet: boolean; failOn: ReturnType<typeof parseFailOn> }): string {
  switch (format) {
    case 'json':
      return formatJson(report);
    case 'text':
      return formatText(report, { color: opts.color, quiet: opts.quiet, failOn: opts.failOn });
  }
}

export function registerLint(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('lint', { isDefault: true })
    .description('Render charts (or read manifests) and report risky RBAC, nodes/proxy first.')
    .argument('[targets...]', 'chart dirs, dirs of charts, .tgz, manifest files, - for stdin, or files inside a chart', ['.'])
    .addOption(new Option('-o, --format <format>', 'output format').choices(LINT_FORMATS as unknown as string[]).default('text'))
    .option('--output <file>', 'write the report to a file (atomically) instead of stdout')
    .addOption(failOnOption())
    .option('--rule <id=severity|off>', 'change a rule\'s severity or turn it off (repeatable)', collect, [])
    .option('--quiet', 'text output: only findings at or above --fail-on')
    .option('--no-color', 'no colours in text output (also: NO_COLOR env, or not a TTY)');
  addRenderOptions(cmd);
  cmd.addHelpText(
    'after',
    `
Targets: a chart directory, a directory containing charts, a packaged chart .tgz,
a rendered manifest (.yaml/.yml/.json) or - for stdin, or any file inside a chart
(it resolves to the chart root). Charts render with the real helm binary.

Examples:
  helm-rbac-lint lint ./charts/prometheus -n monitoring
  helm-rbac-lint lint ./chart -f values-prod.yaml --set rbac.create=true --format json
  helm-rbac-lint lint ./chart --kube-version 1.32.0 --kube-version 1.35.0 --fail-on critical`,
  );
  cmd.action(async (targets: string[], flags: LintFlags) => {
    const failOn = parseFailOn(flags.failOn);
    const ruleSeverity = parseRuleOverrides(flags.rule, new Set(RULES.map((r) => r.meta.id)));
    if (flags.output === '') throw usageError('--output needs a file name');
    const machine = flags.format !== 'text';
    const progress = progressReporter(io, { enabled: !machine && !flags.output });
    const run = await lint(targets, {
      render: renderOptionsFrom(flags, io),
      ruleSeverity,
      onProgress: progress.update,
    }).finally(progress.done);
    const color = flags.color && !flags.output && io.stdoutIsTTY && !io.env['NO_COLOR'];
    for (const w of run.report.warnings) {
      const t = run.report.targets[w.target];
      const where = [t?.chart ?? t?.name, w.source.file, w.renderedLine ? `rendered line ${w.renderedLine}` : null].filter(Boolean).join(' ');
      io.stderr(`helm-rbac-lint: warning: ${where}: ${w.message}\n`);
    }
    const text = formatReport(run.report, flags.format, { color, quiet: Boolean(flags.quiet), failOn });
    if (flags.output) writeFileAtomic(flags.output, text, io.cwd);
    else io.stdout(text);
    setExit(exitCodeFor(run.report.findings, failOn));
  });
}
