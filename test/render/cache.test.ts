// The opt-in render cache (docs/design.md#commands-targets-and-exit-codes `--cache`: "keyed on every chart file, values file,
// flag and the helm version; a stale render must be impossible"; docs/design.md#robustness outputs written atomically).
import { appendFileSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultCacheLocation, isCacheableValuesPath, setFilePaths } from '../../src/render/cache.js';
import { renderTargets } from '../../src/render/index.js';
import type { RenderOptions } from '../../src/render/index.js';
import { HELMS, RBAC_TEMPLATE, baseOptions, loggingHelm, makeChart, makeProbeChart, probeField, scratch, write } from './fixtures.js';

const templateCalls = (calls: string[]) => calls.filter((c) => c.startsWith('template ')).length;

describe.each(HELMS)('render cache with $label', ({ bin }) => {
  const dir = scratch('cache-');
  const helm = loggingHelm(dir, bin);
  const chart = makeProbeChart(join(dir, 'cached'), 'cached', { values: 'fromValues: v1\n' });
  makeChart(join(chart, 'charts/child'), { name: 'child', files: { 'templates/c.yaml': RBAC_TEMPLATE } });
  write(join(dir, 'values.yaml'), 'scenario: one\n');
  write(join(dir, 'file.txt'), 'first');
  const base: RenderOptions = baseOptions({
    helm: helm.bin, cwd: dir, cache: true, cacheLocation: 'cache-dir',
    values: ['values.yaml'], setFile: ['fromSetFile=file.txt'],
  });

  /** Render and say whether helm template ran. */
  async function render(extra: Partial<RenderOptions> = {}) {
    helm.reset();
    const results = await renderTargets(['cached'], { ...base, ...extra });
    return { rendered: templateCalls(helm.calls()) > 0, text: results.map((r) => r.text).join('') };
  }

  it('a first render is stored atomically, a second one is served from the cache', async () => {
    const first = await render();
    expect(first.rendered).toBe(true);
    const entries = readdirSync(join(dir, 'cache-dir'));
    expect(entries.filter((e) => e.endsWith('.tmp'))).toEqual([]);
    expect(entries.filter((e) => e.startsWith('render-'))).toHaveLength(1);
    const second = await render();
    expect(second).toEqual({ rendered: false, text: first.text });
  });

  const changes: { why: string; change: () => void; extra?: Partial<RenderOptions>; field: string; expected: string }[] = [
    { why: 'a template changes', change: () => appendFileSync(join(chart, 'templates/probe.yaml'), '  edited: "template"\n'), field: 'edited', expected: 'template' },
    { why: 'chart values.yaml changes', change: () => writeFileSync(join(chart, 'values.yaml'), 'fromValues: v2\n'), field: 'fromValues', expected: 'v2' },
    { why: 'a file of a subchart changes', change: () => appendFileSync(join(chart, 'charts/child/templates/c.yaml'), 'metadata2: {}\n'), field: 'release', expected: 'cached' },
    { why: 'an unreferenced chart file is added (.Files may read any file)', change: () => write(join(chart, 'files/new.txt'), 'x'), field: 'release', expected: 'cached' },
    { why: 'a -f values file changes', change: () => writeFileSync(join(dir, 'values.yaml'), 'scenario: two\n'), field: 'scenario', expected: 'two' },
    { why: 'a --set-file file changes', change: () => writeFileSync(join(dir, 'file.txt'), 'second'), field: 'fromSetFile', expected: 'second' },
    { why: '--set changes', change: () => undefined, extra: { set: ['fromSet=x'] }, field: 'fromSet', expected: 'x' },
    { why: '--namespace changes', change: () => undefined, extra: { namespace: 'other' }, field: 'namespace', expected: 'other' },
    { why: '--kube-version changes', change: () => undefined, extra: { kubeVersions: ['1.31.0'] }, field: 'kube', expected: 'v1.31.0' },
    { why: '--release-name changes', change: () => undefined, extra: { releaseName: 'rel' }, field: 'release', expected: 'rel' },
  ];

  it.each(changes)('a miss when $why, then a hit', async ({ change, extra, field, expected }) => {
    await render();
    change();
    const after = await render(extra);
    expect(after.rendered).toBe(true);
    expect(probeField(after.text, field)).toBe(expected);
    expect((await render(extra)).rendered).toBe(false);
  });

  it('a damaged entry is a miss and is replaced', async () => {
    await render();
    for (const entry of readdirSync(join(dir, 'cache-dir'))) writeFileSync(join(dir, 'cache-dir', entry), 'garbage');
    const after = await render();
    expect(after.rendered).toBe(true);
    expect(after.text).toContain('# Source: cached/templates/probe.yaml');
    expect((await render()).rendered).toBe(false);
  });

  it('a render during which a chart file changes is not stored (its key would not describe it)', async () => {
    const touching = write(
      join(dir, 'touching-helm'),
      `#!/bin/sh\nif [ "$1" = template ]; then mkdir -p '${join(chart, 'files')}'; echo "# $$" >> '${join(chart, 'files/touched.txt')}'; fi\nexec '${bin}' "$@"\n`,
      0o755,
    );
    const location = join(dir, 'touch-cache');
    const [r] = await renderTargets(['cached'], { ...base, helm: touching, cacheLocation: location });
    expect(r?.readTemplate('files/touched.txt')).toMatch(/^# \d+/);
    expect(existsSync(location) ? readdirSync(location) : []).toEqual([]);
  });

  it('without --cache nothing is read or written', async () => {
    await render();
    expect((await render({ cache: false })).rendered).toBe(true);
  });
});

describe('render cache across helm versions', () => {
  const dir = scratch('cache-helms-');
  makeProbeChart(join(dir, 'c'), 'c');
  it('a different helm version is a miss (the helm version is part of the key)', async () => {
    const renderers: string[] = [];
    for (const h of [...HELMS, ...HELMS]) {
      const log = loggingHelm(join(dir, h.label.replace(/\W/g, '')), h.bin);
      log.reset();
      const [r] = await renderTargets(['c'], baseOptions({ helm: log.bin, cwd: dir, cache: true, cacheLocation: 'cache-by-version' }));
      renderers.push(`${r?.target.renderer} ${templateCalls(log.calls()) > 0 ? 'rendered' : 'cached'}`);
    }
    expect(renderers).toEqual([...HELMS.map((h) => `helm ${h.label.split(' ')[1]} rendered`), ...HELMS.map((h) => `helm ${h.label.split(' ')[1]} cached`)]);
  });
});

describe('cache helpers', () => {
  const dir = scratch('cache-units-');
  mkdirSync(join(dir, 'with/node_modules'), { recursive: true });
  mkdirSync(join(dir, 'without'), { recursive: true });

  // Never a new folder in the user's tree: node_modules/.cache when there is a node_modules (the
  // JavaScript tools' convention), else the user cache directory.
  it.each([
    ['with', join(dir, 'with/node_modules/.cache/helm-rbac-lint')],
    ['without', '/home/u/.cache/helm-rbac-lint/renders'],
  ])('default location %s a node_modules dir: %s', (cwd, expected) => {
    expect(defaultCacheLocation(join(dir, cwd), [], { HOME: '/home/u' })).toBe(expected);
  });

  it('a --cache run in a directory without node_modules creates nothing there', async () => {
    const home = join(dir, 'home');
    const chart = makeChart(join(dir, 'without', 'charts', 'c'), { name: 'c', files: { 'templates/r.yaml': RBAC_TEMPLATE } });
    const before = readdirSync(join(dir, 'without'));
    await renderTargets(['charts/c'], baseOptions({ helm: HELMS[0]?.bin, cwd: join(dir, 'without'), cache: true, env: { ...process.env, HOME: home, XDG_CACHE_HOME: '' } }));
    expect(readdirSync(join(dir, 'without'))).toEqual(before);
    expect(readdirSync(chart).sort()).toEqual(['Chart.yaml', 'templates']);
    expect(readdirSync(join(home, '.cache', 'helm-rbac-lint', 'renders')).length).toBeGreaterThan(0);
  });

  it.each([
    ['values.yaml', true],
    ['-', false],
    ['https://example.com/values.yaml', false],
  ])('values path %s cacheable: %s (helm -f also reads URLs and stdin, whose content the key cannot cover)', (p, expected) => {
    expect(isCacheableValuesPath(p)).toBe(expected);
  });

  it.each<[string[], string[] | null]>([
    [['a=x.txt'], ['x.txt']],
    [['a=x.txt,b.c=y.txt', 'd=z.txt'], ['x.txt', 'y.txt', 'z.txt']],
    [['a=dir\\,with\\,commas/x.txt'], ['dir,with,commas/x.txt']],
    [['a={x.txt,y.txt}'], null],
    [['noequals'], null],
  ])('--set-file %j reads %j (helm pkg/strvals ParseFile: "name1=path1,name2=path2", `\\` escapes)', (args, expected) => {
    expect(setFilePaths(args)).toEqual(expected);
  });
});
