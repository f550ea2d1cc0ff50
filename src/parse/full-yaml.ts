// The `yaml` package path: every document the fast subset parser declines. This is
// parseAllDocuments split into its steps (Parser -> depth check -> Composer) because the
// composer recurses per nesting level and must never see a bomb-deep document.
import {
  Composer,
  LineCounter,
  Parser,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type CST,
  type Document,
  type Node,
} from 'yaml';
import { reindentQuotedScalars } from './lenient-quotes.js';
import type { LineNode } from './line-tree.js';
import { MAX_ALIAS_COUNT, MAX_DEPTH, YAML_PARSE_OPTIONS } from './yaml-options.js';

export type FullParse =
  | { ok: true; value: unknown; tree: LineNode | null; duplicateKeys: { key: string; line: number }[] }
  | { ok: false; message: string; line: number };

/**
 * Parses `text` (one document's text, usually; YAML may find more) whose first line is the
 * 1-based rendered line `firstLine`. A syntax error the `yaml` package reports where go-yaml (what
 * helm and the API server read with) reads on is retried with the repair in lenient-quotes.ts.
 */
export function parseWithYamlPackage(text: string, firstLine: number): FullParse[] {
  const strict = parseStrictly(text, firstLine);
  if (strict.every((r) => r.ok)) return strict;
  const repaired = reindentQuotedScalars(text);
  if (repaired === null) return strict;
  const lenient = parseStrictly(repaired, firstLine);
  return lenient.every((r) => r.ok) ? lenient : strict;
}

function parseStrictly(text: string, firstLine: number): FullParse[] {
  const counter = new LineCounter();
  const lineOf = (offset: number): number => Math.max(counter.linePos(offset).line, 1) + firstLine - 1;
  let tokens: CST.Token[];
  try {
    tokens = Array.from(new Parser(counter.addNewLine).parse(text));
  } catch (e) {
    return [{ ok: false, message: `YAML could not be read: ${errorText(e)}`, line: firstLine }];
  }
  const deep = tooDeepAt(tokens);
  if (deep !== null) {
    return [{ ok: false, message: `YAML nested deeper than ${MAX_DEPTH} levels`, line: lineOf(deep) }];
  }
  let docs: Document.Parsed[];
  try {
    docs = Array.from(new Composer(YAML_PARSE_OPTIONS).compose(tokens));
  } catch (e) {
    return [{ ok: false, message: `YAML could not be read: ${errorText(e)}`, line: firstLine }];
  }
  return docs.map((doc) => outcome(doc, text, lineOf));
}

function outcome(doc: Document.Parsed, text: string, lineOf: (offset: number) => number): FullParse {
  const fatal = doc.errors.find((e) => e.code !== 'DUPLICATE_KEY');
  if (fatal) return { ok: false, message: `YAML syntax error: ${fatal.message}`, line: lineOf(fatal.pos[0]) };
  // Duplicate keys are not fatal: sigs.k8s.io/yaml YAMLToJSON (non-strict, yaml.v2 Unmarshal)
  // sets the map entry again, so the last value wins, and the API server stores that
  // (kubernetes/kubernetes#89303, #99286). toJS does the same.
  const duplicateKeys = doc.errors.map((e) => ({ key: keyAt(text, e.pos[0]), line: lineOf(e.pos[0]) }));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (e) {
    const bomb = e instanceof ReferenceError && /alias/i.test(e.message);
    const message = bomb
      ? `YAML aliases expand too much (more than ${MAX_ALIAS_COUNT}; a "billion laughs" document?)`
      : `YAML could not be converted: ${errorText(e)}`;
    return { ok: false, message, line: lineOf(doc.range[0]) };
  }
  const tree = doc.contents ? lineTreeOf(doc.contents, lineOf) : null;
  return { ok: true, value, tree, duplicateKeys };
}

/** The key written at `offset` (the yaml package points duplicate-key errors at the key's start). */
function keyAt(text: string, offset: number): string {
  const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^:\n]*?))\s*:/.exec(text.slice(offset, offset + 1100));
  return m ? (m[1] ?? m[2]?.replace(/''/g, "'") ?? m[3] ?? '').trim() : '';
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Offset of a collection nested deeper than MAX_DEPTH, or null. Iterative: the input may be hostile. */
function tooDeepAt(tokens: CST.Token[]): number | null {
  const stack: { token: CST.Token; depth: number }[] = [];
  for (const t of tokens) if (t.type === 'document' && t.value) stack.push({ token: t.value, depth: 0 });
  while (stack.length > 0) {
    const { token, depth } = stack.pop() as { token: CST.Token; depth: number };
    if (token.type !== 'block-map' && token.type !== 'block-seq' && token.type !== 'flow-collection') continue;
    if (depth + 1 > MAX_DEPTH) return token.offset;
    for (const item of token.items as CST.CollectionItem[]) {
      if (item.key) stack.push({ token: item.key, depth: depth + 1 });
      if (item.value) stack.push({ token: item.value, depth: depth + 1 });
    }
  }
  return null;
}

/** The JS key toJS gives a scalar map key (addPairToJSMap stringifyKey), or null for keys we do not track. */
function jsKeyOf(key: unknown): string | null {
  if (!isScalar(key)) return null;
  const v = key.value;
  if (v === null) return '';
  if (typeof v === 'symbol') return null; // `<<` merge key: its entries belong to the anchored map
  return typeof v === 'object' ? null : String(v);
}

function lineTreeOf(node: Node, lineOf: (offset: number) => number, entryLine?: number): LineNode {
  const line = entryLine ?? lineOf(node.range?.[0] ?? 0);
  if (isMap(node)) {
    const entries = new Map<string, LineNode>();
    for (const pair of node.items) {
      const key = jsKeyOf(pair.key);
      if (key === null) continue;
      const keyLine = lineOf((pair.key as Node).range?.[0] ?? 0);
      const value = pair.value as Node | null;
      if (!value || isAlias(value) || (isScalar(value) && value.source === '')) {
        entries.set(key, { line: keyLine });
      } else {
        entries.set(key, lineTreeOf(value, lineOf, isScalar(value) ? undefined : keyLine));
      }
    }
    return { line, entries };
  }
  if (isSeq(node)) {
    const items = node.items.map((item) =>
      isAlias(item) || !item ? { line: lineOf((item as Node | null)?.range?.[0] ?? 0) } : lineTreeOf(item as Node, lineOf),
    );
    return { line, items };
  }
  return { line };
}
