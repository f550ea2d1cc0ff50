// Target discovery (docs/design.md#commands-targets-and-exit-codes "Target arguments", docs/design.md#what-other-tools-expect pre-commit: "map each to its
// chart root (walk up to Chart.yaml, treat charts/<sub>/ as part of the parent) and render
// each chart once").
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintError } from '../../src/errors.js';
import { resolveTargets } from '../../src/render/index.js';
import type { ResolvedTarget } from '../../src/render/index.js';
import { makeChart, scratch, write } from './fixtures.js';

const root = scratch('targets-');
makeChart(join(root, 'repo/charts/a'), { name: 'a', files: { 'templates/x.yaml': 'a: 1\n' } });
makeChart(join(root, 'repo/charts/a/charts/sub'), { name: 'sub', files: { 'templates/y.yaml': 'b: 1\n' } });
makeChart(join(root, 'repo/charts/b'), { name: 'b' });
makeChart(join(root, 'repo/charts/b/examples/nested'), { name: 'nested' });
makeChart(join(root, 'repo/node_modules/dep'), { name: 'dep' });
makeChart(join(root, 'repo/.git/objects-chart'), { name: 'git' });
write(join(root, 'repo/charts/a/charts/dep-1.0.0.tgz'), 'not really an archive');
write(join(root, 'manifest.yaml'), 'kind: ConfigMap\n');
write(join(root, 'manifest.json'), '{"kind":"ConfigMap"}\n');
write(join(root, 'pkg.tgz'), 'archive bytes');
write(join(root, 'notes.txt'), 'text');
mkdirSync(join(root, 'empty'));
symlinkSync('loop.yaml', join(root, 'loop.yaml'));

const view = (targets: ResolvedTarget[]) => targets.map((t) => `${t.kind}:${t.display}`);

describe('resolveTargets', () => {
  const cases: { why: string; args: string[]; version?: string; expected: string[] }[] = [
    { why: 'docs/design.md#commands-targets-and-exit-codes a chart directory (has Chart.yaml)', args: ['repo/charts/a'], expected: ['chart:repo/charts/a'] },
    {
      why: 'docs/design.md#commands-targets-and-exit-codes a directory that contains charts: every Chart.yaml below it, sorted, not descending into a chart\'s own charts/, skipping node_modules and .git',
      args: ['repo'],
      expected: ['chart:repo/charts/a', 'chart:repo/charts/b', 'chart:repo/charts/b/examples/nested'],
    },
    { why: 'docs/design.md#commands-targets-and-exit-codes any file inside a chart resolves to the chart root', args: ['repo/charts/a/templates/x.yaml'], expected: ['chart:repo/charts/a'] },
    { why: 'docs/design.md#what-other-tools-expect a file under <chart>/charts/<sub>/ belongs to the parent', args: ['repo/charts/a/charts/sub/templates/y.yaml'], expected: ['chart:repo/charts/a'] },
    { why: 'docs/design.md#what-other-tools-expect a packaged dependency in charts/ belongs to the parent', args: ['repo/charts/a/charts/dep-1.0.0.tgz'], expected: ['chart:repo/charts/a'] },
    { why: 'docs/design.md#commands-targets-and-exit-codes a directory inside a chart resolves to the chart root', args: ['repo/charts/a/templates'], expected: ['chart:repo/charts/a'] },
    {
      why: 'docs/design.md#commands-targets-and-exit-codes duplicates are rendered once (first mention names it)',
      args: ['repo/charts/a/', 'repo/charts/a/Chart.yaml', 'repo/charts/a/charts/sub/Chart.yaml', 'repo'],
      expected: ['chart:repo/charts/a/', 'chart:repo/charts/b', 'chart:repo/charts/b/examples/nested'],
    },
    { why: 'docs/design.md#commands-targets-and-exit-codes a rendered manifest file (.yaml)', args: ['manifest.yaml'], expected: ['manifest:manifest.yaml'] },
    { why: 'docs/design.md#commands-targets-and-exit-codes a rendered manifest file (.json)', args: ['manifest.json'], expected: ['manifest:manifest.json'] },
    { why: 'docs/design.md#commands-targets-and-exit-codes `-` for stdin, once', args: ['-', '-'], expected: ['stdin:<stdin>'] },
    { why: 'docs/design.md#commands-targets-and-exit-codes a packaged chart .tgz', args: ['pkg.tgz'], expected: ['package:pkg.tgz'] },
    { why: 'docs/design.md#commands-targets-and-exit-codes oci:// reference resolved by helm', args: ['oci://registry.example/charts/x'], expected: ['remote:oci://registry.example/charts/x'] },
    { why: 'docs/design.md#commands-targets-and-exit-codes repo/chart reference with --version', args: ['somerepo/somechart'], version: '1.2.3', expected: ['remote:somerepo/somechart'] },
    { why: 'docs/design.md#commands-targets-and-exit-codes a local path wins over a repo reference', args: ['repo/charts'], version: '1.2.3', expected: ['chart:repo/charts/a', 'chart:repo/charts/b', 'chart:repo/charts/b/examples/nested'] },
  ];

  it.each(cases)('$why', async ({ args, version, expected }) => {
    expect(view(await resolveTargets(args, { cwd: root, version }))).toEqual(expected);
  });

  it('names charts found from an absolute path absolutely, and gives absolute roots (docs/design.md#commands-targets-and-exit-codes)', async () => {
    const targets = await resolveTargets([join(root, 'repo/charts/a/templates/x.yaml')]);
    expect(targets).toEqual([{ kind: 'chart', input: join(root, 'repo/charts/a/templates/x.yaml'), display: join(root, 'repo/charts/a'), root: join(root, 'repo/charts/a') }]);
  });

  const failures: { why: string; args: string[]; message: RegExp }[] = [
    { why: 'docs/design.md#commands-targets-and-exit-codes nonexistent path', args: ['missing/chart/dir'], message: /^missing\/chart\/dir: no such file or directory$/ },
    { why: 'docs/design.md#commands-targets-and-exit-codes a repo/chart lookalike without --version is a missing path, with a hint', args: ['somerepo/somechart'], message: /^somerepo\/somechart: no such file or directory \(a chart repository reference needs --version\)$/ },
    { why: 'docs/design.md#commands-targets-and-exit-codes a directory with no charts', args: ['empty'], message: /^empty: no Chart.yaml in or below this directory$/ },
    { why: 'docs/design.md#commands-targets-and-exit-codes a file that is neither chart, package nor manifest', args: ['notes.txt'], message: /^notes.txt: not a chart directory, packaged chart \(\.tgz\) or manifest/ },
    { why: 'docs/design.md#robustness a path that cannot be accessed is named (symlink loop)', args: ['loop.yaml'], message: /^loop.yaml: cannot access \(ELOOP\)$/ },
  ];

  it.each(failures)('$why → one-line input error naming the path', async ({ args, message }) => {
    const err = await resolveTargets(args, { cwd: root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LintError);
    expect((err as LintError).kind).toBe('input');
    expect((err as LintError).message).toMatch(message);
    expect((err as LintError).message).not.toContain('\n');
  });
});
