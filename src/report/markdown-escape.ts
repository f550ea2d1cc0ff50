// Escaping for chart-controlled text in GitHub-flavoured Markdown (PR comments, job summaries).
// A chart can put anything in an object name, a label or a ConfigMap; none of it may turn into
// HTML, a link, a table break, emphasis, math, a mention or an issue reference.
//
// Everything is escaped with HTML character references, not backslashes: references are decoded
// both in Markdown text and inside HTML blocks (`<details><summary>…`), where backslash escapes
// would show literally, and a decoded character is never markup (CommonMark §2.5).
// - `&`, `<`, `>`, `"`, `'`: no raw HTML, no comment (`<!--`) injection;
// - `` ` ``, `\`, `*`, `_`, `[`, `]`, `~`, `$`: no code spans, escapes, emphasis, links, images,
//   strikethrough or math; `|`: a GFM table splits rows on the raw `|` before inline parsing,
//   so `&#124;` cannot end a cell;
// - a leading `-`, `+`, `=`, `#`, `>` or `1.`/`1)`: no list, heading or quote at a line start;
// - `@`, `#<digit>`, `://` and `www.` get a zero-width space (`&#8203;`): GitHub links mentions,
//   issue references and bare URLs on the rendered text, so only breaking the token helps (the
//   trick Renovate's sanitizeMarkdown uses for mentions);
// - line breaks become a space (a table row or list item cannot end early); other control
//   characters are dropped.

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
  '`': '&#96;', '\\': '&#92;', '*': '&#42;', '_': '&#95;', '[': '&#91;', ']': '&#93;', '~': '&#126;', '$': '&#36;', '|': '&#124;',
};
const ZWSP = '&#8203;';
const LEADING: Readonly<Record<string, string>> = { '-': '&#45;', '+': '&#43;', '=': '&#61;', '#': '&#35;' };

function escapeChar(c: string): string {
  const entity = ENTITIES[c];
  if (entity !== undefined) return entity;
  if (c === '.') return `${ZWSP}.`; // after "www"
  return `${c}${ZWSP}`; // @, # before a digit, : before //
}

const WORD = /[\p{L}\p{N}]/u;

function escapeText(text: string, opts: { lineStart: boolean; wordUnderscores: boolean }): string {
  const escaped = text
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[&<>"'`\\*_[\]~$|@]|#(?=\d)|:(?=\/\/)|(?<=\bwww)\./gi, (c: string, at: number, all: string) =>
      // An underscore between letters or digits can neither open nor close emphasis (CommonMark §6.2).
      c === '_' && opts.wordUnderscores && WORD.test(all[at - 1] ?? '') && WORD.test(all[at + 1] ?? '') ? c : escapeChar(c),
    );
  if (!opts.lineStart) return escaped;
  const lead = escaped[0];
  if (lead !== undefined && LEADING[lead] !== undefined) return `${LEADING[lead]}${escaped.slice(1)}`;
  return escaped.replace(/^(\d+)([.)])/, (_, digits: string, mark: string) => `${digits}${mark === '.' ? '&#46;' : '&#41;'}`);
}

/** Escapes text for any inline position: a paragraph, a list item, a table cell, a `<summary>`. */
export function escapeMarkdown(text: string): string {
  return escapeText(text, { lineStart: true, wordUnderscores: false });
}

/** Splits text into plain runs and code spans, as CommonMark §6.1 delimits them (a backtick run closed by one of the same length). */
function codeSpans(text: string): { code: boolean; text: string }[] {
  const parts: { code: boolean; text: string }[] = [];
  const runLength = (at: number): number => {
    let n = 0;
    while (text[at + n] === '`') n++;
    return n;
  };
  let plain = 0;
  let i = 0;
  while (i < text.length) {
    if (text[i] !== '`') {
      i++;
      continue;
    }
    const n = runLength(i);
    let close = -1;
    for (let j = i + n; j < text.length; ) {
      const m = text[j] === '`' ? runLength(j) : 0;
      if (m === n) {
        close = j;
        break;
      }
      j += Math.max(m, 1);
    }
    if (close < 0) {
      i += n; // no closing run: literal backticks
      continue;
    }
    if (i > plain) parts.push({ code: false, text: text.slice(plain, i) });
    const inner = text.slice(i + n, close);
    parts.push({ code: true, text: /^ [\s\S]*[^ ][\s\S]* $/.test(inner) ? inner.slice(1, -1) : inner });
    i = close + n;
    plain = i;
  }
  if (plain < text.length) parts.push({ code: false, text: text.slice(plain) });
  return parts;
}

/**
 * Our own prose, which may carry chart text: finding messages, fix advice, error lines. Code
 * marked with backticks stays code (a `<code>` element with escaped content, so a chart cannot
 * break out of it, nor out of a table cell); everything else is escaped as escapeMarkdown does,
 * except underscores inside words (`kubernetes_sd_configs` reads as written).
 */
export function markdownProse(text: string): string {
  return codeSpans(text)
    .map((p, i) => (p.code ? markdownCode(p.text) : escapeText(p.text, { lineStart: i === 0, wordUnderscores: true })))
    .join('');
}

/**
 * Chart text shown as code. A `<code>` element rather than backticks: backticks in the text
 * would end a code span, while the escaped content inside `<code>` stays literal and is still
 * split-proof inside tables.
 */
export function markdownCode(text: string): string {
  // Inline HTML does not stop Markdown inside it: the content is escaped like any text.
  return `<code>${escapeText(text, { lineStart: false, wordUnderscores: true })}</code>`;
}

/** A GFM table; cells must already be escaped (escapeMarkdown/markdownCode) or be our own text. */
export function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A collapsible block; `summary` must already be escaped. Blank lines let Markdown render inside. */
export function markdownDetails(summary: string, body: string): string {
  return `<details><summary>${summary}</summary>\n\n${body}\n\n</details>`;
}
