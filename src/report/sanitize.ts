// Strings from charts reach terminals, Markdown and workflow commands; each sink has its own escaping.

/** Terminal-safe: C0/C1 control characters (ESC sequences, CR tricks) become visible escapes. */
export function terminalSafe(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/** Single-line terminal-safe text (newlines shown as ⏎). */
export function terminalLine(text: string): string {
  return terminalSafe(text.replace(/\r?\n/g, ' ⏎ '));
}
