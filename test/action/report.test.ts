// What the Action shows: annotations cut at GitHub's per-step cap, most severe first (docs/design.md
// docs/design.md#what-other-tools-expect: "GitHub shows at most 10 error and 10 warning annotations per step, so send the most severe
// and put the rest in the summary"), and the job summary under its 1 MiB cap.
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { LintRun, PullRequestDiff } from '../../src/api/index.js';
import { annotationsLeftText, emitAnnotations, planAnnotations } from '../../src/action/annotations.js';
import { summaryMarkdown } from '../../src/action/summary.js';
import { TEST_RULES, diffOf as diff } from '../support/rules.js';
import { analyzeText } from '../../src/api/index.js';
import { summarize } from '../../src/engine/summary.js';
import type { Finding, Severity } from '../../src/types.js';
import { testTarget } from '../support/objects.js';

function finding(severity: Severity, n: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: `rule-${severity}`, severity, message: `${severity} ${n}`, target: 0,
    object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `role-${n}`, namespace: null },
    source: { file: 'templates/clusterrole.yaml', line: n }, renderedLine: n, subjects: [], permissions: [], evidence: [], fix: null,
    suppressed: false, fingerprint: `${severity}-${n}`, ...extra,
  };
}
const series = (severity: Severity, count: number, from = 1) => Array.from({ length: count }, (_, i) => finding(severity, from + i));

describe('planAnnotations', () => {
  // Engine order puts medium and low before critical here on purpose: the plan must reorder by severity.
  const findings = [...series('medium', 11), ...series('low', 3), ...series('high', 5, 100), ...series('critical', 8, 200), finding('info', 1), ...series('critical', 2, 300).map((f) => ({ ...f, suppressed: true }))];
  const plan = planAnnotations(findings, (f) => `charts/x/${f.source.file}`);

  it('shows at most 10 per level, critical before high, and counts the rest', () => {
    const levels = plan.shown.map((a) => a.level);
    expect(levels.filter((l) => l === 'error')).toHaveLength(10);
    expect(levels.filter((l) => l === 'warning')).toHaveLength(10);
    expect(levels.filter((l) => l === 'notice')).toHaveLength(4);
    expect(plan.shown.slice(0, 8).map((a) => a.title.split(':')[0])).toEqual(Array(8).fill('rule-critical (critical)'));
    expect(plan.left).toEqual({ error: 3, warning: 1, notice: 0 });
  });

  it('leaves suppressed findings out', () => {
    expect(plan.shown.some((a) => a.message.startsWith('critical 30'))).toBe(false);
  });

  it('says what was left out, per level', () => {
    expect(annotationsLeftText(plan.left)).toBe(
      'Not annotated (GitHub shows at most 10 annotations of each level per step): 3 errors, 1 warning. Every finding is listed below and in the SARIF/JSON report.',
    );
    expect(annotationsLeftText({ error: 0, warning: 0, notice: 0 })).toBeNull();
  });
});

describe('emitAnnotations', () => {
  afterEach(() => vi.restoreAllMocks());

  // The runner unescapes %25, %0D, %0A in data and also %3A, %2C in properties (@actions/core command.ts);
  // control characters from a chart are shown as \xNN so they cannot drive the log viewer.
  it('writes workflow commands with the file and line, chart text escaped', () => {
    const lines: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const f = finding('critical', 13, { message: 'grants 100% of\nnodes/proxy \u001b[31m', object: { apiVersion: 'v1', kind: 'ClusterRole', name: 'a,b:c', namespace: null } });
    emitAnnotations(planAnnotations([f], () => 'charts/p/templates/clusterrole.yaml'));
    expect(lines.join('')).toBe('::error title=rule-critical (critical)%3A ClusterRole a%2Cb%3Ac,file=charts/p/templates/clusterrole.yaml,line=13::grants 100%25 of%0Anodes/proxy \\x1b[31m\n');
  });
});

