// Quoted scalars whose continuation lines sit left of where YAML 1.2 wants them.
//
// helm and the API server read YAML with go-yaml (sigs.k8s.io/yaml → yaml.v2/v3), whose scanner
// (scannerc.go yaml_parser_scan_flow_scalar) reads a single- or double-quoted scalar up to its
// closing quote without checking the indentation of the lines in between: it only stops at a
// document marker or the end of the input. The `yaml` package ends the scalar at the first line
// indented less than the block it sits in and reports "Missing closing 'quote". netdata 3.7.172
// renders exactly that (an init container argument):
//
//     args:
//       - "-c"
//       - '
//       chmod 777 /persistencevarlibdir;
//       '
//
// Leading white space of a continuation line is not part of a quoted scalar's value (YAML 1.2
// §7.3 "s-flow-line-prefix"; go-yaml skips it the same way), so indenting those lines further
// changes no value. That is the repair: find each quoted scalar the `yaml` lexer cut short,
// find its real end as go-yaml does, and indent the lines in between past the opening quote.
// Lines keep their numbers, so every reported position stays right.
import { Parser, type CST } from 'yaml';

/** Upper bound on repairs per document: each one re-reads the document. */
const MAX_REPAIRS = 64;

/** Offsets of quoted-scalar tokens the lexer ended before their closing quote. Iterative: the input may be hostile. */
function cutQuotedScalars(tokens: Iterable<CST.Token>): number[] {
  const out: number[] = [];
  const stack: CST.Token[] = [...tokens].reverse();
  while (stack.length > 0) {
    const token = stack.pop() as CST.Token;
    if (token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar') {
      // Closed only when its own closing quote ends it (`"a \"` ends with an escaped one).
      if (quotedEnd(token.source, 0) !== token.source.length) out.push(token.offset);
    } else if (token.type === 'document') {
      if (token.value) stack.push(token.value);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      for (const item of [...(token.items as CST.CollectionItem[])].reverse()) {
        if (item.value) stack.push(item.value);
        if (item.key) stack.push(item.key);
      }
    }
  }
  return out;
}

/** Offset just past the closing quote of the scalar opened at `start`, go-yaml style; -1 when there is none. */
function quotedEnd(text: string, start: number): number {
  const quote = text[start];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    const lineStart = i === 0 || text[i - 1] === '\n';
    // go-yaml: "found unexpected document indicator" inside a quoted scalar.
    if (lineStart && /^(?:---|\.\.\.)(?:\s|$)/.test(text.slice(i, i + 4))) return -1;
    if (quote === "'" && ch === "'") {
      if (text[i + 1] === "'") i += 2;
      else return i + 1;
    } else if (quote === '"' && ch === '\\') i += 2;
    else if (quote === '"' && ch === '"') return i + 1;
    else i++;
  }
  return -1;
}

/** Indents every line after the first inside [start, end) to more than `column`. */
function indentInside(text: string, start: number, end: number, column: number): string {
  let out = text.slice(0, start);
  let i = start;
  while (i < end) {
    const nl = text.indexOf('\n', i);
    if (nl < 0 || nl >= end) break;
    out += text.slice(i, nl + 1);
    i = nl + 1;
    let spaces = 0;
    while (text[i + spaces] === ' ') spaces++;
    const blank = text[i + spaces] === '\n' || text[i + spaces] === '\r' || i + spaces >= text.length;
    if (!blank && spaces <= column) out += ' '.repeat(column + 1 - spaces);
  }
  return out + text.slice(i);
}

/**
 * The text with every quoted scalar the `yaml` lexer cut short re-indented as described above,
 * or null when there is none (or one has no closing quote even for go-yaml: a real error).
 */
export function reindentQuotedScalars(text: string): string | null {
  let current = text;
  for (let round = 0; round < MAX_REPAIRS; round++) {
    const [offset] = cutQuotedScalars(new Parser().parse(current));
    if (offset === undefined) return round === 0 ? null : current;
    const end = quotedEnd(current, offset);
    if (end < 0) return null;
    const column = offset - (current.lastIndexOf('\n', offset - 1) + 1);
    const next = indentInside(current, offset, end, column);
    if (next === current) return null;
    current = next;
  }
  return null;
}
