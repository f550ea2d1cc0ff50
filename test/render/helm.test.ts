// helm discovery and helm's defaults. docs/design.md#what-other-tools-expect "Kube version": without --kube-version
// helm 3.17 renders .Capabilities.KubeVersion as 1.32 and helm 4.1 as 1.35 (also INDEX.md
// "KubeVersion trap"). helm sets that default from its client-go minor at build time
// (helm Makefile: `-X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=$(K8S_MODULES_MINOR_VER)`),
// and helm 4's `helm version` reports it as KubeClientVersion.
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LintError } from '../../src/errors.js';
import { helmEnv as prestartHelmEnv } from '../../bin/prestart.js';
import { assumedRenderVersions } from '../../src/kube-versions.js';
import { defaultKubeVersionFor, describeTimeout, helmContext, helmEnv, helmErrorLine, runHelm } from '../../src/render/helm.js';
import { renderTargets, resolveHelm } from '../../src/render/index.js';
import { HELMS, baseOptions, makeChart, probeField, scratch } from './fixtures.js';

const EXPECTED: Record<number, { version: string; defaultKubeVersion: string }> = {
  4: { version: 'v4.1.4', defaultKubeVersion: '1.35.0' },
  3: { version: 'v3.17.3', defaultKubeVersion: '1.32.0' },
};

describe.each(HELMS)('resolveHelm with $label', ({ bin, major }) => {
  const dir = scratch('helm-');
  makeChart(join(dir, 'kv'), { name: 'kv', files: { 'templates/cm.yaml': 'kind: ConfigMap\ndata:\n  kube: {{ .Capabilities.KubeVersion.Version | quote }}\n' } });

  it('reports version, major and the default kube version', async () => {
    expect(await resolveHelm({ helm: bin })).toEqual({ bin, major, ...EXPECTED[major] });
  });

  it('without --kube-version the target records the version helm really rendered, never the binary default', async () => {
    const [r] = await renderTargets(['kv'], baseOptions({ helm: bin, cwd: dir }));
    const [assumed] = assumedRenderVersions(null, false);
    expect(probeField(r?.text ?? '', 'kube')).toBe(`v${assumed}`);
    expect(r?.target.kubeVersion).toBe(assumed);
    expect(r?.target.kubeVersionSource).toBe('assumed');
  });

  it('asks each binary once', () => {
    expect(resolveHelm({ helm: bin })).toBe(resolveHelm({ helm: bin }));
  });
});

describe('the Go runtime settings helm runs with', () => {
  const GIB = 1024 ** 3;
  const dir = scratch('helm-env-');
  const fake = join(dir, 'print-go-env');
  writeFileSync(fake, '#!/bin/sh\necho "GOGC=${GOGC-unset} GOMEMLIMIT=${GOMEMLIMIT-unset} HOME=${HOME-unset}"\n');
  chmodSync(fake, 0o755);
  const run = async (env: NodeJS.ProcessEnv) => (await runHelm(helmContext({ helm: fake, env, cwd: dir }), ['version'])).stdout.trim();

  it.each([
    [{ HOME: '/h' }, 8 * GIB, 3, { HOME: '/h', GOGC: 'off', GOMEMLIMIT: '512MiB' }],
    [{ HOME: '/h' }, 3 * GIB, 3, { HOME: '/h', GOGC: 'off', GOMEMLIMIT: '512MiB' }],
    [{ HOME: '/h' }, 2 * GIB, 3, { HOME: '/h' }],
    [{ HOME: '/h', GOGC: '100' }, 8 * GIB, 3, { HOME: '/h', GOGC: '100' }],
    [{ HOME: '/h', GOMEMLIMIT: '2GiB' }, 8 * GIB, 3, { HOME: '/h', GOMEMLIMIT: '2GiB' }],
    [{ HOME: '/h', GOGC: '' }, 8 * GIB, 3, { HOME: '/h', GOGC: '' }],
  ])('caller env %j with %d bytes for %d renders: %j (a setting of the caller wins; under 1 GiB per render, Go defaults)', (env, memory, renders, expected) => {
    expect(helmEnv(env, memory, renders)).toEqual(expected);
    expect(prestartHelmEnv(env, memory, renders)).toEqual(expected);
  });

  it.each([{ HOME: '/h' }, { HOME: '/h', GOGC: '100' }, { HOME: '/h', GOMEMLIMIT: '2GiB' }])('runHelm starts helm with helmEnv of the caller env %j', async (env) => {
    const want = helmEnv(env);
    expect(await run(env)).toBe(`GOGC=${want.GOGC ?? 'unset'} GOMEMLIMIT=${want.GOMEMLIMIT ?? 'unset'} HOME=/h`);
  });

  it.each([{}, { GOGC: '50' }, { GOMEMLIMIT: '1GiB' }, { PATH: '/bin', GOGC: 'off' }])('bin/prestart.js starts helm with the same environment for %j on this machine', (env) => {
    expect(prestartHelmEnv(env)).toEqual(helmEnv(env));
  });
});

