// Validators for SARIF output: the official SARIF 2.1.0 JSON schema (the copy the Microsoft
// SARIF Multitool ships) through ajv, and the Multitool itself with GitHub's rule set.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject } from 'ajv';
import type { Log } from 'sarif';

const require = createRequire(import.meta.url);
/** `@microsoft/sarif-multitool` resolves to the platform package's .NET binary. */
const MULTITOOL = require('@microsoft/sarif-multitool') as string;
export const SCHEMA_PATH = require.resolve(`@microsoft/sarif-multitool-${process.platform}/sarif-2.1.0.json`);

// RFC 3986 characters; a `%` must start a pct-encoded byte. The schema's `format` keywords are
// checked for real (no ajv-formats here) so that unencoded paths fail validation.
const PCT = '%[0-9A-Fa-f]{2}';
const URI_CHARS = `(?:[A-Za-z0-9\\-._~:/?#\\[\\]@!$&'()*+,;=]|${PCT})*`;
const URI_REFERENCE = new RegExp(`^${URI_CHARS}$`);
const URI = new RegExp(`^[A-Za-z][A-Za-z0-9+.-]*:${URI_CHARS}$`);

function schemaValidator() {
  // The file declares JSON Schema 2020-12; ajv's default class is draft-07 and rejects its $schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addFormat('uri', URI);
  ajv.addFormat('uri-reference', URI_REFERENCE);
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/);
  return ajv.compile(JSON.parse(readFileSync(SCHEMA_PATH, 'utf8')) as object);
}

let validate: ReturnType<typeof schemaValidator> | undefined;

/** Schema errors as `path: message` lines (empty when valid). */
export function schemaErrors(doc: unknown): string[] {
  validate ??= schemaValidator();
  if (validate(doc)) return [];
  return (validate.errors ?? []).map((e: ErrorObject) => `${e.instancePath || '/'}: ${e.message ?? e.keyword} ${JSON.stringify(e.params)}`);
}

export interface MultitoolFinding {
  file: string;
  ruleId: string;
  level: string;
  text: string;
}

export interface MultitoolRun {
  status: number | null;
  output: string;
  findings: MultitoolFinding[];
}

/**
 * `Sarif.Multitool validate` with the SARIF and GitHub (`Gh`) rule kinds over the given logs.
 * Its exit code is 0 even when it reports errors, so the caller reads levels from its output.
 * A private HOME and invariant globalization keep the .NET runtime off the user's home and ICU.
 */
export function multitoolValidate(logs: Record<string, string>): MultitoolRun {
  const dir = mkdtempSync(join(tmpdir(), 'hrl-sarif-'));
  try {
    const files = Object.entries(logs).map(([name, text]) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      return file;
    });
    const out = join(dir, 'validation.sarif');
    const run = spawnSync(MULTITOOL, ['validate', ...files, '--output', out, '--rule-kind', 'Gh;Sarif', '--log', 'ForceOverwrite'], {
      encoding: 'utf8',
      timeout: 120_000,
      env: { ...process.env, HOME: dir, DOTNET_CLI_HOME: dir, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1' },
    });
    const output = `${run.stdout ?? ''}${run.stderr ?? ''}${run.error ? String(run.error) : ''}`;
    if (run.status !== 0) return { status: run.status, output, findings: [] };
    const log = JSON.parse(readFileSync(out, 'utf8')) as Log;
    const r = log.runs[0];
    const rules = r?.tool.driver.rules ?? [];
    const findings = (r?.results ?? []).map((res) => {
      const level = res.level ?? (res.ruleIndex !== undefined ? rules[res.ruleIndex]?.defaultConfiguration?.level : undefined) ?? 'warning';
      const uri = res.locations?.[0]?.physicalLocation?.artifactLocation?.uri ?? '';
      return { file: uri.slice(uri.lastIndexOf('/') + 1), ruleId: res.ruleId ?? '', level, text: `${res.message.id ?? ''} ${(res.message.arguments ?? []).join(' | ')}` };
    });
    return { status: run.status, output, findings };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
