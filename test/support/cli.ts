// Drives the real CLI (main) in-process with captured IO.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { main } from '../../src/cli/main.js';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = join(ROOT, 'charts-fixtures');
export const SHARED = resolve(ROOT, '../shared');
export const SHARED_CHARTS = join(SHARED, 'charts');
export const HAVE_SHARED = existsSync(join(SHARED_CHARTS, 'INDEX.md'));
if (!HAVE_SHARED) console.warn(`[skip] ${SHARED_CHARTS} is absent: integration tests over the real charts are skipped`);

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export async function runCli(args: string[], opts: { helm?: string; stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env };
  delete env['NO_COLOR'];
  if (opts.helm) env['HELM_BIN'] = opts.helm;
  const code = await main(args, {
    stdout: (t) => {
      stdout += t;
    },
    stderr: (t) => {
      stderr += t;
    },
    readStdin: async () => opts.stdin ?? '',
    env,
    cwd: opts.cwd ?? ROOT,
    stdoutIsTTY: false,
    stderrIsTTY: false,
  });
  return { code, stdout, stderr };
}

export async function runJson(args: string[], opts: Parameters<typeof runCli>[1] = {}) {
  const r = await runCli([...args, '--format', 'json'], opts);
  if (r.code === 2) throw new Error(`exit 2: ${r.stderr}`);
  return { ...r, json: JSON.parse(r.stdout) as LintJson };
}

export interface LintJson {
  schemaVersion: number;
  targets: { id: number; chart: string | null; name: string; renderer: string; kubeVersion: string | null; render: string | null }[];
  findings: {
    ruleId: string;
    severity: string;
    message: string;
    target: number;
    object: { kind: string; name: string; namespace: string | null };
    source: { file: string | null; line: number | null };
    subjects: { kind: string; name: string; namespace?: string | null }[];
    permissions: { apiGroup: string; resource: string; verbs: string[]; resourceNames: string[] }[];
    evidence: { object: { kind: string; name: string }; path: string; text: string; access: string }[];
    fix: { summary: string; rules: Record<string, string[]>[]; minKubernetesVersion: string | null } | null;
    suppressed: boolean;
    suppression?: { by: string; reason: string };
    renders?: string[];
    dependency?: { name: string; version: string | null; path: string; reason?: string };
    failOn?: string;
    fingerprint: string;
  }[];
  summary: Record<string, number>;
  suppressions: { kind: string; message: string }[];
}
