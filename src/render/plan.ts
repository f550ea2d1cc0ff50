// How many times each target renders: charts once per `--kube-version` and, with
// `--ci-values`, once more per ci/*-values.yaml; manifests once.
import semver from 'semver';
import { usageError } from '../errors.js';
import type { Prepared, PreparedChart, PreparedManifest } from './prepare.js';

export interface ChartJob {
  kind: 'chart';
  prepared: PreparedChart;
  /** Normalized (`1.32.0`), or null for helm's default. */
  kubeVersion: string | null;
  /** Chart-relative ci values file appended to the values, or null. */
  ciValues: string | null;
  /** What distinguishes this render from the chart's other renders, or null when there is one. */
  label: string | null;
}

export interface ManifestJob {
  kind: 'manifest';
  prepared: PreparedManifest;
}

export type RenderJob = ChartJob | ManifestJob;

/** `v1.32`, `1.32` → `1.32.0`; pre-releases kept (`1.33.0-rc.1`). */
export function normalizeKubeVersion(input: string): string {
  const bare = input.trim().replace(/^v/i, '');
  const version = semver.valid(bare) ?? semver.coerce(bare)?.version ?? null;
  if (!version || !/^\d+(\.\d+){0,2}([-+].*)?$/.test(bare)) {
    throw usageError(`--kube-version ${input}: not a Kubernetes version (expected e.g. 1.33.0)`);
  }
  return version;
}

/** Distinct normalized kube versions in the order given ([] → helm's default only). */
export function kubeVersionsToRender(given: string[]): (string | null)[] {
  const normalized = [...new Set(given.map(normalizeKubeVersion))];
  return normalized.length > 0 ? normalized : [null];
}

export const DEFAULT_VALUES_LABEL = 'default values';

function chartJobs(prepared: PreparedChart, kubeVersions: (string | null)[]): ChartJob[] {
  const variants: (string | null)[] = prepared.ciValues.length > 0 ? [null, ...prepared.ciValues] : [null];
  return kubeVersions.flatMap((kubeVersion) =>
    variants.map((ciValues) => {
      const parts = [
        ...(kubeVersions.length > 1 ? [`kube ${kubeVersion}`] : []),
        ...(variants.length > 1 ? [ciValues ?? DEFAULT_VALUES_LABEL] : []),
      ];
      return { kind: 'chart' as const, prepared, kubeVersion, ciValues, label: parts.length > 0 ? parts.join(', ') : null };
    }),
  );
}

export function planRenders(targets: Prepared[], kubeVersions: (string | null)[]): RenderJob[] {
  return targets.flatMap((prepared): RenderJob[] =>
    prepared.kind === 'chart' ? chartJobs(prepared, kubeVersions) : [{ kind: 'manifest', prepared }],
  );
}