// Two renders of a small manifest: the head adds nodes/proxy to a bound ClusterRole (docs/kubernetes.md: nodes/proxy get = kubelet exec).
const ROLE = (resources: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: agent}
rules: [{apiGroups: [""], resources: [${resources}], verbs: [get]}]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: agent}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agent}
subjects: [{kind: ServiceAccount, name: agent, namespace: monitoring}]
`;
const analyze = (text: string, id: number) => analyzeText(text, testTarget({ id, name: 'agent' }), { chartName: null, manifestFile: 'rbac.yaml' });

function fixture(charts: number): { run: LintRun; prDiff: PullRequestDiff } {
  const head = analyze(ROLE('nodes/metrics, nodes/proxy'), 1);
  const d = diff(analyze(ROLE('nodes/metrics'), 0), head);
  const prDiff: PullRequestDiff = {
    charts: Array.from({ length: charts }, (_, i) => ({ chart: `charts/<b>${i}</b>`, diff: d, note: i === 0 ? 'new in this pull request' : null })),
    verdict: d.verdict,
    introduced: d.findings.introduced,
    breaksAccess: d.breaksAccess,
    resolved: [],
    introducedKeys: new Set(),
  };
  const report = { tool: { name: 'helm-rbac-lint', version: '0' }, targets: [head.target], findings: head.findings, summary: summarize(head.findings), warnings: [], notices: [] };
  return { run: { errors: [], report, analyses: [head], renders: [], failOn: 'high', rules: TEST_RULES } as LintRun, prDiff };
}

describe('summaryMarkdown', () => {
  it('heads with the verdict, then one section per chart diff, then the findings with the access graph', () => {
    const { run, prDiff } = fixture(1);
    const md = summaryMarkdown({ how: 'the charts changed since abc1234', targets: ['charts/a'], run, prDiff, failOn: 'high', annotationsLeft: 'Not annotated: 3 errors.' });
    const headings = md.split('\n').filter((l) => l.startsWith('#')).map((l) => l.replace(/ .*/, ''));
    expect(headings.slice(0, 4)).toEqual(['##', '##', '###', '####']);
    expect(md).toContain('**🔴 RBAC change in this pull request: more risk (`more-risk`)** — introduced 1 critical');
    expect(md).toContain('### Chart <code>charts/&lt;b&gt;0&lt;/b&gt;</code> — new in this pull request');
    expect(md).toContain('> Not annotated: 3 errors.');
    expect(md).toMatch(/## Findings[\s\S]*```mermaid/);
  });

  it('stays under the byte cap: diffs are cut first and say how many and which, the findings keep their share', () => {
    const { run, prDiff } = fixture(40);
    const maxBytes = 40_000;
    const md = summaryMarkdown({ how: 'x', targets: ['charts/a'], run, prDiff, failOn: 'high', annotationsLeft: null, maxBytes });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(maxBytes);
    const cut = /_(\d+) more chart diffs left out to keep the summary under the size GitHub accepts \(their rows are in the table above; the JSON report has every diff\): /.exec(md);
    expect(cut).not.toBeNull();
    const detailed = md.split('\n').filter((l) => l.startsWith('### Chart ')).length;
    expect(detailed + Number(cut?.[1])).toBe(40);
    expect(md).toContain('## Findings');
  });

  it('lists every chart in the overview, with its verdict and the sensitive permissions it moves', () => {
    const { run, prDiff } = fixture(40);
    const md = summaryMarkdown({ how: 'x', targets: ['charts/a'], run, prDiff, failOn: 'high', annotationsLeft: null, maxBytes: 40_000 });
    const rows = md.split('\n').filter((l) => l.startsWith('| <code>charts/'));
    expect(rows).toHaveLength(40);
    expect(rows[1]).toBe('| <code>charts/&lt;b&gt;1&lt;/b&gt;</code> | 🔴 more risk | 1 critical | none | ➕ 1 |');
  });

  it('a 50-chart pull request stays under the 1 MiB GitHub step-summary cap with an \'n more\' line when it must cut', () => {
    const { run, prDiff } = fixture(50);
    const md = summaryMarkdown({ how: 'x', targets: ['charts/a'], run, prDiff, failOn: 'high', annotationsLeft: null });
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    expect(md.split('\n').filter((l) => l.startsWith('### Chart ')).length).toBe(50);
    // Each chart keeps its sensitive changes in plain sight.
    expect(md.split('\n').filter((l) => l.startsWith('- ➕ gains <code>get</code> on <code>nodes/proxy</code>'))).toHaveLength(50);
  });

  it('a pull request that breaks kubelet access says so in the verdict line (issue #14)', () => {
    const { run, prDiff } = fixture(1);
    const broken = { ...prDiff, breaksAccess: [{ ...(prDiff.introduced[0] as PullRequestDiff['introduced'][number]), ruleId: 'missing-kubelet-permission', severity: 'high' as const }] };
    const md = summaryMarkdown({ how: 'x', targets: ['charts/a'], run, prDiff: broken, failOn: 'high', annotationsLeft: null });
    expect(md).toContain('**⛔ RBAC change in this pull request: more risk, but breaks kubelet access (1 workload without a kubelet permission they use: `missing-kubelet-permission`) (`more-risk`)**');
  });

  it('names a chart that could not be linted, in the charts checked and as an error line', () => {
    const { run, prDiff } = fixture(1);
    const broken = { ...run.report.targets[0], id: 7, chart: 'charts/broken', name: 'broken' } as LintRun['report']['targets'][number];
    const withError = { ...run, report: { ...run.report, failed: [{ target: broken, status: 'error' as const, message: 'charts/broken: execution error at (broken/templates/cm.yaml:6:10): image.tag is required' }] } };
    const md = summaryMarkdown({ how: 'x', targets: ['charts/a', 'charts/broken'], run: withError, prDiff, failOn: 'high', annotationsLeft: null });
    expect(md).toMatch(/Checked x: .*<code>charts\/broken<\/code>/);
    expect(md).toContain('- **error**: charts/broken: execution error at (broken/templates/cm.yaml:6:10): image.tag is required');
    expect(md).toContain('helm-rbac-lint: ERROR');
  });

  it('with nothing to check, says so', () => {
    expect(summaryMarkdown({ how: 'the charts changed since abc1234', targets: [], run: null, prDiff: null, failOn: 'high', annotationsLeft: null })).toBe(
      '## helm-rbac-lint\n\nNo chart to check (the charts changed since abc1234).\n',
    );
  });
});
