// Line edits of a chart's own files, and how they print as a unified diff. Pure: text in, text out.
import { structuredPatch } from 'diff';

/** Replace `count` lines starting at 0-based `line` with `lines` (count 0 inserts before `line`). */
export interface LineEdit {
  line: number;
  count: number;
  lines: string[];
}

/** The edits of one file, relative to the chart root (`templates/clusterrole.yaml`, `values.yaml`). */
export interface FileEdit {
  file: string;
  edits: LineEdit[];
}

/** Applies non-overlapping edits (any order) to a text; keeps its line ending and final newline. */
export function applyEdits(text: string, edits: readonly LineEdit[]): string {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const endsWithNewline = text.endsWith('\n');
  const lines = (endsWithNewline ? text.slice(0, -eol.length) : text).split(/\r?\n/);
  const sorted = [...edits].sort((a, b) => b.line - a.line || b.count - a.count);
  let floor = Infinity;
  for (const e of sorted) {
    if (e.line + e.count > floor) throw new Error(`overlapping edits at line ${e.line + 1}`);
    lines.splice(e.line, e.count, ...e.lines);
    floor = e.line;
  }
  return lines.join(eol) + (endsWithNewline ? eol : '');
}

/** Merges the edits of the same file (several findings can touch one file). */
export function mergeFileEdits(edits: readonly FileEdit[]): FileEdit[] {
  const byFile = new Map<string, LineEdit[]>();
  for (const e of edits) byFile.set(e.file, [...(byFile.get(e.file) ?? []), ...e.edits]);
  return [...byFile.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([file, list]) => ({ file, edits: dedupe(list) }));
}

function dedupe(edits: readonly LineEdit[]): LineEdit[] {
  const seen = new Set<string>();
  return edits.filter((e) => {
    const key = JSON.stringify(e);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A git-style unified diff of one file (`a/<path>` → `b/<path>`), three lines of context. */
export function unifiedDiff(path: string, before: string, after: string): string {
  if (before === after) return '';
  const patch = structuredPatch(`a/${path}`, `b/${path}`, before, after, '', '', { context: 3 });
  const out = [`diff --git a/${path} b/${path}`, `--- a/${path}`, `+++ b/${path}`];
  for (const h of patch.hunks) {
    out.push(`@@ -${h.oldStart},${h.oldLines} +${h.newStart},${h.newLines} @@`);
    for (const l of h.lines) out.push(l);
  }
  return `${out.join('\n')}\n`;
}
