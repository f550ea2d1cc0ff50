// github.com/liggitt/tabwriter (a fork of Go's text/tabwriter), the version kubectl vendors:
// v0.0.0-20181228230101-89fcab3d43de (kubernetes/kubectl and kubernetes/cli-runtime go.mod).
// Only what kubectl uses: RememberWidths, no other flags; no escapes (0xff cannot occur in a JS
// string's UTF-8) and no HTML filtering.

export interface TabwriterOptions {
  minwidth: number;
  tabwidth: number;
  padding: number;
  padchar: string;
}

interface Cell {
  text: string;
  /** utf8.RuneCount of the text. */
  width: number;
  /** Terminated by '\t' (as opposed to '\v', a line break or end of input). */
  htab: boolean;
}

/**
 * The rows as kubectl writes them (`cells.join('\t') + '\n'`) through liggitt/tabwriter with
 * the RememberWidths flag and no other flags. Semantics kept from tabwriter.go:
 * - cells are tab-terminated; the last cell of a line is not part of any column, so it gets no
 *   padding and lines carry no trailing spaces;
 * - a column block is a run of consecutive lines that have a cell in that column; its width is
 *   max(minwidth, widest cell + padding), blocks nest per column (Elastic Tabstops);
 * - RememberWidths: a column never gets narrower than the widest block already formatted at
 *   that index (maxwidths survive Flush);
 * - a line with a single cell flushes; '\f' ends a line and flushes; '\v' ends a cell softly;
 * - widths count code points, not display columns.
 */
export function goTabwriter(rows: readonly (readonly string[])[], opts: TabwriterOptions): string {
  const w = new GoTabwriter(opts);
  w.write(rows.map((cells) => `${cells.join('\t')}\n`).join(''));
  w.flush();
  return w.output;
}

class GoTabwriter {
  output = '';
  private lines: Cell[][] = [[]];
  private cell = '';
  private widths: number[] = [];
  private readonly maxwidths: number[] = [];

  constructor(private readonly opts: TabwriterOptions) {}

  write(text: string): void {
    for (const ch of text) {
      if (ch !== '\t' && ch !== '\v' && ch !== '\n' && ch !== '\f') {
        this.cell += ch;
        continue;
      }
      const ncells = this.terminateCell(ch === '\t');
      if (ch === '\n' || ch === '\f') {
        this.lines.push([]);
        if (ch === '\f' || ncells === 1) this.flush();
      }
    }
  }

  flush(): void {
    if (this.cell !== '') this.terminateCell(false);
    this.format(0, this.lines.length);
    this.lines = [[]];
    this.cell = '';
    this.widths = [];
  }

  private terminateCell(htab: boolean): number {
    const line = this.lines[this.lines.length - 1] ?? [];
    line.push({ text: this.cell, width: [...this.cell].length, htab });
    this.cell = '';
    return line.length;
  }

  private format(line0: number, line1: number): void {
    const column = this.widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= this.cellCount(current) - 1) continue;
      this.writeLines(line0, current);
      line0 = current;
      let width = this.opts.minwidth;
      for (; current < line1 && column < this.cellCount(current) - 1; current++) {
        width = Math.max(width, (this.lines[current]?.[column]?.width ?? 0) + this.opts.padding);
      }
      width = this.rememberWidth(width);
      this.widths.push(width);
      this.format(line0, current);
      this.widths.pop();
      line0 = current;
    }
    this.writeLines(line0, line1);
  }

  /** tabwriter.go format(), RememberWidths branch. */
  private rememberWidth(width: number): number {
    const col = this.widths.length;
    if (this.maxwidths.length < col) this.maxwidths.push(...this.widths.slice(this.maxwidths.length));
    const remembered = this.maxwidths[col];
    if (remembered === undefined) this.maxwidths.push(width);
    else if (remembered > width) return remembered;
    else this.maxwidths[col] = width;
    return width;
  }

  private cellCount(line: number): number {
    return this.lines[line]?.length ?? 0;
  }

  private writeLines(line0: number, line1: number): void {
    for (let i = line0; i < line1; i++) {
      (this.lines[i] ?? []).forEach((c, j) => {
        this.output += c.text;
        const cellw = this.widths[j];
        if (cellw !== undefined) this.writePadding(c.width, cellw);
      });
      // The last buffered line has no newline of its own; its pending text is already a cell.
      if (i + 1 < this.lines.length) this.output += '\n';
    }
  }

  private writePadding(textw: number, cellw: number): void {
    const { padchar, tabwidth } = this.opts;
    if (padchar !== '\t') {
      this.output += padchar.repeat(Math.max(0, cellw - textw));
      return;
    }
    if (tabwidth === 0) return;
    const rounded = Math.ceil(cellw / tabwidth) * tabwidth;
    this.output += '\t'.repeat(Math.ceil((rounded - textw) / tabwidth));
  }
}
