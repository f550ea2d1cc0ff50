// `helm-rbac-lint fix`: plan the change a maintainer would make for each nodes-proxy finding whose
// advice is proven by configuration (src/fix), then prove it before proposing it: apply it to a
// temporary copy of the chart, render old and new at the oldest and newest Kubernetes versions
// the chart may run on, and diff them. The patch is offered only when every check holds.
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { usageError } from '../errors.js';
import type { Analysis } from '../engine/analyze.js';
import { diff } from '../diff/index.js';
import type { RbacDiff } from '../diff/index.js';
import { applyEdits, unifiedDiff } from '../fix/edits.js';
import { planFix } from '../fix/plan.js';
import type { FixPlan } from '../fix/plan.js';
import type { FixRun, ProofCheck, VersionProof } from '../fix/run.js';

export type { FixRun, FixStatus } from '../fix/run.js';
import { renderTargets, resolveTargets } from '../render/index.js';
import type { RenderOptions, RenderResult } from '../render/index.js';
import type { RuleSet } from '../rule-api/index.js';
import type { Finding } from '../types.js';
import { analyzeRender } from './analyze.js';
import { KUBELET_SUBRESOURCES } from '../rbac/kubelet.js';
import { ruleAllows } from '../rbac/match.js';
import { registeredRules } from './registry.js';
import { FINE_GRAINED_KUBELET_SINCE, assumedMinors, compareMinors, minorOf, renderVersionFor } from '../kube-versions.js';

export interface FixOptions {
  render: RenderOptions;
  /** Write the proven patch into the chart (default: only print it). */
  write?: boolean;
  rules?: RuleSet;
}

const posix = (p: string): string => p.split(sep).join('/');

/**
 * The versions a fix is proven at: each one given, else the oldest and the newest minor the chart
 * may run on (its kubeVersion within the supported window, src/kube-versions.ts).
 */
function proofVersions(given: readonly string[] | undefined, chartKubeVersion: string | null): string[] {
  if (given && given.length > 0) return [...given];
  const minors = assumedMinors(chartKubeVersion);
  const ends = [...new Set([minors[0], minors.at(-1)].filter((m): m is string => m !== undefined))];
  return ends.map((m) => renderVersionFor(m, chartKubeVersion) ?? `${m}.0`);
}

/** True when `version` is older than the first minor with fine-grained kubelet authorization. */
const beforeFineGrained = (version: string): boolean => compareMinors(minorOf(version) ?? FINE_GRAINED_KUBELET_SINCE, FINE_GRAINED_KUBELET_SINCE) < 0;

/** The chart's own files that may hold RBAC or scrape configs: values*.yaml and templates/, not charts/. */
function chartFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = join(dir, name);
      const rel = posix(relative(root, full));
      if (statSync(full).isDirectory()) {
        if (rel !== 'charts' && !name.startsWith('.')) walk(full);
      } else if (/\.(ya?ml|tpl|txt|json)$/.test(name) && (rel.startsWith('templates/') || /^values[^/]*\.ya?ml$/.test(rel))) {
        out.set(rel, readFileSync(full, 'utf8'));
      }
    }
  };
  walk(root);
  return out;
}

function renderAt(chartDir: string, version: string, render: RenderOptions): Promise<RenderResult[]> {
  return renderTargets([chartDir], { ...render, kubeVersions: [version], ciValues: false });
}

const atomText = (p: { verb: string; resource: string; apiGroup: string; namespace?: string }): string =>
  `${p.verb} ${p.apiGroup ? `${p.apiGroup}/` : ''}${p.resource}${p.namespace ? ` in ${p.namespace}` : ''}`;

/** The checks of one version: the edit did what it says and nothing else. */
export function proofChecks(d: RbacDiff, before: Analysis, after: Analysis, plan: FixPlan, version: string, gatedBefore133: boolean): ProofCheck[] {
  const fixed = new Set(plan.fixed);
  const stillProxy = after.findings.filter((f) => f.ruleId === 'nodes-proxy' && fixed.has(f.fingerprint));
  const keepsProxyHere = gatedBefore133 && beforeFineGrained(version);
  const broken = d.findings.introduced.filter((f) => f.ruleId === 'missing-kubelet-permission');
  const allowed = new Set(['nodes/proxy']);
  const added = new Set(plan.changes.flatMap((c) => [...c.matchAll(/nodes\/([a-z]+)/g)].map((m) => `nodes/${m[1]}`)));
  const unexpected = d.subjects.flatMap((s) => [
    ...[...s.removed, ...s.reach.removed].filter((p) => !allowed.has(p.resource)).map((p) => `- ${atomText(p)}`),
    ...[...s.added, ...s.reach.added].filter((p) => !added.has(p.resource) || p.resource === 'nodes/proxy').map((p) => `+ ${atomText(p)}`),
  ]);
  const proxyPath = before.findings.filter((f) => f.ruleId === 'apiserver-node-proxy-path').length;
  const proxyPathAfter = after.findings.filter((f) => f.ruleId === 'apiserver-node-proxy-path').length;
  return [
    { name: 'renders', ok: true, detail: `old and new render at ${version}` },
    keepsProxyHere
      ? { name: 'nodes-proxy', ok: stillProxy.length > 0, detail: 'kept below 1.33 by the KubeVersion gate (fine-grained subresources do not exist there)' }
      : { name: 'nodes-proxy', ok: stillProxy.length === 0, detail: stillProxy.length === 0 ? 'resolved' : `still granted: ${stillProxy.map((f) => f.message).join('; ')}` },
    { name: 'kubelet access', ok: broken.length === 0, detail: broken.length === 0 ? 'no kubelet path the config uses loses its permission' : broken.map((f) => f.message).join('; ') },
    { name: 'nothing else changes', ok: unexpected.length === 0, detail: unexpected.length === 0 ? 'effective permissions change only by nodes/proxy and the subresources that replace it' : unexpected.join(', ') },
    { name: 'API-server proxy scrapes', ok: proxyPathAfter <= proxyPath, detail: `${proxyPath} before, ${proxyPathAfter} after` },
  ];
}

