import { parseSimpleDocument } from '../../src/parse/fast-yaml.js';
import { parseWithYamlPackage } from '../../src/parse/full-yaml.js';
import { parseRendered, type ParseOptions, type ParseResult } from '../../src/parse/index.js';
import type { LineNode } from '../../src/parse/line-tree.js';
import type { LineIndex } from '../../src/parse/lines.js';

/** Joins lines with `\n` and a final line break, like helm's output. */
export function text(...lines: string[]): string {
  return `${lines.join('\n')}\n`;
}

/** 1-based number of the first line of `haystack` whose trimmed text is `line` (after `from`). */
export function lineOf(haystack: string, line: string, from = 0): number {
  const lines = haystack.split('\n');
  for (let i = from; i < lines.length; i++) if ((lines[i] as string).trim() === line) return i + 1;
  throw new Error(`line ${JSON.stringify(line)} not found`);
}

export function parseChart(rendered: string, templates: Record<string, string> = {}, chartName = 'prometheus'): ParseResult {
  return parseRendered(rendered, { target: 0, chartName, readTemplate: (p) => templates[p] ?? null });
}

export function parseManifest(rendered: string, manifestFile = 'manifest.yaml', extra: Partial<ParseOptions> = {}): ParseResult {
  return parseRendered(rendered, { target: 3, chartName: null, manifestFile, ...extra });
}

export function object(result: ParseResult, kind: string, name: string) {
  const found = result.objects.find((o) => o.ref.kind === kind && o.ref.name === name);
  if (!found) throw new Error(`no ${kind} ${name} in ${result.objects.map((o) => `${o.ref.kind}/${o.ref.name}`).join(', ')}`);
  return found;
}

function plainTree(node: LineNode | null): unknown {
  if (!node) return null;
  return {
    line: node.line,
    entries: node.entries ? [...node.entries].map(([k, v]) => [k, plainTree(v)]) : undefined,
    items: node.items?.map(plainTree),
  };
}

/**
 * Parses lines [from, to) with the fast subset parser and the yaml package. `accepted` is false
 * when the fast parser declines; otherwise `fast` and `full` must be equal (value and node lines).
 */
export function fastVersusYaml(lines: LineIndex, from: number, to: number): { accepted: boolean; fast?: unknown; full?: unknown } {
  const fast = parseSimpleDocument(lines, from, to);
  if (fast === null) return { accepted: false };
  const full = parseWithYamlPackage(lines.text.slice(lines.startOffset(from), lines.endOffset(to - 1)), from + 1);
  const only = full[0];
  const expected = full.length === 1 && only?.ok && only.duplicateKeys.length === 0 ? { value: only.value, tree: plainTree(only.tree) } : full;
  return { accepted: true, fast: { value: fast.value, tree: plainTree(fast.tree) }, full: expected };
}
