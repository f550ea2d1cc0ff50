import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConfigResolver, findConfigFor, loadConfigFile } from '../../src/config/load.js';
import { TEST_RULES } from '../support/rules.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'hrl-config-'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Creates files (content `failOn: high`) and directories (paths ending in `/`) under the temp root. */
async function layout(paths: string[]): Promise<void> {
  for (const p of paths) {
    const abs = join(root, p);
    if (p.endsWith('/')) await mkdir(abs, { recursive: true });
    else {
      await mkdir(dirname(abs), { recursive: true });
      await writeFile(abs, p.endsWith('.git') ? 'gitdir: elsewhere\n' : 'failOn: high\n');
    }
  }
}

describe('findConfigFor: nearest config walking up from the chart', () => {
  // Lookup rules: brief (nearest file walking up, .yaml and .yml) and load.ts header (repository-root stop).
  const cases: { name: string; files: string[]; from: string; stopAt?: string; expected: string | null }[] = [
    { name: 'in the chart directory', files: ['.git/', 'charts/a/Chart.yaml', 'charts/a/.helm-rbac-lint.yaml'], from: 'charts/a', expected: 'charts/a/.helm-rbac-lint.yaml' },
    { name: 'at the repository root, for a nested chart', files: ['.git/', '.helm-rbac-lint.yaml', 'charts/a/Chart.yaml'], from: 'charts/a', expected: '.helm-rbac-lint.yaml' },
    { name: 'the nearest wins', files: ['.git/', '.helm-rbac-lint.yaml', 'charts/.helm-rbac-lint.yaml', 'charts/a/Chart.yaml'], from: 'charts/a', expected: 'charts/.helm-rbac-lint.yaml' },
    { name: '.yml is accepted', files: ['.git/', 'charts/.helm-rbac-lint.yml', 'charts/a/Chart.yaml'], from: 'charts/a', expected: 'charts/.helm-rbac-lint.yml' },
    { name: 'none up to the repository root', files: ['.git/', 'charts/a/Chart.yaml'], from: 'charts/a', expected: null },
    { name: 'a config above the repository root is not used', files: ['.helm-rbac-lint.yaml', 'repo/.git/', 'repo/charts/a/Chart.yaml'], from: 'repo/charts/a', expected: null },
    { name: 'a .git file (worktree, submodule) also marks the root', files: ['.helm-rbac-lint.yaml', 'repo/.git', 'repo/charts/a/Chart.yaml'], from: 'repo/charts/a', expected: null },
    { name: 'stopAt: nothing above it is read', files: ['.git/', '.helm-rbac-lint.yaml', 'mono/charts/a/Chart.yaml'], from: 'mono/charts/a', stopAt: 'mono', expected: null },
    { name: 'stopAt itself is read', files: ['.git/', 'mono/.helm-rbac-lint.yaml', 'mono/charts/a/Chart.yaml'], from: 'mono/charts/a', stopAt: 'mono', expected: 'mono/.helm-rbac-lint.yaml' },
    { name: 'a directory with the config name is not a config', files: ['.git/', '.helm-rbac-lint.yaml', 'charts/.helm-rbac-lint.yaml/', 'charts/a/Chart.yaml'], from: 'charts/a', expected: '.helm-rbac-lint.yaml' },
  ];
  it.each(cases)('$name', async ({ files, from, stopAt, expected }) => {
    await layout(files);
    const found = await findConfigFor(join(root, from), stopAt === undefined ? {} : { stopAt: join(root, stopAt) });
    expect(found === null ? null : relative(root, found)).toBe(expected);
  });

  it('both .yaml and .yml in one directory is an error (exit 2), not a guess', async () => {
    await layout(['.git/', 'charts/.helm-rbac-lint.yaml', 'charts/.helm-rbac-lint.yml', 'charts/a/Chart.yaml']);
    await expect(findConfigFor(join(root, 'charts/a'))).rejects.toMatchObject({
      kind: 'config',
      message: `${join(root, 'charts/.helm-rbac-lint.yaml')}: .helm-rbac-lint.yml exists beside it too; keep one`,
    });
  });
});

describe('loadConfigFile', () => {
  it('resolves values against the config file, returns the file absolute', async () => {
    await layout(['repo/values-prod.yaml', 'repo/ci/extra.yaml']);
    await writeFile(join(root, 'repo/.helm-rbac-lint.yaml'), 'values: [values-prod.yaml, ci/extra.yaml]\n');
    const config = await loadConfigFile(join(root, 'repo/.helm-rbac-lint.yaml'), { ruleIds: TEST_RULES.ids });
    expect(config.file).toBe(join(root, 'repo/.helm-rbac-lint.yaml'));
    expect(config.values).toEqual([join(root, 'repo/values-prod.yaml'), join(root, 'repo/ci/extra.yaml')]);
  });

  // Every input that cannot be processed is named in an error (docs/design.md#robustness); config errors exit 2 (docs/design.md#commands-targets-and-exit-codes).
  const failures: { name: string; setup: string[]; content?: string; path: string; message: (p: string) => string }[] = [
    { name: 'missing file', setup: [], path: 'nope.yaml', message: (p) => `${p}: config file not found` },
    { name: 'a directory', setup: ['dir.yaml/'], path: 'dir.yaml', message: (p) => `${p}: cannot read config file (EISDIR)` },
    {
      name: 'values file that does not exist',
      setup: [],
      content: 'values: [values-prod.yaml]\n',
      path: 'c.yaml',
      message: (p) => `${p}: values[0]: no such file: ${join(dirname(p), 'values-prod.yaml')}`,
    },
    { name: 'schema error names the file as given', setup: [], content: 'failOn: sometimes\n', path: 'c.yaml', message: (p) => `${p}: failOn: must be one of critical, high, medium, low, info, never (got "sometimes")` },
  ];
  it.each(failures)('$name', async ({ setup, content, path, message }) => {
    await layout(setup);
    const p = join(root, path);
    if (content !== undefined) await writeFile(p, content);
    await expect(loadConfigFile(p, { ruleIds: TEST_RULES.ids })).rejects.toMatchObject({ kind: 'config', message: message(p), subject: p });
  });
});

describe('ConfigResolver', () => {
  it('loads a shared config once and gives each chart its nearest', async () => {
    await layout(['.git/', 'charts/a/Chart.yaml', 'charts/b/Chart.yaml', 'charts/c/Chart.yaml']);
    await writeFile(join(root, '.helm-rbac-lint.yaml'), 'failOn: critical\n');
    await writeFile(join(root, 'charts/c/.helm-rbac-lint.yaml'), 'failOn: low\n');
    const resolver = new ConfigResolver({ ruleIds: TEST_RULES.ids });
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((n) => resolver.forChart(join(root, 'charts', n))));
    expect(a).toBe(b); // same object: read and validated once
    expect([a?.failOn, c?.failOn]).toEqual(['critical', 'low']);
  });

  it('--config is used for every chart, whatever lies beside them', async () => {
    await layout(['.git/', 'charts/c/Chart.yaml', 'charts/c/.helm-rbac-lint.yaml']);
    await writeFile(join(root, 'explicit.yaml'), 'failOn: never\n');
    const resolver = new ConfigResolver({ explicit: join(root, 'explicit.yaml'), ruleIds: TEST_RULES.ids });
    expect((await resolver.forChart(join(root, 'charts/c')))?.failOn).toBe('never');
  });

  it('no config anywhere: null', async () => {
    await layout(['.git/', 'charts/a/Chart.yaml']);
    expect(await new ConfigResolver({ ruleIds: TEST_RULES.ids }).forChart(join(root, 'charts/a'))).toBeNull();
  });
});
