import { Command, Option } from 'commander';
import type { RenderOptions } from '../api/index.js';
import { usageError } from '../errors.js';
import { pluginNamespace } from './helm-plugin.js';
import { FAIL_ON_VALUES, SEVERITIES } from '../severity.js';
import type { FailOn } from '../severity.js';
import type { Severity } from '../types.js';

export const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

/** Render options shared by every command that takes TARGETs. Under a Helm plugin, `-n` defaults to helm's own (src/cli/helm-plugin.ts). */
export function addRenderOptions(cmd: Command, env: NodeJS.ProcessEnv): Command {
  const namespace = pluginNamespace(env) ?? 'default';
  return cmd
    .option('-f, --values <file>', 'values file passed to helm (repeatable)', collect, [])
    .option('--set <key=value>', 'set a value, as helm --set (repeatable)', collect, [])
    .option('--set-string <key=value>', 'set a string value, as helm --set-string (repeatable)', collect, [])
    .option('--set-file <key=path>', 'set a value from a file, as helm --set-file (repeatable)', collect, [])
    .option('-n, --namespace <ns>', 'namespace the chart is rendered into', namespace)
    .option('--release-name <name>', 'release name (default: the chart name)')
    .option('--kube-version <version>', 'Kubernetes version to render for; repeat to render once per version', collect, [])
    .option('--api-versions <group/version>', 'extra API versions for .Capabilities (repeatable)', collect, [])
    .option('--version <version>', 'chart version for remote refs (repo/chart, oci://…); needs network')
    .option('--include-crds', 'also render CRDs from crds/')
    .option('--ci-values', 'also render once per ci/*-values.yaml (chart-testing convention)')
    .option('--dependency-build', 'run `helm dependency build` when chart dependencies are missing (may use network)')
    .option('--helm <path>', 'helm binary (default: $HELM_BIN, then helm on PATH)')
    .option('--timeout <seconds>', 'time limit per helm render', '120');
}

export interface RawRenderOptions {
  values: string[];
  set: string[];
  setString: string[];
  setFile: string[];
  namespace: string;
  releaseName?: string;
  kubeVersion: string[];
  apiVersions: string[];
  version?: string;
  includeCrds?: boolean;
  ciValues?: boolean;
  dependencyBuild?: boolean;
  helm?: string;
  timeout: string;
  cache?: boolean;
  cacheLocation?: string;
}

const KUBE_VERSION = /^v?\d+\.\d+(\.\d+)?([-+][0-9A-Za-z.-]+)?$/;

export function renderOptionsFrom(raw: RawRenderOptions, io: { env: NodeJS.ProcessEnv; readStdin: () => Promise<string>; cwd: string }): RenderOptions {
  const timeout = Number(raw.timeout);
  if (!Number.isFinite(timeout) || timeout <= 0) throw usageError(`--timeout must be a positive number of seconds, got ${JSON.stringify(raw.timeout)}`);
  for (const v of raw.kubeVersion) {
    if (!KUBE_VERSION.test(v)) throw usageError(`--kube-version ${JSON.stringify(v)} is not a version like 1.33.0`);
  }
  if (!raw.namespace) throw usageError('--namespace must not be empty');
  return {
    values: raw.values,
    set: raw.set,
    setString: raw.setString,
    setFile: raw.setFile,
    namespace: raw.namespace,
    releaseName: raw.releaseName,
    kubeVersions: raw.kubeVersion,
    apiVersions: raw.apiVersions,
    version: raw.version,
    includeCrds: raw.includeCrds,
    ciValues: raw.ciValues,
    dependencyBuild: raw.dependencyBuild,
    helm: raw.helm,
    timeoutMs: timeout * 1000,
    cache: raw.cache,
    cacheLocation: raw.cacheLocation,
    env: io.env,
    stdin: io.readStdin,
    cwd: io.cwd,
  };
}

export function failOnOption(): Option {
  return new Option('--fail-on <severity>', 'exit 1 when a finding is at or above this severity').choices(FAIL_ON_VALUES as string[]).default('high');
}

export function parseFailOn(v: string): FailOn {
  if (!(FAIL_ON_VALUES as string[]).includes(v)) throw usageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}`);
  return v as FailOn;
}

/** `--rule nodes-proxy=high`, `--rule wildcard-grant=off`. */
export function parseRuleOverrides(values: string[], known: ReadonlySet<string>): Record<string, Severity | 'off'> {
  const out: Record<string, Severity | 'off'> = {};
  for (const v of values) {
    const m = /^([a-z0-9-]+)=([a-z]+)$/.exec(v);
    if (!m) throw usageError(`--rule ${JSON.stringify(v)}: expected <rule-id>=<severity|off>`);
    const [, id, sev] = m as unknown as [string, string, string];
    if (!known.has(id)) throw usageError(`--rule ${id}: unknown rule id (see \`helm-rbac-lint rules\`)`);
    if (sev !== 'off' && !(SEVERITIES as readonly string[]).includes(sev)) throw usageError(`--rule ${id}=${sev}: severity must be one of ${SEVERITIES.join(', ')} or off`);
    out[id] = sev as Severity | 'off';
  }
  return out;
}
