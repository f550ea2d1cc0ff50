import { Command, CommanderError } from 'commander';
import { LintError, oneLine } from '../errors.js';
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

/** Builds the program. Commands return exit codes through `setExit` instead of exiting. */
export function buildProgram(io: CliIO, setExit: (code: number) => void): Command {
  const program = new Command('helm-rbac-lint')
    .description('Shows which Kubernetes permissions a Helm chart really grants — nodes/proxy first — and what to grant instead.')
    .version(VERSION, '-V, --version')
    .option('--debug', 'print stack traces for errors')
    // Program options only before the command: `lint repo/chart --version 1.2.3` is the chart
    // version, not the tool's (which would print "0.1.0" and exit 0 without linting anything).
    .enablePositionalOptions()
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(s) })
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
