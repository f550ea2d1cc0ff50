// The Action's inputs (action.yml), read through @actions/core (which reads INPUT_<NAME>) and
// checked here, so a typo in a workflow is one clear line instead of a surprise later.
import * as core from '@actions/core';
import { usageError } from '../errors.js';
import { FAIL_ON_VALUES } from '../severity.js';
import type { FailOn } from '../severity.js';

export interface ActionInputs {
  /** Paths or globs of charts (or directories holding charts); [] = the default selection. */
  charts: string[];
  values: string[];
  namespace: string;
  /** undefined: the config's failOn, else high. */
  failOn: FailOn | undefined;
  diff: boolean;
  /** Where to write SARIF; '' = do not write it. */
  sarifFile: string;
  annotations: boolean;
  summary: boolean;
  /** One config for every chart; '' = the nearest .helm-rbac-lint.yaml of each chart. */
  config: string;
  kubeVersions: string[];
  /** helm binary; '' = HELM_BIN, else helm on PATH. */
  helm: string;
  /** `suggest`: on a pull request that introduces nodes-proxy, post a proven patch in the summary. */
  fix: 'off' | 'suggest';
}

/** Defaults when an input is empty: the same as action.yml's, so running dist/action.js by hand behaves alike. */
export const INPUT_DEFAULTS = {
  namespace: 'default',
  diff: true,
  annotations: true,
  summary: true,
} as const;

/** Entries separated by newlines or spaces (YAML block scalars and one-liners both work). */
export function listInput(name: string): string[] {
  return core
    .getInput(name)
    .split(/\s+/)
    .filter((s) => s !== '');
}

/** YAML 1.2 core-schema booleans, as core.getBooleanInput accepts them, with a default for an empty input. */
export function booleanInput(name: string, fallback: boolean): boolean {
  const raw = core.getInput(name);
  if (raw === '') return fallback;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  if (['false', 'False', 'FALSE'].includes(raw)) return false;
  throw usageError(`input ${name} must be true or false (got "${raw}")`);
}

function failOnInput(): FailOn | undefined {
  const raw = core.getInput('fail-on');
  if (raw === '') return undefined;
  if (!(FAIL_ON_VALUES as readonly string[]).includes(raw)) {
    throw usageError(`input fail-on must be one of ${FAIL_ON_VALUES.join(', ')} (got "${raw}")`);
  }
  return raw as FailOn;
}

function fixInput(): ActionInputs['fix'] {
  const raw = core.getInput('fix');
  if (raw === '' || raw === 'off') return 'off';
  if (raw === 'suggest') return 'suggest';
  throw usageError(`input fix must be off or suggest (got "${raw}")`);
}

export function readInputs(): ActionInputs {
  return {
    charts: listInput('charts'),
    values: listInput('values'),
    namespace: core.getInput('namespace') || INPUT_DEFAULTS.namespace,
    failOn: failOnInput(),
    diff: booleanInput('diff', INPUT_DEFAULTS.diff),
    sarifFile: core.getInput('sarif-file'),
    annotations: booleanInput('annotations', INPUT_DEFAULTS.annotations),
    summary: booleanInput('summary', INPUT_DEFAULTS.summary),
    config: core.getInput('config'),
    kubeVersions: listInput('kube-version'),
    helm: core.getInput('helm'),
    fix: fixInput(),
  };
}
