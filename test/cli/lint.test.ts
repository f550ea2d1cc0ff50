import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('JSON has the docs/design.md#outputs shape and is deterministic', async () => {
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
  // `lint charts/ --format json --output report.json` with one chart missing a required value: the
  // report must still name it, in every format (a report that silently lists only the others reads as clean).
  const dir = tempDir('hrl-multi-');
  cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(dir, 'good'), { recursive: true });
  cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(dir, 'broken'), { recursive: true });
  writeFileSync(join(dir, 'broken', 'templates', 'bad.yaml'), '{{ required "x is required" .Values.x }}\n');
  writeFileSync(join(dir, 'unreadable.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x\n');
  const BROKEN = /broken: execution error at \(explicit-nodes-proxy\/templates\/bad\.yaml:1:\d+\): x is required/;

  it('JSON: the others are linted; every target is listed with its status, the broken one with its message; exit 2', async () => {
    const r = await runCli(['lint', dir, '--format', 'json'], { helm });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(BROKEN);
    const json = JSON.parse(r.stdout);
    expect(json.targets.map((t: { chart: string; status: string }) => [t.chart, t.status])).toEqual([
      [join(dir, 'broken'), 'error'],
      [join(dir, 'good'), 'ok'],
    ]);
    expect(json.targets[0].message).toMatch(BROKEN);
    expect(json.targets[1].message).toBeNull();
    expect(json.findings.some((f: { ruleId: string }) => f.ruleId === 'nodes-proxy')).toBe(true);
    expect(json.findings.every((f: { target: number }) => f.target === json.targets[1].id)).toBe(true);
  });

  it('a render that cannot be read (a YAML error in a manifest) is listed the same way', async () => {
    const r = await runCli(['lint', join(dir, 'good'), join(dir, 'unreadable.yaml'), '--format', 'json'], { helm });
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout);
    expect(json.targets.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([
      ['explicit-nodes-proxy', 'ok'],
      ['unreadable.yaml', 'error'],
    ]);
    expect(json.targets[1].message).toMatch(/unreadable\.yaml/);
  });

  it('SARIF: a tool execution notification and executionSuccessful false', async () => {
    const r = await runCli(['lint', dir, '--format', 'sarif'], { helm });
    const [invocation] = JSON.parse(r.stdout).runs[0].invocations;
    expect(invocation.executionSuccessful).toBe(false);
    expect(invocation.toolExecutionNotifications).toHaveLength(1);
    expect(invocation.toolExecutionNotifications[0].level).toBe('error');
    expect(invocation.toolExecutionNotifications[0].message.text).toMatch(BROKEN);
  });

  it.each([
    { format: 'text', line: /^error: .*broken: execution error at .*x is required$/m, tail: /1 could not be linted\.\n$/ },
    { format: 'markdown', line: /^- \*\*error\*\*: .*broken: execution error at .*x is required$/m, tail: /helm-rbac-lint: ERROR/ },
  ])('$format: a line naming the broken chart and its error', async ({ format, line, tail }) => {
    const r = await runCli(['lint', dir, '--format', format], { helm });
    expect(r.stdout).toMatch(line);
    expect(r.stdout).toMatch(tail);
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

describe('--changed-files (the pre-commit hook): a YAML file outside any chart with no Kubernetes object', () => {
  // .pre-commit-hooks.yaml's `files` matches values*.yaml anywhere, so a commit touching
  // env/values-prod.yaml passes it to the hook; it is not a manifest, and must not block the commit.
  const dir = tempDir('hrl-changed-');
  cpSync(join(FIXTURES, 'scraper-direct-kubelet'), join(dir, 'charts', 'safe'), { recursive: true });
  mkdirSync(join(dir, 'env'));
  writeFileSync(join(dir, 'env', 'values-prod.yaml'), 'replicas: 3\nimage:\n  tag: v1\n');
  writeFileSync(join(dir, 'env', 'broken-values.yaml'), 'a: [1, 2\n');
  const opts = { helm, cwd: dir };

  it('is skipped with a note; the chart beside it is linted; exit 0', async () => {
    const r = await runCli(['lint', '--changed-files', 'env/values-prod.yaml', 'charts/safe/values.yaml'], opts);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('helm-rbac-lint: note: env/values-prod.yaml: skipped: not part of a chart and holds no Kubernetes object\n');
    expect(r.stdout).toMatch(/^note: env\/values-prod\.yaml: skipped/m);
  });

  it('alone: nothing to lint is no error (JSON lists it as skipped)', async () => {
    const r = await runCli(['lint', '--changed-files', 'env/values-prod.yaml', '--format', 'json'], opts);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).targets.map((t: { name: string; status: string }) => [t.name, t.status])).toEqual([['values-prod.yaml', 'skipped']]);
  });

  it('a YAML file that cannot be read is still an error (it may hold RBAC we cannot see)', async () => {
    const r = await runCli(['lint', '--changed-files', 'env/broken-values.yaml'], opts);
    expect(r.code).toBe(2);
  });

  it('without --changed-files (a direct lint of the file) it stays the exit-2 error', async () => {
    const r = await runCli(['lint', 'env/values-prod.yaml'], opts);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^helm-rbac-lint: env\/values-prod\.yaml: no Kubernetes object/);
  });
});

