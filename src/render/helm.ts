// The only place that starts helm. Always an argument array through execa, never a shell,
// so chart paths with spaces, quotes or `$(…)` are just paths.
import { totalmem } from 'node:os';
import { execa } from 'execa';
import { LintError, oneLine } from '../errors.js';
import { binaryIdentity, rememberProbe, rememberedProbe } from './helm-probe-cache.js';
import type { HelmInfo } from './helm-probe-cache.js';

export type { HelmInfo };
import { defaultConcurrency } from './pool.js';
import { adoptPrestarted } from './prestarted.js';
import type { PrestartedRender } from './prestarted.js';

export const DEFAULT_TIMEOUT_MS = 120_000;
const MAX_MESSAGE_LENGTH = 1000;

export interface HelmContext {
  bin: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  cwd: string;
}

export interface HelmRun {
  ok: boolean;
  stdout: string;
  stderr: string;
  timedOut: boolean;
  exitCode: number | undefined;
}

export interface HelmSelection {
  helm?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  cwd?: string;
}

/** Explicit binary, else HELM_BIN (what helm sets for plugins), else `helm` on PATH. */
export function helmContext(opts: HelmSelection): HelmContext {
  const env = opts.env ?? process.env;
  return {
    bin: opts.helm || env.HELM_BIN || 'helm',
    env,
    timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    cwd: opts.cwd ?? process.cwd(),
  };
}

function helmMissing(bin: string, cause: unknown): LintError {
  return new LintError(
    'helm-missing',
    `helm not found or not executable (${bin}): install helm 3 or 4, or pass --helm <path> or set HELM_BIN`,
    bin,
    { cause },
  );
}

/** A render bin/prestart.js started for exactly this command, with this run's time limit. */
async function finishPrestarted(ctx: HelmContext, run: PrestartedRender): Promise<HelmRun> {
  let timedOut = false;
  const left = ctx.timeoutMs - (Date.now() - run.startedAt);
  const timer = setTimeout(() => {
    timedOut = true;
    run.child.kill();
    // As execa does: a helm that ignores SIGTERM is killed outright after a grace period.
    setTimeout(() => run.child.kill('SIGKILL'), 5000).unref();
  }, Math.max(0, left));
  const result = await run.result.finally(() => clearTimeout(timer));
  if (result.error) {
    if (result.error.code === 'ENOENT' || result.error.code === 'EACCES') throw helmMissing(ctx.bin, result.error);
    return { ok: false, stdout: '', stderr: result.error.message, timedOut: false, exitCode: undefined };
  }
  return {
    ok: !timedOut && result.code === 0,
    stdout: result.stdout,
    stderr: result.stderr,
    timedOut,
    exitCode: result.code ?? undefined,
  };
}

const GIB = 1024 ** 3;

/** Memory this process may use: its cgroup's limit when it has one, else the machine's. */
export function usableMemory(): number {
  const constrained = process.constrainedMemory?.();
  const total = totalmem();
  return constrained !== undefined && constrained > 0 ? Math.min(constrained, total) : total;
}

/**
 * The environment helm runs with: the caller's, plus Go runtime settings for a short-lived
 * process when the caller set none and memory allows. A render allocates a few hundred MB over
 * its life and exits; Go's collector, by default running at every doubling of the heap, costs
 * about 10% of `helm template` and competes for the CPU with the other renders. `GOGC=off` with
 * a soft limit (`GOMEMLIMIT=512MiB`) collects only when a render's heap nears 512 MiB, so a large
 * chart still cannot grow without bound; but a render may then hold up to 512 MiB where Go's
 * defaults would hold less, so this is done only with at least 1 GiB per parallel render
 * (`renders`, default defaultConcurrency()). The output does not change. bin/prestart.js helmEnv
 * is the same.
 */
export function helmEnv(env: NodeJS.ProcessEnv, memory: number = usableMemory(), renders: number = defaultConcurrency()): NodeJS.ProcessEnv {
  if (env.GOGC !== undefined || env.GOMEMLIMIT !== undefined || memory / renders < GIB) return env;
  return { ...env, GOGC: 'off', GOMEMLIMIT: '512MiB' };
}

/** Run helm; a missing or non-executable binary is a `helm-missing` error, everything else is returned. */
export async function runHelm(ctx: HelmContext, args: string[]): Promise<HelmRun> {
  const env = helmEnv(ctx.env);
  const started = adoptPrestarted(ctx.bin, args, ctx.cwd, env);
  if (started) return finishPrestarted(ctx, started);
  const result = await execa(ctx.bin, args, {
    reject: false,
    timeout: ctx.timeoutMs,
    env,
    extendEnv: false,
    cwd: ctx.cwd,
    stdin: 'ignore',
    stripFinalNewline: false,
    maxBuffer: 1024 * 1024 * 1024,
  });
  if (result.code === 'ENOENT' || result.code === 'EACCES') throw helmMissing(ctx.bin, result.cause);
  return {
    ok: !result.failed,
    stdout: String(result.stdout ?? ''),
    stderr: String(result.stderr ?? ''),
    timedOut: result.timedOut,
    exitCode: result.exitCode,
  };
}

