import { afterEach, describe, expect, it, vi } from 'vitest';
import * as core from '@actions/core';
import { ANNOTATION_LEVEL, ANNOTATIONS_PER_LEVEL, annotationLevel, escapeData, escapeProperty, formatGithub, workflowCommand } from '../../src/report/github.js';
import type { Finding, Severity } from '../../src/types.js';
import { finding, HOSTILE, realisticReport, reportOf } from './fixture.js';

const paths = new Map<number, string | null>([[0, 'charts/test']]);
const lines = (out: string) => out.trimEnd().split('\n');
const annotations = (out: string) => lines(out).filter((l) => l.startsWith('::'));

describe('workflow-command escaping', () => {
  // @actions/core src/command.ts escapeData / escapeProperty; GitHub docs "Workflow commands".
  it.each([
    { text: '100%', data: '100%25', property: '100%25' },
    { text: 'a\r\nb', data: 'a%0D%0Ab', property: 'a%0D%0Ab' },
    { text: 'k: v, w', data: 'k: v, w', property: 'k%3A v%2C w' },
    { text: '%0A', data: '%250A', property: '%250A' },
    { text: '::error::x', data: '::error::x', property: '%3A%3Aerror%3A%3Ax' },
  ])('$text → data $data, property $property', ({ text, data, property }) => {
    expect(escapeData(text)).toBe(data);
    expect(escapeProperty(text)).toBe(property);
  });

  it.each([
    { text: 'red \u001b[31m', expected: 'red \\x1b[31m', source: 'ESC would drive the log viewer (sanitize.ts terminalSafe)' },
    { text: 'bell\u0007 nul\u0000', expected: 'bell\\x07 nul\\x00', source: 'C0 controls' },
    { text: 'csi\u009b', expected: 'csi\\x9b', source: 'C1 CSI' },
    { text: 'tab\tkept', expected: 'tab\tkept', source: 'tab is plain text' },
  ])('control characters: $source', ({ text, expected }) => {
    expect(escapeData(text)).toBe(expected);
  });

  describe('matches @actions/core byte for byte', () => {
    let written: string[] = [];
    afterEach(() => {
      vi.restoreAllMocks();
      written = [];
    });
    const capture = (fn: () => void): string => {
      written = [];
      vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      fn();
      vi.restoreAllMocks();
      return written.join('').trimEnd();
    };
    const samples = [
      { title: 'nodes-proxy (critical): ClusterRole a,b', file: 'charts/x/templates/a b.yaml', line: 12, message: 'line1\nline2 100% done\r' },
      { title: 'k: v', file: 'c:/weird,path', line: 1, message: '::warning::not a command' },
    ];
    it.each(samples)('core.error/warning/notice($title)', ({ title, file, line, message }) => {
      const props = { title, file, startLine: line };
      expect(workflowCommand('error', [['title', title], ['file', file], ['line', line]], message)).toBe(capture(() => core.error(message, props)));
      expect(workflowCommand('warning', [['title', title], ['file', file], ['line', line]], message)).toBe(capture(() => core.warning(message, props)));
      expect(workflowCommand('notice', [['title', title], ['file', file], ['line', line]], message)).toBe(capture(() => core.notice(message, props)));
    });
  });
});

