// Render failures are one clear line naming the chart (docs/design.md#commands-targets-and-exit-codes exit 2 "errors are one
// clear line on stderr naming the chart/file/object"; docs/design.md#robustness "a timeout bounds each render";
// docs/design.md#commands-targets-and-exit-codes "a chart that renders no objects at all is an error"; docs/design.md#commands-targets-and-exit-codes --dependency-build advice).
// helm's own messages come from the real binaries (helm pkg/action CheckDependencies:
// "found in Chart.yaml, but missing in charts/ directory: <names>").
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { LintError } from '../../src/errors.js';
import { renderTargets } from '../../src/render/index.js';
import { liveTempDirs } from '../../src/render/tempdirs.js';
import { HELMS, RBAC_TEMPLATE, baseOptions, loggingHelm, makeChart, scratch, write } from './fixtures.js';

async function failure(promise: Promise<unknown>): Promise<LintError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(LintError);
  const lintError = err as LintError;
  expect(lintError.message).not.toMatch(/[\n\r]/);
  return lintError;
}

describe.each(HELMS)('render errors with $label', ({ bin }) => {
  const dir = scratch('render-errors-');
  const opts = baseOptions({ helm: bin, cwd: dir });
  makeChart(join(dir, 'ok'), { name: 'ok', files: { 'templates/r.yaml': RBAC_TEMPLATE } });
  makeChart(join(dir, 'syntax'), { name: 'syntax', files: { 'templates/a.yaml': 'a: {{ .Values.x \n' } });
  makeChart(join(dir, 'required'), { name: 'required', files: { 'templates/a.yaml': 'a: {{ required "x is required" .Values.x }}\n' } });
  makeChart(join(dir, 'empty'), { name: 'empty', files: { 'templates/a.yaml': '{{- if .Values.on }}\na: 1\n{{- end }}\n', 'templates/NOTES.txt': 'hi' } });
  makeChart(join(dir, 'sub'), { name: 'sub', files: { 'templates/s.yaml': RBAC_TEMPLATE.replace('-reader', '-sub') } });
  const dependencyYaml = 'dependencies:\n  - name: sub\n    version: 0.1.0\n    repository: file://../sub\n';

  const cases: { why: string; args: string[]; kind: string; message: RegExp }[] = [
    {
      why: 'template syntax error: helm\'s multi-line stderr becomes one line without "Error:" or --debug advice',
      args: ['syntax'], kind: 'render',
      message: /^syntax: parse error at \(syntax\/templates\/a\.yaml:2\): unclosed action started at syntax\/templates\/a\.yaml:1$/,
    },
    { why: '`required` value missing', args: ['required'], kind: 'render', message: /^required: execution error at \(required\/templates\/a\.yaml:1:\d+\): x is required$/ },
    { why: 'empty render is an error naming the chart (docs/design.md#commands-targets-and-exit-codes never a silent green)', args: ['empty'], kind: 'render', message: /^empty: the chart rendered no objects/ },
    { why: 'the earliest failing target in input order is reported (docs/design.md#outputs: deterministic)', args: ['ok', 'required', 'syntax'], kind: 'render', message: /^required: / },
    { why: 'the label of the failing render is named', args: ['required'], kind: 'render', message: /^required \(kube 1\.30\.0\): / },
  ];

  it.each(cases)('$why', async ({ args, kind, message, why }) => {
    const kubeVersions = why.includes('label') ? ['1.30.0', '1.31.0'] : [];
    const err = await failure(renderTargets(args, { ...opts, kubeVersions }));
    expect(err.kind).toBe(kind);
    expect(err.message).toMatch(message);
  });

  it('a missing dependency advises `helm dependency build` or --dependency-build (docs/design.md#commands-targets-and-exit-codes)', async () => {
    makeChart(join(dir, 'needs dep'), { name: 'needsdep', chartYamlExtra: dependencyYaml, files: { 'templates/r.yaml': RBAC_TEMPLATE } });
    const err = await failure(renderTargets(['needs dep'], opts));
    expect(err.kind).toBe('render');
    expect(err.message).toBe("needs dep: chart dependencies are missing from charts/ (sub): run `helm dependency build 'needs dep'` (or pass --dependency-build)");
  });

  it('--dependency-build builds missing dependencies once, then renders every render of the chart (docs/design.md#commands-targets-and-exit-codes)', async () => {
    const parent = makeChart(join(dir, 'builds-dep'), { name: 'buildsdep', chartYamlExtra: dependencyYaml, files: { 'templates/r.yaml': RBAC_TEMPLATE } });
    const helmLog = loggingHelm(dir, bin);
    const results = await renderTargets(['builds-dep'], { ...opts, helm: helmLog.bin, dependencyBuild: true, kubeVersions: ['1.30.0', '1.31.0', '1.32.0'] });
    expect(results).toHaveLength(3);
    for (const r of results) expect(r.text).toContain('# Source: buildsdep/charts/sub/templates/s.yaml');
    expect(existsSync(join(parent, 'charts', 'sub-0.1.0.tgz'))).toBe(true);
    expect(results[0]?.readTemplate('charts/sub/templates/s.yaml')).toContain('kind: ClusterRole');
    expect(helmLog.calls().filter((c) => c === 'dependency build')).toHaveLength(1);
  });

  it('helm warnings on stderr with exit 0 are not errors (INDEX.md datadog: "Condition path … returned non-bool value")', async () => {
    const parent = makeChart(join(dir, 'warns'), {
      name: 'warns',
      chartYamlExtra: 'dependencies:\n  - name: child\n    version: 0.1.0\n    condition: child.enabled\n',
      values: 'child:\n  enabled: "yes"\n',
      files: { 'templates/r.yaml': RBAC_TEMPLATE },
    });
    makeChart(join(parent, 'charts/child'), { name: 'child', files: { 'templates/c.yaml': RBAC_TEMPLATE.replace('-reader', '-child') } });
    const direct = await execa(bin, ['template', 'warns', parent], { reject: false });
    expect(direct.exitCode).toBe(0);
    expect(direct.stderr).toMatch(/non-bool value/);
    const [r] = await renderTargets(['warns'], opts);
    expect(r?.text).toContain('name: warns-reader');
  });

  it('removes temp dirs when a packaged chart fails to render (docs/design.md#robustness)', async () => {
    await execa(bin, ['package', '--destination', join(dir, 'pkg'), join(dir, 'required')]);
    const err = await failure(renderTargets([join('pkg', 'required-0.1.0.tgz')], opts));
    expect(err.message).toMatch(/^pkg\/required-0\.1\.0\.tgz: execution error/);
    expect(liveTempDirs()).toEqual([]);
  });
});

