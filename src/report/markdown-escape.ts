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

/** Escapes text for any inline position: a paragraph, a list item, a table cell, a `<summary>`. */
export function escapeMarkdown(text: string): string {
  const escaped = text
    .replace(/\r\n?|\n|\u2028|\u2029/g, ' ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '')
    .replace(/[&<>"'`\\*_[\]~$|@]|#(?=\d)|:(?=\/\/)|(?<=\bwww)\./gi, escapeChar);
  const lead = escaped[0];
  if (lead !== undefined && LEADING[lead] !== undefined) return `${LEADING[lead]}${escaped.slice(1)}`;
  return escaped.replace(/^(\d+)([.)])/, (_, digits: string, mark: string) => `${digits}${mark === '.' ? '&#46;' : '&#41;'}`);
}

/**
 * Chart text shown as code. A `<code>` element rather than backticks: backticks in the text
 * would end a code span, while the escaped content inside `<code>` stays literal and is still
 * split-proof inside tables.
 */
export function markdownCode(text: string): string {
  return `<code>${escapeMarkdown(text)}</code>`;
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
