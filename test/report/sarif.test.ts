import { describe, expect, it } from 'vitest';
import type { Log, ReportingDescriptor, Result } from 'sarif';
import { FINGERPRINT_KEY, formatSarif, ruleName, SARIF_LEVEL, sarifText, SECURITY_SEVERITY } from '../../src/report/sarif.js';
import type { Finding, Severity, TargetInfo } from '../../src/types.js';
import { RULES } from '../../rules/index.js';
import { finding, realisticReport, reportOf } from './fixture.js';
import { multitoolValidate, schemaErrors } from './sarif-validate.js';

const parse = (text: string): Log => JSON.parse(text) as Log;
const runOf = (log: Log) => log.runs[0] as NonNullable<Log['runs'][0]>;
const paths = new Map<number, string | null>([[0, 'charts/test']]);
const sarifOf = (findings: Finding[]) => runOf(parse(formatSarif(reportOf(findings), { rules: RULES, targetPaths: paths })));

describe('formatSarif: validity', () => {
  const { report, targetPaths } = realisticReport();
  const text = formatSarif(report, { rules: RULES, targetPaths });
  const log = parse(text);

  it('the realistic report has what the checks below need (evidence, fixes, suppressions, unknown lines, hostile text)', () => {
    expect(report.findings.some((f) => f.evidence.length > 0 && f.fix)).toBe(true);
    expect(new Set(report.findings.map((f) => f.suppression?.by).filter(Boolean))).toEqual(new Set(['annotation', 'config', 'baseline']));
    expect(report.findings.some((f) => f.source.line === null)).toBe(true);
    expect(report.findings.some((f) => f.message.includes('\u001b'))).toBe(true);
  });

  // With an absolute repoRoot, %SRCROOT% gets a file URI (SARIF §3.14.14): checked by both validators too.
  const rooted = formatSarif(report, { rules: RULES, targetPaths, repoRoot: '/home/runner/work/my repo/charts repo' });

  it('validates against the official SARIF 2.1.0 schema (sarif-multitool sarif-2.1.0.json, ajv 2020-12)', () => {
    expect(schemaErrors(log)).toEqual([]);
    expect(schemaErrors(parse(rooted))).toEqual([]);
  });

  it('the schema check is not vacuous: a bad level and an unencoded uri are rejected (SARIF 2.1.0 §3.27.10, §3.4.3)', () => {
    const bad = structuredClone(log);
    const result = runOf(bad).results?.[0] as Result;
    (result as { level: string }).level = 'critical';
    const loc = result.locations?.[0]?.physicalLocation?.artifactLocation as { uri: string };
    loc.uri = 'charts/my chart/a.yaml';
    const errors = schemaErrors(bad).join('\n');
    expect(errors).toContain('/runs/0/results/0/level');
    expect(errors).toContain('/runs/0/results/0/locations/0/physicalLocation/artifactLocation/uri');
  });

  it('passes the Microsoft SARIF Multitool (SARIF + GitHub rule kinds) with no error-level result', () => {
    // The Multitool reports nothing at all for a log it cannot deserialize, so a canary (the same
    // log without informationUri, which SARIF2005 flags) proves it really analysed this content.
    const canary = structuredClone(log);
    delete runOf(canary).tool.driver.informationUri;
    // A chart that failed to render: a tool execution notification (SARIF §3.20.21).
    const failed = formatSarif({ ...report, failed: [{ target: report.targets[0] as TargetInfo, status: 'error', message: 'charts/prometheus: execution error at (prometheus/templates/cm.yaml:6:10): image.tag is required' }] }, { rules: RULES, targetPaths });
    expect(schemaErrors(parse(failed))).toEqual([]);
    const run = multitoolValidate({ 'ours.sarif': text, 'rooted.sarif': rooted, 'failed.sarif': failed, 'canary.sarif': JSON.stringify(canary) });
    expect(run.status, run.output).toBe(0);
    expect(run.findings.filter((f) => f.file === 'canary.sarif').map((f) => f.ruleId)).toContain('SARIF2005');
    // Not even a warning (SARIF1001 flagged the rule impersonate, whose name was its id).
    expect(run.findings.filter((f) => f.file !== 'canary.sarif' && f.level !== 'note')).toEqual([]);
  });

  it('the Multitool check is not vacuous: GitHub rules flag a result without locations (GH1015) and a rule without help (GH2012)', () => {
    const bad = structuredClone(log);
    delete (runOf(bad).results?.[0] as Result).locations;
    delete (runOf(bad).tool.driver.rules?.[0] as ReportingDescriptor).help;
    const run = multitoolValidate({ 'bad.sarif': JSON.stringify(bad) });
    const errors = run.findings.filter((f) => f.level === 'error').map((f) => f.ruleId);
    expect(errors).toEqual(expect.arrayContaining(['GH1015', 'GH2012']));
  });

  // GitHub's own requirements for code scanning uploads (docs/design.md#what-other-tools-expect, GitHub docs "SARIF support for code scanning").
  it('meets GitHub code scanning requirements', () => {
    const run = runOf(log);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver.name).toBe('helm-rbac-lint');
    const rules = run.tool.driver.rules ?? [];
    for (const r of rules) {
      expect(r.id).toMatch(/^[a-z0-9-]+$/);
      expect(r.shortDescription?.text).toBeTruthy();
      expect(r.fullDescription?.text).toBeTruthy();
      expect(r.help?.text).toBeTruthy();
      expect(r.help?.markdown).toBeTruthy();
      const sev = r.properties?.['security-severity'] as string;
      expect(sev).toMatch(/^\d+(\.\d+)?$/);
      expect(Number(sev)).toBeGreaterThanOrEqual(0.1);
      expect(Number(sev)).toBeLessThanOrEqual(10);
    }
    const results = run.results ?? [];
    expect(results).toHaveLength(report.findings.length);
    for (const res of results) {
      expect(res.message.text).toBeTruthy();
      expect(rules[res.ruleIndex as number]?.id).toBe(res.ruleId);
      const phys = res.locations?.[0]?.physicalLocation;
      const uri = phys?.artifactLocation?.uri as string;
      expect(uri).not.toMatch(/^([a-z]+:|\/|\.\/|\.\.\/)|\\/);
      expect(phys?.artifactLocation?.uriBaseId).toBe('%SRCROOT%');
      expect(phys?.region?.startLine).toBeGreaterThanOrEqual(1);
      expect(res.partialFingerprints?.[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{32}$/);
    }
    expect(Object.keys(run.originalUriBaseIds ?? {})).toEqual(['%SRCROOT%']);
  });

  it('describes every registered rule, in registry order, with its docs', () => {
    const rules = runOf(log).tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual(RULES.map((r) => r.meta.id));
    for (const [i, rule] of RULES.entries()) {
      const d = rules[i] as ReportingDescriptor;
      expect(d.name).toBe(ruleName(rule.meta.id));
      expect(d.shortDescription?.text).toBe(rule.meta.docs.summary);
      expect(d.fullDescription?.text).toBe(rule.meta.docs.rationale);
      expect(d.help?.markdown).toContain(`## ${rule.meta.id}`);
      expect(d.helpUri).toMatch(new RegExp(`#${rule.meta.id}$`));
      expect(d.defaultConfiguration?.level).toBe(SARIF_LEVEL[rule.meta.severity]);
      expect(d.properties?.tags).toEqual(['security', 'kubernetes', 'rbac', rule.meta.category]);
      expect(d.properties?.['security-severity']).toBe(SECURITY_SEVERITY[rule.meta.severity]);
    }
  });

  it('is deterministic (same input, same bytes; targetPaths insertion order does not matter)', () => {
    const reversed = new Map([...targetPaths.entries()].reverse());
    expect(formatSarif(report, { rules: RULES, targetPaths: reversed })).toBe(text);
    expect(formatSarif(realisticReport().report, { rules: RULES, targetPaths })).toBe(text);
  });
});

