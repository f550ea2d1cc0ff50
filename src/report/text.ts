import pc from 'picocolors';
import { choosePolicy } from '../rbac/bootstrap.js';
import type { Evidence, Finding, Severity, TargetInfo } from '../types.js';
import { allCountsText, atOrAbove } from '../severity.js';
import type { FailOn } from '../severity.js';
import { failsAt } from '../engine/dependencies.js';
import { subjectLabel } from '../rbac/subjects.js';
import { terminalLine, terminalSafe } from './sanitize.js';
import { formatContext } from './types.js';
import type { FormatContext, LintReport } from './types.js';
import { rulesYaml } from './yaml-rules.js';
import { objectLabel } from '../labels.js';
import { sharedRemedies } from './shared-remedy.js';
import type { SharedRemedies } from './shared-remedy.js';
import { kubeMinorsOf } from '../kube-versions.js';

type Paint = (s: string) => string;

type Painter = ReturnType<typeof painter>;

function painter(color: boolean) {
  const id: Paint = (s) => s;
  const c = pc.createColors(color);
  const sev: Record<Severity, Paint> = {
    critical: color ? (s) => c.bold(c.red(s)) : id,
    high: color ? c.red : id,
    medium: color ? c.yellow : id,
    low: color ? c.cyan : id,
    info: color ? c.dim : id,
  };
  return { sev, bold: color ? c.bold : id, dim: color ? c.dim : id, green: color ? c.green : id };
}

/** The render labels of each chart rendered more than once (several kube versions, ci values files). */
export function chartRenders(targets: readonly TargetInfo[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of targets) if (t.chart !== null && t.render !== null) out.set(t.chart, [...(out.get(t.chart) ?? []), t.render]);
  return out;
}

/** `renders`: every render of the chart, when it was rendered more than once (findings are merged across them). */
export function targetTitle(t: TargetInfo, renders: readonly string[] = []): string {
  const what = t.renderer === 'manifest' ? `manifest ${t.name}` : `${t.name}${t.version ? ` ${t.version}` : ''}`;
  const where = t.chart ?? t.name;
  const several = renders.length > 1;
  const facts = [
    t.renderer === 'manifest' ? null : `release ${t.release}`,
    t.renderer === 'manifest' ? null : `namespace ${t.namespace}`,
    t.renderer === 'manifest' ? null : t.renderer,
    several ? `renders: ${renders.join(', ')}` : null,
    !several && t.kubeVersion ? `kube ${t.kubeVersion}${t.kubeVersionSource === 'assumed' ? ` (stands for ${kubeRangeText(t)})` : ''}` : null,
    !several && t.render && !t.render.startsWith('kube ') ? t.render : null,
    choosePolicy(t.kubeVersion).summary,
  ].filter(Boolean);
  return terminalLine(`${where} (${what}${facts.length ? `, ${facts.join(', ')}` : ''})`);
}

function kubeRangeText(t: TargetInfo): string {
  const minors = kubeMinorsOf(t);
  return minors.length > 1 ? `${minors[0]}–${minors.at(-1)}, assumed` : `${minors[0] ?? t.kubeVersion}, assumed`;
}

const loc = (f: Finding): string => (f.source.file ? `${f.source.file}${f.source.line ? `:${f.source.line}` : ''}` : '');

/** ` (subchart kube-state-metrics 7.1.0, warn only)`: whose call a finding is, and how it counts. */
export function dependencyNote(f: Finding): string {
  if (!f.dependency) return '';
  const version = f.dependency.version ? ` ${f.dependency.version}` : '';
  const counts = f.failOn === 'never' ? ', warn only' : f.failOn ? `, fails at ${f.failOn}` : '';
  const why = f.dependency.reason ? `: ${f.dependency.reason}` : '';
  return ` (subchart ${f.dependency.name}${version}${counts}${why})`;
}

/**
 * Human output, grouped by chart, object and rule line: severity, rule, message, subjects, the
 * template file:line, the fix (with ready-to-paste rules) and the evidence behind it. A fix or
 * evidence that an earlier finding already showed is referred to, not repeated.
 */