describe('several kube versions', () => {
  // One render per version; a finding seen in both is one finding (renders: [...]), and the
  // chart's header names every render rather than only the first.
  it('text: the header names every render, the finding is printed once with its renders', async () => {
    const r = await runCli(['lint', join(FIXTURES, 'explicit-nodes-proxy'), '--kube-version', '1.32.0', '--kube-version', '1.35.0'], { helm });
    expect(r.stdout).toMatch(/^\S*charts-fixtures\/explicit-nodes-proxy \(.*, renders: kube 1\.32\.0, kube 1\.35\.0[,)]/m);
    expect(r.stdout.match(/CRITICAL nodes-proxy/g)).toHaveLength(1);
    expect(r.stdout).toMatch(/in renders: kube 1\.32\.0, kube 1\.35\.0/);
    expect(r.stdout).toMatch(/^2 renders: 1 critical/m);
  });

  it('markdown: the heading names every render', async () => {
    const r = await runCli(['lint', join(FIXTURES, 'explicit-nodes-proxy'), '--kube-version', '1.32.0', '--kube-version', '1.35.0', '--format', 'markdown'], { helm });
    expect(r.stdout).toMatch(/^### explicit-nodes-proxy 0\.1\.0 \(<code>\S*charts-fixtures\/explicit-nodes-proxy<\/code>, renders: kube 1\.32\.0, kube 1\.35\.0\)$/m);
  });
});

describe('usage errors are one helm-rbac-lint: line', () => {
  // `lint` is the default command: a mistyped command would otherwise be read as a chart path.
  it.each([
    { args: ['rule'], line: 'helm-rbac-lint: rule: neither a command nor a path (did you mean `helm-rbac-lint rules`?)' },
    { args: ['expain', 'nodes-proxy'], line: 'helm-rbac-lint: expain: neither a command nor a path (did you mean `helm-rbac-lint explain`?)' },
    { args: ['whocan', 'get', 'nodes'], line: 'helm-rbac-lint: whocan: neither a command nor a path (did you mean `helm-rbac-lint who-can`?)' },
  ])('a mistyped command: $args.0', async ({ args, line }) => {
    const r = await runCli(args, { helm, cwd: tempDir('hrl-typo-') });
    expect([r.code, r.stdout, r.stderr]).toEqual([2, '', `${line}\n`]);
  });

  it('a directory of that name is still a lint target', async () => {
    const dir = tempDir('hrl-typo-dir-');
    cpSync(join(FIXTURES, 'explicit-nodes-proxy'), join(dir, 'rule'), { recursive: true });
    const r = await runCli(['rule'], { helm, cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/CRITICAL nodes-proxy/);
  });

  // commander prints `error: …` and a hint on another line; a suggestion adds a line of its own.
  it.each([
    { args: ['lint', '--bogus'], line: "helm-rbac-lint: unknown option '--bogus' (run with --help for usage)" },
    { args: ['lint', '--fromat', 'json'], line: "helm-rbac-lint: unknown option '--fromat' (Did you mean --format?) (run with --help for usage)" },
    { args: ['who-can'], line: "helm-rbac-lint: missing required argument 'verb' (run with --help for usage)" },
    { args: ['can-i', 'get', 'nodes'], line: "helm-rbac-lint: required option '--as <user>' not specified (run with --help for usage)" },
  ])('commander: $args', async ({ args, line }) => {
    const r = await runCli(args, { helm });
    expect([r.code, r.stderr]).toEqual([2, `${line}\n`]);
  });
});

describe('who-can output', () => {
  const chart = join(FIXTURES, 'scraper-apiserver-proxy');
  it.each([
    { why: 'with -n: the not-namespace-scoped warning once', extra: ['-n', 'monitoring'], stderr: "Warning: resource 'nodes' is not namespace scoped\n" },
    { why: 'without -n: no warning (-n only defaults the render namespace)', extra: [], stderr: '' },
  ])('$why; stdout ends with a newline', async ({ extra, stderr }) => {
    const r = await runCli(['who-can', 'get', 'nodes', '--subresource', 'proxy', chart, ...extra], { helm });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(stderr);
    expect(r.stdout).toMatch(/^Subjects that may get nodes\/proxy:\n {2}\S+\/kubelet-scraper-server {2}via ClusterRoleBinding .*\n$/);
  });
});
