// The write side of bin/result-cache.js: when the entry decided that this `lint --cache` run may
// be replayed later, the run's exact output (stdout, stderr, exit code) is stored under the key
// it made. Only successful lints (exit 0 or 1) are stored; entries carry a checksum and are
// written whole (temp file, then rename), so a reader never sees half an entry.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CliIO } from './io.js';

/** bin/result-cache.js RESULT_KEY and its format line. */
const KEY = Symbol.for('helm-rbac-lint.result-cache');
const FORMAT = 'helm-rbac-lint result cache v1';

/** Where bin/result-cache.js asked this run's result to be stored, or null. */
export function pendingResultFile(): string | null {
  const entry = (globalThis as Record<symbol, unknown>)[KEY] as { file?: unknown } | undefined;
  return typeof entry?.file === 'string' ? entry.file : null;
}

/** The same IO, also keeping everything written to stdout and stderr. */
export function recordingIO(io: CliIO): { io: CliIO; written(): { stdout: string; stderr: string } } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      ...io,
      stdout: (text) => {
        out.push(text);
        io.stdout(text);
      },
      stderr: (text) => {
        err.push(text);
        io.stderr(text);
      },
    },
    written: () => ({ stdout: out.join(''), stderr: err.join('') }),
  };
}

/** Stores a finished run; never throws (an unwritable cache only means no replay). */
export function storeResult(file: string, result: { stdout: string; stderr: string; code: number }): void {
  if (result.code !== 0 && result.code !== 1) return;
  const body = JSON.stringify(result);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, `${FORMAT} ${createHash('sha256').update(body).digest('hex')}\n${body}`);
    renameSync(tmp, file);
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more to clean up
    }
  }
}
