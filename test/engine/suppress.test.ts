import { describe, expect, it } from 'vitest';
import ineffectiveRule from '../../rules/ineffective-rule/index.js';
import nodesProxy from '../../rules/nodes-proxy/index.js';
import type { Baseline } from '../../src/config/baseline.js';
import type { Exemption, RuleSetting } from '../../src/config/schema.js';
import { analyzeText } from '../../src/api/index.js';
import type { Analysis } from '../../src/engine/analyze.js';
import { applySuppressions } from '../../src/engine/suppress.js';
import type { SuppressionContext, SuppressionRender } from '../../src/engine/suppress.js';
import { summarize } from '../../src/engine/summary.js';
import type { Finding, TargetInfo } from '../../src/types.js';
import { testTarget } from '../support/objects.js';
import { only } from '../support/rules.js';

// Rendered output as `helm template` prints it: `# Source: <chart>/<template>` before each document.
const doc = (template: string, body: string): string => `---\n# Source: test/${template}\n${body}`;
const annotations = (entries: Record<string, string>): string =>
  Object.keys(entries).length === 0 ? '' : `  annotations:\n${Object.entries(entries).map(([k, v]) => `    ${k}: ${JSON.stringify(v)}\n`).join('')}`;
const nodesProxyRole = (name: string, ann: Record<string, string> = {}): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n${annotations(ann)}rules:\n  - { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }\n`;
const binding = (name: string, role: string, ann: Record<string, string> = {}): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\n${annotations(ann)}roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${role} }\nsubjects:\n  - { kind: ServiceAccount, name: sa, namespace: monitoring }\n`;
// nodes/proxy in a Role can never take effect: ineffective-rule flags the namespaced Role (docs/design.md#severity-follows-effective-reach).
const namespacedRole = `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: pod-reader\n  namespace: monitoring\nrules:\n  - { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }\n`;

const CHART = { chart: 'charts/test', name: 'test', renderer: 'helm v4.1.4' } satisfies Partial<TargetInfo>;

/** A chart like an umbrella with a third-party subchart (the case docs/design.md#what-other-tools-expect gives for config exemptions). */
const umbrella = (ann: { datadog?: Record<string, string>; binding?: Record<string, string> } = {}): string =>
  doc('charts/datadog/templates/rbac.yaml', nodesProxyRole('datadog-agent', ann.datadog) + '---\n' + binding('datadog-agent', 'datadog-agent', ann.binding)) +
  doc('templates/prometheus.yaml', nodesProxyRole('prometheus-server') + '---\n' + binding('prometheus-server', 'prometheus-server')) +
  doc('templates/role.yaml', namespacedRole);

function analyze(text: string, target: Partial<TargetInfo> = CHART, ruleSeverity: Record<string, RuleSetting> = {}): Analysis {
  return analyzeText(text, testTarget(target), { chartName: 'test', manifestFile: null, readTemplate: () => null }, { rules: only(nodesProxy, ineffectiveRule), ruleSeverity });
}

const exemption = (e: Partial<Exemption>, index = 0): Exemption => ({ rule: 'nodes-proxy', reason: 'vendor chart', expires: null, index, line: 3 + index * 3, ...e });
const CONFIG_FILE = '/repo/.helm-rbac-lint.yaml';

function run(analyses: Analysis[], opts: { exemptions?: Exemption[]; baseline?: Baseline; today?: string; ruleSeverity?: Record<string, RuleSetting> } = {}) {
  const renders: SuppressionRender[] = analyses.map((a) => ({
    ...a,
    config: opts.exemptions ? { file: CONFIG_FILE, exemptions: opts.exemptions } : null,
    ruleSeverity: opts.ruleSeverity,
  }));
  const ctx: SuppressionContext = { analyses: renders, baseline: opts.baseline ?? null, today: opts.today ?? '2026-06-01', ruleIds: ['nodes-proxy', 'ineffective-rule'] };
  return applySuppressions(analyses.flatMap((a) => a.findings), ctx);
}

const suppressedNames = (findings: Finding[]): string[] => findings.filter((f) => f.suppressed).map((f) => `${f.object.kind}/${f.object.name}`).sort();
const noticeKinds = (notices: { kind: string; by: string; ruleId: string | null }[]): string[] => notices.map((n) => `${n.kind} ${n.by} ${n.ruleId}`);

