// The `.helm-rbac-lint.yaml` format: its types, its JSON schema (rule ids and severities come from
// the registry, so the schema never drifts from the rules), and ajv errors turned into one line
// with a path-precise location (`exemptions[2].reason: is required`).
import { Ajv } from 'ajv';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { FAIL_ON_VALUES, SEVERITIES } from '../severity.js';
import type { FailOn } from '../severity.js';
import type { Severity } from '../types.js';
import { didYouMean } from './suggest.js';

export const CONFIG_FILE_NAMES = ['.helm-rbac-lint.yaml', '.helm-rbac-lint.yml'] as const;

export type RuleSetting = Severity | 'off';
export const RULE_SETTINGS: readonly RuleSetting[] = [...SEVERITIES, 'off'];

/** One `exemptions:` entry (Polaris-style: for objects the maintainer cannot annotate). */
export interface Exemption {
  /** A rule id, or `*` for every rule (then at least one object filter is required). */
  rule: string;
  /** Exact object kind (`ClusterRole`); absent = any kind. */
  kind?: string;
  /** Object name, exact or a glob where `*` matches any run of characters; absent = any. */
  name?: string;
  /** Absent = any namespace; `null` = cluster-scoped objects only; a string (glob) = that namespace. */
  namespace?: string | null;
  /** Chart name (glob): the linted chart, or a subchart whose templates produced the object. */
  chart?: string;
  reason: string;
  /** Last day (YYYY-MM-DD, inclusive) the exemption applies; null = no expiry. */
  expires: string | null;
  /** Position in the file, for messages: `exemptions[<index>]` at `line`. */
  index: number;
  line: number | null;
}

/**
 * How findings whose template is in a vendored subchart (`charts/<dep>/…`) count:
 * - `report`: like the chart's own (optionally failing at their own `failOn`);
 * - `warn`: listed with their severity, never failing the run;
 * - `ignore`: suppressed (listed as suppressed, with the reason).
 */
export type DependencyMode = 'report' | 'warn' | 'ignore';
export const DEPENDENCY_MODES: readonly DependencyMode[] = ['report', 'warn', 'ignore'];

/** One `dependencies.charts` entry: a subchart the maintainer has judged, with why. */
export interface DependencyRule {
  /** Subchart name (glob): any subchart on the way to the template. */
  chart: string;
  mode: DependencyMode;
  /** With `report`: the threshold its findings fail at; null = the policy's. */
  failOn: FailOn | null;
  reason: string;
  /** Position in the file, for messages: `dependencies.charts[<index>]` at `line`. */
  index: number;
  line: number | null;
}

export interface DependencyPolicy {
  /** Every subchart not named in `charts`. */
  mode: DependencyMode;
  /** With `report`: the threshold dependency findings fail at; null = the run's. */
  failOn: FailOn | null;
  charts: DependencyRule[];
}

export interface LintConfig {
  /** Absolute path of the config file. */
  file: string;
  /** Severity overrides and `off`, by rule id. */
  rules: Record<string, RuleSetting>;
  exemptions: Exemption[];
  /** Extra values files, absolute (written relative to the config file). */
  values: string[];
  /** Default `--kube-version`s, as written ([] = none configured). */
  kubeVersions: string[];
  /** Default `--fail-on`, null when not configured. */
  failOn: FailOn | null;
  /** How vendored subcharts' findings count; absent = every one reported like the chart's own. */
  dependencies?: DependencyPolicy;
}

/** The document as written, after schema validation. */
export interface RawConfig {
  rules?: Record<string, RuleSetting>;
  exemptions?: RawExemption[];
  values?: string | string[];
  kubeVersion?: string | string[];
  failOn?: FailOn;
  dependencies?: DependencyMode | RawDependencies;
}
export interface RawDependencies {
  mode?: DependencyMode;
  failOn?: FailOn;
  charts?: { chart: string; mode: DependencyMode; failOn?: FailOn; reason: string }[];
}
export type RawExemption = Omit<Exemption, 'expires' | 'index' | 'line'> & { expires?: string };

