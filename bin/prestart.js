// Starts `helm template` before the CLI bundle loads (about 60 ms of compiling and evaluating
// dist/cli.js), for the common command lines only: `[lint] <chart dir | dir of charts>` and
// `diff <dir> <dir>`, with -n/--namespace, --set, --set-string and options that change no helm
// argument. Helm rendering is the floor of a lint, so every millisecond before it starts is added
// to the run. For `lint --cache` of one chart it instead replays an identical earlier run
// (bin/result-cache.js) or tells the bundle to store this one.
//
// Safe by construction: the bundle adopts a started render only when its own, fully resolved
// helm command (binary, arguments, working directory, environment) is exactly the one started
// here (src/render/prestarted.ts); otherwise the render is killed and never read. So a guess
// here that differs from src/render (release name, config files, flags) costs time, never
// correctness; test/cli/prestart.test.ts checks the guesses agree with src/render.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { availableParallelism, totalmem } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';

/** The key under which the bundle finds the started renders (src/render/prestarted.ts). */
export const PRESTART_KEY = Symbol.for('helm-rbac-lint.prestarted-renders');

const CONFIG_NAMES = ['.helm-rbac-lint.yaml', '.helm-rbac-lint.yml'];
/** Options that take a value and change no helm argument. */
const VALUE_OPTIONS = new Set(['-o', '--format', '--output', '--fail-on', '--rule', '--baseline', '--write-baseline', '--timeout']);
/** Flags that change no helm argument. */
const FLAGS = new Set(['--quiet', '--no-color', '--debug']);
const NAMESPACE = new Set(['-n', '--namespace']);

/** src/render/chart-meta.ts releaseNameFor: a DNS-1123 name of at most 53 characters. */
export function releaseNameFor(chartName) {
  const cleaned = chartName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .slice(0, 53)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned || 'release';
}

/**
 * `name:` of a Chart.yaml when it is a plain word YAML reads as that same string; null for
 * anything else (quoted forms, numbers, booleans, several `name:` lines), which is left to the bundle.
 */
export function plainChartName(chartYaml) {
  const names = [...chartYaml.matchAll(/^name:[ \t]*(.*?)[ \t]*$/gm)].map((m) => m[1]);
  const name = names.length === 1 ? names[0] : null;
  if (!name || !/^[A-Za-z][A-Za-z0-9._-]*$/.test(name)) return null;
  return /^(?:y|yes|n|no|true|false|on|off|null)$/i.test(name) ? null : name;
}

/**
 * src/cli/helm-plugin.ts pluginDefaults: under `helm rbac-lint`, helm's -n arrives as
 * HELM_NAMESPACE and helm runs without HELM_DEBUG and with an absolute HELM_BIN.
 */
export function pluginDefaults(env, cwd) {
  if (!env.HELM_PLUGIN_NAME) return { namespace: null, debug: false, env };
  const out = { ...env };
  delete out.HELM_DEBUG;
  const bin = env.HELM_BIN;
  if (bin && bin.includes('/') && !isAbsolute(bin)) out.HELM_BIN = resolve(cwd, bin);
  return { namespace: env.HELM_NAMESPACE || null, debug: /^(1|t|true)$/i.test(env.HELM_DEBUG ?? ''), env: out };
}

/**
 * What the command line asks for, when it is one of the shapes handled here: the command, its
 * chart arguments and the render settings that reach helm; null otherwise.
 */
export function parseCommandLine(argv, namespace = 'default') {
  const positionals = [];
  const settings = { namespace, set: [], setString: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    if (FLAGS.has(arg)) continue;
    if (VALUE_OPTIONS.has(name) || NAMESPACE.has(name) || name === '--set' || name === '--set-string') {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) return null;
      if (NAMESPACE.has(name)) settings.namespace = value || 'default';
      else if (name === '--set') settings.set.push(value);
      else if (name === '--set-string') settings.setString.push(value);
      continue;
    }
    if (arg.startsWith('-')) return null; // `--`, `-` (stdin) and every other option
    positionals.push(arg);
  }
  const [first, ...rest] = positionals;
  if (first === 'diff') return rest.length === 2 ? { command: 'diff', charts: rest, settings } : null;
  if (first === 'lint') return rest.length === 1 ? { command: 'lint', charts: rest, settings } : null;
  const other = ['help', 'rules', 'explain', 'can-i', 'who-can'].includes(first);
  return positionals.length === 1 && !other ? { command: 'lint', charts: positionals, settings } : null;
}