describe('annotation suppression', () => {
  // Annotation shape: kube-linter pkg/ignore/ignore.go (prefix + exact check name), ours per docs/design.md#severity-follows-effective-reach, #what-other-tools-expect.
  const cases: { name: string; source: string; ann: { datadog?: Record<string, string>; binding?: Record<string, string> }; ruleSeverity?: Record<string, RuleSetting>; suppressed: string[]; notices: string[] }[] = [
    {
      name: 'reasoned annotation on the flagged object suppresses it',
      source: 'docs/design.md#severity-follows-effective-reach Suppression; kube-linter ObjectForCheck',
      ann: { datadog: { 'ignore-check.helm-rbac-lint.io/nodes-proxy': 'agent < 7.60 needs it' } },
      suppressed: ['ClusterRole/datadog-agent'],
      notices: [],
    },
    {
      name: 'empty reason does not suppress and is reported',
      source: 'docs/design.md#severity-follows-effective-reach "A suppression without a reason is itself reported"; suppress.ts header decision',
      ann: { datadog: { 'ignore-check.helm-rbac-lint.io/nodes-proxy': '  ' } },
      suppressed: [],
      notices: ['missing-reason annotation nodes-proxy'],
    },
    {
      name: 'misspelt rule id is reported, suppresses nothing',
      source: 'docs/design.md#suppressions: an annotation naming an unknown rule id is reported',
      ann: { datadog: { 'ignore-check.helm-rbac-lint.io/nodes-proxie': 'typo' } },
      suppressed: [],
      notices: ['unknown-rule-annotation annotation nodes-proxie'],
    },
    {
      name: 'no wildcard annotation: "*" is not a valid annotation name',
      source: 'apimachinery pkg/util/validation/validation.go IsQualifiedName (qnameExtCharFmt has no "*")',
      ann: { datadog: { 'ignore-check.helm-rbac-lint.io/*': 'everything' } },
      suppressed: [],
      notices: ['unknown-rule-annotation annotation *'],
    },
    {
      name: 'annotation on the binding does not cover the role the finding is on',
      source: 'nodes-proxy findings sit on the ClusterRole (rules/nodes-proxy.ts); kube-linter matches the annotated object only',
      ann: { binding: { 'ignore-check.helm-rbac-lint.io/nodes-proxy': 'wrong object' } },
      suppressed: [],
      notices: ['unused-suppression annotation nodes-proxy'],
    },
    {
      name: 'annotation for a rule with no finding on that object is unused',
      source: 'docs/design.md#severity-follows-effective-reach "suppressions that match nothing are reported"',
      ann: { datadog: { 'ignore-check.helm-rbac-lint.io/ineffective-rule': 'stale' } },
      suppressed: [],
      notices: ['unused-suppression annotation ineffective-rule'],
    },
    {
      name: 'annotation for a rule turned off is not called unused (it could not match)',
      source: 'suppress.ts header decision',
      ann: { datadog: { 'ignore-check.helm-rbac-lint.io/ineffective-rule': 'kept for other configs' } },
      ruleSeverity: { 'ineffective-rule': 'off' },
      suppressed: [],
      notices: [],
    },
  ];
  it.each(cases)('$name ($source)', ({ ann, ruleSeverity, suppressed, notices }) => {
    const result = run([analyze(umbrella(ann), CHART, ruleSeverity)], { ruleSeverity });
    expect(suppressedNames(result.findings)).toEqual(suppressed);
    expect(noticeKinds(result.notices)).toEqual(notices);
  });

  it('records the reason, keeps every other field, and does not mutate the input', () => {
    const analysis = analyze(umbrella({ datadog: { 'ignore-check.helm-rbac-lint.io/nodes-proxy': 'agent < 7.60 needs it' } }));
    const before = structuredClone(analysis.findings);
    const result = run([analysis]);
    const hit = result.findings.find((f) => f.object.name === 'datadog-agent') as Finding;
    expect(hit.suppression).toEqual({ by: 'annotation', reason: 'agent < 7.60 needs it' });
    const { suppressed: _s, suppression: _r, ...rest } = hit;
    const { suppressed: _s0, suppression: _r0, ...original } = before.find((f) => f.fingerprint === hit.fingerprint) as Finding;
    expect(rest).toEqual(original);
    expect(analysis.findings).toEqual(before);
    expect(result.findings.map((f) => f.fingerprint)).toEqual(before.map((f) => f.fingerprint));
    // Suppressed findings stay and are counted (docs/design.md#outputs summary.suppressed).
    expect(summarize(result.findings)).toMatchObject({ critical: 1, suppressed: 1 });
  });

  it('names the file and line holding the annotation (manifest: template line = rendered line)', () => {
    const text = nodesProxyRole('r', { 'ignore-check.helm-rbac-lint.io/nodes-proxie': 'x' }) + '---\n' + binding('b', 'r');
    const a = analyzeText(text, testTarget({ name: 'rbac.yaml' }), { chartName: null, manifestFile: 'rbac.yaml' }, { rules: only(nodesProxy) });
    const [notice] = run([a]).notices;
    expect(notice).toMatchObject({
      file: 'rbac.yaml',
      line: 6,
      message: 'annotation ignore-check.helm-rbac-lint.io/nodes-proxie on ClusterRole r names no rule (did you mean nodes-proxy?); it suppresses nothing',
    });
  });

  it('renders of one chart share annotations: one notice, not one per render', () => {
    // Two --kube-version renders of one chart (docs/design.md#commands-targets-and-exit-codes); mergeRenders keys them by target.chart.
    const ann = { datadog: { 'ignore-check.helm-rbac-lint.io/ineffective-rule': 'stale' } };
    const a = analyze(umbrella(ann), { ...CHART, id: 0, render: 'kube 1.32.0' });
    const b = analyze(umbrella(ann), { ...CHART, id: 1, render: 'kube 1.35.0' });
    expect(noticeKinds(run([a, b]).notices)).toEqual(['unused-suppression annotation ineffective-rule']);
  });
});

