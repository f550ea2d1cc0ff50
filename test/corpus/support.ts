// Builders for the bad-input corpus: scratch dirs, charts, stand-in helm binaries and the
// inputs too big or too odd to commit (alias bombs, 10 MB documents, 5000-deep nesting,
// binary garbage, BOM/CRLF).
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';

/** A temp dir removed after the file's tests. */
export function scratch(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function write(file: string, content: string | Uint8Array, mode?: number): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (mode !== undefined) chmodSync(file, mode);
  return file;
}

export function link(target: string, path: string): string {
  mkdirSync(dirname(path), { recursive: true });
  symlinkSync(target, path);
  return path;
}

/** A chart directory with Chart.yaml and the given chart-relative files. */
export function chart(dir: string, name: string, files: Record<string, string>, chartYamlExtra = ''): string {
  write(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${name}\nversion: 0.1.0\n${chartYamlExtra}`);
  for (const [rel, content] of Object.entries(files)) write(join(dir, rel), content);
  return dir;
}

/** Lines joined with LF and a final LF, as helm writes them. */
export const lines = (...ls: string[]): string => `${ls.join('\n')}\n`;

/** A ClusterRole granting get nodes/proxy: the finding every "still analysed" case must produce. */
export const NODES_PROXY_ROLE = [
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'metadata:',
  '  name: scraper',
  'rules:',
  '  - apiGroups: [""]',
  '    resources: ["nodes/proxy"]',
  '    verbs: ["get"]',
];

/**
 * A stand-in helm that answers `helm version` like helm 4.1.4 and runs `script` for anything
 * else (`$1` is the helm command). Writes its pid to `<dir>/<name>.pid` when it starts a command,
 * so a test can wait for it and check it is gone afterwards.
 */
export function fakeHelm(dir: string, name: string, script: string): string {
  const pidFile = join(dir, `${name}.pid`);
  return write(
    join(dir, name),
    [
      '#!/bin/sh',
      'if [ "$1" = version ]; then case "$3" in *KubeClient*) echo v1.35;; *) echo v4.1.4;; esac; exit 0; fi',
      `echo $$ > '${pidFile}'`,
      script,
      '',
    ].join('\n'),
    0o755,
  );
}

/** The classic "billion laughs": 9 levels of 9 aliases each (9^9 strings when expanded). */
export function aliasBomb(): string {
  const out = ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: lol}', 'data:', '  a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 9; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    out.push(`  ${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  return lines(...out);
}

/** `depth` nested flow sequences inside a ConfigMap value. */
export function deepFlow(depth: number): string {
  return lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: deep', `data: ${'['.repeat(depth)}${']'.repeat(depth)}`);
}

/** A ClusterRole whose rules are `depth` nested block mappings (what a runaway `toYaml | nindent` writes). */
export function deepBlock(depth: number): string {
  const nested = Array.from({ length: depth }, (_, i) => `${' '.repeat(i + 1)}k${i}:`);
  return lines('apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', '  name: deep', 'rules:', ...nested);
}

/** The nodes/proxy role with one annotation of `bytes` characters: a 10 MB single-line document. */
export function hugeScalarRole(bytes: number): string {
  const [api, kind, meta, name, ...rules] = NODES_PROXY_ROLE;
  return lines(api as string, kind as string, meta as string, name as string, '  annotations:', `    big: "${'x'.repeat(bytes)}"`, ...rules);
}

/** A ConfigMap of many short keys (`keys` lines), then the nodes/proxy role: a 10 MB many-line input. */
export function hugeConfigMap(keys: number): string {
  const data = Array.from({ length: keys }, (_, i) => `  key-${i}: "value number ${i} with some padding text"`);
  return lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: big', 'data:', data.join('\n'), '---', ...NODES_PROXY_ROLE);
}

/** Deterministic bytes (xorshift32), every value 0-255 possible, NUL and invalid UTF-8 included. */
export function garbageBytes(length: number, seed = 0x2545f491): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/**
 * Bundles a TypeScript entry of this repository into one ESM file (esbuild, as scripts/build-dist.mjs
 * does for dist/cli.js), so a child process runs the current sources without a build step.
 */
export async function bundle(entry: string, outFile: string): Promise<string> {
  const { build } = await import('esbuild');
  await build({
    entryPoints: [entry],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
    // Bundled CommonJS dependencies call require() for Node built-ins.
    banner: { js: "import { createRequire as __createRequire } from 'node:module';\nconst require = __createRequire(import.meta.url);" },
  });
  return outFile;
}