describe('formatGithub', () => {
  const levels: { severity: Severity; command: string }[] = [
    { severity: 'critical', command: 'error' },
    { severity: 'high', command: 'error' },
    { severity: 'medium', command: 'warning' },
    { severity: 'low', command: 'notice' },
    { severity: 'info', command: 'notice' },
  ];
  it.each(levels)('$severity → ::$command (docs/design.md#integrations)', ({ severity, command }) => {
    expect(ANNOTATION_LEVEL[severity]).toBe(command);
    expect(annotations(formatGithub(reportOf([finding({ severity })]), { targetPaths: paths }))[0]).toMatch(new RegExp(`^::${command} `));
  });

  it('one finding: the annotation on the repo-relative template line, then the counts (reviewed)', () => {
    const out = formatGithub(reportOf([finding({ fix: { summary: 'Grant nodes/metrics instead.', rules: [], minKubernetesVersion: null } })]), { targetPaths: paths });
    expect(out).toBe(
      '::error title=nodes-proxy (critical)%3A ClusterRole r,file=charts/test/templates/clusterrole.yaml,line=5::ClusterRole r grants get on nodes/proxy.%0AFix: Grant nodes/metrics instead.\n' +
        'helm-rbac-lint: 1 critical, 0 high, 0 medium, 0 low, 0 info (0 suppressed)\n',
    );
  });

  it('an unknown line leaves out line=; the file stays', () => {
    const [line] = annotations(formatGithub(reportOf([finding({ source: { file: 'templates/a.yaml', line: null } })]), { targetPaths: paths }));
    expect(line).toMatch(/^::error title=[^:]*,file=charts\/test\/templates\/a\.yaml::/);
  });

  it('suppressed findings are not annotated but counted', () => {
    const out = formatGithub(reportOf([finding({ suppressed: true, suppression: { by: 'config', reason: 'r' } })]), { targetPaths: paths });
    expect(annotations(out)).toEqual([]);
    expect(out).toContain('(1 suppressed)');
  });

  it('hostile chart text cannot start a command of its own: every line is ours', () => {
    const { report, targetPaths } = realisticReport();
    const out = formatGithub(report, { targetPaths });
    for (const l of lines(out)) expect(l).toMatch(/^(::(error|warning|notice) title=[^:]*(,file=[^:]*)?(,line=\d+)?::|helm-rbac-lint: )/);
    expect(out).not.toContain('\u001b');
    expect(out).toContain(escapeData(HOSTILE));
  });

  const many = (severity: Severity, n: number): Finding[] =>
    Array.from({ length: n }, (_, i) => finding({ severity, object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `${severity}-${i}`, namespace: null } }));

  // GitHub shows at most 10 error and 10 warning annotations per step (docs/design.md#what-other-tools-expect).
  it.each([
    { name: 'at the cap: no note', counts: { critical: 6, high: 4, medium: 10, low: 10 }, shown: { error: 10, warning: 10, notice: 10 }, note: null },
    { name: 'errors over the cap', counts: { critical: 8, high: 5, medium: 2, low: 0 }, shown: { error: 10, warning: 2, notice: 1 }, note: '3 more findings are not annotated (3 errors)' },
    // 9 notices + the closing note: the note must itself fit under the notice cap.
    { name: 'every level over', counts: { critical: 0, high: 12, medium: 11, low: 14 }, shown: { error: 10, warning: 10, notice: 10 }, note: '8 more findings are not annotated (2 errors, 1 warning, 5 notices)' },
  ])('$name', ({ counts, shown, note }) => {
    const findings = [...many('critical', counts.critical), ...many('high', counts.high), ...many('medium', counts.medium), ...many('low', counts.low)];
    const anns = annotations(formatGithub(reportOf(findings), { targetPaths: paths }));
    const count = (cmd: string) => anns.filter((l) => l.startsWith(`::${cmd} `)).length;
    expect({ error: count('error'), warning: count('warning'), notice: count('notice') }).toEqual(shown);
    const last = anns.at(-1) ?? '';
    if (note === null) expect(last).not.toContain('more findings');
    else {
      expect(last).toMatch(/^::notice title=helm-rbac-lint%3A more findings::/);
      expect(last).toContain(note);
      expect(last).toContain('job summary');
    }
    expect(count('error')).toBeLessThanOrEqual(ANNOTATIONS_PER_LEVEL);
  });

  it('most severe first, whatever the report order (critical before high inside the error level)', () => {
    const findings = [...many('low', 1), ...many('high', 1), ...many('critical', 1), ...many('medium', 1)];
    const titles = annotations(formatGithub(reportOf(findings), { targetPaths: paths })).map((l) => /\((\w+)\)/.exec(l)?.[1]);
    expect(titles).toEqual(['critical', 'high', 'medium', 'low']);
  });
});

describe('annotationLevel', () => {
  // A warn-only subchart finding (config dependencies: warn) is listed but does not fail the run,
  // so it must not show as an error either.
  it.each([
    { severity: 'critical' as const, failOn: undefined, level: 'error' },
    { severity: 'high' as const, failOn: 'never' as const, level: 'warning' },
    { severity: 'high' as const, failOn: 'critical' as const, level: 'error' },
    { severity: 'medium' as const, failOn: 'never' as const, level: 'warning' },
    { severity: 'low' as const, failOn: 'never' as const, level: 'notice' },
  ])('$severity with failOn $failOn → $level', ({ severity, failOn, level }) => {
    expect(annotationLevel({ severity, ...(failOn ? { failOn } : {}) })).toBe(level);
  });
});
