import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';

// Progress of long runs (issue "performance": "long runs show progress on a TTY (stderr: charts
// done/total, current chart) … never in machine formats or when not a TTY"; src/cli/progress.ts):
// the real CLI over two manifests, with stderr a terminal or not, in each format.

const dir = mkdtempSync(join(tmpdir(), 'hrl-progress-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ROLE = 'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: reader\nrules:\n  - apiGroups: [""]\n    resources: ["pods"]\n    verbs: ["get"]\n';
for (const name of ['a.yaml', 'b.yaml']) writeFileSync(join(dir, name), ROLE);

async function stderrOf(args: string[], tty: { stdout: boolean; stderr: boolean }, env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const code = await main(args, {
    stdout: () => undefined,
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => '',
    env: { PATH: process.env['PATH'], ...env },
    cwd: dir,
    stdoutIsTTY: tty.stdout,
    stderrIsTTY: tty.stderr,
  });
  return { code, stderr };
}

const PROGRESS = /\[2\/2\] b\.yaml/;

describe('progress on stderr', () => {
  it('is shown for text output on a terminal: charts done/total and the current one, then cleared', async () => {
    const r = await stderrOf(['lint', 'a.yaml', 'b.yaml'], { stdout: true, stderr: true });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/\[1\/2\] a\.yaml/);
    expect(r.stderr).toMatch(PROGRESS);
    expect(r.stderr.endsWith('\r\u001b[2K')).toBe(true); // the line is cleared before the report
  });

  it.each([
    { why: 'stderr is not a terminal (a pipe, a file, CI logs)', args: [], tty: { stdout: true, stderr: false }, env: {} },
    { why: 'json is a machine format', args: ['--format', 'json'], tty: { stdout: true, stderr: true }, env: {} },
    { why: 'sarif is a machine format', args: ['--format', 'sarif'], tty: { stdout: true, stderr: true }, env: {} },
    { why: 'github annotations are a machine format', args: ['--format', 'github'], tty: { stdout: true, stderr: true }, env: {} },
    { why: 'markdown is a machine format', args: ['--format', 'markdown'], tty: { stdout: true, stderr: true }, env: {} },
    { why: 'the report goes to a file', args: ['--output', join(dir, 'out.txt')], tty: { stdout: true, stderr: true }, env: {} },
    { why: 'CI is set (a terminal emulated by the CI runner)', args: [], tty: { stdout: true, stderr: true }, env: { CI: 'true' } },
  ])('is never shown when $why', async ({ args, tty, env }) => {
    const r = await stderrOf(['lint', 'a.yaml', 'b.yaml', ...args], tty, env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });

  it('is not shown for a single target (nothing to count)', async () => {
    const r = await stderrOf(['lint', 'a.yaml'], { stdout: true, stderr: true });
    expect(r.stderr).toBe('');
  });
});
