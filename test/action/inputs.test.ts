// The Action's inputs and event context, read as the runner provides them: INPUT_<NAME> env
// variables (@actions/core getInput: name upper-cased, spaces → `_`) and the event payload file.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { actionContext, pullRequestOf } from '../../src/action/context.js';
import { readInputs } from '../../src/action/inputs.js';

const touched = new Set<string>();
function setInputs(inputs: Record<string, string | undefined>): void {
  for (const [name, value] of Object.entries(inputs)) {
    const key = `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
    touched.add(key);
    process.env[key] = value ?? '';
  }
}
afterEach(() => {
  for (const key of touched) delete process.env[key];
  touched.clear();
});

describe('readInputs', () => {
  // Defaults are action.yml's, so running dist/action.js without the runner's defaults behaves the same.
  it('defaults: every chart selection, namespace default, diff/annotations/summary on, fail-on from the config', () => {
    expect(readInputs()).toEqual({
      charts: [], values: [], namespace: 'default', failOn: undefined, diff: true, sarifFile: '',
      annotations: true, summary: true, config: '', kubeVersions: [], helm: '', fix: 'off',
    });
  });

  it.each([
    { inputs: { charts: 'charts/a\ncharts/b  charts/c/*\n' }, field: 'charts', value: ['charts/a', 'charts/b', 'charts/c/*'] },
    { inputs: { values: ' ci/prod.yaml\n\n ci/extra.yaml ' }, field: 'values', value: ['ci/prod.yaml', 'ci/extra.yaml'] },
    { inputs: { 'kube-version': '1.32.0 1.35.0' }, field: 'kubeVersions', value: ['1.32.0', '1.35.0'] },
    { inputs: { 'fail-on': 'critical' }, field: 'failOn', value: 'critical' },
    { inputs: { 'fail-on': 'never' }, field: 'failOn', value: 'never' },
    // YAML 1.2 core schema booleans, the set core.getBooleanInput accepts.
    { inputs: { diff: 'False' }, field: 'diff', value: false },
    { inputs: { annotations: 'FALSE' }, field: 'annotations', value: false },
    { inputs: { summary: 'true' }, field: 'summary', value: true },
    { inputs: { 'sarif-file': 'out/rbac.sarif' }, field: 'sarifFile', value: 'out/rbac.sarif' },
    { inputs: { fix: 'suggest' }, field: 'fix', value: 'suggest' },
  ])('$inputs → $field', ({ inputs, field, value }) => {
    setInputs(inputs);
    expect(readInputs()[field as keyof ReturnType<typeof readInputs>]).toEqual(value);
  });

  it.each([
    { inputs: { 'fail-on': 'severe' }, message: 'input fail-on must be one of critical, high, medium, low, info, never (got "severe")' },
    { inputs: { diff: 'yes' }, message: 'input diff must be true or false (got "yes")' },
    { inputs: { fix: 'apply' }, message: 'input fix must be off or suggest (got "apply")' },
  ])('rejects $inputs', ({ inputs, message }) => {
    setInputs(inputs);
    expect(() => readInputs()).toThrow(message);
  });
});

describe('pullRequestOf (webhook payload of pull_request events: pull_request.base.sha / head.sha)', () => {
  const sha = 'a'.repeat(40);
  it.each([
    { payload: { pull_request: { number: 7, base: { sha }, head: { sha: 'b'.repeat(40) } } }, pr: { baseSha: sha, headSha: 'b'.repeat(40), number: 7 } },
    { payload: { ref: 'refs/heads/main' }, pr: null },
    { payload: null, pr: null },
  ])('$payload', ({ payload, pr }) => {
    expect(pullRequestOf(payload)).toEqual(pr);
  });

  it('a base that is not a commit id is an error, not a silent lint of everything', () => {
    expect(() => pullRequestOf({ pull_request: { base: { sha: '--upload-pack=x' } } })).toThrow('not a commit id');
  });
});

describe('actionContext', () => {
  it('reads the workspace, RUNNER_TEMP and the pull request from GITHUB_EVENT_PATH', () => {
    const dir = mkdtempSync(join(tmpdir(), 'helm-rbac-lint-ctx-'));
    try {
      const event = join(dir, 'event.json');
      writeFileSync(event, JSON.stringify({ pull_request: { base: { sha: 'c'.repeat(40) } } }));
      const ctx = actionContext({ GITHUB_WORKSPACE: dir, RUNNER_TEMP: '/runner/temp', GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: event });
      expect(ctx).toEqual({ workspace: dir, runnerTemp: '/runner/temp', eventName: 'pull_request', pullRequest: { baseSha: 'c'.repeat(40), headSha: null, number: null } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an unreadable event payload is named in the error', () => {
    expect(() => actionContext({ GITHUB_EVENT_PATH: '/nonexistent/event.json' })).toThrow('/nonexistent/event.json: cannot read the event payload (ENOENT)');
  });
});
