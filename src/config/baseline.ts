// Baseline files: findings a team has accepted, keyed by the stable fingerprint (rule + chart +
// object + what it is about; no lines), so moving template lines never invalidates a baseline.
//
// Written: every finding that is not suppressed by an annotation or config exemption (findings
// suppressed by the old baseline are kept, so rewriting a baseline keeps what is still there),
// one entry per fingerprint, sorted by fingerprint; 2-space JSON, trailing newline, no timestamps.
import { readFile } from 'node:fs/promises';
import { Ajv } from 'ajv';
import type { ValidateFunction } from 'ajv';
import { configError } from '../errors.js';
import { objectLabel } from '../labels.js';
import type { Finding, TargetInfo } from '../types.js';
import { describeSchemaError } from './schema.js';

export const BASELINE_TOOL = 'helm-rbac-lint';
export const BASELINE_SCHEMA_VERSION = 1;

export interface BaselineEntry {
  fingerprint: string;
  ruleId: string;
  /** Chart name (or manifest name) of the finding, as the fingerprint knows it. */
  chart: string;
  /** `Kind ns/name`, or `Kind name` for cluster-scoped objects. */
  object: string;
  message: string;
}

export interface Baseline {
  /** The file as given. */
  file: string;
  entries: BaselineEntry[];
}

function chartOf(f: Finding, targets: readonly TargetInfo[]): string {
  return targets.find((t) => t.id === f.target)?.name ?? '';
}

export function baselineEntries(findings: readonly Finding[], targets: readonly TargetInfo[]): BaselineEntry[] {
  const byPrint = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (f.suppressed && f.suppression?.by !== 'baseline') continue;
    if (byPrint.has(f.fingerprint)) continue;
    byPrint.set(f.fingerprint, {
      fingerprint: f.fingerprint,
      ruleId: f.ruleId,
      chart: chartOf(f, targets),
      object: objectLabel(f.object),
      message: f.message,
    });
  }
  return [...byPrint.values()].sort((a, b) => (a.fingerprint < b.fingerprint ? -1 : a.fingerprint > b.fingerprint ? 1 : 0));
}

/** The baseline file's text (the CLI writes it atomically). Same findings → same bytes. */
export function baselineText(findings: readonly Finding[], targets: readonly TargetInfo[]): string {
  const doc = { schemaVersion: BASELINE_SCHEMA_VERSION, tool: BASELINE_TOOL, findings: baselineEntries(findings, targets) };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const text = { type: 'string' };
const BASELINE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['schemaVersion', 'tool', 'findings'],
  properties: {
    schemaVersion: { const: BASELINE_SCHEMA_VERSION },
    tool: { const: BASELINE_TOOL },
    findings: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['fingerprint', 'ruleId', 'chart', 'object', 'message'],
        properties: {
          fingerprint: { type: 'string', title: 'fingerprint', pattern: '^[0-9a-f]{32}$' },
          ruleId: text,
          chart: text,
          object: text,
          message: text,
        },
      },
    },
  },
};

// Compiled on first use: compiling costs ~40 ms, which a run without --baseline must not pay at start-up.
let baselineValidator: ValidateFunction | null = null;
const baselineValidatorOf = (): ValidateFunction =>
  (baselineValidator ??= new Ajv({ allErrors: false, strict: true, verbose: true }).compile(BASELINE_SCHEMA));

/** Parses baseline text; `file` names it in errors. Throws configError (exit 2). */
export function parseBaselineText(content: string, file: string): Baseline {
  let data: unknown;
  try {
    data = JSON.parse(content.replace(/^\uFEFF/, ''));
  } catch (err) {
    throw configError(file, `not valid JSON: ${(err as Error).message}`);
  }
  const validateBaseline = baselineValidatorOf();
  if (!validateBaseline(data)) {
    const first = validateBaseline.errors?.[0];
    const where = first ? describeSchemaError(first, { data, ruleIds: [] }) : 'is not a baseline';
    throw configError(file, `not a helm-rbac-lint baseline: ${where}`);
  }
  return { file, entries: (data as { findings: BaselineEntry[] }).findings };
}

export async function readBaseline(path: string): Promise<Baseline> {
  let content: string;
  try {
    content = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw configError(path, code === 'ENOENT' ? 'baseline file not found (create it with --write-baseline)' : `cannot read baseline file (${code ?? 'error'})`);
  }
  return parseBaselineText(content, path);
}
