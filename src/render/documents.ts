// Whether rendered text holds any YAML document with content. helm prints
// `---` and `# Source:` lines even for templates that render nothing.

const MARKER = /^(---|\.\.\.)(\s+#.*)?$/;

export function hasContent(text: string): boolean {
  for (const raw of text.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('%') || MARKER.test(line)) continue;
    return true;
  }
  return false;
}
