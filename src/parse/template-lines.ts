// Maps rendered lines of one object back to lines of the template that produced it.
// Helm copies literal template lines verbatim, so most rendered lines exist in the template
// with the same trimmed text; the difficulty is picking the right occurrence (`- get` may appear
// twenty times). We walk the object's lines in order and keep an anchor: the last rendered line
// we matched and its template line. A line's expected template line is the anchor plus the
// distance from it, so drift from expanded includes or removed conditionals is re-absorbed at
// every match. Candidates must sit inside the template block of the nearest matched ancestor
// (a rule's `- get` stays inside that rule), and among several, the one whose following lines
// keep matching wins (a `{{- if }}` block that did not render loses to the one that did).
import type { RenderedObject } from './rendered-object.js';
import { type TemplateIndex, lowerBound } from './template-index.js';

export interface LineMapper {
  /** Best template line of the object itself (its `kind:` line), or null when unknown. */
  readonly objectLine: number | null;
  /** Best template line for a rendered line inside the object, or null when unknown. */
  templateLine(rendered: number): number | null;
}

/** No template to look at (helm output without readTemplate, or no `# Source:`). */
export const NO_TEMPLATE: LineMapper = { objectLine: null, templateLine: () => null };

/** A plain manifest is its own template. */
export function manifestMapper(objectLine: number): LineMapper {
  return { objectLine, templateLine: (rendered) => rendered };
}

/** Candidates compared by lookahead, nearest to the expected line first. */
const MAX_CANDIDATES = 16;
/** Lines of agreement that settle a choice. */
const LOOKAHEAD = 12;
/** How far from the expected line an unconfirmed match may be. */
const MAX_BLIND_JUMP = 10;
/** A far match is confirmed when one of the next CONFIRM_LINES rendered lines follows it within CONFIRM_WINDOW template lines. */
const CONFIRM_LINES = 4;
const CONFIRM_WINDOW = 40;

export class AlignedMapper implements LineMapper {
  readonly objectLine: number | null;
  /** Rendered lines that found a template line with the same text. */
  matchedLines = 0;
  private readonly region: { lo: number; hi: number };
  /** Per line offset: matched template line, or 0. */
  private readonly match: Int32Array;
  /** Per line offset: expected template line from the anchor in force there. */
  private readonly expected: Int32Array;
  /** Per line offset: rendered line of the nearest matched ancestor, or 0. */
  private readonly matchedAncestor: Int32Array;
  private readonly fallbacks = new Map<number, number | null>();

  constructor(
    private readonly index: TemplateIndex,
    private readonly object: RenderedObject,
    kind: { rendered: number; template: number | null } | null,
  ) {
    this.objectLine = kind?.template ?? null;
    this.region = index.regionOf(this.objectLine);
    this.match = new Int32Array(object.size);
    this.expected = new Int32Array(object.size);
    this.matchedAncestor = new Int32Array(object.size);
    this.align(kind);
  }

  private align(kind: { rendered: number; template: number | null } | null): void {
    const { first, texts, parents } = this.object;
    let anchorR = kind?.template ? kind.rendered : first;
    let anchorT = kind?.template ?? this.region.lo;
    for (let k = 0; k < texts.length; k++) {
      const r = first + k;
      const parent = parents[k] as number;
      if (parent !== 0) {
        const p = parent - first;
        this.matchedAncestor[k] = this.match[p] !== 0 ? parent : (this.matchedAncestor[p] as number);
      }
      const exp = anchorT + (r - anchorR);
      this.expected[k] = exp;
      const text = texts[k] as string;
      if (text === '') continue;
      const c = kind?.template && r === kind.rendered ? kind.template : this.choose(k, text, exp);
      if (c !== null) {
        this.match[k] = c;
        this.matchedLines++;
        anchorR = r;
        anchorT = c;
      }
    }
  }