describe('formatSarif: results', () => {
  // Levels: GitHub maps error/warning/note to its alert severities; security-severity: GitHub
  // docs (9.0+ critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low), docs/design.md#outputs.
  const severities: { severity: Severity; level: string; securitySeverity: string }[] = [
    { severity: 'critical', level: 'error', securitySeverity: '9.5' },
    { severity: 'high', level: 'error', securitySeverity: '8.0' },
    { severity: 'medium', level: 'warning', securitySeverity: '5.5' },
    { severity: 'low', level: 'note', securitySeverity: '3.0' },
    { severity: 'info', level: 'note', securitySeverity: '1.0' },
  ];
  it.each(severities)('$severity → level $level, security-severity $securitySeverity', ({ severity, level, securitySeverity }) => {
    const [res] = sarifOf([finding({ severity })]).results ?? [];
    expect(res?.level).toBe(level);
    expect(SECURITY_SEVERITY[severity]).toBe(securitySeverity);
  });

  it.each([
    { id: 'nodes-proxy', name: 'NodesProxy' },
    { id: 'apiserver-node-proxy-path', name: 'ApiserverNodeProxyPath' },
    { id: 'ineffective-rule', name: 'IneffectiveRule' },
    // SARIF1001 (Multitool): a name equal to the id but for case is flagged.
    { id: 'impersonate', name: 'ImpersonateRule' },
  ])('rule name of $id is $name (SARIF §3.49.7: a readable identifier)', ({ id, name }) => {
    expect(ruleName(id)).toBe(name);
  });

  it('keeps partialFingerprints when the template lines move and documents are added (docs/design.md#outputs)', () => {
    const before = realisticReport();
    const after = realisticReport({ lineOffset: 7, prefixYaml: 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: added\n---\n' });
    const prints = (r: typeof before) => runOf(parse(formatSarif(r.report, { rules: RULES, targetPaths: r.targetPaths }))).results ?? [];
    const a = prints(before);
    const b = prints(after);
    expect(b.map((r) => r.partialFingerprints)).toEqual(a.map((r) => r.partialFingerprints));
    expect(b.map((r) => r.locations?.[0]?.physicalLocation?.region?.startLine)).not.toEqual(a.map((r) => r.locations?.[0]?.physicalLocation?.region?.startLine));
  });

  it.each([
    { by: 'annotation' as const, kind: 'inSource' },
    { by: 'config' as const, kind: 'external' },
    { by: 'baseline' as const, kind: 'external' },
  ])('a finding suppressed by $by carries suppressions kind $kind (SARIF §3.35.2)', ({ by, kind }) => {
    const [res] = sarifOf([finding({ suppressed: true, suppression: { by, reason: 'owned by the platform team' } })]).results ?? [];
    expect(res?.suppressions).toEqual([{ kind, status: 'accepted', justification: 'owned by the platform team' }]);
    expect(res?.properties?.['suppressed']).toBe(true);
  });

  it('an unsuppressed finding has no suppressions (absent, not empty: SARIF §3.27.23)', () => {
    expect(sarifOf([finding()]).results?.[0]?.suppressions).toBeUndefined();
  });

  it('an unknown template line is placed on line 1 and says so', () => {
    const res = sarifOf([finding({ source: { file: 'templates/a.yaml', line: null } })]).results?.[0];
    expect(res?.locations?.[0]?.physicalLocation?.region).toEqual({ startLine: 1 });
    expect(res?.properties?.['lineUnknown']).toBe(true);
    expect(sarifOf([finding()]).results?.[0]?.properties?.['lineUnknown']).toBeUndefined();
  });

  it('message is the finding message plus the fix summary, with embedded-link brackets escaped', () => {
    const res = sarifOf([finding({ message: 'Grants [x](y).', fix: { summary: 'Grant nodes/metrics.', rules: [], minKubernetesVersion: '1.33' } })]).results?.[0];
    expect(res?.message.text).toBe('Grants \\[x\\](y). Fix: Grant nodes/metrics. (needs Kubernetes 1.33+ kubelets)');
  });

  it('names the object as a logical location and keeps subjects, permissions, renders as properties', () => {
    const res = sarifOf([finding({ object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', name: 'r', namespace: 'ns' }, renders: ['kube 1.32.0'] })]).results?.[0];
    expect(res?.locations?.[0]?.logicalLocations).toEqual([
      { kind: 'resource', name: 'r', fullyQualifiedName: 'Role/ns/r', properties: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', namespace: 'ns' } },
    ]);
    expect(res?.properties).toMatchObject({
      severity: 'critical',
      subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'monitoring' }],
      permissions: [{ apiGroup: '', resource: 'nodes/proxy', verbs: ['get'], resourceNames: [] }],
      renders: ['kube 1.32.0'],
      suppressed: false,
    });
  });

  it('adds a descriptor for an id outside the registry so every result has a rule (GitHub GH2012)', () => {
    const run = sarifOf([finding({ ruleId: 'unused-suppression', severity: 'low' })]);
    const rules = run.tool.driver.rules ?? [];
    expect(rules.map((r) => r.id)).toEqual([...RULES.map((r) => r.meta.id), 'unused-suppression']);
    expect(run.results?.[0]?.ruleIndex).toBe(rules.length - 1);
  });

  it.each([
    { text: 'a [b] c', expected: 'a \\[b\\] c', source: 'SARIF 2.1.0 §3.11.6: literal brackets are escaped' },
    { text: 'esc \u001b[2J bell \u0007', expected: 'esc \\x1b\\[2J bell \\x07', source: 'control characters made visible (sanitize.ts terminalSafe)' },
    { text: 'two\nlines', expected: 'two\nlines', source: 'SARIF messages may hold newlines' },
  ])('sarifText($text): $source', ({ text, expected }) => {
    expect(sarifText(text)).toBe(expected);
  });

  it('originalUriBaseIds gives %SRCROOT% a file URI only for an absolute repoRoot (SARIF §3.14.14)', () => {
    const withRoot = runOf(parse(formatSarif(reportOf([finding()]), { rules: RULES, targetPaths: paths, repoRoot: '/home/runner/work/my repo' })));
    expect(withRoot.originalUriBaseIds).toEqual({ '%SRCROOT%': { uri: 'file:///home/runner/work/my%20repo/' } });
    expect(sarifOf([finding()]).originalUriBaseIds?.['%SRCROOT%']?.uri).toBeUndefined();
  });
});