/** Plans, proves and (with `write`) applies the fix of one chart directory. */
export async function fix(target: string, options: FixOptions): Promise<FixRun> {
  const rules = options.rules ?? registeredRules();
  const cwd = options.render.cwd ?? process.cwd();
  const [resolved, ...more] = await resolveTargets([target], { cwd });
  if (!resolved || more.length > 0 || resolved.kind !== 'chart') {
    throw usageError(`fix edits one chart directory; ${target} is ${resolved?.kind === 'chart' ? 'several charts' : `a ${resolved?.kind ?? 'missing'} target`}`);
  }
  const root = resolved.root;
  const renders = await renderTargets([target], { ...options.render, ciValues: false });
  const analyses = renders.map((r) => analyzeRender(r, { rules }));
  const findings = uniqueByFingerprint(analyses.flatMap((a) => a.findings));
  const chartKubeVersion = renders[0]?.target.chartKubeVersion ?? null;
  const versions = proofVersions(options.render.kubeVersions, chartKubeVersion);
  const files = chartFiles(root);
  const plan = planFix({ findings, files, granted: grantedBy(analyses), oldestMinor: versions.map((v) => minorOf(v) ?? v).sort(compareMinors)[0] ?? FINE_GRAINED_KUBELET_SINCE });
  const run: FixRun = { chart: resolved.display, status: 'nothing-to-do', changes: plan.changes, patches: [], manual: plan.manual, skipped: plan.skipped, proof: [] };
  if (plan.edits.length === 0) {
    run.status = plan.manual.length + plan.skipped.length > 0 ? 'manual-only' : 'nothing-to-do';
    return run;
  }
  run.patches = plan.edits.map((e) => {
    const before = files.get(e.file) ?? '';
    const after = applyEdits(before, e.edits);
    return { file: e.file, before, after, diff: unifiedDiff(e.file, before, after) };
  });
  const gated = plan.gated;
  const copy = mkdtempSync(join(tmpdir(), 'helm-rbac-lint-fix-'));
  try {
    const patched = join(copy, 'chart');
    cpSync(root, patched, { recursive: true });
    for (const p of run.patches) writeFileSync(join(patched, p.file), p.after);
    for (const version of versions) run.proof.push(await proveAt(root, patched, version, options.render, rules, plan, gated));
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
  if (!run.proof.every((p) => p.ok)) {
    run.status = 'unproven';
    return run;
  }
  run.status = 'proposed';
  if (options.write) {
    for (const p of run.patches) writeFileSync(join(root, p.file), p.after);
    run.status = 'written';
  }
  return run;
}

async function proveAt(original: string, patched: string, version: string, render: RenderOptions, rules: RuleSet, plan: FixPlan, gated: boolean): Promise<VersionProof> {
  let before: RenderResult | undefined;
  let after: RenderResult | undefined;
  try {
    [before] = await renderAt(original, version, render);
    [after] = await renderAt(patched, version, render);
  } catch (err) {
    return { kubeVersion: version, ok: false, checks: [{ name: 'renders', ok: false, detail: (err as Error).message }] };
  }
  if (!before || !after) return { kubeVersion: version, ok: false, checks: [{ name: 'renders', ok: false, detail: 'no render' }] };
  // One chart identity on both sides, so findings match across the copy.
  const a = analyzeRender({ ...before, target: { ...before.target, id: 0 } }, { rules });
  const b = analyzeRender({ ...after, target: { ...after.target, id: 1, chart: before.target.chart } }, { rules });
  const checks = proofChecks(diff(a, b, rules), a, b, plan, version, gated);
  return { kubeVersion: version, ok: checks.every((c) => c.ok), checks };
}

/** The kubelet subresources the role of a finding already grants `get` on, in any of its held rules. */
function grantedBy(analyses: readonly Analysis[]): (f: Finding) => ReadonlySet<string> {
  return (f) => {
    const out = new Set<string>();
    const analysis = analyses.find((a) => a.target.id === f.target) ?? analyses[0];
    const role = analysis?.model.roles.find((r) => r.kind === f.object.kind && r.name === f.object.name && (r.namespace ?? null) === (f.object.namespace ?? null));
    if (!analysis || !role) return out;
    for (const sub of KUBELET_SUBRESOURCES) {
      if (analysis.model.heldRules(role).some((h) => ruleAllows(h.rule, { verb: 'get', apiGroup: '', resource: 'nodes', subresource: sub, name: '' }))) out.add(sub);
    }
    return out;
  };
}

function uniqueByFingerprint(findings: readonly Finding[]): Finding[] {
  const seen = new Map<string, Finding>();
  for (const f of findings) if (!seen.has(f.fingerprint)) seen.set(f.fingerprint, f);
  return [...seen.values()];
}
