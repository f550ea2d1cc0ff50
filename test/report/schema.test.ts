// The JSON outputs are documented by the JSON Schemas shipped in schema/ (README "JSON output").
// Each schema closes every object (additionalProperties: false), so real output of the CLI must
// validate and a field the schema does not describe fails here: the schema cannot drift from
// what `lint --format json` and `diff --format json` print.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { formatJson } from '../../src/report/json.js';
import { FIXTURES, ROOT, runCli } from '../support/cli.js';
import { needs } from '../support/outside.js';
import { realisticReport } from './fixture.js';

const HELM = defaultHelm();
const schema = (name: string) => JSON.parse(readFileSync(join(ROOT, 'schema', name), 'utf8')) as { $id: string };
const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
ajv.addSchema(schema('lint-report.schema.json'));
ajv.addSchema(schema('diff-report.schema.json'));
const validateLint = ajv.getSchema(schema('lint-report.schema.json').$id);
const validateDiff = ajv.getSchema(schema('diff-report.schema.json').$id);

function errors(validate: typeof validateLint, doc: unknown): string[] {
  if (!validate) throw new Error('schema not compiled');
  return validate(doc) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
}

const dir = mkdtempSync(join(tmpdir(), 'hrl-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('schema/lint-report.schema.json', () => {
  it('describes the realistic report (suppressions of each kind, fixes, evidence, unknown lines, warnings)', () => {
    const doc = JSON.parse(formatJson(realisticReport().report));
    expect(errors(validateLint, doc)).toEqual([]);
  });

  it('is not vacuous: an unknown field, a wrong severity or a missing target status is rejected', () => {
    const doc = JSON.parse(formatJson(realisticReport().report));
    expect(errors(validateLint, { ...doc, extra: 1 })).not.toEqual([]);
    expect(errors(validateLint, { ...doc, findings: [{ ...doc.findings[0], severity: 'severe' }] })).not.toEqual([]);
    const { status: _status, ...noStatus } = doc.targets[0];
    expect(errors(validateLint, { ...doc, targets: [noStatus] })).not.toEqual([]);
  });

  it.skipIf(!needs(Boolean(HELM), 'no helm binary: the schema is checked against built-in reports only'))(
    'describes real CLI output: several kube versions, ci values, a suppression notice, a chart that failed to render',
    async () => {
      const charts = join(dir, 'charts');
      cpSync(join(FIXTURES, 'scraper-apiserver-proxy'), join(charts, 'scraper'), { recursive: true });
      cpSync(join(FIXTURES, 'subchart-grant'), join(charts, 'parent'), { recursive: true });
      cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(charts, 'broken'), { recursive: true });
      mkdirSync(join(charts, 'scraper', 'ci'));
      writeFileSync(join(charts, 'scraper', 'ci', 'ha-values.yaml'), 'server: {}\n');
      writeFileSync(join(charts, 'broken', 'templates', 'bad.yaml'), '{{ required "x is required" .Values.x }}\n');
      writeFileSync(join(charts, '.helm-rbac-lint.yaml'), 'dependencies: warn\nexemptions:\n  - rule: nodes-proxy\n    kind: ClusterRole\n    name: nobody-has-this\n    reason: "matches nothing: reported as unused"\n');
      const r = await runCli(['lint', charts, '--kube-version', '1.32.0', '--kube-version', '1.35.0', '--ci-values', '-n', 'monitoring', '--format', 'json'], { helm: HELM as string });
      expect(r.code).toBe(2);
      const doc = JSON.parse(r.stdout);
      expect(doc.targets.some((t: { status: string }) => t.status === 'error')).toBe(true);
      expect(doc.findings.some((f: { renders?: string[] }) => (f.renders?.length ?? 0) > 1)).toBe(true);
      expect(doc.suppressions.length).toBeGreaterThan(0);
      expect(doc.findings.some((f: { dependency?: unknown; failOn?: string }) => f.dependency && f.failOn === 'never')).toBe(true);
      expect(doc.targets.some((t: { values: string[] }) => t.values.length > 0)).toBe(true);
      expect(errors(validateLint, doc)).toEqual([]);
    },
  );
});

describe('schema/diff-report.schema.json', () => {
  it.skipIf(!needs(Boolean(HELM), 'no helm binary: the diff schema is not checked against real output'))(
    'describes real CLI output: objects, subjects, reach, introduced/resolved findings with evidence changes',
    async () => {
      const r = await runCli(['diff', join(FIXTURES, 'scraper-apiserver-proxy'), join(FIXTURES, 'explicit-nodes-proxy'), '-n', 'monitoring', '--format', 'json'], { helm: HELM as string });
      const doc = JSON.parse(r.stdout);
      expect(doc.objects.length).toBeGreaterThan(0);
      expect(doc.findings.resolved.length + doc.findings.introduced.length).toBeGreaterThan(0);
      expect(errors(validateDiff, doc)).toEqual([]);
      expect(errors(validateDiff, { ...doc, verdict: 'worse' })).not.toEqual([]);
    },
  );
});