function isFile(path) {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function exists(path) {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

/** Whether a `.helm-rbac-lint.yaml` applies to the chart (src/config/load.ts findConfigFor): it may add values. */
export function hasConfig(chartDir) {
  for (let dir = chartDir; ; dir = dirname(dir)) {
    if (CONFIG_NAMES.some((n) => exists(join(dir, n)))) return true;
    if (exists(join(dir, '.git')) || dirname(dir) === dir) return false;
  }
}

/**
 * The version the bundle renders a chart at when none is given and its Chart.yaml has no
 * kubeVersion: the newest minor of the supported window (src/kube-versions.ts
 * assumedRenderVersions; test/cli/prestart.test.ts keeps the two equal).
 */
export const ASSUMED_KUBE_VERSION = '1.37.0';

/** src/render/render-chart.ts templateArgs for a chart directory with these settings. */
export function templateArgs(chartDir, settings, release) {
  return [
    'template',
    `--namespace=${settings.namespace}`,
    ...settings.set.map((v) => `--set=${v}`),
    ...settings.setString.map((v) => `--set-string=${v}`),
    `--kube-version=${ASSUMED_KUBE_VERSION}`,
    '--',
    release,
    chartDir,
  ];
}

/** The helm command for one chart directory, or null when it is not a plain chart (or a config may change it). */
export function helmCommandFor(root, settings, checkConfig) {
  if (!isFile(join(root, 'Chart.yaml')) || (checkConfig && hasConfig(root))) return null;
  let name;
  try {
    const chartYaml = readFileSync(join(root, 'Chart.yaml'), 'utf8');
    // A kubeVersion constraint may move the version the bundle picks: left to the bundle.
    if (/^kubeVersion:/m.test(chartYaml)) return null;
    name = plainChartName(chartYaml);
  } catch {
    return null;
  }
  return name === null ? null : { root, args: templateArgs(root, settings, releaseNameFor(name)) };
}

const SKIPPED_DIRS = new Set(['node_modules', '.git']);

/**
 * The chart directories an argument stands for (src/render/targets.ts resolveDirectory): the
 * directory itself, or every chart below it in the order the bundle renders them; null when it
 * is something else (a file, a directory inside a chart, a directory without charts).
 */
export function chartRootsOf(arg, cwd) {
  const abs = resolve(cwd, arg);
  if (isFile(join(abs, 'Chart.yaml'))) return [abs];
  if (!isDirectory(abs)) return null;
  for (let dir = dirname(abs); dirname(dir) !== dir; dir = dirname(dir)) if (isFile(join(dir, 'Chart.yaml'))) return null;
  const found = [];
  const seen = new Set();
  const visit = (dir) => {
    const real = realpathSync(dir);
    if (seen.has(real)) return;
    seen.add(real);
    const isChart = isFile(join(dir, 'Chart.yaml'));
    if (isChart) found.push(dir);
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED_DIRS.has(entry.name) || (isChart && entry.name === 'charts')) continue;
      const child = join(dir, entry.name);
      if (entry.isDirectory() || (entry.isSymbolicLink() && isDirectory(child))) visit(child);
    }
  };
  try {
    visit(abs);
  } catch {
    return null;
  }
  return found.length > 0 ? found.sort((a, b) => (relative(abs, a) < relative(abs, b) ? -1 : 1)) : null;
}

/** src/render/helm.ts usableMemory. */
function usableMemory() {
  const constrained = process.constrainedMemory?.();
  const total = totalmem();
  return constrained !== undefined && constrained > 0 ? Math.min(constrained, total) : total;
}

/** src/render/helm.ts helmEnv: Go runtime settings for a short-lived helm, unless the caller set some or memory is short. */
export function helmEnv(env, memory = usableMemory(), renders = availableParallelism() + 1) {
  if (env.GOGC !== undefined || env.GOMEMLIMIT !== undefined || memory / renders < 1024 ** 3) return env;
  return { ...env, GOGC: 'off', GOMEMLIMIT: '512MiB' };
}

