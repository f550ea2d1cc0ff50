// The formatter registries: every output format, by the name `--format` takes. The CLI's
// `--format` choices, the Action's outputs and the library's formatters all come from here.
import type { RbacDiff } from '../diff/index.js';
import { formatDiffJson, formatDiffText } from './diff.js';
import { formatDiffMarkdown } from './diff-markdown.js';
import { formatGithub } from './github.js';
import { formatJson } from './json.js';
import { formatMarkdown } from './markdown.js';
import { formatSarif } from './sarif.js';
import { formatText } from './text.js';
import type { Formatter, LintReport } from './types.js';
import { formatWhoCanJson, formatWhoCanText } from './who-can.js';
import type { WhoCanReport } from './who-can.js';

export type LintFormat = 'text' | 'json' | 'sarif' | 'markdown' | 'github';
export const LINT_FORMATTERS: Readonly<Record<LintFormat, Formatter<LintReport>>> = {
  text: formatText,
  json: formatJson,
  sarif: formatSarif,
  markdown: formatMarkdown,
  github: formatGithub,
};

export type DiffFormat = 'text' | 'json' | 'markdown';
export const DIFF_FORMATTERS: Readonly<Record<DiffFormat, Formatter<RbacDiff>>> = {
  text: formatDiffText,
  json: formatDiffJson,
  markdown: formatDiffMarkdown,
};

export type WhoCanFormat = 'text' | 'json';
export const WHO_CAN_FORMATTERS: Readonly<Record<WhoCanFormat, Formatter<WhoCanReport>>> = {
  text: formatWhoCanText,
  json: formatWhoCanJson,
};

/** The names of a registry, in its order: `--format` choices. */
export const formatNames = <R>(registry: Record<string, Formatter<R>>): string[] => Object.keys(registry);

export { formatContext, MARKDOWN_MAX_BYTES } from './types.js';
export type { FormatContext, Formatter, LintReport } from './types.js';
export type { WhoCanReport } from './who-can.js';
