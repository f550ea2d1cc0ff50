// Temporary directories (extracted .tgz charts, `helm pull` downloads, git-ref snapshots).
// Each one is removed by its owner; the ones still alive when the process is
// interrupted or exits are removed here, so an aborted run leaves nothing behind.
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function removeAllSync(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

function onSignal(signal: NodeJS.Signals): void {
  removeAllSync();
  uninstall();
  // Keep the default behaviour (terminate with that signal) unless someone else handles it.
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
}

// Handlers are installed only while a temp dir exists, so a library user's process is
// left alone the rest of the time. They go first: execa stops its children through
// signal-exit, whose listener re-raises the signal only when it finds itself alone, so ours
// must be gone by then (otherwise neither re-raises, and the run goes on without its temp dirs).
function install(): void {
  for (const s of SIGNALS) process.prependListener(s, onSignal);
  process.on('exit', removeAllSync);
}

function uninstall(): void {
  for (const s of SIGNALS) process.off(s, onSignal);
  process.off('exit', removeAllSync);
}

function track(dir: string): string {
  if (live.size === 0) install();
  live.add(dir);
  return dir;
}

/** A fresh directory under the OS temp dir, removed on exit/SIGINT/SIGTERM if still present. */
export async function makeTempDir(prefix: string): Promise<string> {
  return track(await mkdtemp(join(tmpdir(), prefix)));
}

export async function removeTempDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
  if (live.delete(dir) && live.size === 0) uninstall();
}

/** Temp dirs currently alive (for tests). */
export function liveTempDirs(): string[] {
  return [...live];
}
