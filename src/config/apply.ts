// How a chart's config combines with the command line (pure). The command line always wins:
// the config holds a repository's defaults, a flag is what the user asked for this run.
import type { FailOn } from '../severity.js';
import type { RenderOptions } from '../render/index.js';
import type { LintConfig, RuleSetting } from './schema.js';

/** Rule severities for a chart: the config's `rules:`, then every `--rule` on top. */
export function ruleSeverityFor(config: LintConfig | null, cli: Readonly<Record<string, RuleSetting>> = {}): Record<string, RuleSetting> {
  return { ...(config?.rules ?? {}), ...cli };
}

/**
 * Render options for the charts a config applies to. Its values files come before the `-f`
 * files, because helm lets a later `-f` override an earlier one; its kube versions apply only
 * when no `--kube-version` was given.
 */
export function renderOptionsFor(base: RenderOptions, config: LintConfig | null): RenderOptions {
  if (!config) return base;
  return {
    ...base,
    values: [...config.values, ...base.values],
    kubeVersions: base.kubeVersions.length > 0 ? base.kubeVersions : [...config.kubeVersions],
  };
}

/** `--fail-on` if given, else the config's `failOn`, else `high` (docs/design.md#commands-targets-and-exit-codes). */
export function failOnFor(cli: FailOn | undefined, config: LintConfig | null): FailOn {
  return cli ?? config?.failOn ?? 'high';
}

/** Today as YYYY-MM-DD in local time: the day exemption expiry (`expires`, inclusive) is judged on. */
export function localDate(d: Date = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
