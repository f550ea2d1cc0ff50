// `lint --cache` of a chart whose inputs are all unchanged replays the previous run's output
// without loading the CLI bundle or running helm (a cached re-lint then costs about Node's own
// start-up). The bundle writes the entries (src/cli/result-cache.ts) under the key made here.
//
// The key covers everything the run reads or depends on: the tool's files and Node's version, the
// exact command line, working directory and environment, whether stdout/stderr are terminals, the
// date (exemptions expire), the repository root, the helm binary, and every file of the chart,
// each by its identity as stat reports it (path, device, inode, size, modification and change
// times in ns). Writing a file changes its change time, which no program can set back; files
// changed in the last two seconds make the run uncacheable, so timestamps too coarse to tell two
// writes apart never matter. Only the command lines bin/prestart.js handles qualify (no values
// files, no config file, no baseline or output files).
import { createHash } from 'node:crypto';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The key under which the bundle finds where to store this run's result. */
export const RESULT_KEY = Symbol.for('helm-rbac-lint.result-cache');
const FORMAT = 'helm-rbac-lint result cache v1';
const RACY_MS = 2000;
const BIN = dirname(fileURLToPath(import.meta.url));
const TOOL_FILES = [join(BIN, 'helm-rbac-lint.js'), join(BIN, 'prestart.js'), join(BIN, 'result-cache.js'), join(BIN, '..', 'dist', 'cli.js')];

/** `--cache-location`, else src/render/cache.ts defaultCacheLocation (never inside a chart being linted). */
export function cacheDir(location, cwd, chartRoots = [], env = process.env) {
  if (location) return resolve(cwd, location);
  const local = existsSync(join(cwd, 'node_modules')) ? join(cwd, 'node_modules', '.cache', 'helm-rbac-lint') : null;
  if (local && !chartRoots.some((dir) => isInside(local, dir))) return local;
  return join(userCacheDir(env) ?? join(tmpdir(), 'helm-rbac-lint'), 'renders');
}

/** src/render/helm-probe-cache.ts userCacheDir. */
function userCacheDir(env) {
  let base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : null);
  if (!base) {
    try {
      base = join(homedir(), '.cache');
    } catch {
      return null;
    }
  }
  return join(base, 'helm-rbac-lint');
}

function isInside(path, dir) {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

const identity = (s) => [s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
const newest = (s) => Number(s.mtimeNs > s.ctimeNs ? s.mtimeNs : s.ctimeNs) / 1e6;

/** Every file under `root` (following directory links, as src/render/cache.ts hashTree does) with its identity. */
function treeIdentity(root, now) {
  const out = [];
  const active = new Set();
  const visit = (dir, rel) => {
    const real = realpathSync(dir);
    if (active.has(real)) return;
    active.add(real);
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const relPath = rel ? `${rel}/${name}` : name;
      const s = statSync(full, { bigint: true });
      if (s.isDirectory()) visit(full, relPath);
      else {
        if (newest(s) > now - RACY_MS) throw new Error('racy');
        out.push(`${relPath}\0${identity(s)}`);
      }
    }
    active.delete(real);
  };
  visit(root, '');
  return out;
}

/** The helm binary's identity; null for scripts (shims answer differently without changing) or when not found. */
function helmIdentity(bin, cwd, env) {
  const candidates = bin.includes('/') ? [resolve(cwd, bin)] : (env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => resolve(cwd, d, bin));
  for (const file of candidates) {
    try {
      const s = statSync(file, { bigint: true });
      if (!s.isFile() || (Number(s.mode) & 0o111) === 0) continue;
      if (startsWithShebang(file)) return null;
      return `${file}:${identity(s)}`;
    } catch {
      // not here
    }
  }
  return null;
}

function startsWithShebang(file) {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } finally {
    closeSync(fd);
  }
}

function repoRoot(cwd) {
  for (let dir = resolve(cwd); ; dir = dirname(dir)) {
    try {
      statSync(join(dir, '.git'));
      return dir;
    } catch {
      if (dirname(dir) === dir) return null;
    }
  }
}

function today() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/**
 * Where this run's result is kept: { file } under the cache directory, or null when the run does
 * not qualify. `chartRoots` are the absolute chart directories bin/prestart.js resolved.
 */
export function resultEntry({ argv, env, cwd, chartRoots, stdoutIsTTY, stderrIsTTY, location }) {
  if (!chartRoots || chartRoots.length === 0) return null;
  try {
    const now = Date.now();
    const helm = helmIdentity(env.HELM_BIN || 'helm', cwd, env);
    if (helm === null) return null;
    const key = {
      format: FORMAT,
      node: process.version,
      tool: TOOL_FILES.map((f) => identity(statSync(f, { bigint: true }))),
      argv,
      cwd,
      env: Object.entries(env).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
      tty: [stdoutIsTTY, stderrIsTTY],
      today: today(),
      repoRoot: repoRoot(cwd),
      helm,
      charts: chartRoots.map((root) => [root, treeIdentity(root, now)]),
    };
    const digest = createHash('sha256').update(JSON.stringify(key)).digest('hex');
    return { file: join(cacheDir(location, cwd, chartRoots, env), `lint-${digest}.json`) };
  } catch {
    return null; // unreadable or racy files, a missing tool file: run normally, cache nothing
  }
}

/** The stored result, or null when absent or damaged. */
export function readResult(file) {
  try {
    const raw = readFileSync(file, 'utf8');
    const newline = raw.indexOf('\n');
    const [format, digest] = [raw.slice(0, newline - 65), raw.slice(newline - 64, newline)];
    const body = raw.slice(newline + 1);
    if (format !== FORMAT || createHash('sha256').update(body).digest('hex') !== digest) return null;
    const result = JSON.parse(body);
    return typeof result.stdout === 'string' && typeof result.stderr === 'string' && (result.code === 0 || result.code === 1) ? result : null;
  } catch {
    return null;
  }
}

export { FORMAT as RESULT_FORMAT };