/** `120 s`, `250 ms`: how the timeout is named in messages. */
export function describeTimeout(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(1))} s` : `${ms} ms`;
}

/** A template position as helm prints it: `chart/templates/x.yaml:6:17` (or `:2` for parse errors). */
const LOC = String.raw`[^\s:()<>"]+:\d+(?::\d+)?`;
/** helm 3 with HELM_DEBUG=true repeats the error as `helm.go:86: 2025-01-01 …` and adds a Go stack trace. */
const DEBUG_TRAIL = /^\S+\.go:\d+: \d{4}-\d\d-\d\d /;

/**
 * helm's error as one line, the same for helm 3 and helm 4. helm 3 prints a template error on one
 * line (`Error: template: c/templates/cm.yaml:6:17: executing "…" at <.Values.image.tag>: nil
 * pointer evaluating interface {}.tag`); helm 4 spreads the same chain over indented lines, one
 * location, `executing … at <…>:` and cause each (v4 pkg/engine/engine.go reformatExecErrorMsg).
 * Joined, both read `c/templates/cm.yaml:6:17: executing "…" at <.Values.image.tag>: nil pointer
 * evaluating interface {}.tag`: the chart, the template position and the cause. Dropped: helm 4's
 * `level=…` log lines, "Use --debug flag…" (not ours to pass) and helm 3's debug trail.
 */
export function helmErrorLine(run: Pick<HelmRun, 'stderr' | 'exitCode'>): string {
  const lines = run.stderr
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .filter((l) => !/^level=[A-Z]+ /.test(l) && !/^\s*Use --debug flag/.test(l));
  const start = lines.findIndex((l) => /^Error:/.test(l));
  const end = lines.findIndex((l, i) => i > start && DEBUG_TRAIL.test(l));
  // Without an `Error:` line the output is not one message: keep its lines apart (` | `).
  const joined =
    start < 0
      ? oneLine(lines.join('\n'))
      : oneLine(
          lines
            .slice(start, end > start ? end : lines.length)
            .filter((l) => !/^WARNING: /.test(l))
            .map((l) => l.trim().replace(/^(Error:\s*)+/, ''))
            .filter(Boolean)
            .join(' '),
        );
  const line = joined
    .replace(new RegExp(String.raw`(^|: )template: (?=${LOC}: )`, 'g'), '$1') // helm 3: "template: <loc>: executing …"
    .replace(new RegExp(String.raw`(^|: )(${LOC}) (?=executing ")`, 'g'), '$1$2: ') // helm 4: "<loc>\n  executing …"
    .replace(/cannot unmarshal yaml document: /g, '') // helm 4 adds it to values-file errors
    .replace(/^An error occurred/, 'an error occurred'); // helm 3's dependency check; helm 4 writes it lower case
  if (line === '') return `helm exited with code ${run.exitCode ?? 'unknown'} and printed no error`;
  return line.length > MAX_MESSAGE_LENGTH ? `${line.slice(0, MAX_MESSAGE_LENGTH)}…` : line;
}

/**
 * Helm's default `.Capabilities.KubeVersion`: helm 4 reports it as KubeClientVersion
 * (`v1.35` → `1.35.0`); helm 3.N builds against client-go 0.(N+15) (3.17 → 1.32.0,
 * checked against the real binaries in test/render/helm.test.ts).
 */
export function defaultKubeVersionFor(version: string, kubeClientVersion: string | null): string {
  const m = /^v?(\d+)\.(\d+)/.exec(version);
  if (!m) return '';
  const client = kubeClientVersion ? /^v?(\d+)\.(\d+)/.exec(kubeClientVersion.trim()) : null;
  if (client) return `${client[1]}.${client[2]}.0`;
  if (Number(m[1]) === 3) return `1.${Number(m[2]) + 15}.0`;
  return '';
}

async function versionField(ctx: HelmContext, field: string): Promise<HelmRun> {
  return runHelm(ctx, ['version', '--template', `{{.${field}}}`]);
}

/** helm's version: remembered for this binary (helm-probe-cache.ts), else asked and remembered. */
async function probeHelm(ctx: HelmContext): Promise<HelmInfo> {
  const identity = binaryIdentity(ctx.bin, ctx.cwd, ctx.env);
  const remembered = identity ? rememberedProbe(identity, ctx.bin, ctx.env) : null;
  if (remembered) return remembered;
  const info = await askHelm(ctx);
  if (identity) rememberProbe(identity, info, ctx.env);
  return info;
}

async function askHelm(ctx: HelmContext): Promise<HelmInfo> {
  // Both questions at once: the probe runs beside the first render and must end before it does.
  // Helm 3 has no KubeClientVersion and fails that one; its answer is then not used.
  const clientRun = versionField(ctx, 'KubeClientVersion');
  clientRun.catch(() => undefined);
  const run = await versionField(ctx, 'Version');
  const version = run.stdout.trim();
  const m = /^v(\d+)\.\d+/.exec(version);
  if (!run.ok || !m) {
    const why = run.timedOut ? `timed out after ${describeTimeout(ctx.timeoutMs)}` : helmErrorLine(run);
    throw new LintError('helm-missing', `${ctx.bin} does not work as helm (\`helm version\`: ${why})`, ctx.bin);
  }
  const major = Number(m[1]);
  const client = major >= 4 ? await clientRun : null;
  const kubeClient = client?.ok ? client.stdout.trim() : null;
  return { bin: ctx.bin, version, major, defaultKubeVersion: defaultKubeVersionFor(version, kubeClient) };
}

const probes = new Map<string, Promise<HelmInfo>>();

/** helm's version, asked once per binary per process. */
export function resolveHelm(opts: HelmSelection = {}): Promise<HelmInfo> {
  const ctx = helmContext(opts);
  const key = `${ctx.bin}\0${ctx.env.PATH ?? ''}`;
  let probe = probes.get(key);
  if (!probe) {
    probe = probeHelm(ctx);
    probes.set(key, probe);
    probe.catch(() => probes.delete(key)); // a failure is not remembered: the user may install helm
  }
  return probe;
}
