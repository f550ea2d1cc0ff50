// Whether rendered text holds any YAML document with content. helm prints
// `---` and `# Source:` lines even for templates that render nothing.

const MARKER = /^(---|\.\.\.)(\s+#.*)?$/;

/**
 * Scans line by line and stops at the first line with content, so a huge input costs one line,
 * not an array of all its lines (a 50 MB manifest has millions).
 */
export function hasContent(text: string): boolean {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  for (let start = 0; start <= body.length; ) {
    const newline = body.indexOf('\n', start);
    const end = newline < 0 ? body.length : newline;
    const line = body.slice(start, end).trim();
    if (!(line === '' || line.startsWith('#') || line.startsWith('%') || MARKER.test(line))) return true;
    start = end + 1;
  }
  return false;
}
