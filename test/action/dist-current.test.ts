// dist/ is committed and must be what `npm run build:dist` makes from the sources (as
// actions/typescript-action commits dist/ and checks it is current in CI). The bundles are rebuilt
// into a temp dir with the same options (scripts/build-dist.mjs) and compared byte for byte.
// In CI (`CI` set) the comparison is against the committed files (`git show HEAD:dist/…`): a
// rebuilt but uncommitted dist/ does not count there; locally, against the files on disk.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUNDLES, LICENSES_FILE, ROOT, buildDist } from '../../scripts/build-dist.mjs';

const FILES = [...BUNDLES.map((b) => b.file), LICENSES_FILE];
const inCI = Boolean(process.env['CI']);

function committed(file: string): string {
  const path = `dist/${file}`;
  if (!inCI) return readFileSync(join(ROOT, path), 'utf8');
  try {
    return execFileSync('git', ['show', `HEAD:${path}`], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  } catch {
    throw new Error(`${path} is not committed: run npm run build:dist and commit dist/`);
  }
}

describe('dist/ is current', () => {
  let out: string;
  beforeAll(async () => {
    out = mkdtempSync(join(tmpdir(), 'helm-rbac-lint-dist-'));
    await buildDist(out);
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  // One row per committed file; each must equal a fresh build (scripts/build-dist.mjs BUNDLES + licenses).
  it.each(FILES)('dist/%s equals a fresh build (run npm run build:dist and commit dist/ if not)', (file) => {
    const fresh = readFileSync(join(out, file), 'utf8');
    expect(fresh.length).toBeGreaterThan(0);
    expect(committed(file) === fresh, `dist/${file} is stale: run npm run build:dist and commit dist/`).toBe(true);
  });

  it('a second build is byte-identical to the first (no timestamps or unstable order)', async () => {
    const again = mkdtempSync(join(tmpdir(), 'helm-rbac-lint-dist-'));
    try {
      await buildDist(again);
      for (const file of FILES) expect(readFileSync(join(again, file), 'utf8') === readFileSync(join(out, file), 'utf8'), file).toBe(true);
    } finally {
      rmSync(again, { recursive: true, force: true });
    }
  });
});