describe('errors that do not depend on the helm version', () => {
  const dir = scratch('render-errors-any-');
  const helm = HELMS[0]?.bin ?? 'helm';
  makeChart(join(dir, 'ok'), { name: 'ok', files: { 'templates/r.yaml': RBAC_TEMPLATE } });
  write(join(dir, 'rendered.yaml'), RBAC_TEMPLATE);
  write(join(dir, 'blank.yaml'), '---\n# nothing here\n---\n');
  write(join(dir, 'broken.tgz'), 'this is not gzip');
  const emptyPath = join(dir, 'no-helm-here');
  write(join(emptyPath, '.keep'), '');
  // A stand-in "helm" that answers `helm version` like helm 4.1.4 and hangs on anything else.
  const slowHelm = write(
    join(dir, 'slow-helm'),
    '#!/bin/sh\nif [ "$1" = version ]; then case "$3" in *KubeClient*) echo v1.35;; *) echo v4.1.4;; esac; exit 0; fi\nexec sleep 30\n',
    0o755,
  );

  const missing: { why: string; extra: Parameters<typeof baseOptions>[0] }[] = [
    { why: '--helm pointing nowhere', extra: { helm: join(dir, 'nope', 'helm') } },
    { why: 'HELM_BIN pointing nowhere', extra: { env: { ...process.env, HELM_BIN: join(dir, 'nope', 'helm') } } },
    { why: 'no helm on PATH', extra: { env: { PATH: emptyPath } } },
    { why: 'a file that is not executable', extra: { helm: join(dir, 'rendered.yaml') } },
  ];

  it.each(missing)('helm not found ($why) → helm-missing advising --helm/HELM_BIN (docs/design.md#commands-targets-and-exit-codes)', async ({ extra }) => {
    const err = await failure(renderTargets(['ok'], baseOptions({ cwd: dir, ...extra })));
    expect(err.kind).toBe('helm-missing');
    expect(err.message).toMatch(/install helm 3 or 4, or pass --helm <path> or set HELM_BIN$/);
  });

  it('a manifest-only run needs no helm (docs/design.md#commands-targets-and-exit-codes rendered manifest input)', async () => {
    const results = await renderTargets(['rendered.yaml'], baseOptions({ cwd: dir, helm: join(dir, 'nope', 'helm') }));
    expect(results.map((r) => r.target.renderer)).toEqual(['manifest']);
  });

  it('a render that exceeds timeoutMs is stopped and says so with the limit (docs/design.md#robustness)', async () => {
    const started = Date.now();
    const err = await failure(renderTargets(['ok'], baseOptions({ cwd: dir, helm: slowHelm, timeoutMs: 300 })));
    expect(err.kind).toBe('render');
    expect(err.message).toBe('ok: helm template did not finish within 300 ms (render timeout)');
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  const inputs: { why: string; args: string[]; stdin?: string; message: string }[] = [
    { why: 'an empty manifest file', args: ['blank.yaml'], message: 'blank.yaml: no YAML documents (the file is empty)' },
    { why: 'empty stdin', args: ['-'], stdin: '', message: '<stdin>: no YAML documents (the file is empty)' },
    { why: 'a .tgz that is not an archive', args: ['broken.tgz'], message: 'broken.tgz: not a readable chart archive' },
  ];

  it.each(inputs)('$why → input error (docs/design.md#commands-targets-and-exit-codes never a silent green, docs/design.md#robustness named input)', async ({ args, stdin, message }) => {
    const err = await failure(renderTargets(args, baseOptions({ cwd: dir, helm, stdin: async () => stdin ?? '' })));
    expect(err.kind).toBe('input');
    expect(err.message.startsWith(message)).toBe(true);
    expect(liveTempDirs()).toEqual([]);
  });

  it('an invalid --kube-version is a usage error (docs/design.md#commands-targets-and-exit-codes)', async () => {
    const err = await failure(renderTargets(['ok'], baseOptions({ cwd: dir, helm, kubeVersions: ['latest'] })));
    expect(err.kind).toBe('usage');
    expect(err.message).toBe('--kube-version latest: not a Kubernetes version (expected e.g. 1.33.0)');
  });
});

// helm 4 prints a template error over several lines (location / `executing … at <…>:` / cause,
// helm v4.1.4 pkg/engine/engine.go reformatExecErrorMsg) where helm 3 prints one; the line we
// report must keep the cause, and read the same for both (src/render/helm.ts helmErrorLine).
describe.skipIf(HELMS.length < 2)('helm 3 and helm 4 render errors read the same, with chart, template position and cause', () => {
  const dir = scratch('render-errors-joined-');
  const helper = '{{- define "x.tag" -}}{{ .Values.image.tag }}{{- end -}}\n';
  makeChart(join(dir, 'nilptr'), { name: 'nilptr', files: { 'templates/cm.yaml': 'kind: ConfigMap\ndata:\n  tag: {{ .Values.image.tag }}\n' } });
  makeChart(join(dir, 'include'), { name: 'include', files: { 'templates/_helpers.tpl': helper, 'templates/cm.yaml': 'kind: ConfigMap\ndata:\n  tag: {{ include "x.tag" . }}\n' } });
  makeChart(join(dir, 'required'), { name: 'required', values: 'image: {}\n', files: { 'templates/cm.yaml': 'tag: {{ required "image.tag is required" .Values.image.tag }}\n' } });
  makeChart(join(dir, 'yamlerr'), { name: 'yamlerr', files: { 'templates/cm.yaml': 'a: b: c\n' } });
  makeChart(join(dir, 'badvalues'), { name: 'badvalues', values: 'a: [1, 2\n', files: { 'templates/cm.yaml': 'a: 1\n' } });
  makeChart(join(dir, 'missingdep'), { name: 'missingdep', chartYamlExtra: 'dependencies:\n  - name: common\n    version: 1.0.0\n    repository: https://example.com\n', files: { 'templates/cm.yaml': 'a: 1\n' } });
  const cases = [
    { chart: 'nilptr', message: /^nilptr: nilptr\/templates\/cm\.yaml:3:\d+: executing "nilptr\/templates\/cm\.yaml" at <\.Values\.image\.tag>: nil pointer evaluating interface \{\}\.tag$/ },
    {
      chart: 'include',
      message: /^include: include\/templates\/cm\.yaml:3:\d+: executing "include\/templates\/cm\.yaml" at <include "x\.tag" \.>: error calling include: include\/templates\/_helpers\.tpl:1:\d+: executing "x\.tag" at <\.Values\.image\.tag>: nil pointer evaluating interface \{\}\.tag$/,
    },
    { chart: 'required', message: /^required: execution error at \(required\/templates\/cm\.yaml:1:\d+\): image\.tag is required$/ },
    { chart: 'yamlerr', message: /^yamlerr: YAML parse error on yamlerr\/templates\/cm\.yaml: error converting YAML to JSON: yaml: (line 1: )?mapping values are not allowed in this context$/ },
    { chart: 'badvalues', message: /^badvalues: cannot load values\.yaml: error converting YAML to JSON: yaml: line \d+: did not find expected ',' or ']'$/ },
    { chart: 'missingdep', message: /^missingdep: chart dependencies are missing from charts\/ \(common\): run `helm dependency build missingdep` \(or pass --dependency-build\)$/ },
  ];

  it.each(cases)('$chart', async ({ chart, message }) => {
    const said = [];
    for (const { bin } of HELMS) {
      // HELM_DEBUG=true (helm --debug under a plugin) adds log lines and helm 3's stack trace: still the same line.
      for (const env of [{ ...process.env, HELM_DEBUG: 'false' }, { ...process.env, HELM_DEBUG: 'true' }]) {
        const err = await failure(renderTargets([chart], baseOptions({ helm: bin, cwd: dir, env })));
        expect(err.message).toMatch(message);
        said.push(err.message);
      }
    }
    expect(new Set(said).size, said.join('\n')).toBe(1);
  });
});
