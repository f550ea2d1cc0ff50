// `fix` output: what would change and why it is safe (stderr, or stdout with --write), and the
// patch itself (stdout, ready for `git apply`). Markdown for the Action's job summary.
import type { FixRun } from '../fix/run.js';
import { fencedBlock } from './markdown.js';
import { escapeMarkdown, markdownCode } from './markdown-escape.js';
import { terminalLine } from './sanitize.js';
import { unifiedDiff } from '../fix/edits.js';

const HEADLINE: Readonly<Record<FixRun['status'], string>> = {
  'nothing-to-do': 'nothing to fix: no nodes-proxy finding',
  'manual-only': 'no patch: every change needs a person (below)',
  unproven: 'no patch: the change did not pass its proof (below), so it is not proposed',
  proposed: 'a proven patch',
  written: 'a proven patch, written into the chart',
};

/** The patch of every file, concatenated (empty when there is none to offer). */
export function fixPatch(run: FixRun): string {
  return run.status === 'proposed' || run.status === 'written' ? run.patches.map((p) => p.diff).join('') : '';
}

export function formatFixText(run: FixRun): string {
  const out = [`${run.chart}: ${HEADLINE[run.status]}`];
  if (run.changes.length > 0 && run.status !== 'nothing-to-do') {
    out.push('Changes:');
    for (const c of run.changes) out.push(`  ${c}`);
  }
  if (run.proof.length > 0) {
    out.push(`Proof (rendered old and new, then diffed) at ${run.proof.map((p) => p.kubeVersion).join(' and ')}:`);
    for (const p of run.proof) {
      out.push(`  ${p.kubeVersion}: ${p.ok ? 'holds' : 'FAILS'}`);
      for (const c of p.checks) out.push(`    ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
    }
  }
  if (run.manual.length > 0) {
    out.push('Change by hand:');
    for (const m of run.manual) {
      out.push(`  ${m.file ?? '(chart)'}${m.line ? `:${m.line}` : ''}: ${m.reason}`);
      for (const l of m.change.split('\n')) if (l.trim()) out.push(`      ${l}`);
    }
  }
  for (const s of run.skipped) out.push(`  not changed: ${s.finding.object.kind} ${s.finding.object.name}: ${s.reason}`);
  return `${out.map(terminalLine).join('\n')}\n`;
}

/** The patch with paths relative to the repository (`charts/x/templates/…`) instead of the chart. */
function repoPatch(run: FixRun, chartDir: string): string {
  if (run.status !== 'proposed' && run.status !== 'written') return '';
  const prefix = chartDir === '.' || chartDir === '' ? '' : `${chartDir.replace(/\/$/, '')}/`;
  return run.patches.map((p) => unifiedDiff(`${prefix}${p.file}`, p.before, p.after)).join('');
}

/** For a pull request's job summary: the proven patch, ready to `git apply` at the repository root. */
export function formatFixMarkdown(run: FixRun, chartDir: string): string {
  const out = [`#### ${escapeMarkdown(run.chart)}: ${escapeMarkdown(HEADLINE[run.status])}`, ''];
  for (const c of run.changes) out.push(`- ${escapeMarkdown(c)}`);
  if (run.proof.length > 0) out.push('', `Proven at ${run.proof.map((p) => `${markdownCode(p.kubeVersion)} ${p.ok ? '✅' : '❌'}`).join(', ')}.`);
  const patch = repoPatch(run, chartDir);
  if (patch) out.push('', 'Apply at the repository root with `git apply`:', '', fencedBlock('diff', patch));
  for (const m of run.manual) out.push(`- ${markdownCode(`${m.file ?? ''}${m.line ? `:${m.line}` : ''}`)}: ${escapeMarkdown(m.reason)}`);
  return `${out.join('\n')}\n`;
}
