import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, runCli } from '../support/cli.js';

const made: string[] = [];
const tempDir = (prefix: string): string => {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
};
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

const helm = defaultHelm() ?? undefined;
const chart = join(FIXTURES, 'explicit-nodes-proxy');
const MANIFEST = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: scraper }
rules:
  - apiGroups: [""]
    resources: ["nodes/proxy"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: scraper }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: scraper }
subjects: [{ kind: ServiceAccount, name: scraper, namespace: monitoring }]
`;

describe('lint command: exit codes, formats, output', () => {
  it.each([
    { args: [], code: 1, name: 'default --fail-on high fails on a critical finding' },
    { args: ['--fail-on', 'critical'], code: 1, name: '--fail-on critical still fails' },
    { args: ['--fail-on', 'never'], code: 0, name: '--fail-on never always passes' },
    { args: ['--rule', 'nodes-proxy=off'], code: 0, name: '--rule nodes-proxy=off turns it off' },
    { args: ['--rule', 'nodes-proxy=medium'], code: 0, name: '--rule nodes-proxy=medium lowers it below high' },
  ])('$name', async ({ args, code }) => {
    const r = await runCli(['lint', chart, ...args], { helm });
    expect(r.code, r.stderr).toBe(code);
  });

  it('lint is the default command', async () => {
    const r = await runCli([chart, '--format', 'json'], { helm });
    expect(JSON.parse(r.stdout).findings[0].ruleId).toBe('nodes-proxy');
  });

  it('reads a manifest from stdin', async () => {
    const r = await runCli(['lint', '-', '--format', 'json'], { stdin: MANIFEST });
    const json = JSON.parse(r.stdout);
    expect(json.targets[0].renderer).toBe('manifest');
    expect(json.findings[0].source).toEqual({ file: '<stdin>', line: 6 });
  });

  it('JSON has the PRODUCT.md §3 shape and is deterministic', async () => {
    const a = await runCli(['lint', chart, '--format', 'json'], { helm });
    const b = await runCli(['lint', chart, '--format', 'json'], { helm });
    expect(a.stdout).toBe(b.stdout);
    const json = JSON.parse(a.stdout);
    expect(Object.keys(json)).toEqual(['schemaVersion', 'tool', 'targets', 'findings', 'summary', 'warnings', 'suppressions']);
    expect(json.summary).toEqual({ critical: 1, high: 0, medium: 0, low: 0, info: 0, suppressed: 0 });
    expect(Object.keys(json.findings[0]).slice(0, 12)).toEqual(['ruleId', 'severity', 'message', 'target', 'object', 'source', 'renderedLine', 'subjects', 'permissions', 'evidence', 'fix', 'suppressed']);
  });

  it('--output writes the report atomically and prints nothing', async () => {
    const dir = tempDir('hrl-out-');
    const out = join(dir, 'sub', 'report.json');
    const r = await runCli(['lint', chart, '--format', 'json', '--output', out], { helm });
    expect(r.stdout).toBe('');
    expect(JSON.parse(readFileSync(out, 'utf8')).findings).toHaveLength(1);
    expect(readdirSync(join(dir, 'sub'))).toEqual(['report.json']);
  });

  it('text output names chart, object, template file:line, subject and fix', async () => {
    const r = await runCli(['lint', chart, '--release-name', 'fx', '-n', 'monitoring'], { helm });
    expect(r.stdout).toMatch(/ClusterRole fx-agent/);
    expect(r.stdout).toMatch(/CRITICAL nodes-proxy {2}templates\/clusterrole\.yaml:\d+/);
    expect(r.stdout).toMatch(/subjects: monitoring\/fx-agent/);
    expect(r.stdout).toMatch(/fix \(confidence (high|medium|low)\): /);
  });
});

describe('errors: one line on stderr naming the input, exit 2, no stack trace', () => {
  it.each([
    { name: 'nonexistent path', args: ['lint', '/no/such/chart'], match: /\/no\/such\/chart/ },
    { name: 'unknown option', args: ['lint', '--bogus'], match: /unknown option/ },
    { name: 'bad --fail-on', args: ['lint', '--fail-on', 'severe'], match: /fail-on/ },
    { name: 'bad --rule', args: ['lint', chart, '--rule', 'no-such-rule=high'], match: /unknown rule id/ },
    { name: 'bad --kube-version', args: ['lint', chart, '--kube-version', 'latest'], match: /kube-version/ },
    { name: 'helm missing', args: ['lint', chart, '--helm', '/no/such/helm'], match: /helm/ },
  ])('$name', async ({ args, match }) => {
    const r = await runCli(args, { helm });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(match);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('--output into an unwritable place fails cleanly and leaves nothing behind', async () => {
    const dir = tempDir('hrl-out-');
    writeFileSync(join(dir, 'file'), 'x');
    const r = await runCli(['lint', chart, '--output', join(dir, 'file', 'report.txt')], { helm });
    expect(r.code).toBe(2);
    expect(existsSync(join(dir, 'file', 'report.txt'))).toBe(false);
  });
});

describe('help teaches', () => {
  it.each([['--help'], ['lint', '--help'], ['can-i', '--help'], ['who-can', '--help']])('%s', async (...args) => {
    const r = await runCli(args);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Examples?:/);
  });
});

describe('one broken chart among several', () => {
  it('the others are still linted and reported; the broken one is named; exit 2', async () => {
    const dir = tempDir('hrl-multi-');
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(dir, 'good'), { recursive: true });
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(dir, 'broken'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'templates', 'bad.yaml'), '{{ required "x is required" .Values.x }}\n');
    const r = await runCli(['lint', dir, '--format', 'json'], { helm });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/broken.*x is required/);
    const json = JSON.parse(r.stdout);
    expect(json.targets.map((t: { chart: string }) => t.chart)).toEqual([join(dir, 'good')]);
    expect(json.findings.some((f: { ruleId: string }) => f.ruleId === 'nodes-proxy')).toBe(true);
  });

  it('a single broken chart is still just its one-line error', async () => {
    const dir = tempDir('hrl-single-');
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(dir, 'broken'), { recursive: true });
    writeFileSync(join(dir, 'broken', 'templates', 'bad.yaml'), '{{ required "x is required" .Values.x }}\n');
    const r = await runCli(['lint', join(dir, 'broken')], { helm });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
  });
});
