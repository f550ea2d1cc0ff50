// Finding and loading `.helm-rbac-lint.yaml` (IO lives here; the checks are in schema.ts).
//
// Lookup: from each chart directory upwards, the nearest directory holding `.helm-rbac-lint.yaml`
// or `.helm-rbac-lint.yml` wins (both in one directory is an error: we would have to guess).
// The walk stops after the repository root — the first directory that has a `.git` entry
// (a directory, or the file a worktree/submodule has) — so a stray config in $HOME or in a
// CI workspace above the checkout never changes a repository's results; it also stops after
// `stopAt` when given, and at the filesystem root. `--config <file>` bypasses the lookup.
//
// The YAML is read as YAML 1.2 (the `yaml` package default): `off` and `no` stay strings and
// dates stay strings, which is what a config author means by `dead-kubelet-subresource: off`.
import { statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { LineCounter, parseAllDocuments } from 'yaml';
import type { Document } from 'yaml';
import { LintError, configError } from '../errors.js';
import { CONFIG_FILE_NAMES, describeSchemaError, semanticError, validatorFor } from './schema.js';
import type { Exemption, LintConfig, RawConfig } from './schema.js';

export type { Exemption, LintConfig, RuleSetting } from './schema.js';

/** Synchronous: asked a few times per directory level for every chart, where a thread-pool round trip each costs more than the call. */
function kindOf(path: string): 'file' | 'dir' | 'other' | null {
  try {
    const s = statSync(path);
    return s.isFile() ? 'file' : s.isDirectory() ? 'dir' : 'other';
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return null;
    throw configError(path, `cannot read (${code ?? 'error'})`);
  }
}

export interface FindConfigOptions {
  /** Last directory to look in (e.g. the repository root the caller already knows). */
  stopAt?: string;
}

/** Path of the config file that applies to a chart directory, or null. */
export async function findConfigFor(chartDir: string, opts: FindConfigOptions = {}): Promise<string | null> {
  const stopAt = opts.stopAt === undefined ? null : resolve(opts.stopAt);
  let dir = resolve(chartDir);
  for (;;) {
    const found: string[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      if (kindOf(join(dir, name)) === 'file') found.push(join(dir, name));
    }
    if (found.length > 1) throw configError(found[0] as string, `${CONFIG_FILE_NAMES[1]} exists beside it too; keep one`);
    if (found[0] !== undefined) return found[0];
    if (dir === stopAt || kindOf(join(dir, '.git')) !== null) return null;
    const parent = dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

/** `<file>:<line>: <message>` for YAML syntax problems. */
function yamlError(file: string, line: number | null, message: string): LintError {
  return new LintError('config', `${file}${line === null ? '' : `:${line}`}: ${message}`, file);
}

function singleDocument(text: string, file: string, lineCounter: LineCounter): Document | null {
  const docs = parseAllDocuments(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (!Array.isArray(docs) || docs.length === 0) return null; // empty or comments only: defaults
  for (const doc of docs) {
    const err = doc.errors[0];
    if (err) throw yamlError(file, lineCounter.linePos(err.pos[0]).line, err.message);
  }
  const second = docs[1];
  if (second) throw yamlError(file, lineCounter.linePos(second.range[0]).line, `expected one YAML document, found ${docs.length}`);
  return docs[0] ?? null;
}

function toData(doc: Document | null, file: string): unknown {
  if (!doc) return {};
  try {
    // Bounded alias expansion, as for chart output (billion-laughs).
    const data = doc.toJS({ maxAliasCount: 100 }) as unknown;
    if (data === null || data === undefined) return {};
    // `exemptions:` with every entry commented out is null: read it as absent, not as an error.
    if (typeof data === 'object' && !Array.isArray(data)) {
      return Object.fromEntries(Object.entries(data as Record<string, unknown>).filter(([, v]) => v !== null));
    }
    return data;
  } catch (err) {
    throw configError(file, (err as Error).message);
  }
}

function lineOf(doc: Document | null, path: (string | number)[], lineCounter: LineCounter): number | null {
  const node = doc?.getIn(path, true) as { range?: [number, number, number] } | undefined;
  return node?.range ? lineCounter.linePos(node.range[0]).line : null;
}

const asList = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * Parses and validates config text. `file` is the name used in messages; `baseDir` is where
 * relative `values` files are resolved (the config file's directory). Throws configError.
 */
export function parseConfigText(text: string, file: string, baseDir: string, ruleIds: readonly string[]): LintConfig {
  const lineCounter = new LineCounter();
  const doc = singleDocument(text.replace(/^\uFEFF/, ''), file, lineCounter);
  const data = toData(doc, file);
  const validate = validatorFor(ruleIds);
  if (!validate(data)) {
    const first = validate.errors?.[0];
    const sourceOf = (segments: readonly string[]): string | null => {
      const node = doc?.getIn(segments, true) as { source?: unknown } | undefined;
      return typeof node?.source === 'string' ? node.source : null;
    };
    throw configError(file, first ? describeSchemaError(first, { data, ruleIds, sourceOf }) : 'is not a valid config');
  }
  const raw = data as RawConfig;
  const problem = semanticError(raw);
  if (problem) throw configError(file, problem);
  const exemptions: Exemption[] = (raw.exemptions ?? []).map((e, index) => ({
    ...e,
    expires: e.expires ?? null,
    index,
    line: lineOf(doc, ['exemptions', index], lineCounter),
  }));
  const deps = typeof raw.dependencies === 'string' ? { mode: raw.dependencies } : (raw.dependencies ?? null);
  const dependencies = deps
    ? {
        mode: deps.mode ?? 'report',
        failOn: deps.failOn ?? null,
        charts: (deps.charts ?? []).map((c, index) => ({
          chart: c.chart,
          mode: c.mode,
          failOn: c.failOn ?? null,
          reason: c.reason,
          index,
          line: lineOf(doc, ['dependencies', 'charts', index], lineCounter),
        })),
      }
    : undefined;
  return {
    file,
    rules: { ...(raw.rules ?? {}) },
    exemptions,
    values: asList(raw.values).map((v) => resolve(baseDir, v)),
    kubeVersions: asList(raw.kubeVersion),
    failOn: raw.failOn ?? null,
    ...(dependencies ? { dependencies } : {}),
  };
}

/** Reads, parses and validates a config file; `values` files must exist. Throws configError (exit 2). */
export async function loadConfigFile(path: string, opts: { ruleIds: readonly string[] }): Promise<LintConfig> {
  const file = resolve(path);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw configError(path, code === 'ENOENT' ? 'config file not found' : `cannot read config file (${code ?? 'error'})`);
  }
  // Messages name the file as the user gave it; the config remembers it absolute.
  const config = parseConfigText(text, path, dirname(file), opts.ruleIds);
  for (const [i, values] of config.values.entries()) {
    if (kindOf(values) !== 'file') throw configError(path, `values[${i}]: no such file: ${values}`);
  }
  return { ...config, file };
}

export interface ConfigResolverOptions extends FindConfigOptions {
  /** `--config <file>`: used for every chart, no lookup. */
  explicit?: string;
  /** Every registered rule id: config keys and exemptions are checked against them. */
  ruleIds: readonly string[];
}

/**
 * The config for each chart of a run, each file loaded once (a monorepo's charts share one).
 * `forChart` takes the chart directory; for a packaged chart or a manifest pass its directory,
 * for stdin or a remote chart the working directory.
 */
export class ConfigResolver {
  private readonly loaded = new Map<string, Promise<LintConfig>>();
  constructor(private readonly opts: ConfigResolverOptions) {}

  async forChart(chartDir: string): Promise<LintConfig | null> {
    const path = this.opts.explicit ?? (await findConfigFor(chartDir, { stopAt: this.opts.stopAt }));
    if (path === null) return null;
    const key = resolve(path);
    let config = this.loaded.get(key);
    if (!config) {
      config = loadConfigFile(path, { ruleIds: this.opts.ruleIds });
      this.loaded.set(key, config);
    }
    return config;
  }
}