// `title` names what a value is, so error messages can speak of "rule id" or "date".
const KUBE_VERSION_PATTERN = '^v?\\d+\\.\\d+(\\.\\d+)?([-+][0-9A-Za-z.-]+)?$';
const nonEmptyString = { type: 'string', minLength: 1 };
const stringOrList = (item: object) => ({ ...item, type: ['string', 'array'], items: item });

export function configSchema(ruleIds: readonly string[]): object {
  const ruleId = { title: 'rule id', enum: [...ruleIds] };
  return {
    type: 'object',
    additionalProperties: false,
    properties: {
      rules: {
        type: 'object',
        propertyNames: ruleId,
        additionalProperties: { title: 'rule setting', enum: [...RULE_SETTINGS] },
      },
      exemptions: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['rule', 'reason'],
          properties: {
            rule: { title: 'rule id', enum: [...ruleIds, '*'] },
            kind: nonEmptyString,
            name: nonEmptyString,
            namespace: { type: ['string', 'null'], minLength: 1 },
            chart: nonEmptyString,
            reason: { type: 'string', title: 'reason', pattern: '\\S' },
            expires: { type: 'string', title: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
          },
        },
      },
      values: stringOrList(nonEmptyString),
      kubeVersion: stringOrList({ type: 'string', title: 'kube version', pattern: KUBE_VERSION_PATTERN }),
      failOn: { title: 'fail-on threshold', enum: [...FAIL_ON_VALUES] },
      // `dependencies: warn`, or the full form with per-subchart entries.
      dependencies: {
        if: { type: 'string' },
        then: dependencyMode,
        else: {
          type: 'object',
          additionalProperties: false,
          properties: {
            mode: dependencyMode,
            failOn: { title: 'fail-on threshold', enum: [...FAIL_ON_VALUES] },
            charts: {
              type: 'array',
              items: {
                type: 'object',
                additionalProperties: false,
                required: ['chart', 'mode', 'reason'],
                properties: {
                  chart: nonEmptyString,
                  mode: dependencyMode,
                  failOn: { title: 'fail-on threshold', enum: [...FAIL_ON_VALUES] },
                  reason: { type: 'string', title: 'reason', pattern: '\\S' },
                },
              },
            },
          },
        },
      },
    },
  };
}

const dependencyMode = { type: 'string', title: 'dependency mode', enum: [...DEPENDENCY_MODES] };

const validators = new Map<string, ValidateFunction>();

/** One compiled validator per rule-id set (the registry is fixed per process; tests may vary it). */
export function validatorFor(ruleIds: readonly string[]): ValidateFunction {
  const key = ruleIds.join('\u0000');
  let v = validators.get(key);
  if (!v) {
    // verbose: errors carry their schema, whose `title` says what was expected.
    const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, verbose: true });
    v = ajv.compile(configSchema(ruleIds));
    validators.set(key, v);
  }
  return v;
}

// ---------------------------------------------------------------- error messages

function pointerSegments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** `['exemptions', '2', 'reason']` → `exemptions[2].reason`. */
export function displayPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number' || /^\d+$/.test(s)) out += `[${s}]`;
    else if (/^[A-Za-z0-9_*-]+$/.test(s)) out += out === '' ? s : `.${s}`;
    else out += `[${JSON.stringify(s)}]`;
  }
  return out;
}

function valueAt(data: unknown, segments: readonly string[]): unknown {
  let cur = data;
  for (const s of segments) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[s];
  }
  return cur;
}

const TYPE_WORDS: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  null: 'null',
  number: 'a number',
  integer: 'a number',
  boolean: 'true or false',
};

function describeValue(value: unknown, source: string | null): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value);
  // YAML turns an unquoted 1.30 into the number 1.3: show what was written and how to keep it.
  if (typeof value === 'number') return `the number ${source ?? String(value)}; quote it: "${source ?? String(value)}"`;
  return String(value);
}

export interface ErrorContext {
  data: unknown;
  ruleIds: readonly string[];
  /** Source text of the scalar at a path (to show `1.30`, not `1.3`), when known. */
  sourceOf?: (segments: readonly string[]) => string | null;
}

