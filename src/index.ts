// The public library API. The CLI, the GitHub Action and the Helm plugin are thin shells over it.
export type * from './types.js';
export { LintError } from './errors.js';
export { SEVERITIES, atOrAbove, severityRank } from './severity.js';
export type { FailOn } from './severity.js';

// Orchestration: render, analyse, diff, ask (src/api).
export { analyzeRender, analyzeText, diffExitCode, diffPullRequest, diffTargets, lint, modelOfTargets, registeredRules, requestFromArgs } from './api/index.js';
export type { AnalyzeSettings, DiffOptions, DiffRun, DiffSide, LintOptions, LintRun, PullRequestDiff } from './api/index.js';
export type { Analysis } from './engine/analyze.js';
export { renderTargets } from './render/index.js';
export type { RenderOptions, RenderResult } from './render/index.js';

// The exact Kubernetes semantics (src/rbac) and evidence.
export { ruleAllows, rulesAllow, normalizeRule, validatePolicyRule } from './rbac/match.js';
export { kubeletAuthorization, isSubpath, KUBELET_SUBRESOURCES, kubeletSubresourceSince } from './rbac/kubelet.js';
export { buildModel } from './rbac/model.js';
export type { RbacModel, ModelOptions } from './rbac/model.js';
export { effectivePermissions, whoCan, canI } from './rbac/effective.js';
export type { EffectiveRule, WhoCanEntry } from './rbac/effective.js';
export { reachOf } from './rbac/reach.js';
export { grantsFor } from './rbac/grants.js';
export { userInfoFor, serviceAccountUsername } from './rbac/subjects.js';
export { canIList, canIAccess } from './rbac/can-i.js';
export { parseRendered } from './parse/index.js';
export { findKubeletEvidence } from './evidence/index.js';
export { diff, diffModels, diffProbes } from './diff/index.js';
export type { RbacDiff, Verdict } from './diff/index.js';

// Formatters (src/report): pure (report, context) => string.
export { DIFF_FORMATTERS, LINT_FORMATTERS, WHO_CAN_FORMATTERS, formatContext } from './report/index.js';
export type { DiffFormat, FormatContext, Formatter, LintFormat, LintReport, WhoCanFormat } from './report/index.js';
export { formatText } from './report/text.js';
export { formatJson } from './report/json.js';
export { formatSarif } from './report/sarif.js';
export { formatMarkdown } from './report/markdown.js';
export { formatGithub } from './report/github.js';
export { formatDiffText, formatDiffJson } from './report/diff.js';
export { formatDiffMarkdown } from './report/diff-markdown.js';

// Rules and the rule API (for custom rule sets).
export { RULES } from '../rules/index.js';
export { defineProbeRule, defineRule, ruleSet } from './rule-api/index.js';
export type { Probe, RuleContext, RuleMeta, RuleModule, RuleSet } from './rule-api/index.js';
export { VERSION } from './version.js';
