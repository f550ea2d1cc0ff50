// Which charts the Action checks (docs/design.md#integrations `charts`: "default: charts changed in the PR, else
// all"; docs/design.md#what-other-tools-expect pre-commit: "walk up to Chart.yaml, treat charts/<sub>/ as part of the parent").
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chartRootOf, chartsFromInput, selectCharts } from '../../src/action/charts.js';
import type { ActionContext } from '../../src/action/context.js';
import { parseNameStatus } from '../../src/action/git.js';
import { enclosingChart } from '../../src/render/targets.js';
import { FIXTURES } from '../support/cli.js';
import { pullRequestRepo, scratchDir } from './support.js';
import type { PullRequestRepo } from './support.js';

describe('chartRootOf (pure)', () => {
  it.each([
    { why: 'a template maps to its chart', file: 'charts/a/templates/x.yaml', charts: ['charts/a'], root: 'charts/a' },
    { why: 'a vendored subchart file belongs to the parent (docs/design.md#what-other-tools-expect)', file: 'charts/a/charts/sub/templates/x.yaml', charts: ['charts/a', 'charts/a/charts/sub'], root: 'charts/a' },
    { why: 'subcharts nest: the outermost parent', file: 'charts/a/charts/sub/charts/deep/values.yaml', charts: ['charts/a', 'charts/a/charts/sub', 'charts/a/charts/sub/charts/deep'], root: 'charts/a' },
    { why: 'a packaged dependency in charts/ belongs to the chart', file: 'charts/a/charts/dep-1.0.0.tgz', charts: ['charts/a'], root: 'charts/a' },
    { why: 'a file in no chart', file: 'charts/README.md', charts: ['charts/a'], root: null },
    { why: 'a chart at the repository root', file: 'templates/x.yaml', charts: ['.'], root: '.' },
    { why: 'a charts/ folder outside any chart is just a folder', file: 'vendor/charts/x/Chart.yaml', charts: ['vendor/charts/x'], root: 'vendor/charts/x' },
  ])('$why: $file → $root', ({ file, charts, root }) => {
    const has = new Set(charts);
    expect(chartRootOf(file, (d) => has.has(d))).toBe(root);
  });

  // The same rule as the render layer's enclosingChart (render/targets.ts), on the fixture whose
  // subchart grants nodes/proxy (charts-fixtures/subchart-grant, template under charts/agent/).
  it('agrees with the render layer on charts-fixtures/subchart-grant', async () => {
    const file = 'subchart-grant/charts/agent/templates/clusterrole.yaml';
    const fromFs = await enclosingChart(join(FIXTURES, 'subchart-grant/charts/agent/templates'));
    const pure = chartRootOf(file, (d) => ['subchart-grant', 'subchart-grant/charts/agent'].includes(d));
    expect(fromFs).toBe(join(FIXTURES, 'subchart-grant'));
    expect(pure).toBe('subchart-grant');
  });
});

describe('parseNameStatus (git diff --name-status -z, git-diff(1) "RAW OUTPUT FORMAT")', () => {
  it.each([
    { out: 'M\0a/x.yaml\0', changes: [{ path: 'a/x.yaml', from: null }] },
    { out: 'A\0n.yaml\0D\0gone.yaml\0', changes: [{ path: 'n.yaml', from: null }, { path: 'gone.yaml', from: null }] },
    // A rename changes both paths: the old one is gone, the new one came from it.
    { out: 'R100\0old/Chart.yaml\0new/Chart.yaml\0', changes: [{ path: 'old/Chart.yaml', from: null }, { path: 'new/Chart.yaml', from: 'old/Chart.yaml' }] },
    // A copy leaves the source as it was.
    { out: 'C75\0src.yaml\0dst.yaml\0', changes: [{ path: 'dst.yaml', from: 'src.yaml' }] },
    { out: '', changes: [] },
  ])('$out', ({ out, changes }) => {
    expect(parseNameStatus(out)).toEqual(changes);
  });
});

const context = (repo: PullRequestRepo, pr: boolean): ActionContext => ({
  workspace: repo.dir,
  runnerTemp: repo.dir,
  eventName: pr ? 'pull_request' : 'push',
  pullRequest: pr ? { baseSha: repo.baseSha, headSha: repo.headSha, number: 1 } : null,
});

describe('selectCharts on a real git repository', () => {
  const dir = scratchDir('select-');
  const fixture = (name: string) => ({ copy: join(FIXTURES, name) });
  const BASE = { 'charts/parent': fixture('subchart-grant'), 'charts/other': fixture('explicit-nodes-proxy'), 'charts/README.md': { text: 'charts\n' } };

  it('a change inside a vendored subchart selects the parent chart only', async () => {
    const repo = await pullRequestRepo(dir, 'sub', BASE, { ...BASE, 'charts/parent/charts/agent/values.yaml': { text: 'changed: true\n' } });
    expect(await selectCharts([], context(repo, true))).toMatchObject({ targets: ['charts/parent'], removed: [] });
  });

  it('a deleted chart is listed as removed (compared with the base), not linted', async () => {
    const { 'charts/other': _gone, ...rest } = BASE;
    const repo = await pullRequestRepo(dir, 'deleted', BASE, rest);
    expect(await selectCharts([], context(repo, true))).toMatchObject({ targets: [], removed: ['charts/other'] });
  });

  it('a moved chart is compared with where it was (git rename detection), not as deleted + new', async () => {
    const { 'charts/other': moved, ...rest } = BASE;
    const repo = await pullRequestRepo(dir, 'moved', BASE, { ...rest, 'charts/renamed': moved });
    const s = await selectCharts([], context(repo, true));
    expect(s).toMatchObject({ targets: ['charts/renamed'], removed: [] });
    expect([...s.movedFrom]).toEqual([['charts/renamed', 'charts/other']]);
  });

  it('a changed .helm-rbac-lint.yaml outside any chart selects every chart below it', async () => {
    const repo = await pullRequestRepo(dir, 'config', BASE, { ...BASE, '.helm-rbac-lint.yaml': { text: 'rules: {}\n' } });
    expect((await selectCharts([], context(repo, true))).targets).toEqual(['charts/other', 'charts/parent']);
  });

  it('outside a pull request: every chart in the workspace', async () => {
    const repo = await pullRequestRepo(dir, 'push', BASE, BASE);
    expect(await selectCharts([], context(repo, false))).toMatchObject({ targets: ['.'], how: 'every chart in the workspace' });
  });

  it('a base commit missing from the clone says to fetch it', async () => {
    const repo = await pullRequestRepo(dir, 'shallow', BASE, BASE);
    const missing = { ...repo, baseSha: 'f'.repeat(40) };
    await expect(selectCharts([], context(missing, true))).rejects.toThrow(/fetch-depth: 0/);
  });

  it('the charts input: globs expand to chart roots (subcharts fold into parents), plain paths stay as given', async () => {
    const repo = await pullRequestRepo(dir, 'globs', BASE, BASE);
    expect(await chartsFromInput(['charts/*'], repo.dir)).toEqual(['charts/other', 'charts/parent']);
    expect(await chartsFromInput(['**'], repo.dir)).toEqual(['charts/other', 'charts/parent']);
    expect(await chartsFromInput(['charts/other', 'charts/o*'], repo.dir)).toEqual(['charts/other']);
    await expect(chartsFromInput(['nothing/*'], repo.dir)).rejects.toThrow('input charts: "nothing/*" matches no chart directory');
  });
});
