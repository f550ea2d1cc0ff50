// Line-level pieces of the fast subset parser (fast-yaml.ts): keys, single-line scalars and
// flow collections. Each either returns exactly what the `yaml` package would produce with
// YAML_PARSE_OPTIONS or calls outside() so the document goes to the `yaml` package.
import { UNRESOLVED } from './yaml-options.js';
import type { PlainScalarResolver } from './yaml-options.js';

/** Thrown (preallocated, no stack trace) when the text leaves the subset. */
export const OUTSIDE_SUBSET = Object.freeze({ outsideSubset: true });

export function outside(): never {
  throw OUTSIDE_SUBSET;
}

export const TRAILING_COMMENT = /^(?:[ \t]+#.*)?[ \t]*$/;
const FLOW_PLAIN_FORBIDDEN = /[[\]{}#]|: |:$|^[-?:](?: |$)|^[!&*|>%@`'"]/;

/** YAML separates with spaces and tabs only; String.prototype.trim would also eat U+00A0, U+3000, … */
export function trimYamlSpace(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && (s.charCodeAt(a) === 32 || s.charCodeAt(a) === 9)) a++;
  while (b > a && (s.charCodeAt(b - 1) === 32 || s.charCodeAt(b - 1) === 9)) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

export function isBlankOrCommentLine(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c === 32 || c === 9) continue;
    return c === 35;
  }
  return true;
}

export function isWhitespaceOnly(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i);
    if (c !== 32 && c !== 9) return false;
  }
  return true;
}

export function leadingSpaces(line: string): number {
  let n = 0;
  while (n < line.length && line.charCodeAt(n) === 32) n++;
  return n;
}

export function isDashAt(line: string, col: number): boolean {
  if (line.charCodeAt(col) !== 45) return false;
  const next = line.charCodeAt(col + 1);
  return Number.isNaN(next) || next === 32;
}

const KEY_START_FORBIDDEN = new Set('-?:,[]{}#&*!|>\'"%@`\t ');

/** `key:` at column `col`: the key as the body will have it, and the index after the colon. */
export function readKey(line: string, col: number, resolvePlainScalar: PlainScalarResolver): { key: string; after: number } | null {
  const c = line[col];
  if (c === '"' || c === "'") {
    const q = c === '"' ? readDoubleQuoted(line, col) : readSingleQuoted(line, col);
    let p = q.end;
    while (line.charCodeAt(p) === 32) p++;
    if (line[p] !== ':' || !isSeparatorAfterColon(line, p)) return null;
    return { key: q.value, after: p + 1 };
  }
  if (c === undefined || KEY_START_FORBIDDEN.has(c)) return null;
  let idx = line.indexOf(':', col);
  while (idx !== -1 && !isSeparatorAfterColon(line, idx)) idx = line.indexOf(':', idx + 1);
  if (idx === -1) return null;
  const raw = line.slice(col, idx);
  if (raw.includes(' #') || raw.includes('\t')) outside();
  const keyText = trimYamlSpace(raw);
  if (keyText.length > 1024) outside();
  const key = resolvePlainScalar(keyText, true);
  if (typeof key !== 'string') outside();
  return { key, after: idx + 1 };
}

function isSeparatorAfterColon(line: string, idx: number): boolean {
  const next = line.charCodeAt(idx + 1);
  if (next === 9) outside();
  return Number.isNaN(next) || next === 32;
}

