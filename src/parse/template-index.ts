// A Helm template file, indexed once for line lookups: which template lines could have produced
// a rendered line (same text, same key, a templated value, an include/toYaml that emits YAML).

/** `key:` or `- key:` at the start of a trimmed line (plain or quoted key). */
const KEY_PREFIX = /^(?:- +)?(?:"[^"]*"|'[^']*'|[^\s#'"{}[\]&*!|>%@`-][^:#]*?|-[^\s:#][^:#]*?)[ ]*:(?=\s|$)/;
const CONTROL_ACTION = /^\{\{-?\s*(?:if|else|end|range|with|define|block|break|continue|\/\*|\$[\w]*\s*:?=)/;
/** `{{- if .x }}{{ include "y" . }}{{ end }}` on one line still writes output; `{{- if (include "x" .) }}` does not. */
const EMITTING_AFTER_CONTROL = /\}\}\s*\{\{-?\s*(?:include|template|tpl|toYaml|toJson|\.)/;

const NONE: readonly number[] = [];

export function keyPrefixOf(trimmed: string): string | null {
  const m = KEY_PREFIX.exec(trimmed);
  return m ? m[0].replace(/ +:$/, ':') : null;
}

export class TemplateIndex {
  readonly lineCount: number;
  private readonly trimmed: string[];
  private readonly indents: Int32Array;
  private readonly byText = new Map<string, number[]>();
  /** Key prefix -> lines that write that key with a templated value (`name: {{ … }}`). */
  private readonly byTemplatedKey = new Map<string, number[]>();
  /** `- {{ … }}` lines. */
  private readonly templatedItems: number[] = [];
  /** Lines holding only an action that writes output (`{{- include "x.labels" . | nindent 4 }}`). */
  private readonly emitting: number[] = [];
  /** `---` lines: a template may hold several documents. */
  private readonly separators: number[] = [];
  private readonly blockEnds: Int32Array;

  constructor(text: string) {
    const raw = text.split('\n');
    if (raw.length > 1 && raw[raw.length - 1] === '') raw.pop();
    this.lineCount = raw.length;
    this.trimmed = new Array<string>(raw.length + 1);
    this.indents = new Int32Array(raw.length + 1);
    this.blockEnds = new Int32Array(raw.length + 1);
    this.trimmed[0] = '';
    for (let n = 1; n <= raw.length; n++) this.indexLine(n, (raw[n - 1] as string).replace(/\r$/, ''));
  }

  private indexLine(n: number, line: string): void {
    const t = line.trim();
    this.trimmed[n] = t;
    let ind = 0;
    while (ind < line.length && line.charCodeAt(ind) === 32) ind++;
    this.indents[n] = ind;
    if (t === '') return;
    push(this.byText, t, n);
    if (ind === 0 && /^---(?:\s|$)/.test(line)) this.separators.push(n);
    const templated = t.includes('{{');
    if (!templated) return;
    if (isActionOnly(t)) {
      if (!CONTROL_ACTION.test(t) || EMITTING_AFTER_CONTROL.test(t)) this.emitting.push(n);
      return;
    }
    const key = keyPrefixOf(t);
    if (key !== null) push(this.byTemplatedKey, key, n);
    else if (t.startsWith('- ')) this.templatedItems.push(n);
  }

  text(line: number): string {
    return this.trimmed[line] ?? '';
  }

  indent(line: number): number {
    return this.indents[line] ?? 0;
  }

  /** Blank or action-only: lines that leave no text of their own in the output. */
  leavesNoText(line: number): boolean {
    const t = this.text(line);
    return t === '' || isActionOnly(t);
  }

  /**
   * The templated line nearest to `expected` in [lo, hi] that could have written `rendered`: the
   * same key (or a list item) whose literal text around the actions fits (`- --kubelet-selector={{ … }}`
   * cannot have written `- --localhost=127.0.0.1`).
   */
  nearestTemplatedTwin(rendered: string, expected: number, lo: number, hi: number): number | null {
    const key = keyPrefixOf(rendered);
    const lines = key !== null ? this.byTemplatedKey.get(key) : rendered.startsWith('- ') ? this.templatedItems : undefined;
    if (!lines) return null;
    return nearestWhere(lines, expected, lo, hi, (n) => {
      const t = this.text(n);
      const head = t.slice(0, t.indexOf('{{'));
      const tail = t.slice(t.lastIndexOf('}}') + 2);
      return rendered.length >= head.length + tail.length && rendered.startsWith(head) && rendered.endsWith(tail);
    });
  }

  nearestEmitting(expected: number, lo: number, hi: number): number | null {
    return nearest(this.emitting, expected, lo, hi);
  }

  /** Lines with this exact text, ascending. */
  linesWithText(trimmed: string): readonly number[] {
    return this.byText.get(trimmed) ?? NONE;
  }

  linesWithTemplatedKey(keyPrefix: string): readonly number[] {
    return this.byTemplatedKey.get(keyPrefix) ?? [];
  }

  firstEmitting(): number | null {
    return this.emitting[0] ?? null;
  }

  /** The template document (between `---` lines) that holds `line`. */
  regionOf(line: number | null): { lo: number; hi: number } {
    if (line === null) return { lo: 1, hi: this.lineCount };
    let lo = 1;
    let hi = this.lineCount;
    for (const s of this.separators) {
      if (s < line) lo = s + 1;
      else if (s > line) {
        hi = s - 1;
        break;
      }
    }
    return { lo, hi };
  }

  /**
   * Last line of the YAML block opened by `line`: the lines indented deeper (or a sequence at the
   * same indentation under a `key:`). Blank and comment lines say nothing about structure;
   * an action-only line belongs to the block when its output lands deeper.
   */
  blockEnd(line: number): number {
    const cached = this.blockEnds[line] ?? 0;
    if (cached !== 0) return cached;
    const ind = this.indent(line);
    const own = this.text(line);
    const isItem = own.startsWith('- ') || own === '-';
    const opensSequence = !isItem && own.endsWith(':');
    let end = line;
    for (let n = line + 1; n <= this.lineCount; n++) {
      const t = this.text(n);
      if (t === '' || t.startsWith('#')) continue;
      if (isActionOnly(t)) {
        // `{{- toYaml .Values.rules | nindent 2 }}` writes at indentation 2 wherever it stands.
        if (actionIndent(t, this.indent(n)) > ind) end = n;
        continue;
      }
      const i = this.indent(n);
      const item = t.startsWith('- ') || t === '-';
      if (i > ind || (i === ind && item && opensSequence)) {
        end = n;
        continue;
      }
      break;
    }
    this.blockEnds[line] = end;
    return end;
  }
}

/** Where an action-only line's output lands: its `nindent N`/`indent N`, else where it stands. */
function actionIndent(trimmed: string, own: number): number {
  const m = /\bn?indent\s+(\d+)/.exec(trimmed);
  return m ? Math.max(Number(m[1]), own) : own;
}

function isActionOnly(trimmed: string): boolean {
  return trimmed.startsWith('{{') && trimmed.endsWith('}}');
}

function push(map: Map<string, number[]>, key: string, line: number): void {
  const list = map.get(key);
  if (list) list.push(line);
  else map.set(key, [line]);
}

/** Like `nearest`, for the lines that pass `accept`. */
function nearestWhere(sorted: readonly number[], expected: number, lo: number, hi: number, accept: (line: number) => boolean): number | null {
  const start = lowerBound(sorted, expected);
  let up = start;
  let down = start - 1;
  for (;;) {
    const u = up < sorted.length && (sorted[up] as number) <= hi ? (sorted[up] as number) : null;
    const d = down >= 0 && (sorted[down] as number) >= lo ? (sorted[down] as number) : null;
    if (u === null && d === null) return null;
    if (u !== null && (d === null || u - expected <= expected - d)) {
      if (u >= lo && accept(u)) return u;
      up++;
    } else if (d !== null) {
      if (d <= hi && accept(d)) return d;
      down--;
    }
  }
}

/** First index whose value is >= `value`. */
export function lowerBound(sorted: readonly number[], value: number): number {
  let a = 0;
  let b = sorted.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((sorted[mid] as number) < value) a = mid + 1;
    else b = mid;
  }
  return a;
}

function nearest(sorted: readonly number[] | undefined, expected: number, lo: number, hi: number): number | null {
  if (!sorted || sorted.length === 0) return null;
  const a = lowerBound(sorted, expected);
  let best: number | null = null;
  for (let k = a; k < sorted.length; k++) {
    const v = sorted[k] as number;
    if (v > hi) break;
    if (v >= lo) {
      best = v;
      break;
    }
  }
  for (let k = a - 1; k >= 0; k--) {
    const v = sorted[k] as number;
    if (v < lo) break;
    if (v <= hi) {
      if (best === null || expected - v < best - expected) best = v;
      break;
    }
  }
  return best;
}