describe('helm discovery failures', () => {
  it('a missing binary is a helm-missing LintError (docs/design.md#commands-targets-and-exit-codes exit 2)', async () => {
    const err = await resolveHelm({ helm: '/nonexistent/helm' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(LintError);
    expect((err as LintError).kind).toBe('helm-missing');
    expect((err as LintError).subject).toBe('/nonexistent/helm');
  });
});

describe('defaultKubeVersionFor', () => {
  const cases: { why: string; version: string; client: string | null; expected: string }[] = [
    { why: 'helm 3.17 builds with client-go 0.32 (INDEX.md: 1.32.0)', version: 'v3.17.3', client: null, expected: '1.32.0' },
    { why: 'helm 3.10 links client-go 0.25 (helm-www version skew table, helm/helm-www#1408)', version: 'v3.10.0', client: null, expected: '1.25.0' },
    { why: 'helm 4 reports KubeClientVersion (helm 4.1.4 `helm version`: KubeClientVersion:"v1.35")', version: 'v4.1.4', client: 'v1.35', expected: '1.35.0' },
    { why: 'helm 4 without KubeClientVersion: unknown', version: 'v4.0.0', client: null, expected: '' },
    { why: 'not a helm version: unknown', version: 'banana', client: null, expected: '' },
  ];
  it.each(cases)('$why', ({ version, client, expected }) => {
    expect(defaultKubeVersionFor(version, client)).toBe(expected);
  });
});

describe('helmErrorLine', () => {
  const cases: { why: string; stderr: string; expected: string }[] = [
    {
      why: 'helm 3/4 template error: "Error:" trimmed, --debug advice dropped (real helm 4.1.4 output)',
      stderr: 'Error: execution error at (req/templates/a.yaml:1:6): x is required\n\nUse --debug flag to render out invalid YAML\n',
      expected: 'execution error at (req/templates/a.yaml:1:6): x is required',
    },
    {
      why: 'helm 4 also logs the failure as level=ERROR: only the Error line is kept (real helm 4.1.4 output for an invalid release name)',
      stderr: 'level=ERROR msg="release name check failed" error="bad"\nError: release name check failed: bad\n',
      expected: 'release name check failed: bad',
    },
    { why: 'no Error: line: every line, joined', stderr: 'first problem\r\nsecond problem\n', expected: 'first problem | second problem' },
    { why: 'control characters removed', stderr: 'Error: bad \u001b[31mred\u001b[0m', expected: 'bad [31mred[0m' },
  ];
  it.each(cases)('$why', ({ stderr, expected }) => {
    expect(helmErrorLine({ stderr, exitCode: 1 })).toBe(expected);
  });

  it('no stderr at all names the exit code', () => {
    expect(helmErrorLine({ stderr: '', exitCode: 3 })).toBe('helm exited with code 3 and printed no error');
  });

  it('very long messages are cut', () => {
    const line = helmErrorLine({ stderr: `Error: ${'x'.repeat(5000)}`, exitCode: 1 });
    expect(line).toHaveLength(1001);
    expect(line.endsWith('…')).toBe(true);
  });

  it.each([
    [300, '300 ms'],
    [120_000, '120 s'],
    [1500, '1.5 s'],
  ])('describeTimeout(%i) = %s', (ms, text) => {
    expect(describeTimeout(ms)).toBe(text);
  });
});
