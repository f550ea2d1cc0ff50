// Throwaway charts for the render tests, written into fresh temp dirs.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll } from 'vitest';
import { testHelms } from '../../scripts/dev-helm.mjs';
import type { RenderOptions } from '../../src/render/index.js';
import { needs } from '../support/outside.js';

export const HELMS = testHelms();
needs(HELMS.length > 0, 'no helm binary (HELM_BIN, PATH or the linux-x64 dev dependencies): the render tests are not run');

/** A temp dir removed after the file's tests. */
export function scratch(prefix = 'render-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export function write(file: string, content: string, mode?: number): string {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, content);
  if (mode !== undefined) chmodSync(file, mode);
  return file;
}

export interface ChartSpec {
  name: string;
  version?: string;
  /** Extra Chart.yaml text (dependencies:, kubeVersion:, …). */
  chartYamlExtra?: string;
  values?: string;
  /** Files relative to the chart root. */
  files?: Record<string, string>;
}

export function makeChart(dir: string, spec: ChartSpec): string {
  write(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: ${spec.name}\nversion: ${spec.version ?? '0.1.0'}\n${spec.chartYamlExtra ?? ''}`);
  if (spec.values !== undefined) write(join(dir, 'values.yaml'), spec.values);
  for (const [rel, content] of Object.entries(spec.files ?? {})) write(join(dir, rel), content);
  return dir;
}

/**
 * A ConfigMap that reports what helm rendered with: release, namespace, kube version and
 * the values the tests set, so each option can be checked in the output.
 */
export const PROBE_TEMPLATE = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-probe
  namespace: {{ .Release.Namespace }}
data:
  release: {{ .Release.Name | quote }}
  namespace: {{ .Release.Namespace | quote }}
  kube: {{ .Capabilities.KubeVersion.Version | quote }}
  fromValues: {{ .Values.fromValues | default "unset" | quote }}
  fromSet: {{ .Values.fromSet | default "unset" | toString | quote }}
  fromSetKind: {{ kindOf .Values.fromSet | quote }}
  fromSetString: {{ .Values.fromSetString | default "unset" | toString | quote }}
  fromSetStringKind: {{ kindOf .Values.fromSetString | quote }}
  fromSetFile: {{ .Values.fromSetFile | default "unset" | quote }}
  scenario: {{ .Values.scenario | default "none" | quote }}
  hasExampleApi: {{ .Capabilities.APIVersions.Has "example.com/v1" | quote }}
`;

export function makeProbeChart(dir: string, name = 'probe', extra: Partial<ChartSpec> = {}): string {
  return makeChart(dir, { name, ...extra, files: { 'templates/probe.yaml': PROBE_TEMPLATE, ...extra.files } });
}

/** Render options with nothing set. */
export function baseOptions(extra: Partial<RenderOptions> = {}): RenderOptions {
  return { values: [], set: [], setString: [], setFile: [], namespace: 'default', kubeVersions: [], apiVersions: [], ...extra };
}

/** Value of a `key: "value"` line in the probe output. */
export function probeField(text: string, key: string): string | undefined {
  return new RegExp(`^  ${key}: "(.*)"$`, 'm').exec(text)?.[1];
}

export const RBAC_TEMPLATE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ .Release.Name }}-reader
rules:
  - apiGroups: [""]
    resources: ["nodes/proxy"]
    verbs: ["get"]
`;

/** A wrapper around a real helm that records each invocation's first two arguments. */
export function loggingHelm(dir: string, realBin: string): { bin: string; calls(): string[]; reset(): void } {
  const log = join(dir, 'helm-calls.log');
  const quoted = `'${realBin.replace(/'/g, `'\\''`)}'`;
  const bin = write(join(dir, 'logging-helm'), `#!/bin/sh\nprintf '%s %s\\n' "$1" "$2" >> '${log}'\nexec ${quoted} "$@"\n`, 0o755);
  return {
    bin,
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []),
    reset: () => writeFileSync(log, ''),
  };
}