describe('config exemptions', () => {
  // Filters per the config format (README, src/config/schema.ts); subchart matching is the Polaris-style use docs/design.md#what-other-tools-expect names.
  const cases: { name: string; e: Partial<Exemption>; suppressed: string[] }[] = [
    { name: 'rule only: every finding of the rule', e: {}, suppressed: ['ClusterRole/datadog-agent', 'ClusterRole/prometheus-server'] },
    { name: 'kind filter is exact', e: { kind: 'Role' }, suppressed: [] },
    { name: 'kind is case-sensitive (Kubernetes kinds are)', e: { kind: 'clusterrole' }, suppressed: [] },
    { name: 'name glob', e: { name: 'datadog-*' }, suppressed: ['ClusterRole/datadog-agent'] },
    { name: 'exact name is not a prefix', e: { name: 'datadog' }, suppressed: [] },
    { name: 'namespace null = cluster-scoped only', e: { rule: '*', namespace: null }, suppressed: ['ClusterRole/datadog-agent', 'ClusterRole/prometheus-server'] },
    { name: 'namespace exact', e: { rule: '*', namespace: 'monitoring' }, suppressed: ['Role/pod-reader'] },
    { name: 'namespace glob', e: { rule: '*', namespace: 'mon*' }, suppressed: ['Role/pod-reader'] },
    { name: 'chart = a subchart: only what its templates render', e: { chart: 'datadog' }, suppressed: ['ClusterRole/datadog-agent'] },
    { name: 'chart = the linted chart: everything in it', e: { chart: 'test' }, suppressed: ['ClusterRole/datadog-agent', 'ClusterRole/prometheus-server'] },
    { name: 'chart that is not there', e: { chart: 'other' }, suppressed: [] },
    { name: 'rule "*" with kind and name', e: { rule: '*', kind: 'ClusterRole', name: 'prometheus-server' }, suppressed: ['ClusterRole/prometheus-server'] },
  ];
  it.each(cases)('$name', ({ e, suppressed }) => {
    const result = run([analyze(umbrella())], { exemptions: [exemption(e)] });
    expect(suppressedNames(result.findings)).toEqual(suppressed);
    expect(result.findings.filter((f) => f.suppressed).every((f) => f.suppression?.by === 'config' && f.suppression.reason === 'vendor chart')).toBe(true);
    expect(noticeKinds(result.notices)).toEqual(suppressed.length === 0 ? ['unused-suppression config ' + (e.rule ?? 'nodes-proxy')] : []);
  });

  // Trivy-style expiry (docs/design.md#what-other-tools-expect); `expires` is the last day it applies (README: "after that it no longer applies").
  const expiry: { today: string; expires: string; suppressed: number; notice: string | null }[] = [
    { today: '2027-03-30', expires: '2027-03-31', suppressed: 2, notice: null },
    { today: '2027-03-31', expires: '2027-03-31', suppressed: 2, notice: null },
    {
      today: '2027-04-01',
      expires: '2027-03-31',
      suppressed: 0,
      notice: 'exemptions[0] (rule nodes-proxy) expired on 2027-03-31 (today is 2027-04-01) and no longer suppresses (2 findings); renew or remove it',
    },
    { today: '2028-01-01', expires: '2027-12-31', suppressed: 0, notice: 'exemptions[0] (rule nodes-proxy) expired on 2027-12-31 (today is 2028-01-01) and no longer suppresses (2 findings); renew or remove it' },
  ];
  it.each(expiry)('expires $expires, today $today', ({ today, expires, suppressed, notice }) => {
    const result = run([analyze(umbrella())], { exemptions: [exemption({ expires })], today });
    expect(result.findings.filter((f) => f.suppressed)).toHaveLength(suppressed);
    expect(result.notices.map((n) => `${n.file}:${n.line}: ${n.message}`)).toEqual(notice ? [`${CONFIG_FILE}:3: ${notice}`] : []);
  });

  it('an expired exemption that would match nothing is still reported, once', () => {
    const result = run([analyze(umbrella())], { exemptions: [exemption({ name: 'gone', expires: '2020-01-01' })], today: '2026-06-01' });
    expect(noticeKinds(result.notices)).toEqual(['expired-exemption config nodes-proxy']);
  });

  it('first matching exemption is recorded; a later overlapping one still counts as used', () => {
    const result = run([analyze(umbrella())], { exemptions: [exemption({ name: 'datadog-*', reason: 'first' }), exemption({ reason: 'second' }, 1)] });
    expect(result.findings.filter((f) => f.suppressed).map((f) => `${f.object.name}: ${f.suppression?.reason}`).sort()).toEqual(['datadog-agent: first', 'prometheus-server: second']);
    expect(result.notices).toEqual([]);
  });

  it('an exemption for a rule turned off is not reported unused', () => {
    const ruleSeverity: Record<string, RuleSetting> = { 'ineffective-rule': 'off' };
    const result = run([analyze(umbrella(), CHART, ruleSeverity)], { exemptions: [exemption({ rule: 'ineffective-rule' })], ruleSeverity });
    expect(result.notices).toEqual([]);
  });

  it('one config shared by two charts: used if it matched in either', () => {
    const a = analyze(umbrella(), { ...CHART, id: 0 });
    const b = analyze(doc('templates/role.yaml', namespacedRole), { id: 1, chart: 'charts/other', name: 'other', renderer: 'helm v4.1.4' });
    const result = run([a, b], { exemptions: [exemption({ rule: 'ineffective-rule', chart: 'other' })] });
    expect(result.findings.filter((f) => f.suppressed).map((f) => `${f.target} ${f.object.name}`)).toEqual(['1 pod-reader']);
    expect(result.notices).toEqual([]);
  });
});

