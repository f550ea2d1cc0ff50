// What users pin must exist once released: the README's `rev: v<version>` (pre-commit) and
// `uses: …@v<major>` (the Action) are created by .github/workflows/release.yml when the tag
// v<version> is pushed; and installing from git must build nothing (docs/pre-commit.md).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string; scripts: Record<string, string>; files: string[] };
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');

interface Step {
  run?: string;
  uses?: string;
  name?: string;
}
interface Job {
  needs?: string;
  if?: string;
  permissions?: Record<string, string>;
  steps: Step[];
}
const workflow = parse(readFileSync(join(ROOT, '.github/workflows/release.yml'), 'utf8')) as { on: { push: { tags: string[] } }; jobs: Record<string, Job> };

describe('the versions the README pins', () => {
  it(`are this version: rev: v${pkg.version} and @v${pkg.version.split('.')[0]}`, () => {
    const major = `v${pkg.version.split('.')[0]}`;
    expect([...readme.matchAll(/^\s+rev: (\S+)/gm)].map((m) => m[1])).toEqual([`v${pkg.version}`]);
    expect([...new Set([...readme.matchAll(/uses: helm-rbac-lint\/helm-rbac-lint@(v\d+)\b/g)].map((m) => m[1]))]).toEqual([major]);
  });

  it('say what to pin until the first release', () => {
    expect(readme).toMatch(/Until the first release there is no tag: pin a commit SHA of `main`/);
  });
});

describe('.github/workflows/release.yml', () => {
  const publish = workflow.jobs['publish'] as Job;
  const runs = publish.steps.map((s) => s.run ?? '');
  const at = (re: RegExp) => runs.findIndex((r) => re.test(r));

  it('runs on a version tag', () => {
    expect(workflow.on.push.tags).toContain('v[0-9]+.[0-9]+.[0-9]+');
  });

  it('checks the tag, builds, verifies dist/ is current, tests, then publishes with provenance, in that order', () => {
    const order = [/GITHUB_REF_NAME/, /^npm ci$/, /^npm run compile$/, /git diff --exit-code[^\n]*-- dist\//, /^npm test$/, /npm publish --provenance/];
    const places = order.map(at);
    expect(places.every((p) => p >= 0), String(places)).toBe(true);
    expect([...places].sort((a, b) => a - b)).toEqual(places);
    expect(publish.permissions?.['id-token']).toBe('write');
  });

  it('then moves the major tag (not for prereleases), with the only write permission', () => {
    const major = workflow.jobs['major-tag'] as Job;
    expect(major.needs).toBe('publish');
    expect(major.if).toMatch(/contains\(github\.ref_name, '-'\)/);
    expect(major.permissions?.['contents']).toBe('write');
    expect(major.steps.map((s) => s.run ?? '').join('\n')).toMatch(/git tag -fa "\$major"[\s\S]*git push origin "refs\/tags\/\$major" --force/);
  });
});

describe('package.json', () => {
  // npm builds a git dependency that has any of these (pacote lib/git.js); a global install then
  // lacks the dev dependencies the build needs (npm/cli#8440). The CLI is the committed dist/cli.js.
  it.each(['prepare', 'build', 'prepack', 'preinstall', 'install', 'postinstall'])('has no %s script: installing from git builds nothing', (script) => {
    expect(pkg.scripts[script]).toBeUndefined();
  });

  it('ships the CLI bundle, the library and the JSON Schemas', () => {
    expect(pkg.files).toEqual(expect.arrayContaining(['bin/', 'dist/cli.js', 'dist-lib/', 'schema/']));
  });
});