  /** The template line with this text for line offset `k`: best lookahead agreement, then nearest to `exp`. */
  private choose(k: number, text: string, exp: number): number | null {
    const { lo, hi } = this.bounds(k);
    const sorted = this.index.linesWithText(text);
    let from = lowerBound(sorted, lo);
    let to = lowerBound(sorted, hi + 1);
    if (from >= to) return null;
    if (to - from > MAX_CANDIDATES) {
      // Keep the MAX_CANDIDATES nearest to `exp` (a contiguous run of the sorted candidates).
      const mid = Math.min(Math.max(lowerBound(sorted, exp), from), to);
      from = Math.max(from, Math.min(mid - MAX_CANDIDATES / 2, to - MAX_CANDIDATES));
      to = from + MAX_CANDIDATES;
    }
    let best = 0;
    let bestScore = -1;
    let bestDistance = Infinity;
    for (let i = from; i < to; i++) {
      const c = sorted[i] as number;
      const score = to - from === 1 ? 0 : this.agreement(k, c);
      const distance = Math.abs(c - exp);
      if (score > bestScore || (score === bestScore && distance <= bestDistance)) {
        best = c;
        bestScore = score;
        bestDistance = distance;
      }
    }
    // A far jump that nothing after it confirms may be a coincidence: a container `- name: repo-server`
    // equal to a port `- name: repo-server` 300 lines down (argo-cd-10.1.1) while the container came
    // from `- name: {{ .Values.repoServer.name }}` right here. A closer templated line wins then.
    if (bestScore <= 0 && bestDistance > MAX_BLIND_JUMP && !this.confirmedNearby(k, best)) {
      const templated = this.index.nearestTemplatedTwin(text, exp, lo, hi);
      if (templated !== null && Math.abs(templated - exp) < bestDistance) return null;
    }
    return best;
  }

  /** How many of the next rendered lines after offset `k` equal the next template lines after `c`. */
  private agreement(k: number, c: number): number {
    const { texts } = this.object;
    let score = 0;
    let r = k + 1;
    let t = c + 1;
    while (score < LOOKAHEAD) {
      while (r < texts.length && texts[r] === '') r++;
      while (t <= this.index.lineCount && this.index.leavesNoText(t)) t++;
      if (r >= texts.length || t > this.index.lineCount || texts[r] !== this.index.text(t)) break;
      score++;
      r++;
      t++;
    }
    return score;
  }

  /** Whether one of the next rendered lines appears shortly after template line `c` (skipped conditionals allowed). */
  private confirmedNearby(k: number, c: number): boolean {
    const { texts } = this.object;
    let seen = 0;
    for (let r = k + 1; r < texts.length && seen < CONFIRM_LINES; r++) {
      const text = texts[r] as string;
      if (text === '') continue;
      seen++;
      const sorted = this.index.linesWithText(text);
      if (lowerBound(sorted, c + 1) < lowerBound(sorted, c + CONFIRM_WINDOW + 1)) return true;
    }
    return false;
  }

  /** Template lines a rendered line may map to: inside its matched ancestor's block, else the region. */
  private bounds(k: number): { lo: number; hi: number } {
    const ancestor = this.matchedAncestor[k] as number;
    if (ancestor === 0) return this.region;
    const at = this.match[ancestor - this.object.first] as number;
    return { lo: at + 1, hi: Math.min(this.index.blockEnd(at), this.region.hi) };
  }

  templateLine(rendered: number): number | null {
    const k = rendered - this.object.first;
    if (k < 0 || k >= this.object.size) return this.objectLine;
    const matched = this.match[k] as number;
    if (matched !== 0) return matched;
    if (this.fallbacks.has(k)) return this.fallbacks.get(k) ?? null;
    const line = this.fallback(k);
    this.fallbacks.set(k, line);
    return line;
  }

  /**
   * A line with no literal twin: a templated line that could have written it (`name: {{ … }}`),
   * the include/toYaml that emitted it, the enclosing key, or the object itself.
   */
  private fallback(k: number): number | null {
    const exp = this.expected[k] as number;
    const { lo, hi } = this.bounds(k);
    const templated = this.index.nearestTemplatedTwin(this.object.texts[k] as string, exp, lo, hi);
    if (templated !== null) return templated;
    const emitting = this.index.nearestEmitting(exp, lo, hi);
    if (emitting !== null) return emitting;
    const ancestor = this.matchedAncestor[k] as number;
    if (ancestor !== 0) return this.match[ancestor - this.object.first] as number;
    return this.objectLine;
  }
}
