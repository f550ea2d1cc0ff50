import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { inputError } from '../errors.js';

/** The process edges the CLI touches; injectable so main() is testable without spawning. */
export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  readStdin: () => Promise<string>;
  env: NodeJS.ProcessEnv;
  cwd: string;
  stdoutIsTTY: boolean;
  stderrIsTTY: boolean;
}

export function processIO(): CliIO {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
    env: process.env,
    cwd: process.cwd(),
    stdoutIsTTY: Boolean(process.stdout.isTTY),
    stderrIsTTY: Boolean(process.stderr.isTTY),
  };
}

/**
 * Writes a whole file atomically: a temp file in the same directory, then rename, so a
 * reader (or a crash) never sees half a report and nothing is written anywhere else.
 */
export function writeFileAtomic(path: string, text: string, cwd: string): void {
  const full = resolve(cwd, path);
  const dir = dirname(full);
  const tmp = join(dir, `.${basename(full)}.${process.pid}.${Date.now()}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(tmp, text);
    renameSync(tmp, full);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // The temp file was never created (its directory is a file, or cannot be made).
    }
    throw inputError(path, `cannot write output: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, err);
  }
}
