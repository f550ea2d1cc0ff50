// The rendered lines of one object, prepared once for template alignment: trimmed text,
// indentation and YAML parent of each line.

/** Raw rendered lines by 1-based number (without the line break). */
export interface RenderedLines {
  line(n: number): string;
}

export class RenderedObject {
  /** Trimmed text per line; index k is rendered line `first + k`. */
  readonly texts: string[];
  /** Rendered line of each line's YAML parent by indentation, 0 at the top. */
  readonly parents: Int32Array;

  constructor(
    lines: RenderedLines,
    readonly first: number,
    readonly last: number,
  ) {
    const size = Math.max(last - first + 1, 0);
    this.texts = new Array<string>(size);
    const indents = new Int32Array(size);
    for (let k = 0; k < size; k++) {
      const raw = lines.line(first + k);
      const text = raw.trim();
      this.texts[k] = text;
      indents[k] = text === '' ? 0 : raw.indexOf(text[0] as string);
    }
    this.parents = structuralParents(this.texts, indents, first);
  }

  get size(): number {
    return this.texts.length;
  }

  text(line: number): string {
    return this.texts[line - this.first] ?? '';
  }
}

/**
 * The nearest earlier line indented less, or a `key:` at the same indentation for a `- ` item
 * (YAML lets a sequence sit at its key's indentation). Comments have parents but are nobody's.
 */
function structuralParents(texts: string[], indents: Int32Array, first: number): Int32Array {
  const parents = new Int32Array(texts.length);
  // A stack of line offsets; indentation and shape are looked up from them.
  const stack = new Int32Array(texts.length);
  let depth = 0;
  for (let k = 0; k < texts.length; k++) {
    const text = texts[k] as string;
    if (text === '') continue;
    const indent = indents[k] as number;
    const item = text.startsWith('- ') || text === '-';
    while (depth > 0) {
      const top = stack[depth - 1] as number;
      const topIndent = indents[top] as number;
      if (topIndent < indent || (topIndent === indent && item && opensSequence(texts[top] as string))) break;
      depth--;
    }
    parents[k] = depth > 0 ? first + (stack[depth - 1] as number) : 0;
    if (!text.startsWith('#')) stack[depth++] = k;
  }
  return parents;
}

function opensSequence(text: string): boolean {
  return !(text.startsWith('- ') || text === '-') && text.endsWith(':');
}
