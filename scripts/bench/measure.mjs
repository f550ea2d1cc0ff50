// Timing helpers for scripts/bench.mjs: one process run timed from spawn to close, paired
// alternating rounds (so drift in machine load hits every contender alike), medians.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';

/**
 * Runs one command; resolves with its wall time in ms (spawn → exit and stdio closed), exit code,
 * and stdout/stderr when captured. Output that is not captured goes to /dev/null.
 */
export function runOnce(cmd, args, { cwd, env, capture = false } = {}) {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'] });
    const out = [];
    const err = [];
    child.stdout?.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => err.push(d));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ ms, code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') });
    });
  });
}

/** A run that must exit with one of `okCodes`; throws with its stderr otherwise. */
export async function runChecked(what, cmd, args, opts, okCodes = [0]) {
  const r = await runOnce(cmd, args, opts);
  if (!okCodes.includes(r.code)) {
    throw new Error(`${what}: exit ${r.code} (expected ${okCodes.join(' or ')}): ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`);
  }
  return r;
}

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Runs every contender once to warm caches, then `rounds` rounds in which each runs once, the
 * order rotating from round to round (A B C, B C A, C A B, …). Returns each contender's times,
 * index-aligned by round so per-round differences and ratios are paired.
 */
export async function alternate(contenders, rounds) {
  for (const c of contenders) await c.run();
  const times = contenders.map(() => []);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < contenders.length; k++) {
      const i = (round + k) % contenders.length;
      times[i].push(await contenders[i].run());
    }
  }
  return times;
}

/** Per-round a/b, then the median: the paired ratio. */
export function pairedRatio(a, b) {
  return median(a.map((x, i) => x / b[i]));
}

/** Per-round a-b, then the median: the paired difference. */
export function pairedDifference(a, b) {
  return median(a.map((x, i) => x - b[i]));
}

/**
 * Peak resident memory (MB) of one Node run: a preload module writes
 * process.resourceUsage().maxRSS (KiB) to a file when the process exits.
 */
export async function peakRssMb(preload, rssFile, args, opts) {
  rmSync(rssFile, { force: true });
  const r = await runOnce(process.execPath, ['--import', preload, ...args], { ...opts, env: { ...opts.env, BENCH_RSS_FILE: rssFile } });
  if (![0, 1].includes(r.code)) throw new Error(`rss run: exit ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`);
  return Number(readFileSync(rssFile, 'utf8')) / 1024;
}

/** The preload module peakRssMb uses. */
export const RSS_PRELOAD = `import { writeFileSync } from 'node:fs';
process.on('exit', () => {
  if (process.env.BENCH_RSS_FILE) writeFileSync(process.env.BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
`;
