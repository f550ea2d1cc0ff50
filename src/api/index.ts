// The orchestration layer: the library entry points behind every command. The CLI and the
// Action only parse their inputs, call these, and print with a formatter from src/report.
export { lint, configDirOf } from './lint.js';
export type { LintOptions, LintRun } from './lint.js';
export { analyzeRender, analyzeText } from './analyze.js';
export type { AnalyzeSettings } from './analyze.js';
export { analyzePair, diffExitCode, diffTargets, suppressSide } from './diff.js';
export type { DiffOptions, DiffRun, DiffSide } from './diff.js';
export { modelOfTargets, requestFromArgs, subresourceHint, whoCanRequest } from './access.js';
export { lintFormatContext, repoRootOf, targetPathsOf, writeFileAtomic } from './output.js';
export { registeredRules } from './registry.js';
export { fix } from './fix.js';
export type { FixOptions, FixRun, FixStatus } from './fix.js';
export { diffPullRequest, findingKey } from './pull-request.js';
export type { ChartDiff, PullRequestDiff, PullRequestDiffOptions } from './pull-request.js';
export { discardPrestarted, warmUp } from './speed.js';

// What the shells need from the layers below, so they import from here only.
export { canIAccess, canIList } from '../rbac/can-i.js';
export { whoCan } from '../rbac/effective.js';
export { userInfoFor } from '../rbac/subjects.js';
export { exitCodeFor, summarize } from '../engine/summary.js';
export { failsAt } from '../engine/dependencies.js';
export type { Summary } from '../engine/summary.js';
export { issueWhere } from '../engine/input-errors.js';
export { baselineText } from '../config/baseline.js';
export { localDate, renderOptionsFor, ruleSeverityFor } from '../config/apply.js';
export { ConfigResolver } from '../config/load.js';
export type { LintConfig } from '../config/load.js';
export { chartYamlIn } from '../render/index.js';
export type { RenderOptions, RenderResult } from '../render/index.js';
export type { RbacModel } from '../rbac/model.js';
export type { RbacDiff, Verdict } from '../diff/index.js';
