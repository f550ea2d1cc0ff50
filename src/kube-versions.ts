// Which Kubernetes versions a chart is assumed to run on, in one place.
//
// A chart that declares no `kubeVersion` in Chart.yaml (and a run without --kube-version or a
// config `kubeVersion`) may be installed on any cluster still in support where people run
// charts. That is wider than upstream's window: the managed services keep minors alive long
// after upstream ends them. As of SUPPORT_WINDOW.asOf:
//
// - upstream Kubernetes supports the three newest minors, 1.35–1.37 (kubernetes.io/releases;
//   1.37 is the newest release, 1.38 is due later in December 2026);
// - Amazon EKS: 14 months of standard support, then 12 months of extended support, on by
//   default. 1.31's extended support ended 2026-11-26; 1.32's ends 2027-03-23
//   (docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html, release calendar);
// - Google GKE: up to 24 months from availability in the Regular channel, the last ~10 in the
//   Extended channel (cloud.google.com/kubernetes-engine/versioning). 1.32 reached the Regular
//   channel in February 2025, so it is supported into early 2027; 1.30/1.31 were being
//   removed from the Extended channel through 2026 (GKE Extended channel release notes);
// - Azure AKS: one year of community support plus one year of long-term support from GA
//   (learn.microsoft.com/azure/aks/long-term-support), so 1.32 (GA spring 2025) is in LTS.
//
// So the oldest minor still supported on 2026-12-08 is 1.32 and the newest is 1.37: kubelets
// older than 1.33 (no fine-grained kubelet authorization by default) are in range. Kubelets may
// also lag their control plane by up to three minors (kubernetes.io version skew policy); that
// is not added here, where a render's `.Capabilities.KubeVersion` is the control plane's.
//
// Renders never take their version from the helm binary (helm 3.17 defaults to 1.32, helm 4.1
// to 1.35): without a given version the render planner pins one from this window, so results do
// not depend on which helm ran.
import semver from 'semver';
import type { TargetInfo } from './types.js';

export const SUPPORT_WINDOW = {
  asOf: '2026-12-08',
  oldest: '1.32',
  newest: '1.37',
  sources: [
    'https://kubernetes.io/releases/',
    'https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html',
    'https://cloud.google.com/kubernetes-engine/versioning',
    'https://learn.microsoft.com/azure/aks/long-term-support',
  ],
} as const;

/** First minor whose kubelets check nodes/pods, nodes/healthz, nodes/configz by default (KubeletFineGrainedAuthz beta, default on). */
export const FINE_GRAINED_KUBELET_SINCE = '1.33';

/** `1.33` → [1, 33]. */
function parts(minor: string): [number, number] {
  const [major, min] = minor.split('.').map(Number);
  return [major ?? 0, min ?? 0];
}

export function compareMinors(a: string, b: string): number {
  const [am, an] = parts(a);
  const [bm, bn] = parts(b);
  return am - bm || an - bn;
}

/** `1.32.4`, `v1.32`, `1.32.0-eks.1` → `1.32`; null when it is no version. */
export function minorOf(version: string | null | undefined): string | null {
  const v = version ? semver.coerce(version) : null;
  return v ? `${v.major}.${v.minor}` : null;
}

/** Every minor from `oldest` to `newest`, inclusive. */
export function minorsBetween(oldest: string, newest: string): string[] {
  const [major, from] = parts(oldest);
  const [, to] = parts(newest);
  const out: string[] = [];
  for (let m = from; m <= to; m++) out.push(`${major}.${m}`);
  return out;
}

/**
 * A Chart.yaml `kubeVersion` as node-semver reads it. helm checks it with Masterminds semver,
 * where a comma means AND (`>=1.30.0-0, <1.36.0-0`); node-semver separates comparators with
 * spaces, and pre-releases (`1.33.0-eks.1`) count, as helm's `-0` idiom intends. Null when it
 * cannot be read.
 */
export function chartKubeRange(chartKubeVersion: string | null | undefined): string | null {
  if (!chartKubeVersion) return null;
  return semver.validRange(chartKubeVersion.replace(/,/g, ' '), { includePrerelease: true });
}

/** The version to render a minor at that the chart's constraint admits (`.0`, else a late patch), or null. */
export function renderVersionFor(minor: string, chartKubeVersion: string | null | undefined): string | null {
  const range = chartKubeRange(chartKubeVersion);
  if (!range) return `${minor}.0`;
  for (const candidate of [`${minor}.0`, `${minor}.100`]) if (semver.satisfies(candidate, range, { includePrerelease: true })) return candidate;
  return null;
}

/** Supported minors the chart's `kubeVersion` admits (all of the window when it has none or it cannot be read). */
export function assumedMinors(chartKubeVersion: string | null | undefined): string[] {
  const window = minorsBetween(SUPPORT_WINDOW.oldest, SUPPORT_WINDOW.newest);
  if (!chartKubeRange(chartKubeVersion)) return window;
  return window.filter((m) => renderVersionFor(m, chartKubeVersion) !== null);
}

/**
 * What to render a chart at when no version was given: the newest assumed minor, and then the
 * oldest when the templates branch on `.Capabilities.KubeVersion` (a grant switched by version
 * must be seen on both sides). Newest first: it is the render bin/prestart.js starts early.
 * A constraint that admits no supported minor gives the oldest version it admits; empty only
 * when that cannot be worked out (then helm's own default applies, and helm judges the constraint).
 */
export function assumedRenderVersions(chartKubeVersion: string | null | undefined, branchesOnVersion: boolean): string[] {
  const minors = assumedMinors(chartKubeVersion);
  const newest = minors.at(-1);
  const oldest = minors[0];
  if (!newest || !oldest) {
    // A chart made only for minors outside the window renders at the oldest one it admits.
    const range = chartKubeRange(chartKubeVersion);
    const floor = range ? semver.minVersion(range) : null;
    if (!floor || !range) return [];
    const release = `${floor.major}.${floor.minor}.${floor.patch}`;
    return [semver.satisfies(release, range, { includePrerelease: true }) ? release : floor.version];
  }
  const picked = branchesOnVersion && oldest !== newest ? [newest, oldest] : [newest];
  return picked.map((m) => renderVersionFor(m, chartKubeVersion) as string);
}

/** Why a render stands for the minors it does, in words for messages. */
export function assumptionText(minors: readonly string[]): string {
  const range = minors.length > 1 ? `${minors[0]}–${minors.at(-1)}` : (minors[0] ?? '');
  return `Kubernetes ${range} (every minor still supported upstream or by EKS, GKE or AKS extended support on ${SUPPORT_WINDOW.asOf}, within the chart's kubeVersion)`;
}

/** The minors a render stands for (TargetInfo.kubeMinors), worked out for targets built without it. */
export function kubeMinorsOf(target: Pick<TargetInfo, 'kubeVersion' | 'chartKubeVersion' | 'kubeVersionSource' | 'kubeMinors'>): string[] {
  if (target.kubeMinors && target.kubeMinors.length > 0) return target.kubeMinors;
  const rendered = minorOf(target.kubeVersion);
  if (rendered && target.kubeVersionSource !== 'assumed') return [rendered];
  return assumedMinors(target.chartKubeVersion);
}

/** Whether the render stands for assumed versions (nothing given) rather than given ones. */
export function kubeVersionsAssumed(target: Pick<TargetInfo, 'kubeVersion' | 'kubeVersionSource'>): boolean {
  return target.kubeVersionSource === 'assumed' || (target.kubeVersionSource === undefined && !target.kubeVersion);
}