function start(bin, args, cwd, env) {
  const child = spawn(bin, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = [];
  const stderr = [];
  child.stdout.on('data', (d) => stdout.push(d));
  child.stderr.on('data', (d) => stderr.push(d));
  const result = new Promise((done) => {
    child.on('error', (error) => done({ error, code: null, signal: null, stdout: '', stderr: '' }));
    child.on('close', (code, signal) =>
      done({ error: null, code, signal, stdout: Buffer.concat(stdout).toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
  });
  // A copy: the bundle compares it with its own environment, which must not be this same object
  // (a change to process.env in between would then go unnoticed).
  return { bin, args, cwd, env: { ...env }, child, result, startedAt: Date.now() };
}

/** `--cache` and `--cache-location <dir>` taken out of argv; null when --cache is absent or malformed. */
export function cacheOptions(argv) {
  const rest = [];
  let cache = false;
  let location = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--cache') cache = true;
    else if (arg === '--cache-location') {
      location = argv[++i] ?? null;
      if (location === null) return null;
    } else if (arg.startsWith('--cache-location=')) location = arg.slice('--cache-location='.length);
    else rest.push(arg);
  }
  return cache ? { rest, location } : null;
}

/** Options whose files a replayed result could not account for. */
const FILE_OPTIONS = ['--output', '--baseline', '--write-baseline'];

/**
 * `lint --cache`: replays the stored result of an identical earlier run (bin/result-cache.js) and
 * returns true; otherwise tells the bundle where to store this run's result. No render is started:
 * the bundle's render cache probably has it.
 */
async function replayOrRecord(argv, env, cwd, line, commands, location) {
  if (line.command !== 'lint' || argv.some((a) => FILE_OPTIONS.includes(a.split('=')[0]))) return false;
  // Loaded only here: its hashing costs start-up time that other runs need not pay.
  const { RESULT_KEY, readResult, resultEntry } = await import('./result-cache.js');
  const entry = resultEntry({ argv, env, cwd, location, chartRoots: commands.map((c) => c.root), stdoutIsTTY: Boolean(process.stdout.isTTY), stderrIsTTY: Boolean(process.stderr.isTTY) });
  if (!entry) return false;
  const stored = readResult(entry.file);
  if (!stored) {
    globalThis[RESULT_KEY] = entry;
    return false;
  }
  if (stored.stderr) process.stderr.write(stored.stderr);
  if (stored.stdout) process.stdout.write(stored.stdout);
  process.exitCode = stored.code;
  return true;
}

/**
 * Starts the renders the command line will ask for (the first ones the bundle's pool will run),
 * or, for `lint --cache` of unchanged inputs, replays the stored result. Returns true when the run
 * is complete (nothing more to load).
 */
export async function prestart(argv = process.argv.slice(2), env = process.env, cwd = process.cwd()) {
  // Windows finds helm.cmd shims only through a shell (cross-spawn in the bundle): leave it to the bundle.
  if (env.HELM_RBAC_LINT_NO_PRESTART || process.platform === 'win32') return false;
  const plugin = pluginDefaults(env, cwd);
  const cache = cacheOptions(argv);
  const line = parseCommandLine(cache ? cache.rest : argv, plugin.namespace ?? 'default');
  if (!line) return false;
  const roots = line.charts.map((c) => chartRootsOf(c, cwd));
  if (roots.some((r) => r === null) || (line.command === 'diff' && roots.some((r) => r.length !== 1))) return false;
  // lint applies the chart's nearest config to its render; diff renders both sides without it.
  const commands = roots.flat().map((root) => helmCommandFor(root, line.settings, line.command === 'lint'));
  if (commands.some((c) => c === null)) return false;
  if (cache) return roots.length === 1 && roots[0].length === 1 && (await replayOrRecord(argv, plugin.env, cwd, line, commands, cache.location));
  const bin = plugin.env.HELM_BIN || 'helm';
  const first = line.command === 'diff' ? commands : commands.slice(0, availableParallelism() + 1);
  globalThis[PRESTART_KEY] = first.map((c) => start(bin, c.args, cwd, helmEnv(plugin.env)));
  return false;
}
