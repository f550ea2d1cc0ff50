// Renders the CLI's entry (bin/prestart.js) started before this bundle loaded. runHelm adopts one
// only when the helm command it is about to run is exactly the started one: same binary, same
// arguments, same working directory and same environment. Anything else is killed unread, so a
// started render can only ever stand in for the identical run.
import type { ChildProcess } from 'node:child_process';

/** bin/prestart.js PRESTART_KEY. */
const KEY = Symbol.for('helm-rbac-lint.prestarted-renders');

export interface PrestartedResult {
  error: (Error & { code?: string }) | null;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface PrestartedRender {
  bin: string;
  args: string[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  child: ChildProcess;
  result: Promise<PrestartedResult>;
  startedAt: number;
}

function pending(): PrestartedRender[] {
  const list = (globalThis as Record<symbol, unknown>)[KEY];
  return Array.isArray(list) ? (list as PrestartedRender[]) : [];
}

function sameEnv(a: NodeJS.ProcessEnv, b: NodeJS.ProcessEnv): boolean {
  if (a === b) return true;
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => a[k] === b[k]);
}

const sameArgs = (a: readonly string[], b: readonly string[]): boolean => a.length === b.length && a.every((x, i) => x === b[i]);

function remove(render: PrestartedRender): void {
  const list = pending();
  const i = list.indexOf(render);
  if (i >= 0) list.splice(i, 1);
}

function kill(render: PrestartedRender): void {
  remove(render);
  if (render.child.exitCode === null && render.child.signalCode === null) render.child.kill();
}

/**
 * The started render of exactly this helm command, taken out of the list (it is used once).
 * A started render of the same chart with other arguments is killed: the bundle decided
 * differently (a config file, another release name) and it would only compete for CPU.
 */
export function adoptPrestarted(bin: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): PrestartedRender | null {
  const list = pending();
  const match = list.find((r) => r.bin === bin && r.cwd === cwd && sameArgs(r.args, args) && sameEnv(r.env, env)) ?? null;
  if (match) remove(match);
  else if (args[0] === 'template') for (const r of list.filter((p) => p.args.at(-1) === args.at(-1))) kill(r);
  return match;
}

/** Kills every started render nobody adopted (the command failed or never rendered). */
export function discardPrestarted(): void {
  for (const r of [...pending()]) kill(r);
}
