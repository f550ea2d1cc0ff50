// A chart's `kubeVersion` constraint as node-semver reads it. helm checks it with Masterminds
// semver, where a comma means AND (`>=1.30.0-0, <1.36.0-0`); node-semver separates comparators
// with spaces, and pre-releases (`1.33.0-eks.1`) count, as helm's `-0` idiom intends.
import semver from 'semver';

/** The node-semver range of a Chart.yaml kubeVersion, or null when it cannot be read. */
export function chartKubeRange(chartKubeVersion: string | null | undefined): string | null {
  if (!chartKubeVersion) return null;
  return semver.validRange(chartKubeVersion.replace(/,/g, ' '), { includePrerelease: true });
}
