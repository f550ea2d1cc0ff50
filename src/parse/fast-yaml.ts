// A fast parser for the plain block YAML that helm and kubectl write: block mappings and
// sequences, single-line plain/quoted scalars, single-line flow sequences of scalars, `{}`,
// and literal block scalars (`|`, `|-`). The `yaml` package needs ~125 µs for a small
// ClusterRole, which alone would spend the 2 s budget of a 20k-role manifest.
// Anything outside this subset (anchors, tags, folded or multi-line scalars, complex keys,
// duplicate keys, odd indentation, …) returns null and the document goes to the `yaml` package,
// which stays the authority; test/parse/fast-yaml.test.ts checks both agree.
import type { LineIndex } from './lines.js';
import type { LineNode } from './line-tree.js';
import {
  OUTSIDE_SUBSET,
  TRAILING_COMMENT,
  inlineScalarOrFlow,
  isBlankOrCommentLine,
  isDashAt,
  isWhitespaceOnly,
  leadingSpaces,
  outside,
  readKey,
  trimYamlSpace,
} from './fast-yaml-lines.js';
import { MAX_DEPTH, resolvePlainScalar } from './yaml-options.js';
import type { PlainScalarResolver } from './yaml-options.js';

export interface FastParse {
  value: Record<string, unknown>;
  tree: LineNode;
}

// C0 controls except tab/LF/CR, DEL, C1 controls, a lone CR, BOM and other odd code points.
const UNUSUAL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\ufeff\ufffe\uffff]|\r(?!\n)/;
const DOCUMENT_MARKER = /^(?:---|\.\.\.)(?:[ \t\r]|$)/m;

/** `scalars`: how plain scalars are typed; by default as Kubernetes reads manifests (YAML_PARSE_OPTIONS). */
/** The line tree of a one-line flow value: every node on that line. */
function flowNode(value: unknown, line: number): LineNode {
  if (Array.isArray(value)) return { line, items: value.map((v) => flowNode(v, line)) };
  if (typeof value === 'object' && value !== null) {
    return { line, entries: new Map(Object.entries(value).map(([k, v]) => [k, flowNode(v, line)])) };
  }
  return { line };
}

export function parseSimpleDocument(lines: LineIndex, from: number, to: number, scalars: PlainScalarResolver = resolvePlainScalar): FastParse | null {
  const text = lines.text.slice(lines.startOffset(from), lines.endOffset(to - 1));
  if (UNUSUAL_CHARS.test(text) || DOCUMENT_MARKER.test(text)) return null;
  const src: string[] = new Array<string>(to - from);
  for (let i = from; i < to; i++) src[i - from] = lines.line(i);
  const lastHasBreak = to < lines.count || lines.endsWithLineBreak;
  try {
    return new SimpleParser(src, from + 1, lastHasBreak, scalars).document();
  } catch (e) {
    if (e === OUTSIDE_SUBSET) return null;
    throw e;
  }
}

class SimpleParser {
  private i = 0;

  constructor(
    private readonly src: string[],
    /** 1-based rendered line of src[0]. */
    private readonly base: number,
    private readonly lastHasBreak: boolean,
    private readonly scalars: PlainScalarResolver,
  ) {}

  document(): FastParse {
    this.i = this.nextContent(0);
    if (this.i >= this.src.length || this.indentAt(this.i) !== 0) outside();
    const startLine = this.base + this.i;
    const map = this.mapping(0, 1, false);
    if (this.nextContent(this.i) < this.src.length) outside();
    return { value: map.value, tree: { line: startLine, entries: map.entries } };
  }

  private nextContent(from: number): number {
    let i = from;
    while (i < this.src.length && isBlankOrCommentLine(this.src[i] as string)) i++;
    return i;
  }

  /** Indentation of a structural line; a tab in it is a YAML error, left to the full parser. */
  private indentAt(index: number): number {
    const line = this.src[index] as string;
    let n = 0;
    while (n < line.length && line.charCodeAt(n) === 32) n++;
    if (line.charCodeAt(n) === 9) outside();
    return n;
  }

  /** A block mapping whose keys start at `indent`; `compact`: the first key follows a `- ` on the current line. */
  private mapping(indent: number, depth: number, compact: boolean): { value: Record<string, unknown>; entries: Map<string, LineNode> } {
    if (depth > MAX_DEPTH) outside();
    const value: Record<string, unknown> = {};
    const entries = new Map<string, LineNode>();
    let first = compact;
    for (;;) {
      if (!first) {
        this.i = this.nextContent(this.i);
        if (this.i >= this.src.length) break;
        const ind = this.indentAt(this.i);
        if (ind < indent) break;
        if (ind > indent) outside();
      }
      first = false;
      const line = this.src[this.i] as string;
      const key = readKey(line, indent, this.scalars);
      if (key === null || Object.prototype.hasOwnProperty.call(value, key.key) || key.key === '__proto__') outside();
      const lineNo = this.base + this.i;
      const child = this.mappingValue(line, key.after, indent, lineNo, depth);
      value[key.key] = child.value;
      entries.set(key.key, child.node);
    }
    return { value, entries };
  }

