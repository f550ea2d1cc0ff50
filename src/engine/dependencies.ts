// Findings of vendored subcharts, counted the way the chart's config says (`dependencies:`), pure.
// A maintainer vendors kube-state-metrics and gets its `list/watch secrets`: real, but its
// maintainers' call. `warn` keeps such findings listed with their severity but out of the exit
// code; `ignore` suppresses them (reason recorded); `report` counts them like the chart's own,
// optionally at a threshold of their own. Per-subchart entries say which and why.
import type { DependencyMode, DependencyPolicy, DependencyRule, LintConfig } from '../config/schema.js';
import type { Finding, TargetInfo } from '../types.js';
import { atOrAbove, severityRank } from '../severity.js';
import type { FailOn } from '../severity.js';
import { globMatches } from './suppress-sources.js';
import type { SuppressionNotice } from './suppress.js';

export interface DependencyRender {
  target: TargetInfo;
  config?: Pick<LintConfig, 'file' | 'dependencies'> | null;
}

/** Subcharts on the way to the finding's template (`charts/a/charts/b/…` → a, b), plus the chart name it declares. */
function subchartsOf(f: Finding): string[] {
  if (!f.dependency) return [];
  const parts = (f.source.file ?? '').split('/');
  const names: string[] = [];
  for (let i = 0; i + 1 < parts.length; i++) if (parts[i] === 'charts') names.push(parts[i + 1] as string);
  return [...new Set([...names, f.dependency.name])];
}

function ruleFor(policy: DependencyPolicy, f: Finding): DependencyRule | null {
  const names = subchartsOf(f);
  return policy.charts.find((c) => names.some((n) => globMatches(c.chart, n))) ?? null;
}

function applied(f: Finding, mode: DependencyMode, failOn: FailOn | null, reason: string, own: boolean): Finding {
  if (mode === 'ignore') return f.suppressed ? f : { ...f, suppressed: true, suppression: { by: 'config', reason } };
  const g = own && f.dependency ? { ...f, dependency: { ...f.dependency, reason } } : f;
  if (mode === 'warn') return { ...g, failOn: 'never' };
  return failOn ? { ...g, failOn } : g;
}

export interface DependencyResult {
  findings: Finding[];
  notices: SuppressionNotice[];
}

/** Applies each render's `dependencies:` policy to the findings of its vendored subcharts. */
export function applyDependencyPolicy(findings: readonly Finding[], renders: readonly DependencyRender[]): DependencyResult {
  const configOf = new Map(renders.map((r) => [r.target.id, r.config ?? null]));
  const used = new Set<DependencyRule>();
  const out = findings.map((f) => {
    const config = configOf.get(f.target);
    const policy = config?.dependencies;
    if (!f.dependency || !policy || !config) return f;
    const rule = ruleFor(policy, f);
    if (rule) {
      used.add(rule);
      return applied(f, rule.mode, rule.failOn ?? policy.failOn, rule.reason, true);
    }
    return applied(f, policy.mode, policy.failOn, `dependencies: ${policy.mode} in ${config.file}`, false);
  });
  const notices: SuppressionNotice[] = [];
  const seen = new Set<string>();
  for (const r of renders) {
    const config = r.config;
    if (!config?.dependencies || seen.has(config.file)) continue;
    seen.add(config.file);
    for (const rule of config.dependencies.charts) {
      if (used.has(rule)) continue;
      notices.push({
        kind: 'unused-suppression',
        by: 'config',
        message: `dependencies.charts[${rule.index}] (chart ${rule.chart}, mode ${rule.mode}) matched no finding of a vendored subchart; remove it`,
        file: config.file,
        line: rule.line,
        ruleId: null,
      });
    }
  }
  return { findings: out, notices };
}

/**
 * The threshold a finding fails at: the run's, or its own (`dependencies`) when that is less
 * strict. A dependency threshold never makes a run stricter than `--fail-on`, so `never` stays never.
 */
export function thresholdFor(f: Pick<Finding, 'failOn'>, failOn: FailOn): FailOn {
  const own = f.failOn;
  if (own === undefined || failOn === 'never') return failOn;
  if (own === 'never') return 'never';
  return severityRank(own) > severityRank(failOn) ? own : failOn;
}

/** Whether this finding fails a run at `failOn`: unsuppressed and at or above its threshold. */
export function failsAt(f: Pick<Finding, 'suppressed' | 'severity' | 'failOn'>, failOn: FailOn): boolean {
  return !f.suppressed && atOrAbove(f.severity, thresholdFor(f, failOn));
}
