// renderTargets against real helm 4.1.4 and 3.17.3 (scripts/dev-helm.mjs), on throwaway charts.
// Behaviour: docs/design.md#commands-targets-and-exit-codes (targets, render options), docs/design.md#performance (parallel, input order), docs/design.md#robustness (argument
// arrays, no shell); helm flags as documented by `helm template --help` for both majors.
import { existsSync, readFileSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { execa } from 'execa';
import { c as createTar } from 'tar';
import { beforeAll, describe, expect, it } from 'vitest';
import { assumedMinors, assumedRenderVersions } from '../../src/kube-versions.js';
import { renderTargets } from '../../src/render/index.js';
import { liveTempDirs } from '../../src/render/tempdirs.js';
import { HELMS, RBAC_TEMPLATE, baseOptions, makeChart, makeProbeChart, probeField, scratch, write } from './fixtures.js';

// Without --kube-version a chart renders at the newest minor of the supported window, whichever
// helm runs (helm 4.1.4 would default to 1.35.0, 3.17.3 to 1.32.0: INDEX.md "KubeVersion trap").
const ASSUMED = assumedRenderVersions(null, false)[0];

describe.each(HELMS)('render with $label', ({ bin, major }) => {
  const dir = scratch('render-');
  const opts = baseOptions({ helm: bin, cwd: dir });
  const probe = makeProbeChart(join(dir, 'probe'), 'probe', { values: 'fromValues: chart-default\n' });
  write(join(dir, 'override.yaml'), 'fromValues: from-file\n');
  write(join(dir, 'content.txt'), 'file content');

  it('renders a chart directory and describes the target (docs/design.md#commands-targets-and-exit-codes, docs/design.md#outputs targets)', async () => {
    const [r, ...rest] = await renderTargets(['probe'], opts);
    expect(rest).toEqual([]);
    expect(r?.text).toContain('# Source: probe/templates/probe.yaml');
    expect(r?.target).toEqual({
      id: 0, chart: 'probe', name: 'probe', version: '0.1.0', release: 'probe', namespace: 'default', values: [],
      renderer: `helm v${major === 4 ? '4.1.4' : '3.17.3'}`, kubeVersion: ASSUMED, chartKubeVersion: null, render: null,
      kubeVersionSource: 'assumed', kubeMinors: assumedMinors(null),
    });
    expect(probeField(r?.text ?? '', 'kube')).toBe(`v${ASSUMED}`);
    expect(r?.chartRoot).toBe(probe);
    expect(r?.chartName).toBe('probe');
    expect(r?.displayPath).toBe('probe');
    expect(r?.readTemplate('templates/probe.yaml')).toContain('.Capabilities.KubeVersion.Version');
    expect(r?.readTemplate('../outside')).toBeNull();
  });

  const optionCases: { why: string; extra: Parameters<typeof baseOptions>[0]; field: string; expected: string }[] = [
    { why: 'chart values apply by default', extra: {}, field: 'fromValues', expected: 'chart-default' },
    { why: '-f/--values reaches helm', extra: { values: ['override.yaml'] }, field: 'fromValues', expected: 'from-file' },
    { why: '--set reaches helm (typed)', extra: { set: ['fromSet=true'] }, field: 'fromSetKind', expected: 'bool' },
    { why: '--set-string reaches helm (string)', extra: { setString: ['fromSetString=true'] }, field: 'fromSetStringKind', expected: 'string' },
    { why: '--set-file reaches helm', extra: { setFile: ['fromSetFile=content.txt'] }, field: 'fromSetFile', expected: 'file content' },
    { why: '-n/--namespace reaches helm', extra: { namespace: 'monitoring' }, field: 'namespace', expected: 'monitoring' },
    { why: '--release-name overrides the default', extra: { releaseName: 't' }, field: 'release', expected: 't' },
    { why: 'release name defaults to the chart name', extra: {}, field: 'release', expected: 'probe' },
    { why: '--api-versions reaches helm', extra: { apiVersions: ['example.com/v1'] }, field: 'hasExampleApi', expected: 'true' },
    { why: '--kube-version reaches helm', extra: { kubeVersions: ['1.30.0'] }, field: 'kube', expected: 'v1.30.0' },
  ];

  it.each(optionCases)('docs/design.md#commands-targets-and-exit-codes render options: $why', async ({ extra, field, expected }) => {
    const [r] = await renderTargets(['probe'], { ...opts, ...extra });
    expect(probeField(r?.text ?? '', field)).toBe(expected);
  });

  it('renders once per --kube-version, labelled, ids in order (docs/design.md#commands-targets-and-exit-codes, docs/design.md#what-other-tools-expect Kube version)', async () => {
    const results = await renderTargets(['probe', 'probe/templates/probe.yaml'], { ...opts, kubeVersions: ['1.32.0', 'v1.33', '1.32'] });
    expect(results.map((r) => [r.target.id, r.target.render, r.target.kubeVersion, probeField(r.text, 'kube')])).toEqual([
      [0, 'kube 1.32.0', '1.32.0', 'v1.32.0'],
      [1, 'kube 1.33.0', '1.33.0', 'v1.33.0'],
    ]);
  });

  it('--ci-values adds one render per ci/*-values.yaml, sorted (docs/design.md#commands-targets-and-exit-codes, docs/design.md#what-other-tools-expect chart-testing)', async () => {
    makeProbeChart(join(dir, 'withci'), 'withci', {
      files: { 'ci/b-values.yaml': 'scenario: b\n', 'ci/a-values.yaml': 'scenario: a\n', 'ci/readme.md': 'not values' },
    });
    const results = await renderTargets(['withci'], { ...opts, ciValues: true, values: ['override.yaml'] });
    expect(results.map((r) => [r.target.render, r.target.values, probeField(r.text, 'scenario'), probeField(r.text, 'fromValues')])).toEqual([
      ['default values', ['override.yaml'], 'none', 'from-file'],
      ['ci/a-values.yaml', ['override.yaml', 'withci/ci/a-values.yaml'], 'a', 'from-file'],
      ['ci/b-values.yaml', ['override.yaml', 'withci/ci/b-values.yaml'], 'b', 'from-file'],
    ]);
    const single = await renderTargets(['probe'], { ...opts, ciValues: true });
    expect(single.map((r) => r.target.render)).toEqual([null]);
  });

  it('renders every chart of a directory, in parallel, keeping input order (docs/design.md#commands-targets-and-exit-codes, docs/design.md#performance)', async () => {
    const names = ['c5', 'c1', 'c4', 'c2', 'c3'];
    for (const n of names) makeChart(join(dir, 'many', n), { name: n, files: { 'templates/r.yaml': RBAC_TEMPLATE } });
    const progress: string[] = [];
    const results = await renderTargets(['many', 'probe'], { ...opts, concurrency: 2 }, { onProgress: (done, total) => progress.push(`${done}/${total}`) });
    expect(results.map((r) => [r.target.id, r.target.chart])).toEqual([
      [0, 'many/c1'], [1, 'many/c2'], [2, 'many/c3'], [3, 'many/c4'], [4, 'many/c5'], [5, 'probe'],
    ]);
    expect(results[0]?.text).toContain('name: c1-reader');
    expect(progress).toEqual(['1/6', '2/6', '3/6', '4/6', '5/6', '6/6']);
  });

  it('renders a packaged chart from a temp dir, reads its templates, cleans up (docs/design.md#commands-targets-and-exit-codes .tgz)', async () => {
    const pkgDir = join(dir, 'pkg');
    await execa(bin, ['package', '--destination', pkgDir, probe]);
    const [r] = await renderTargets([join('pkg', 'probe-0.1.0.tgz')], opts);
    expect(r?.target.chart).toBe('pkg/probe-0.1.0.tgz');
    expect(r?.target.name).toBe('probe');
    expect(r?.chartRoot).toBe(join(pkgDir, 'probe-0.1.0.tgz'));
    expect(probeField(r?.text ?? '', 'release')).toBe('probe');
    expect(r?.readTemplate('templates/probe.yaml')).toContain('.Release.Name');
    expect(liveTempDirs()).toEqual([]);
  });

  it('a packaged chart cannot read local files through symlinks it carries (docs/design.md#robustness: third-party charts are input, not trusted)', async () => {
    write(join(dir, 'secret.txt'), 'TOP-SECRET');
    const evil = makeChart(join(dir, 'evil-src', 'evil'), {
      name: 'evil',
      files: { 'templates/cm.yaml': 'kind: ConfigMap\ndata:\n  leak: {{ .Files.Get "leak.txt" | quote }}\n' },
    });
    symlinkSync(join(dir, 'secret.txt'), join(evil, 'leak.txt'));
    await createTar({ gzip: true, file: join(dir, 'evil.tgz'), cwd: join(dir, 'evil-src') }, ['evil']);
    const [r] = await renderTargets(['evil.tgz'], opts);
    expect(r?.text).toContain('leak: ""');
    expect(r?.text).not.toContain('TOP-SECRET');
  });

  it('pulls a repo/chart reference with --version through `helm pull`, renders it and cleans up (docs/design.md#commands-targets-and-exit-codes remote refs; a local HTTP repo stands in for the network)', async () => {
    const served = join(dir, 'served');
    await execa(bin, ['package', '--destination', served, probe]);
    const server = createServer((req, res) => {
      const file = join(served, decodeURIComponent((req.url ?? '/').split('?')[0] ?? '/'));
      if (!existsSync(file)) return void res.writeHead(404).end();
      res.writeHead(200).end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await execa(bin, ['repo', 'index', served, '--url', url]);
      const home = join(dir, 'helm-home');
      const env = {
        ...process.env,
        HELM_CONFIG_HOME: join(home, 'config'), HELM_CACHE_HOME: join(home, 'cache'), HELM_DATA_HOME: join(home, 'data'),
        HELM_REPOSITORY_CONFIG: join(home, 'repositories.yaml'), HELM_REPOSITORY_CACHE: join(home, 'repository'),
      };
      await execa(bin, ['repo', 'add', 'local', url], { env });
      const [r] = await renderTargets(['local/probe'], { ...opts, env, version: '0.1.0' });
      expect(r?.target.chart).toBe('local/probe');
      expect(r?.target.version).toBe('0.1.0');
      expect(r?.chartRoot).toBeNull();
      expect(probeField(r?.text ?? '', 'release')).toBe('probe');
      expect(r?.readTemplate('templates/probe.yaml')).toContain('.Release.Name');
      expect(liveTempDirs()).toEqual([]);
    } finally {
      server.close();
    }
  });

  it('reads subchart templates by the name in `# Source:` — vendored, aliased, or packaged in charts/ (datadog 3.240.0 aliases `operator`)', async () => {
    const parent = makeChart(join(dir, 'parent'), {
      name: 'parent',
      chartYamlExtra: 'dependencies:\n  - name: vendored\n    version: 0.1.0\n  - name: packaged\n    version: 0.1.0\n    alias: renamed\n',
      files: { 'templates/r.yaml': RBAC_TEMPLATE },
    });
    makeChart(join(parent, 'charts/vendored'), { name: 'vendored', files: { 'templates/v.yaml': RBAC_TEMPLATE.replace('-reader', '-vendored') } });
    const packaged = makeChart(join(dir, 'packaged-src'), { name: 'packaged', files: { 'templates/p.yaml': RBAC_TEMPLATE.replace('-reader', '-packaged') } });
    await execa(bin, ['package', '--destination', join(parent, 'charts'), packaged]);
    const [r] = await renderTargets(['parent'], opts);
    const sources = [...(r?.text ?? '').matchAll(/^# Source: parent\/(.+)$/gm)].map((m) => m[1] ?? '').sort();
    expect(sources).toEqual(['charts/renamed/templates/p.yaml', 'charts/vendored/templates/v.yaml', 'templates/r.yaml']);
    for (const source of sources) expect(r?.readTemplate(source)).toContain('kind: ClusterRole');
  });

  it('passes a manifest file through and reads stdin (docs/design.md#commands-targets-and-exit-codes)', async () => {
    write(join(dir, 'rendered.yaml'), RBAC_TEMPLATE);
    const results = await renderTargets(['rendered.yaml', '-'], { ...opts, stdin: async () => 'kind: ServiceAccount\n' });
    expect(results.map((r) => [r.target.renderer, r.target.name, r.target.chart, r.target.kubeVersion, r.displayPath, r.text, r.chartRoot])).toEqual([
      ['manifest', 'rendered.yaml', null, null, 'rendered.yaml', RBAC_TEMPLATE, null],
      ['manifest', '<stdin>', null, null, '<stdin>', 'kind: ServiceAccount\n', null],
    ]);
  });

  it('renders a chart once whatever files of it are named (docs/design.md#commands-targets-and-exit-codes duplicates, docs/design.md#what-other-tools-expect pre-commit)', async () => {
    const results = await renderTargets(['probe/templates/probe.yaml', 'probe/Chart.yaml', 'probe', 'probe/values.yaml'], opts);
    expect(results.map((r) => r.target.chart)).toEqual(['probe']);
  });

  it('--include-crds renders the crds/ directory (helm template --include-crds)', async () => {
    makeProbeChart(join(dir, 'crds'), 'crds', {
      files: { 'crds/thing.yaml': 'apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: things.example.com\n' },
    });
    const [without] = await renderTargets(['crds'], opts);
    const [withCrds] = await renderTargets(['crds'], { ...opts, includeCrds: true });
    expect(without?.text).not.toContain('CustomResourceDefinition');
    expect(withCrds?.text).toContain('name: things.example.com');
  });

  describe('paths are just paths (docs/design.md#robustness: argument arrays, never a shell)', () => {
    const marker = join(dir, 'pwned');
    // --values paths are quoted for helm by the renderer; --set-file arguments are the
    // user's own strvals syntax, where a comma in a path is written `\,` (helm pkg/strvals).
    const setFileEscape = (p: string) => p.replace(/,/g, '\\,');
    const names = ['with space', `it's "quoted"`, 'a,comma', '$(touch pwned)', '`touch pwned`', '-leading-dash', '--set=x'];
    beforeAll(() => {
      for (const n of names) {
        makeProbeChart(join(dir, 'odd', n), 'odd');
        write(join(dir, 'odd', n, 'values-file.yaml'), 'fromValues: odd\n');
      }
    });
    it.each(names)('%s', async (name) => {
      const chart = join('odd', name);
      const [r] = await renderTargets([chart], { ...opts, values: [join(chart, 'values-file.yaml')], setFile: [`fromSetFile=${setFileEscape(join(chart, 'values-file.yaml'))}`] });
      expect(r?.target.chart).toBe(chart);
      expect(probeField(r?.text ?? '', 'fromValues')).toBe('odd');
      expect(existsSync(marker)).toBe(false);
      const [direct] = await renderTargets([name], { ...opts, cwd: join(dir, 'odd') });
      expect(direct?.target.chart).toBe(name);
    });
  });

  it('keeps a chart\'s kubeVersion constraint (docs/design.md#outputs kubelet-subresource-skew needs it)', async () => {
    makeProbeChart(join(dir, 'constrained'), 'constrained', { chartYamlExtra: 'kubeVersion: ">=1.28.0-0"\n' });
    const [r] = await renderTargets(['constrained'], { ...opts, kubeVersions: ['1.30.0'] });
    expect(r?.target.chartKubeVersion).toBe('>=1.28.0-0');
  });

  it('does not change files it renders', async () => {
    const before = readFileSync(join(probe, 'templates/probe.yaml'), 'utf8');
    await renderTargets(['probe'], opts);
    expect(readFileSync(join(probe, 'templates/probe.yaml'), 'utf8')).toBe(before);
  });
});
