// Tests that need a program from outside the project (helm or kubectl on a platform the dev
// dependencies do not cover, pre-commit, a reachable npm registry) skip when it is missing and
// say why, so `npm ci && npm test` passes on a machine with only Node. CI installs them and sets
// HELM_RBAC_LINT_REQUIRE_TOOLS=1 (.ci/run): then a missing program fails the run instead, so a
// broken install can never turn the checks into silent skips.

export const REQUIRE_TOOLS_VAR = 'HELM_RBAC_LINT_REQUIRE_TOOLS';

import { execa } from 'execa';

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

/** The environment without npm's own variables (npm_config_prefix & co. from `npm test` would redirect a child npm). */
export function cleanNpmEnv(extra: Record<string, string> = {}): Record<string, string> {
  const base = Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !/^npm_/i.test(e[0]) && e[0] !== 'INIT_CWD');
  return { ...Object.fromEntries(base), npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false', ...extra };
}

/**
 * Installing the package (from git, or its tarball) resolves its production dependencies' versions
 * at the npm registry: `npm ci` caches their tarballs but not that metadata. So those tests need
 * the registry, like `npm ci` itself; without it they skip and say so.
 */
export async function npmRegistryReachable(): Promise<boolean> {
  const r = await execa('npm', ['ping'], { env: cleanNpmEnv(), extendEnv: false, reject: false, timeout: 30_000 });
  return needs(r.exitCode === 0, 'the npm registry is unreachable (npm ping failed): installing the package resolves its dependencies there, so the install tests are not run');
}
