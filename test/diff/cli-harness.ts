// Runs `helm-rbac-lint diff …` in-process: a fresh commander program with only registerDiff
// (main.ts registers it once the lead wires it), errors mapped to exit codes as main() does.
import { Command, CommanderError } from 'commander';
import { registerDiff } from '../../src/cli/diff-command.js';
import { LintError, oneLine } from '../../src/errors.js';
import { ROOT } from '../support/cli.js';

export interface DiffCliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runDiffCli(args: string[], opts: { helm?: string; cwd?: string } = {}): Promise<DiffCliResult> {
  let stdout = '';
  let stderr = '';
  let code = 0;
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['NO_COLOR'];
  if (opts.helm) env['HELM_BIN'] = opts.helm;
  const io = {
    stdout: (t: string) => void (stdout += t),
    stderr: (t: string) => void (stderr += t),
    readStdin: async () => '',
    env,
    cwd: opts.cwd ?? ROOT,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  };
  const program = new Command('helm-rbac-lint').exitOverride().configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: (s, write) => write(s) });
  registerDiff(program, io, (c) => (code = c));
  try {
    await program.parseAsync(['diff', ...args], { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) code = err.exitCode === 0 ? 0 : 2;
    else if (err instanceof LintError) {
      io.stderr(`helm-rbac-lint: ${oneLine(err.message)}\n`);
      code = err.exitCode;
    } else throw err;
  }
  return { code, stdout, stderr };
}