export function formatText(report: LintReport, given: Partial<FormatContext> = {}): string {
  const options = formatContext(given);
  const p = painter(options.color ?? false);
  const shown = report.findings.filter((f) => !f.suppressed && (!options.quiet || atOrAbove(f.severity, options.failOn ?? 'high')));
  const out: string[] = [];
  const byTarget = new Map<number, Finding[]>();
  for (const f of shown) append(byTarget, f.target, f);
  const renders = chartRenders(report.targets);
  for (const t of report.targets) {
    const list = byTarget.get(t.id);
    if (!list) continue;
    out.push(p.bold(targetTitle(t, (t.chart !== null && renders.get(t.chart)) || [])));
    const byObject = new Map<string, Finding[]>();
    for (const f of list) {
      const k = `${f.object.kind}\u0000${f.object.namespace ?? ''}\u0000${f.object.name}`;
      append(byObject, k, f);
    }
    // Per object, then per rule line: a grant that several rules flag (an all-wildcard rule trips
    // a dozen) is one block with its location and holders once.
    const groups = [...byObject.values()].map((fs) => {
      const byLine = new Map<string, Finding[]>();
      for (const f of fs) append(byLine, loc(f) || `\u0000${byLine.size}`, f);
      return [...byLine.values()];
    });
    const remedies = sharedRemedies(groups.flat(2));
    for (const lines of groups) {
      out.push(`  ${terminalLine(objectLabel((lines[0]?.[0] as Finding).object))}`);
      for (const fs of lines) out.push(...(fs.length === 1 ? findingLines(fs[0] as Finding, p, remedies) : lineGroup(fs, p, remedies)));
    }
    out.push('');
  }
  const failed = report.failed ?? [];
  for (const f of failed) out.push(`${f.status === 'error' ? p.sev.critical('error:') : 'note:'} ${terminalLine(f.message)}`);
  if (failed.length > 0) out.push('');
  out.push(summaryLine(report, p, shown.length === 0, options.failOn));
  return `${out.join('\n')}\n`;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const sameSubjects = (fs: readonly Finding[]): boolean => {
  const first = (fs[0] as Finding).subjects.map(subjectLabel).join(', ');
  return fs.every((f) => f.subjects.map(subjectLabel).join(', ') === first);
};

/** Several findings on one rule line: the line and (when shared) the holders once, then each rule. */
function lineGroup(fs: readonly Finding[], p: Painter, remedies: SharedRemedies): string[] {
  const first = fs[0] as Finding;
  const shared = sameSubjects(fs) && first.subjects.length > 0;
  const holders = shared ? `, held by ${terminalLine(first.subjects.map(subjectLabel).join(', '))}` : '';
  const lines = [`    ${p.dim(terminalLine(`${loc(first)}${dependencyNote(first)}`))}: ${fs.length} findings on this line${holders}`];
  for (const f of fs) lines.push(...findingLines(f, p, remedies, { indent: '      ', where: false, subjects: !shared }));
  return lines;
}

interface LineOptions {
  indent: string;
  where: boolean;
  subjects: boolean;
}

function findingLines(f: Finding, p: Painter, remedies: SharedRemedies, options: LineOptions = { indent: '    ', where: true, subjects: true }): string[] {
  const lines: string[] = [];
  const at = options.indent;
  const body = `${at}  `;
  const sev = p.sev[f.severity](f.severity.toUpperCase().padEnd(8));
  const where = options.where ? loc(f) : '';
  const dep = options.where ? dependencyNote(f) : '';
  lines.push(`${at}${sev} ${p.bold(f.ruleId)}${where ? `  ${p.dim(terminalLine(where))}` : ''}${p.dim(terminalLine(dep))}`);
  lines.push(`${body}${terminalLine(f.message)}`);
  if (f.renders && f.renders.length > 0) lines.push(`${body}${p.dim(`in renders: ${terminalLine(f.renders.join(', '))}`)}`);
  if (options.subjects && f.subjects.length > 0) lines.push(`${body}subjects: ${terminalLine(f.subjects.map(subjectLabel).join(', '))}`);
  const seenEvidence = remedies.evidenceOf(f);
  if (seenEvidence) lines.push(`${body}evidence: ${f.evidence.length === 1 ? 'the entry' : `the ${f.evidence.length} entries`} shown for ${refText(seenEvidence)}`);
  else {
    const evidence = evidenceLines(f.evidence);
    for (const line of evidence.slice(0, 5)) lines.push(`${body}evidence: ${terminalLine(line)}`);
    if (evidence.length > 5) lines.push(`${body}evidence: … ${evidence.length - 5} more`);
  }
  if (f.unattributedEvidence) {
    lines.push(`${body}evidence: also weighed ${f.unattributedEvidence} kubelet-access entr${f.unattributedEvidence === 1 ? 'y' : 'ies'} that no workload of the chart runs (listed once per render: JSON targets[].unattributedEvidence)`);
  }
  const sameFix = remedies.fixOf(f);
  if (sameFix) lines.push(`${body}${p.green('fix:')} the same as for ${refText(sameFix)} above`);
  else if (f.fix) {
    lines.push(`${body}${p.green(`fix (confidence ${f.fix.confidence ?? 'high'}):`)} ${terminalLine(f.fix.summary)}`);
    if (f.fix.minKubernetesVersion) lines.push(`${body}needs Kubernetes ${f.fix.minKubernetesVersion}+ kubelets`);
    if (f.fix.rules.length > 0) lines.push(terminalSafe(rulesYaml(f.fix.rules, `${body}  `)));
  }
  return lines;
}

/** `nodes-proxy on ClusterRole prometheus-server (templates/clusterrole.yaml:13)`. */
function refText(f: Finding): string {
  const where = loc(f);
  return terminalLine(`${f.ruleId} on ${f.object.kind} ${f.object.name}${where ? ` (${where})` : ''}`);
}

/**
 * One line per place the evidence sits (object, path, text), with the kubelet paths it reaches:
 * a Datadog agent's one environment variable stands for six kubelet calls, said once.
 */
function evidenceLines(evidence: readonly Evidence[]): string[] {
  const groups = new Map<string, { e: Evidence; paths: string[] }>();
  for (const e of evidence) {
    const key = [e.object.kind, e.object.namespace ?? '', e.object.name, e.path, e.text, e.kind].join('\u0000');
    const group = groups.get(key);
    const path = e.kubeletPath ?? '';
    if (group) {
      if (path && !group.paths.includes(path)) group.paths.push(path);
    } else groups.set(key, { e, paths: path ? [path] : [] });
  }
  return [...groups.values()].map(({ e, paths }) => {
    const at = e.source.file ? ` (${e.source.file}${e.source.line ? `:${e.source.line}` : ''})` : '';
    const kind = e.kind === 'config' ? '' : `[${e.kind}] `;
    const reaches = paths.length > 0 && !e.text.includes(paths[0] as string) ? ` → ${paths.join(', ')}` : paths.length > 1 ? ` → ${paths.join(', ')}` : '';
    return `${kind}${e.object.kind} ${e.object.name} ${e.path}: ${e.text}${reaches}${at}`;
  });
}

function summaryLine(report: LintReport, p: Painter, clean: boolean, failOn: FailOn): string {
  const s = report.summary;
  const counts = allCountsText(s);
  const suffix = s.suppressed > 0 ? `, ${s.suppressed} suppressed` : '';
  // Listed at a failing severity, but their subchart's config (`dependencies:`) keeps them from failing the run.
  const held = report.findings.filter((f) => !f.suppressed && f.failOn !== undefined && atOrAbove(f.severity, failOn) && !failsAt(f, failOn)).length;
  const deps = held > 0 ? `; ${held} from subcharts listed without failing the run (config dependencies)` : '';
  const charts = `${report.targets.length} render${report.targets.length === 1 ? '' : 's'}`;
  const errors = (report.failed ?? []).filter((f) => f.status === 'error').length;
  const broken = errors > 0 ? `; ${errors} could not be linted` : '';
  if (clean && s.critical + s.high + s.medium + s.low + s.info === 0) return errors > 0 ? `No findings in ${charts}${suffix}${broken}.` : p.green(`No findings in ${charts}${suffix}.`);
  return `${charts}: ${counts}${suffix}${deps}${broken}.`;
}