/** `path: message` for the first schema error; `path` is empty for the document itself. */
export function describeSchemaError(error: ErrorObject, ctx: ErrorContext): string {
  const segments = pointerSegments(error.instancePath);
  const at = (extra?: string): string => {
    const p = displayPath(extra === undefined ? segments : [...segments, extra]);
    return p === '' ? '' : `${p}: `;
  };
  const value = valueAt(ctx.data, segments);
  const got = (): string => describeValue(value, ctx.sourceOf?.(segments) ?? null);
  const title = (error.parentSchema as { title?: string } | undefined)?.title;
  const params = error.params as Record<string, unknown>;
  const ruleHint = (id: string): string => didYouMean(id, ctx.ruleIds) || ' (helm-rbac-lint rules lists them)';
  if (error.propertyName !== undefined) return `${at(error.propertyName)}unknown rule id${ruleHint(error.propertyName)}`;
  switch (error.keyword) {
    case 'required':
      return `${at(String(params['missingProperty']))}is required`;
    case 'additionalProperties': {
      const key = String(params['additionalProperty']);
      const allowed = Object.keys((error.parentSchema as { properties?: object }).properties ?? {});
      return `${at(key)}unknown key${didYouMean(key, allowed) || ` (expected one of: ${allowed.join(', ')})`}`;
    }
    case 'type': {
      const types = ([] as string[]).concat(params['type'] as string | string[]);
      const words = types.includes('string') && types.includes('array') ? 'a string or a list of strings' : types.map((t) => TYPE_WORDS[t] ?? t).join(' or ');
      return `${at()}must be ${words} (got ${got()})`;
    }
    case 'enum':
      if (title === 'rule id') return `${at()}unknown rule id ${JSON.stringify(value)}${ruleHint(String(value))}`;
      return `${at()}must be one of ${(params['allowedValues'] as unknown[]).join(', ')} (got ${got()})`;
    case 'const':
      return `${at()}must be ${JSON.stringify(params['allowedValue'])} (got ${got()})`;
    case 'pattern':
      if (title === 'fingerprint') return `${at()}must be a 32-character hex fingerprint (got ${got()})`;
      if (title === 'date') return `${at()}must be a date YYYY-MM-DD (got ${got()})`;
      if (title === 'kube version') return `${at()}must be a Kubernetes version like 1.33.0 (got ${got()})`;
      return `${at()}must not be empty`;
    case 'minLength':
      return `${at()}must not be empty`;
    default:
      return `${at()}${error.message ?? 'is invalid'}`;
  }
}

// ---------------------------------------------------------------- checks the schema cannot express

/** `YYYY-MM-DD` that names a real calendar day (the schema only checks the shape). */
export function isCalendarDate(text: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** The first problem a valid-by-schema document still has, as `path: message`, or null. */
export function semanticError(raw: RawConfig): string | null {
  const deps = typeof raw.dependencies === 'object' ? raw.dependencies : null;
  // A threshold only means something for findings that are reported.
  if (deps?.failOn !== undefined && deps.mode !== undefined && deps.mode !== 'report') {
    return `dependencies.failOn: applies only with mode report (mode is ${deps.mode})`;
  }
  for (const [i, c] of (deps?.charts ?? []).entries()) {
    if (c.failOn !== undefined && c.mode !== 'report') return `${displayPath(['dependencies', 'charts', i, 'failOn'])}: applies only with mode report (mode is ${c.mode})`;
  }
  for (const [i, e] of (raw.exemptions ?? []).entries()) {
    if (e.expires !== undefined && !isCalendarDate(e.expires)) {
      return `${displayPath(['exemptions', i, 'expires'])}: ${JSON.stringify(e.expires)} is not a calendar date`;
    }
    // A `*` exemption with no object filter would silence everything: that is what `rules: off` is for.
    if (e.rule === '*' && e.kind === undefined && e.name === undefined && e.namespace === undefined && e.chart === undefined) {
      return `${displayPath(['exemptions', i])}: rule "*" needs at least one of kind, name, namespace, chart (to turn a rule off everywhere, use rules:)`;
    }
  }
  return null;
}