export function inlineScalarOrFlow(rest: string, resolvePlainScalar: PlainScalarResolver): unknown {
  const c = rest[0] as string;
  if (c === '"' || c === "'") {
    const q = c === '"' ? readDoubleQuoted(rest, 0) : readSingleQuoted(rest, 0);
    if (!TRAILING_COMMENT.test(rest.slice(q.end))) outside();
    return q.value;
  }
  if (c === '[' || c === '{') return flowCollection(rest, resolvePlainScalar);
  if ('>!&*?%@`,]}:'.includes(c) || (c === '-' && (rest.length === 1 || rest[1] === ' '))) outside();
  const hash = rest.search(/[ \t]#/);
  const text = trimYamlSpace(hash >= 0 ? rest.slice(0, hash) : rest);
  if (text.includes(': ') || text.endsWith(':') || text.includes('\t')) outside();
  const value = resolvePlainScalar(text, false);
  if (value === UNRESOLVED) outside();
  return value;
}

/** `[a, "b"]`, `[]`, `{}` or `{k: v, k2: [a, b]}` on one line. */
function flowCollection(rest: string, resolvePlainScalar: PlainScalarResolver): unknown {
  if (rest[0] === '{') {
    if (/^\{[ \t]*\}/.test(rest)) {
      if (!TRAILING_COMMENT.test(rest.slice(rest.indexOf('}') + 1))) outside();
      return {};
    }
    const map = flowMapping(rest, resolvePlainScalar);
    if (!TRAILING_COMMENT.test(rest.slice(map.end))) outside();
    return map.value;
  }
  const seq = flowSequence(rest, 0, resolvePlainScalar);
  if (!TRAILING_COMMENT.test(rest.slice(seq.end))) outside();
  return seq.items;
}

/** A flow scalar at `p`: quoted, or plain up to the next `,` or closing bracket. */
function flowScalar(rest: string, p: number, resolvePlainScalar: PlainScalarResolver): { value: unknown; end: number } {
  const c = rest[p];
  if (c === '"' || c === "'") {
    const q = c === '"' ? readDoubleQuoted(rest, p) : readSingleQuoted(rest, p);
    return { value: q.value, end: q.end };
  }
  let end = p;
  while (end < rest.length && rest[end] !== ',' && rest[end] !== ']' && rest[end] !== '}') end++;
  const text = trimYamlSpace(rest.slice(p, end));
  if (text === '' || FLOW_PLAIN_FORBIDDEN.test(text) || text.includes('\t')) outside();
  const value = resolvePlainScalar(text, false);
  if (value === UNRESOLVED) outside();
  return { value, end };
}

/** `[…]` of scalars starting at `start`; returns the items and the index after `]`. */
function flowSequence(rest: string, start: number, resolvePlainScalar: PlainScalarResolver): { items: unknown[]; end: number } {
  const items: unknown[] = [];
  let p = skipSpaces(rest, start + 1);
  if (rest[p] === ']') return { items, end: p + 1 };
  for (;;) {
    p = skipSpaces(rest, p);
    const item = flowScalar(rest, p, resolvePlainScalar);
    items.push(item.value);
    p = skipSpaces(rest, item.end);
    if (rest[p] === ',') {
      p++;
      continue;
    }
    if (rest[p] === ']') return { items, end: p + 1 };
    outside();
  }
}

/**
 * `{key: value, …}` on one line, the form helm charts write for label selectors and tolerations:
 * plain or quoted keys followed by `: `, scalar or `[…]` values, no trailing comma, no nesting of
 * mappings and no duplicate keys. Anything else is left to the `yaml` package.
 */
function flowMapping(rest: string, resolvePlainScalar: PlainScalarResolver): { value: Record<string, unknown>; end: number } {
  const value: Record<string, unknown> = {};
  let p = skipSpaces(rest, 1);
  for (;;) {
    let key: unknown;
    const c = rest[p];
    if (c === '"' || c === "'") {
      const q = c === '"' ? readDoubleQuoted(rest, p) : readSingleQuoted(rest, p);
      key = q.value;
      p = q.end;
    } else {
      let end = p;
      while (end < rest.length && !':,[]{}'.includes(rest[end] as string)) end++;
      const text = trimYamlSpace(rest.slice(p, end));
      if (text === '' || FLOW_PLAIN_FORBIDDEN.test(text) || text.includes('\t')) outside();
      key = resolvePlainScalar(text, true);
      p = end;
    }
    if (typeof key !== 'string' || key === '__proto__' || Object.prototype.hasOwnProperty.call(value, key)) outside();
    if (rest[p] !== ':' || rest[p + 1] !== ' ') outside();
    p = skipSpaces(rest, p + 1);
    if (rest[p] === '{') outside();
    const item = rest[p] === '[' ? flowSequence(rest, p, resolvePlainScalar) : null;
    const scalar = item ? null : flowScalar(rest, p, resolvePlainScalar);
    value[key] = item ? item.items : (scalar as { value: unknown }).value;
    p = skipSpaces(rest, item ? item.end : (scalar as { end: number }).end);
    if (rest[p] === ',') {
      p = skipSpaces(rest, p + 1);
      if (rest[p] === '}') outside(); // a trailing comma
      continue;
    }
    if (rest[p] === '}') return { value, end: p + 1 };
    outside();
  }
}

function skipSpaces(s: string, p: number): number {
  while (s.charCodeAt(p) === 32) p++;
  return p;
}

/** A double-quoted scalar on one line. Escapes are decoded only when JSON means the same (all JSON escapes do). */
function readDoubleQuoted(s: string, start: number): { value: string; end: number } {
  let p = start + 1;
  let escaped = false;
  while (p < s.length && s[p] !== '"') {
    if (s[p] === '\\') {
      escaped = true;
      p++;
    }
    p++;
  }
  if (p >= s.length) outside();
  const raw = s.slice(start + 1, p);
  if (!escaped) return { value: raw, end: p + 1 };
  try {
    return { value: JSON.parse(`"${raw}"`) as string, end: p + 1 };
  } catch {
    return outside();
  }
}

function readSingleQuoted(s: string, start: number): { value: string; end: number } {
  let p = start + 1;
  for (;;) {
    const q = s.indexOf("'", p);
    if (q === -1) outside();
    if (s[q + 1] === "'") {
      p = q + 2;
      continue;
    }
    return { value: s.slice(start + 1, q).replace(/''/g, "'"), end: q + 1 };
  }
}
