// Installing the package as users do, into scratch prefixes and directories:
// - from git (`npm install -g git+file://<clone>`, also what pre-commit ≥ 4.6.1 runs for the
//   `language: node` hook). npm prepares a git dependency that has any of the scripts prepare,
//   build, prepack, preinstall, install or postinstall by installing its dev dependencies and
//   running them (npm's pacote lib/git.js); for a global install that inner install is itself
//   global and finds no dev dependency (npm/cli#8440), so `tsc` is not found. The package has
//   none of those scripts: the CLI runs the committed bundle dist/cli.js and needs no build.
// - from the tarball `npm pack` makes (what `npm publish` uploads): installed into an empty
//   directory, `npx helm-rbac-lint lint <chart>` works there.
// npm prefers its cache (`npm ci` filled it with every tarball) but must ask the registry for the
// versions of the production dependencies: without a reachable registry these tests skip.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { FIXTURES, ROOT } from '../support/cli.js';
import { commitProjectCopy, scratchDir } from '../action/support.js';
import { cleanNpmEnv, needs, npmRegistryReachable } from '../support/outside.js';

const HELM = defaultHelm();
const VERSION = (await import('../../package.json', { with: { type: 'json' } })).default.version;

const cleanEnv = cleanNpmEnv;

const npm = (args: string[], cwd: string, env = cleanEnv()) => execa('npm', args, { cwd, env, extendEnv: false, reject: false, stdin: 'ignore' });

const AVAILABLE = needs(Boolean(HELM), 'no helm binary: the installed CLI cannot be run on a chart') && (await npmRegistryReachable());

describe.skipIf(!AVAILABLE)('installing helm-rbac-lint', () => {
  const dir = scratchDir('install-');
  const chart = join(FIXTURES, 'explicit-nodes-proxy');
  const env = cleanEnv({ HELM_BIN: HELM as string, NO_COLOR: '1' });

  it('npm install -g git+file://<clone> gives a working helm-rbac-lint, without dev dependencies or a build', async () => {
    const repo = join(dir, 'repo');
    await commitProjectCopy(repo);
    const prefix = join(dir, 'prefix');
    // --prefix would also move npm's global config file (to <prefix>/etc/npmrc): keep the user's
    // (a registry, proxy or CA file set there still applies, as for any npm install -g).
    const globalConfig = String((await npm(['config', 'get', 'globalconfig'], dir)).stdout).trim();
    const install = await npm(['install', '-g', '--prefer-offline', '--globalconfig', globalConfig, '--prefix', prefix, `git+file://${repo}`], dir);
    expect(install.exitCode, `${String(install.stdout)}\n${String(install.stderr)}`).toBe(0);
    // A real directory (not a link to npm's deleted temp clone, which npm 11 leaves when a git package has build scripts).
    const installed = join(prefix, 'lib', 'node_modules', 'helm-rbac-lint');
    expect(readdirSync(installed)).toEqual(expect.arrayContaining(['bin', 'dist', 'package.json']));
    const bin = join(prefix, 'bin', 'helm-rbac-lint');
    const version = await execa(bin, ['--version'], { env, extendEnv: false, reject: false });
    expect(String(version.stdout).trim()).toBe(VERSION);
    const r = await execa(bin, ['lint', chart], { env, extendEnv: false, reject: false, stdin: 'ignore' });
    expect(r.exitCode, String(r.stderr)).toBe(1);
    expect(String(r.stdout)).toContain('CRITICAL nodes-proxy');
  }, 180_000);

  describe('npm pack, then an install of the tarball into an empty directory', () => {
    const app = join(dir, 'app');
    let tarball = '';
    beforeAll(async () => {
      // dist-lib (the library's compiled sources, not committed) comes from `npm test`'s pretest, as from the release's compile step.
      const pack = await npm(['pack', '--pack-destination', dir], ROOT);
      expect(pack.exitCode, String(pack.stderr)).toBe(0);
      tarball = join(dir, String(pack.stdout).trim().split('\n').at(-1) as string);
      mkdirSync(app);
      const install = await npm(['install', '--prefer-offline', tarball], app);
      expect(install.exitCode, String(install.stderr)).toBe(0);
    }, 180_000);

    it('npx helm-rbac-lint lint <chart> works from there', async () => {
      const r = await npm(['exec', '--offline', '--', 'helm-rbac-lint', 'lint', chart], app, env);
      expect(r.exitCode, String(r.stderr)).toBe(1);
      expect(String(r.stdout)).toContain('CRITICAL nodes-proxy');
    });

    it('the library entry point and the JSON Schemas are in the package', async () => {
      const r = await execa(process.execPath, ['--input-type=module', '-e', "const m = await import('helm-rbac-lint'); console.log(typeof m.lint, typeof m.ruleAllows)"], { cwd: app, reject: false });
      expect(String(r.stdout).trim(), String(r.stderr)).toBe('function function');
      expect(readdirSync(join(app, 'node_modules', 'helm-rbac-lint', 'schema')).sort()).toEqual(['diff-report.schema.json', 'lint-report.schema.json']);
    });
  });
});
