// Running as a Helm plugin (`helm rbac-lint …`, plugin.yaml). Helm takes its own global flags off
// the command line before it starts a plugin and hands them over as environment variables
// instead (docs/helm-plugin.md has the details, checked against helm 3.17 and 4.1):
//   -n/--namespace    → HELM_NAMESPACE (never empty: the flag, else the kubeconfig context's
//                       namespace, else "default" — the namespace `helm template` would use)
//   --debug           → HELM_DEBUG ("true"/"false")
//   the helm binary   → HELM_BIN (its argv[0]: may be relative to the working directory)
//   --kube-context, --kubeconfig, --kube-* → HELM_KUBECONTEXT, KUBECONFIG, …: only talking to a
//                       cluster needs them, and nothing here does (`helm template` is offline).
// So under a plugin those variables are the user's flags; an explicit flag on our own command
// line still wins. bin/prestart.js pluginDefaults must agree (test/cli/helm-plugin.test.ts).
import { isAbsolute, resolve } from 'node:path';

export interface PluginDefaults {
  /** The namespace helm was given (HELM_NAMESPACE), or null outside a plugin. */
  namespace: string | null;
  /** helm's --debug. */
  debug: boolean;
  /** The environment for the helm we start: HELM_BIN absolute, no HELM_DEBUG (its output would mix with the error helm prints). */
  env: NodeJS.ProcessEnv;
}

/** Whether helm started us as a plugin: helm 3 and 4 set HELM_PLUGIN_NAME for every plugin command. */
export const underHelmPlugin = (env: NodeJS.ProcessEnv): boolean => Boolean(env['HELM_PLUGIN_NAME']);

/** helm's -n under a plugin (HELM_NAMESPACE), else null. */
export const pluginNamespace = (env: NodeJS.ProcessEnv): string | null => (underHelmPlugin(env) ? env['HELM_NAMESPACE'] || null : null);

/** Go's strconv.ParseBool true values: how helm reads HELM_DEBUG. */
const TRUE = /^(1|t|true)$/i;

export function pluginDefaults(env: NodeJS.ProcessEnv, cwd: string): PluginDefaults {
  if (!underHelmPlugin(env)) return { namespace: null, debug: false, env };
  const out: NodeJS.ProcessEnv = { ...env };
  delete out['HELM_DEBUG'];
  const bin = env['HELM_BIN'];
  // `./helm` as helm was started; our renders may run in another directory.
  if (bin && bin.includes('/') && !isAbsolute(bin)) out['HELM_BIN'] = resolve(cwd, bin);
  return { namespace: pluginNamespace(env), debug: TRUE.test(env['HELM_DEBUG'] ?? ''), env: out };
}
