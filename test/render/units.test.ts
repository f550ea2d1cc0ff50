// Small pieces of the render module, without helm.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintError } from '../../src/errors.js';
import { directoryReader } from '../../src/render/chart-files.js';
import { releaseNameFor } from '../../src/render/chart-meta.js';
import { hasContent } from '../../src/render/documents.js';
import { kubeVersionsToRender, normalizeKubeVersion } from '../../src/render/plan.js';
import { mapInOrder } from '../../src/render/pool.js';
import { liveTempDirs, makeTempDir, removeTempDir } from '../../src/render/tempdirs.js';
import { makeChart, scratch } from './fixtures.js';

describe('hasContent (INDEX.md: "docs" = non-empty YAML documents)', () => {
  it.each<[string, string, boolean]>([
    ['helm output of a template that renders nothing', '---\n# Source: c/templates/a.yaml\n', false],
    ['empty text', '', false],
    ['markers, comments and a directive only', '%YAML 1.2\n---\n# x\n...\n--- # trailing comment\n', false],
    ['BOM and CRLF around a comment', '\uFEFF# a\r\n---\r\n', false],
    ['one key', '---\n# Source: c/templates/a.yaml\nkind: ConfigMap\n', true],
    ['content on the document marker line', '--- {kind: ConfigMap}\n', true],
    ['a JSON manifest', '{"kind":"ConfigMap"}', true],
  ])('%s', (_why, text, expected) => {
    expect(hasContent(text)).toBe(expected);
  });
});

describe('kube versions (docs/design.md#commands-targets-and-exit-codes --kube-version, repeatable)', () => {
  it.each([
    ['1.33.0', '1.33.0'],
    ['v1.33', '1.33.0'],
    ['1.33', '1.33.0'],
    ['V1.30.2', '1.30.2'],
    ['1.34.0-rc.1', '1.34.0-rc.1'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeKubeVersion(input)).toBe(expected);
  });

  it.each(['latest', '', '1.2.3.4', 'one.two'])('%j is a usage error', (input) => {
    const err = (() => {
      try {
        return normalizeKubeVersion(input);
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(LintError);
    expect((err as LintError).kind).toBe('usage');
  });

  it('renders each distinct version once, in the order given; none given → helm default (null)', () => {
    expect(kubeVersionsToRender(['1.33', 'v1.32.0', '1.33.0'])).toEqual(['1.33.0', '1.32.0']);
    expect(kubeVersionsToRender([])).toEqual([null]);
  });
});

describe('releaseNameFor (helm: release names are DNS-1123 subdomains of at most 53 characters)', () => {
  it.each([
    ['prometheus', 'prometheus'],
    ['kube-prometheus-stack', 'kube-prometheus-stack'],
    ['My_Chart', 'my-chart'],
    ['-weird-', 'weird'],
    ['x'.repeat(60), 'x'.repeat(53)],
    ['___', 'release'],
  ])('%s → %s', (name, expected) => {
    expect(releaseNameFor(name)).toBe(expected);
  });
});

describe('mapInOrder (docs/design.md#performance parallel renders; results keep input order)', () => {
  const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const out = await mapInOrder([30, 5, 20, 1, 10], 2, async (ms, i) => {
      peak = Math.max(peak, ++running);
      await delay(ms);
      running--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4]);
    expect(peak).toBe(2);
  });

  it('throws the earliest failure in input order, whatever finishes first, and starts nothing new', async () => {
    const started: number[] = [];
    const err = await mapInOrder([40, 1, 5, 30, 1], 3, async (ms, i) => {
      started.push(i);
      await delay(ms);
      if (i === 0 || i === 2) throw new Error(`item ${i}`);
      return i;
    }).catch((e: Error) => e.message);
    expect(err).toBe('item 0');
    expect(started).toEqual([0, 1, 2, 3]); // 3 started (item 1 finished) before item 2 failed; 4 never does
  });
});

describe('directoryReader reads only inside the chart', () => {
  const dir = scratch('reader-');
  const chart = makeChart(join(dir, 'c'), { name: 'c', files: { 'templates/a.yaml': 'a: 1\n' } });
  const read = directoryReader(chart);
  it.each<[string, string | null]>([
    ['templates/a.yaml', 'a: 1\n'],
    ['./templates//a.yaml', 'a: 1\n'],
    ['templates/missing.yaml', null],
    ['../c/templates/a.yaml', null],
    ['/etc/hostname', null],
    ['templates', null],
    ['charts/nosub/templates/a.yaml', null],
  ])('%s', (rel, expected) => {
    expect(read(rel)).toBe(expected);
  });
});

describe('temp dirs are removed on SIGINT/SIGTERM (src/render/tempdirs.ts)', () => {
  it('installs handlers only while a temp dir lives, and a signal removes every live temp dir', async () => {
    const before = new Set(process.listeners('SIGTERM'));
    const a = await makeTempDir('signal-test-');
    const b = await makeTempDir('signal-test-');
    const ours = process.listeners('SIGTERM').filter((l) => !before.has(l));
    expect(ours).toHaveLength(1);
    // Another listener keeps the process alive: our handler then cleans up without re-raising.
    const keepAlive = () => undefined;
    process.on('SIGTERM', keepAlive);
    try {
      (ours[0] as (s: NodeJS.Signals) => void)('SIGTERM');
    } finally {
      process.off('SIGTERM', keepAlive);
    }
    expect([existsSync(a), existsSync(b)]).toEqual([false, false]);
    expect(liveTempDirs()).toEqual([]);
    expect(process.listeners('SIGTERM').filter((l) => !before.has(l))).toEqual([]);
  });

  it('removeTempDir removes the dir and the handlers with the last one', async () => {
    const before = process.listenerCount('SIGINT');
    const d = await makeTempDir('remove-test-');
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    await removeTempDir(d);
    expect(existsSync(d)).toBe(false);
    expect(process.listenerCount('SIGINT')).toBe(before);
  });
});
