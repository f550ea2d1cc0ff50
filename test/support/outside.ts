// Tests that need a program from outside the project (helm or kubectl on a platform the dev
// dependencies do not cover, pre-commit, a reachable npm registry) skip when it is missing and
// say why, so `npm ci && npm test` passes on a machine with only Node. CI installs them and sets
// HELM_RBAC_LINT_REQUIRE_TOOLS=1 (.ci/run): then a missing program fails the run instead, so a
// broken install can never turn the checks into silent skips.

export const REQUIRE_TOOLS_VAR = 'HELM_RBAC_LINT_REQUIRE_TOOLS';

export const toolsRequired = (env: NodeJS.ProcessEnv = process.env): boolean => /^(1|true|yes)$/i.test(env[REQUIRE_TOOLS_VAR] ?? '');

/**
 * `available` as given; when it is false, prints `[skip] <reason>` once, or throws when
 * HELM_RBAC_LINT_REQUIRE_TOOLS is set. Use with `describe.skipIf(!needs(…))`.
 */
export function needs(available: boolean, reason: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (available) return true;
  if (toolsRequired(env)) throw new Error(`${reason} (${REQUIRE_TOOLS_VAR} is set: missing tools are failures, not skips)`);
  console.warn(`[skip] ${reason}`);
  return false;
}
