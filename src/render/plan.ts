// How many times each target renders: charts once per `--kube-version` and, with
// `--ci-values`, once more per ci/*-values.yaml; manifests once. Without a given version a chart
// renders at a version picked from the supported window (src/kube-versions.ts), never at the
// helm binary's default: the newest assumed minor, and also the oldest when its templates branch
// on `.Capabilities.KubeVersion`.
import semver from 'semver';
import { usageError } from '../errors.js';
import { assumedMinors, assumedRenderVersions, minorOf } from '../kube-versions.js';
import { templatesBranchOnKubeVersion } from './kube-branches.js';
import type { Prepared, PreparedChart, PreparedManifest } from './prepare.js';

export interface ChartJob {
  kind: 'chart';
  prepared: PreparedChart;
  /** Normalized (`1.32.0`), or null for helm's default. */
  kubeVersion: string | null;
  /** `given` by --kube-version or the config, `assumed` from the support window, null for helm's default. */
  kubeVersionSource: 'given' | 'assumed' | null;
  /** The Kubernetes minors this render stands for (TargetInfo.kubeMinors). */
  kubeMinors: string[];
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

export interface PlanOptions {
  /** One render per chart without a given version (diff compares one render per side): the newest assumed minor only. */
  singleAssumedRender?: boolean;
}

interface VersionChoice {
  kubeVersion: string | null;
  source: ChartJob['kubeVersionSource'];
  minors: string[];
}

/** The versions a chart renders at, and what each render stands for. */
function versionChoices(prepared: PreparedChart, kubeVersions: (string | null)[], options: PlanOptions): VersionChoice[] {
  const given = kubeVersions.filter((v): v is string => v !== null);
  if (given.length > 0) return given.map((v) => ({ kubeVersion: v, source: 'given', minors: [minorOf(v) ?? v] }));
  const branches = !options.singleAssumedRender && templatesBranchOnKubeVersion(prepared.dir);
  const versions = assumedRenderVersions(prepared.meta.kubeVersion, branches);
  if (versions.length === 0) return [{ kubeVersion: null, source: null, minors: [] }];
  // A chart that cannot render differently per version stands for every assumed minor at once.
  if (versions.length === 1 && !branches) return [{ kubeVersion: versions[0] as string, source: 'assumed', minors: assumedMinors(prepared.meta.kubeVersion) }];
  return versions.map((v) => ({ kubeVersion: v, source: 'assumed', minors: [minorOf(v) ?? v] }));
}

function chartJobs(prepared: PreparedChart, kubeVersions: (string | null)[], options: PlanOptions): ChartJob[] {
  const variants: (string | null)[] = prepared.ciValues.length > 0 ? [null, ...prepared.ciValues] : [null];
  const choices = versionChoices(prepared, kubeVersions, options);
  return choices.flatMap((choice) =>
    variants.map((ciValues) => {
      const parts = [
        ...(choices.length > 1 ? [`kube ${choice.kubeVersion}`] : []),
        ...(variants.length > 1 ? [ciValues ?? DEFAULT_VALUES_LABEL] : []),
      ];
      return {
        kind: 'chart' as const,
        prepared,
        kubeVersion: choice.kubeVersion,
        kubeVersionSource: choice.source,
        kubeMinors: choice.minors,
        ciValues,
        label: parts.length > 0 ? parts.join(', ') : null,
      };
    }),
  );
}

export function planRenders(targets: Prepared[], kubeVersions: (string | null)[], options: PlanOptions = {}): RenderJob[] {
  return targets.flatMap((prepared): RenderJob[] =>
    prepared.kind === 'chart' ? chartJobs(prepared, kubeVersions, options) : [{ kind: 'manifest', prepared }],
  );
}
