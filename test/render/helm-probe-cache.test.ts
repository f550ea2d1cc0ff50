import { chmodSync, copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { binaryIdentity, rememberProbe, rememberedProbe } from '../../src/render/helm-probe-cache.js';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { needs } from '../support/outside.js';

// `helm version` is remembered per compiled helm binary, keyed on its stat identity, so a render
// does not wait for (or compete with) two more helm start-ups (issue "performance": "the helm
// version probe must not delay the render"). A remembered answer must never outlive its binary.

const HELM = defaultHelm();
const dir = mkdtempSync(join(tmpdir(), 'hrl-probe-cache-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { XDG_CACHE_HOME: join(dir, 'cache'), PATH: '' };
const info = { bin: 'x', version: 'v4.1.4', major: 4, defaultKubeVersion: '1.35.0' };

describe('which helm binaries are remembered', () => {
  it('a script (a version-manager shim) never is: it may answer differently without changing', () => {
    const shim = join(dir, 'shim');
    writeFileSync(shim, '#!/bin/sh\nexec helm "$@"\n');
    chmodSync(shim, 0o755);
    expect(binaryIdentity(shim, dir, env)).toBeNull();
  });

  it('a missing binary never is', () => {
    expect(binaryIdentity('no-such-helm', dir, { PATH: dir })).toBeNull();
  });

  it.skipIf(!needs(Boolean(HELM), 'no helm binary: the identity of a compiled helm is not checked'))('a compiled helm is, by path and identity; rewriting it in place gives it a new identity', () => {
    const copy = join(dir, 'helm');
    copyFileSync(HELM as string, copy);
    chmodSync(copy, 0o755);
    const before = binaryIdentity(copy, dir, env);
    expect(before).toMatch(/^\/.*helm:/);
    expect(binaryIdentity('helm', '/', { PATH: dir })).toBe(before); // found on PATH: the same file
    writeFileSync(copy, readFileSync(copy)); // same bytes, same size: only the change time moves
    expect(binaryIdentity(copy, dir, env)).not.toBe(before);
  });
});

describe('remembered answers', () => {
  it('are returned for the identity they were stored under, and only for it', () => {
    rememberProbe('id-1', info, env);
    expect(rememberedProbe('id-1', '/usr/bin/helm', env)).toEqual({ ...info, bin: '/usr/bin/helm' });
    expect(rememberedProbe('id-2', '/usr/bin/helm', env)).toBeNull();
  });

  it('a damaged cache file is no answer (helm is asked again)', () => {
    writeFileSync(join(dir, 'cache', 'helm-rbac-lint', 'helm-probes.json'), '{"v":1,"entries":{"id-1":{"version":4}}}');
    expect(rememberedProbe('id-1', 'helm', env)).toBeNull();
    writeFileSync(join(dir, 'cache', 'helm-rbac-lint', 'helm-probes.json'), 'not json');
    expect(rememberedProbe('id-1', 'helm', env)).toBeNull();
  });

  it('an unwritable cache location only means no memory', () => {
    const blocked = { XDG_CACHE_HOME: join(dir, 'file-not-dir') };
    writeFileSync(join(dir, 'file-not-dir'), '');
    expect(() => rememberProbe('id-3', info, blocked)).not.toThrow();
    expect(rememberedProbe('id-3', 'helm', blocked)).toBeNull();
  });
});
