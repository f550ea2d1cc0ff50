import { Command, CommanderError } from 'commander';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { LintError, oneLine, usageError } from '../errors.js';
import { VERSION } from '../version.js';
import type { CliIO } from './io.js';
import { registerLint } from './lint-command.js';
import { registerCanI, registerWhoCan } from './access-commands.js';
import { registerRulesCommands } from './rules-commands.js';
import { registerDiff } from './diff-command.js';
import { registerFix } from './fix-command.js';
import { pluginDefaults } from './helm-plugin.js';

const EXAMPLES = `
Examples:
  helm-rbac-lint ./charts/prometheus -n monitoring          lint a chart (text report, exit 1 on high+)
  helm-rbac-lint lint ./charts --format json --output r.json every chart under ./charts, JSON to a file
  helm template x ./chart | helm-rbac-lint lint -           a rendered manifest from stdin
  helm-rbac-lint lint ./chart --kube-version 1.32.0 --kube-version 1.33.0
                                                            render once per Kubernetes version
  helm-rbac-lint diff ./prometheus-28.6.1 ./prometheus-28.7.0 -n monitoring
                                                            what an upgrade adds/removes, for whom
  helm-rbac-lint diff --git-base origin/main charts/prometheus
                                                            a PR's RBAC change against its base
  helm-rbac-lint can-i --list --as system:serviceaccount:monitoring:prometheus-server ./prometheus -n monitoring

Exit codes: 0 no finding at or above --fail-on, 1 findings at or above it, 2 usage/config/helm/render error.
Docs: https://github.com/helm-rbac-lint/helm-rbac-lint#readme`;

/**
 * commander's usage errors (`error: unknown option '--x'`, and a suggestion on a second line) as
 * every other error: one `helm-rbac-lint:` line (subcommands inherit this output setting).
 */
export function usageLine(message: string): string {
  const text = oneLine(message.replace(/^error:\s*/i, '')).replace(/ \| /g, ' ');
  return `helm-rbac-lint: ${text} (run with --help for usage)\n`;
}

const COMMANDS = ['lint', 'can-i', 'who-can', 'diff', 'rules', 'explain', 'help'];

/** Levenshtein distance, for "did you mean" on a mistyped command. */
function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/**
 * `lint` is the default command, so a mistyped command (`helm-rbac-lint rule`) would be read as
 * a chart path and fail as "no such file or directory". A first argument that is no path and is
 * close to a command name is a usage error that names the command.
 */
function mistypedCommand(args: readonly string[], cwd: string): LintError | null {
  const first = args[0];
  if (first === undefined || first.startsWith('-') || COMMANDS.includes(first) || first.includes('/') || existsSync(resolve(cwd, first))) return null;
  const close = COMMANDS.filter((c) => c !== 'help' && (distance(first, c) <= Math.min(2, Math.floor(c.length / 2)) || (first.length >= 3 && c.startsWith(first))));
  if (close.length === 0) return null;
  return usageError(`${first}: neither a command nor a path (did you mean \`helm-rbac-lint ${close.join('` or `helm-rbac-lint ')}\`?)`);
}

/** Builds the program. Commands return exit codes through `setExit` instead of exiting. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('helm-rbac-lint')
    .description('Shows which Kubernetes permissions a Helm chart really grants — nodes/proxy first — and what to grant instead.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors')
    // Program options only before the command: `lint repo/chart --version 1.2.3` is the chart
    // version, not the tool's (which would print "0.1.0" and exit 0 without linting anything).
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(usageLine(s)) })
    .addHelpText('after', EXAMPLES);
  registerLint(program, io, setExit);
  registerCanI(program, io, setExit);
  registerWhoCan(program, io, setExit);
  registerDiff(program, io, setExit);
  registerFix(program, io, setExit);
  registerRulesCommands(program, io, setExit);
  return program;
}

/** Runs the CLI; returns the exit code (0/1/2) and never throws. */
export async function main(argv: string[], given: CliIO): Promise<number> {
  let code = 0;
  // Under `helm rbac-lint`, helm's own flags arrive as HELM_* variables (src/cli/helm-plugin.ts).
  const plugin = pluginDefaults(given.env, given.cwd);
  const io: CliIO = { ...given, env: plugin.env };
  const program = buildProgram(io, (c) => {
    code = c;
  });
  // `--debug` works anywhere on the command line (before a `--`): it is taken out before
  // commander sees the arguments, since program options are positional.
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  const debug = argv.slice(0, end).includes('--debug') || plugin.debug;
  const args = debug ? [...argv.slice(0, end).filter((a) => a !== '--debug'), ...argv.slice(end)] : argv;
  try {
    const mistyped = mistypedCommand(args, io.cwd);
    if (mistyped) throw mistyped;
    await program.parseAsync(args, { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version are "errors" in exitOverride mode with exit code 0.
      return err.exitCode === 0 ? 0 : 2;
    }
    if (err instanceof LintError) {
      io.stderr(`helm-rbac-lint: ${oneLine(err.message)}\n`);
      if (debug && err.stack) io.stderr(`${err.stack}\n`);
      return err.exitCode;
    }
    const e = err as Error;
    io.stderr(`helm-rbac-lint: internal error: ${oneLine(e?.message ?? String(err))}${debug ? '' : ' (run with --debug for details)'}\n`);
    if (debug && e?.stack) io.stderr(`${e.stack}\n`);
    return 2;
  }
}
