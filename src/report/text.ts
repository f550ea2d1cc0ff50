import pc from 'picocolors';
import type { Finding, Severity, TargetInfo } from '../types.js';
import { atOrAbove } from '../severity.js';
import { subjectLabel } from '../rbac/subjects.js';
import { terminalLine, terminalSafe } from './sanitize.js';
import { formatContext } from './types.js';
import type { FormatContext, LintReport } from './types.js';
import { rulesYaml } from './yaml-rules.js';
import { objectLabel } from '../labels.js';

type Paint = (s: string) => string;

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

export function targetTitle(t: TargetInfo): string {
  const what = t.renderer === 'manifest' ? `manifest ${t.name}` : `${t.name}${t.version ? ` ${t.version}` : ''}`;
  const where = t.chart ?? t.name;
  const facts = [
    t.renderer === 'manifest' ? null : `release ${t.release}`,
    t.renderer === 'manifest' ? null : `namespace ${t.namespace}`,
    t.renderer === 'manifest' ? null : t.renderer,
    t.kubeVersion ? `kube ${t.kubeVersion}` : null,
    t.render && !t.render.startsWith('kube ') ? t.render : null,
  ].filter(Boolean);
  return terminalLine(`${where} (${what}${facts.length ? `, ${facts.join(', ')}` : ''})`);
}

const loc = (f: Finding): string => (f.source.file ? `${f.source.file}${f.source.line ? `:${f.source.line}` : ''}` : '');

/**
 * Human output, grouped by chart and object: severity, rule, message, subjects, the template
 * file:line, the fix (with ready-to-paste rules) and the evidence behind it.
 */
export function formatText(report: LintReport, given: Partial<FormatContext> = {}): string {
  const options = formatContext(given);
  const p = painter(options.color ?? false);
  const shown = report.findings.filter((f) => !f.suppressed && (!options.quiet || atOrAbove(f.severity, options.failOn ?? 'high')));
  const out: string[] = [];
  const byTarget = new Map<number, Finding[]>();
  for (const f of shown) append(byTarget, f.target, f);
  for (const t of report.targets) {
    const list = byTarget.get(t.id);
    if (!list) continue;
    out.push(p.bold(targetTitle(t)));
    const byObject = new Map<string, Finding[]>();
    for (const f of list) {
      const k = `${f.object.kind}\u0000${f.object.namespace ?? ''}\u0000${f.object.name}`;
      append(byObject, k, f);
    }
    for (const fs of byObject.values()) {
      const o = (fs[0] as Finding).object;
      out.push(`  ${terminalLine(objectLabel(o))}`);
      for (const f of fs) out.push(...findingLines(f, p));
    }
    out.push('');
  }
  out.push(summaryLine(report, p, shown.length === 0));
  return `${out.join('\n')}\n`;
}

function append<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function findingLines(f: Finding, p: ReturnType<typeof painter>): string[] {
  const lines: string[] = [];
  const sev = p.sev[f.severity](f.severity.toUpperCase().padEnd(8));
  const where = loc(f);
  lines.push(`    ${sev} ${p.bold(f.ruleId)}${where ? `  ${p.dim(terminalLine(where))}` : ''}`);
  lines.push(`      ${terminalLine(f.message)}`);
  if (f.renders && f.renders.length > 0) lines.push(`      ${p.dim(`in renders: ${terminalLine(f.renders.join(', '))}`)}`);
  if (f.subjects.length > 0) lines.push(`      subjects: ${terminalLine(f.subjects.map(subjectLabel).join(', '))}`);
  for (const e of f.evidence.slice(0, 5)) {
    const at = e.source.file ? ` (${e.source.file}${e.source.line ? `:${e.source.line}` : ''})` : '';
    lines.push(`      evidence: ${terminalLine(`${e.object.kind} ${e.object.name} ${e.path}: ${e.text}${at}`)}`);
  }
  if (f.evidence.length > 5) lines.push(`      evidence: … ${f.evidence.length - 5} more`);
  if (f.fix) {
    lines.push(`      ${p.green('fix:')} ${terminalLine(f.fix.summary)}`);
    if (f.fix.minKubernetesVersion) lines.push(`      needs Kubernetes ${f.fix.minKubernetesVersion}+ kubelets`);
    if (f.fix.rules.length > 0) lines.push(terminalSafe(rulesYaml(f.fix.rules, '        ')));
  }
  return lines;
}

function summaryLine(report: LintReport, p: ReturnType<typeof painter>, clean: boolean): string {
  const s = report.summary;
  const counts = (['critical', 'high', 'medium', 'low', 'info'] as const).map((k) => `${s[k]} ${k}`).join(', ');
  const suffix = s.suppressed > 0 ? `, ${s.suppressed} suppressed` : '';
  const charts = `${report.targets.length} render${report.targets.length === 1 ? '' : 's'}`;
  return clean && s.critical + s.high + s.medium + s.low + s.info === 0
    ? p.green(`No findings in ${charts}${suffix}.`)
    : `${charts}: ${counts}${suffix}.`;
}
