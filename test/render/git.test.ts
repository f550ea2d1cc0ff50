// materializeGitRef: the chart as it is at a git ref (docs/design.md#commands-targets-and-exit-codes `diff --git-base <ref>`:
// "the chart as it is at that git ref vs the working tree"), in a temp dir that is removed.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { LintError } from '../../src/errors.js';
import { materializeGitRef, renderTargets } from '../../src/render/index.js';
import { liveTempDirs } from '../../src/render/tempdirs.js';
import { HELMS, RBAC_TEMPLATE, baseOptions, makeChart, scratch } from './fixtures.js';

const GIT_ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' };

async function git(cwd: string, ...args: string[]): Promise<string> {
  return (await execa('git', args, { cwd, env: GIT_ENV })).stdout;
}

describe('materializeGitRef', () => {
  const dir = scratch('git-');
  const repo = join(dir, 'repo');
  const chartPath = 'charts/my chart';
  const templateFile = join(repo, chartPath, 'templates/r.yaml');

  beforeAll(async () => {
    makeChart(join(repo, chartPath), { name: 'mine', files: { 'templates/r.yaml': RBAC_TEMPLATE } });
    makeChart(join(repo, 'charts/other'), { name: 'other' });
    await git(repo, 'init', '-q');
    await git(repo, 'add', '.');
    await git(repo, 'commit', '-qm', 'base');
    await git(repo, 'tag', 'base');
    writeFileSync(templateFile, RBAC_TEMPLATE.replace('nodes/proxy', 'nodes/metrics'));
    await git(repo, 'commit', '-qam', 'fine-grained');
  });

  it('extracts the chart as it was at the ref; the working tree is untouched', async () => {
    const { dir: chartDir, cleanup } = await materializeGitRef(repo, 'base', chartPath);
    expect(readFileSync(join(chartDir, 'templates/r.yaml'), 'utf8')).toBe(RBAC_TEMPLATE);
    expect(readFileSync(templateFile, 'utf8')).toContain('nodes/metrics');
    expect(existsSync(join(chartDir, '..', 'other'))).toBe(false);
    await cleanup();
    expect(existsSync(chartDir)).toBe(false);
    expect(liveTempDirs()).toEqual([]);
  });

  it.each(HELMS)('the old chart renders like the chart did at that ref ($label)', async ({ bin }) => {
    const { dir: chartDir, cleanup } = await materializeGitRef(repo, 'HEAD~1', join(repo, chartPath));
    try {
      const [old] = await renderTargets([chartDir], baseOptions({ helm: bin }));
      const [current] = await renderTargets([join(repo, chartPath)], baseOptions({ helm: bin }));
      expect(old?.text).toContain('nodes/proxy');
      expect(current?.text).toContain('nodes/metrics');
    } finally {
      await cleanup();
    }
  });

  it('accepts a chart path relative to a subdirectory of the repository', async () => {
    const { dir: chartDir, cleanup } = await materializeGitRef(join(repo, 'charts'), 'base', 'my chart');
    expect(existsSync(join(chartDir, 'Chart.yaml'))).toBe(true);
    await cleanup();
  });

  const failures: { why: string; repoDir: () => string; ref: string; path: string; message: RegExp }[] = [
    { why: 'not a git repository', repoDir: () => dir, ref: 'HEAD', path: 'x', message: /^.+: not a git repository/ },
    { why: 'unknown ref', repoDir: () => repo, ref: 'no-such-ref', path: chartPath, message: /^charts\/my chart@no-such-ref: not a valid object name/ },
    { why: 'path absent at the ref', repoDir: () => repo, ref: 'base', path: 'charts/later', message: /^charts\/later@base: pathspec 'charts\/later' did not match any files$/ },
    { why: 'a path that is not a chart at the ref', repoDir: () => repo, ref: 'base', path: 'charts', message: /^charts@base: no Chart.yaml at base$/ },
    { why: 'a ref that looks like an option', repoDir: () => repo, ref: '--output=/tmp/x', path: chartPath, message: /^--output=\/tmp\/x: not a git ref$/ },
    { why: 'a path outside the repository', repoDir: () => repo, ref: 'base', path: '../elsewhere', message: /^\.\.\/elsewhere: outside the git repository/ },
  ];

  it.each(failures)('$why → one-line input error', async ({ repoDir, ref, path, message }) => {
    const err = await materializeGitRef(repoDir(), ref, path).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(LintError);
    expect((err as LintError).kind).toBe('input');
    expect((err as LintError).message).toMatch(message);
    expect((err as LintError).message).not.toContain('\n');
    expect(liveTempDirs()).toEqual([]);
  });
});