  private mappingValue(line: string, after: number, indent: number, lineNo: number, depth: number): { value: unknown; node: LineNode } {
    const rest = trimYamlSpace(line.slice(after));
    if (rest === '' || rest.startsWith('#')) {
      this.i++;
      const j = this.nextContent(this.i);
      if (j < this.src.length) {
        const ind = this.indentAt(j);
        const dash = isDashAt(this.src[j] as string, ind);
        if (ind > indent || (ind === indent && dash)) {
          this.i = j;
          return this.nested(ind, dash, lineNo, depth);
        }
      }
      return { value: null, node: { line: lineNo } };
    }
    return this.inlineValue(rest, indent, lineNo);
  }

  private nested(ind: number, dash: boolean, lineNo: number, depth: number): { value: unknown; node: LineNode } {
    const line = this.src[this.i] as string;
    const c = line.charCodeAt(ind);
    if (c === 123 || c === 91) {
      // `annotations:\n    {}`: helm's `toYaml` of an empty map or list after `nindent`.
      const flow = this.inlineValue(line.slice(ind), ind - 1, this.base + this.i);
      return { value: flow.value, node: { ...flow.node, line: lineNo } };
    }
    if (dash) {
      const seq = this.sequence(ind, depth + 1);
      return { value: seq.value, node: { line: lineNo, items: seq.items } };
    }
    const map = this.mapping(ind, depth + 1, false);
    return { value: map.value, node: { line: lineNo, entries: map.entries } };
  }

  private sequence(indent: number, depth: number): { value: unknown[]; items: LineNode[] } {
    if (depth > MAX_DEPTH) outside();
    const value: unknown[] = [];
    const items: LineNode[] = [];
    for (;;) {
      this.i = this.nextContent(this.i);
      if (this.i >= this.src.length) break;
      const ind = this.indentAt(this.i);
      if (ind < indent) break;
      if (ind > indent) outside();
      const line = this.src[this.i] as string;
      if (!isDashAt(line, indent)) break;
      const item = this.sequenceItem(line, indent, depth);
      value.push(item.value);
      items.push(item.node);
    }
    return { value, items };
  }

  private sequenceItem(line: string, indent: number, depth: number): { value: unknown; node: LineNode } {
    const lineNo = this.base + this.i;
    let col = indent + 1;
    while (col < line.length && line.charCodeAt(col) === 32) col++;
    if (line.charCodeAt(col) === 9) outside();
    const rest = line.slice(col);
    if (rest === '' || rest.startsWith('#')) {
      this.i++;
      const j = this.nextContent(this.i);
      if (j < this.src.length) {
        const ind = this.indentAt(j);
        if (ind > indent) {
          this.i = j;
          // Like the yaml package, the item starts where its content starts.
          return this.nested(ind, isDashAt(this.src[j] as string, ind), this.base + j, depth);
        }
      }
      return { value: null, node: { line: lineNo } };
    }
    if (isDashAt(line, col)) outside(); // `- - x`
    if (readKey(line, col, this.scalars) !== null) {
      const map = this.mapping(col, depth + 1, true);
      return { value: map.value, node: { line: lineNo, entries: map.entries } };
    }
    return this.inlineValue(rest, indent, lineNo);
  }

  /** A value on the current line; the next structural line must not be more indented than `indent`. */
  private inlineValue(rest: string, indent: number, lineNo: number): { value: unknown; node: LineNode } {
    if (rest.startsWith('|')) return { value: this.literalBlock(rest, indent), node: { line: lineNo } };
    const value = inlineScalarOrFlow(rest, this.scalars);
    this.i++;
    const j = this.nextContent(this.i);
    if (j < this.src.length && this.indentAt(j) > indent) outside(); // a multi-line scalar
    return { value, node: flowNode(value, lineNo) };
  }

  /** `|` or `|-` whose content is more indented than `parentIndent`. */
  private literalBlock(header: string, parentIndent: number): string {
    const strip = header.startsWith('|-');
    if (!TRAILING_COMMENT.test(header.slice(strip ? 2 : 1))) outside(); // `|+`, `|2`, garbage
    const start = this.i + 1;
    let k = start;
    while (k < this.src.length && isWhitespaceOnly(this.src[k] as string)) {
      if ((this.src[k] as string).includes('\t')) outside(); // a tab after the indentation may be content
      k++;
    }
    const contentIndent = k < this.src.length ? leadingSpaces(this.src[k] as string) : -1;
    if (contentIndent <= parentIndent) {
      this.i = start;
      return '';
    }
    const out: string[] = [];
    let lastContent = -1;
    for (k = start; k < this.src.length; k++) {
      const line = this.src[k] as string;
      if (isWhitespaceOnly(line)) {
        // Spaces beyond the indentation would be content; tabs are errors before the first line.
        if (line.length > contentIndent || line.includes('\t')) outside();
        out.push('');
        continue;
      }
      if (leadingSpaces(line) < contentIndent) break;
      out.push(line.slice(contentIndent));
      lastContent = k;
    }
    if (lastContent === this.src.length - 1 && !this.lastHasBreak) outside();
    this.i = lastContent + 1;
    const body = out.slice(0, lastContent - start + 1).join('\n');
    return strip ? body : `${body}\n`;
  }
}