describe('baseline and precedence', () => {
  const baselineOf = (findings: Finding[], extra: { fingerprint: string; chart: string }[] = []): Baseline => ({
    file: 'baseline.json',
    entries: [...findings, ...extra].map((f) => ({ fingerprint: f.fingerprint, ruleId: 'nodes-proxy', chart: 'chart' in f ? f.chart : 'test', object: 'x', message: 'x' })),
  });

  it('a finding whose fingerprint is in the baseline is suppressed by it', () => {
    const a = analyze(umbrella());
    const result = run([a], { baseline: baselineOf(a.findings.filter((f) => f.object.name === 'prometheus-server')) });
    expect(suppressedNames(result.findings)).toEqual(['ClusterRole/prometheus-server']);
    expect(result.findings.find((f) => f.suppressed)?.suppression).toEqual({ by: 'baseline', reason: 'accepted in baseline baseline.json' });
  });

  it('entries that matched nothing are reported with count and fingerprints; other charts are left alone', () => {
    const a = analyze(umbrella());
    const stale = ['f'.repeat(32), 'e'.repeat(32)];
    const result = run([a], { baseline: baselineOf([], [...stale.map((fingerprint) => ({ fingerprint, chart: 'test' })), { fingerprint: 'd'.repeat(32), chart: 'not-linted' }]) });
    expect(result.notices).toEqual([
      {
        kind: 'unused-suppression',
        by: 'baseline',
        message: `2 baseline entries matched no finding (fixed, or the object changed); rewrite the baseline with --write-baseline: ${'e'.repeat(32)}, ${'f'.repeat(32)}`,
        file: 'baseline.json',
        line: null,
        ruleId: null,
        fingerprints: ['e'.repeat(32), 'f'.repeat(32)],
      },
    ]);
  });

  it('annotation beats exemption beats baseline; all three count as used', () => {
    const a = analyze(umbrella({ datadog: { 'ignore-check.helm-rbac-lint.io/nodes-proxy': 'annotated' } }));
    const datadog = a.findings.filter((f) => f.object.name === 'datadog-agent');
    const result = run([a], { exemptions: [exemption({ name: 'datadog-agent', reason: 'exempted' })], baseline: baselineOf(datadog) });
    expect(result.findings.find((f) => f.object.name === 'datadog-agent')?.suppression).toEqual({ by: 'annotation', reason: 'annotated' });
    expect(result.notices).toEqual([]);
  });
});
