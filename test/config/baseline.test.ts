import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import ineffectiveRule from '../../rules/ineffective-rule/index.js';
import nodesProxy from '../../rules/nodes-proxy/index.js';
import { baselineText, parseBaselineText, readBaseline } from '../../src/config/baseline.js';
import { analyzeText } from '../../src/api/index.js';
import { applySuppressions } from '../../src/engine/suppress.js';
import type { Finding } from '../../src/types.js';
import { testTarget } from '../support/objects.js';
import { TEST_RULES, only } from '../support/rules.js';

const RBAC = [
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: agent\nrules:\n  - { apiGroups: [""], resources: ["nodes/proxy"], verbs: ["get"] }\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: agent\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agent }\nsubjects:\n  - { kind: ServiceAccount, name: agent, namespace: monitoring }\n',
  'apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: reader\n  namespace: monitoring\nrules:\n  - { apiGroups: [""], resources: ["nodes"], verbs: ["get"] }\n',
];
const target = testTarget({ name: 'rbac.yaml' });
const lint = (text: string) => analyzeText(text, target, { chartName: null, manifestFile: 'rbac.yaml' }, { rules: only(nodesProxy, ineffectiveRule) }).findings;

// The same objects with every line moved: a new document first, and the rest in another order.
const original = RBAC.join('---\n');
const moved = ['# added later\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  a: "1"\n', RBAC[2], RBAC[1], RBAC[0]].join('---\n');

describe('baseline round trip', () => {
  it('line moves keep fingerprints, so the baseline text is byte-identical and still matches', () => {
    // Fingerprint = rule + chart + object + key, no lines (src/engine/run.ts fingerprint; docs/design.md#outputs partialFingerprints).
    const before = lint(original);
    const after = lint(moved);
    expect(before.length).toBeGreaterThanOrEqual(2);
    expect(after.map((f) => f.renderedLine)).not.toEqual(before.map((f) => f.renderedLine));
    expect(baselineText(after, [target])).toBe(baselineText(before, [target]));
    const baseline = parseBaselineText(baselineText(before, [target]), 'baseline.json');
    const result = applySuppressions(after, { analyses: [], baseline, today: '2026-06-01', ruleIds: TEST_RULES.ids });
    expect(result.findings.every((f) => f.suppressed && f.suppression?.by === 'baseline')).toBe(true);
  });

  it('is sorted by fingerprint, one entry per fingerprint, deterministic JSON', () => {
    const findings = lint(original);
    const doc = JSON.parse(baselineText([...findings].reverse().concat(findings), [target])) as { schemaVersion: number; tool: string; findings: { fingerprint: string }[] };
    expect(doc.schemaVersion).toBe(1);
    expect(doc.tool).toBe('helm-rbac-lint');
    const prints = doc.findings.map((f) => f.fingerprint);
    expect(prints).toEqual([...new Set(findings.map((f) => f.fingerprint))].sort());
    expect(baselineText(findings, [target]).endsWith('}\n')).toBe(true);
  });

  it('entries carry rule, chart, object label and message', () => {
    const [entry] = JSON.parse(baselineText(lint(RBAC.slice(0, 2).join('---\n')), [target])).findings as object[];
    expect(entry).toMatchObject({ ruleId: 'nodes-proxy', chart: 'rbac.yaml', object: 'ClusterRole agent' });
  });

  it('leaves out findings already suppressed by annotation or config, keeps baseline ones', () => {
    const findings = lint(original);
    const marked: Finding[] = findings.map((f, i) =>
      i === 0 ? { ...f, suppressed: true, suppression: { by: 'annotation', reason: 'r' } } : { ...f, suppressed: true, suppression: { by: 'baseline', reason: 'b' } },
    );
    const prints = (JSON.parse(baselineText(marked, [target])).findings as { fingerprint: string }[]).map((e) => e.fingerprint);
    expect(prints).toEqual(findings.slice(1).map((f) => f.fingerprint).sort());
  });
});

describe('reading a baseline', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hrl-baseline-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const entry = { fingerprint: 'a'.repeat(32), ruleId: 'nodes-proxy', chart: 'c', object: 'ClusterRole x', message: 'm' };
  // Errors name the file and exit 2 (docs/design.md#commands-targets-and-exit-codes, #robustness); shape per the baseline format (src/config/baseline.ts).
  const bad: { name: string; content: string; message: string }[] = [
    { name: 'not JSON', content: '{"schemaVersion": 1,', message: 'not valid JSON: ' },
    { name: 'other schema version', content: JSON.stringify({ schemaVersion: 2, tool: 'helm-rbac-lint', findings: [] }), message: 'not a helm-rbac-lint baseline: schemaVersion: must be 1 (got the number 2; quote it: "2")' },
    { name: 'another tool', content: JSON.stringify({ schemaVersion: 1, tool: 'kube-linter', findings: [] }), message: 'not a helm-rbac-lint baseline: tool: must be "helm-rbac-lint" (got "kube-linter")' },
    { name: 'entry without fingerprint', content: JSON.stringify({ schemaVersion: 1, tool: 'helm-rbac-lint', findings: [{ ...entry, fingerprint: undefined }] }), message: 'not a helm-rbac-lint baseline: findings[0].fingerprint: is required' },
    { name: 'hand-made fingerprint', content: JSON.stringify({ schemaVersion: 1, tool: 'helm-rbac-lint', findings: [{ ...entry, fingerprint: 'abc' }] }), message: 'not a helm-rbac-lint baseline: findings[0].fingerprint: must be a 32-character hex fingerprint (got "abc")' },
    { name: 'a SARIF file by mistake', content: JSON.stringify({ version: '2.1.0', runs: [] }), message: 'not a helm-rbac-lint baseline: schemaVersion: is required' },
  ];
  it.each(bad)('$name', async ({ content, message }) => {
    const file = join(dir, 'baseline.json');
    await writeFile(file, content);
    const err = await readBaseline(file).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'config', subject: file });
    expect((err as Error).message.startsWith(`${file}: ${message}`)).toBe(true);
  });

  it('missing file says how to create one', async () => {
    const file = join(dir, 'none.json');
    await expect(readBaseline(file)).rejects.toMatchObject({ message: `${file}: baseline file not found (create it with --write-baseline)` });
  });

  it('reads what baselineText wrote', async () => {
    const file = join(dir, 'baseline.json');
    const findings = lint(original);
    await writeFile(file, baselineText(findings, [target]));
    const baseline = await readBaseline(file);
    expect(baseline.file).toBe(file);
    expect(baseline.entries.map((e) => e.fingerprint)).toEqual(findings.map((f) => f.fingerprint).sort());
  });
});
