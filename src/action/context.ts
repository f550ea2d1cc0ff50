// Where the Action runs: the workspace, the runner's temp dir and, on a pull request, the
// commits it compares. Read from the environment the runner sets (GITHUB_*, RUNNER_TEMP).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { inputError } from '../errors.js';

export interface PullRequest {
  /** `pull_request.base.sha`: the base branch commit the PR is compared with. */
  baseSha: string;
  headSha: string | null;
  number: number | null;
}

export interface ActionContext {
  /** Where charts, values and the config are looked up, and helm runs (GITHUB_WORKSPACE, else cwd). */
  workspace: string;
  /** Where the JSON report goes (RUNNER_TEMP, else the OS temp dir). */
  runnerTemp: string;
  eventName: string;
  /** Set on events that carry a pull request (pull_request, pull_request_target). */
  pullRequest: PullRequest | null;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function field(value: unknown, key: string): unknown {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined;
}

/** The pull request of an event payload, or null when the payload has none. */
export function pullRequestOf(payload: unknown): PullRequest | null {
  const pr = field(payload, 'pull_request');
  const base = field(field(pr, 'base'), 'sha');
  if (typeof base !== 'string') return null;
  if (!SHA.test(base)) throw inputError('GITHUB_EVENT_PATH', `pull_request.base.sha is not a commit id ("${base}")`);
  const head = field(field(pr, 'head'), 'sha');
  const number = field(pr, 'number');
  return { baseSha: base, headSha: typeof head === 'string' ? head : null, number: typeof number === 'number' ? number : null };
}

function readPayload(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch (err) {
    throw inputError(path, `cannot read the event payload (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, err);
  }
}

export function actionContext(env: NodeJS.ProcessEnv, cwd: string = process.cwd()): ActionContext {
  const eventName = env['GITHUB_EVENT_NAME'] ?? '';
  const eventPath = env['GITHUB_EVENT_PATH'];
  return {
    workspace: resolve(cwd, env['GITHUB_WORKSPACE'] || '.'),
    runnerTemp: env['RUNNER_TEMP'] || tmpdir(),
    eventName,
    pullRequest: eventPath ? pullRequestOf(readPayload(eventPath)) : null,
  };
}
