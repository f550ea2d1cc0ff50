import type { CliIO } from './io.js';

/**
 * Progress for long runs on an interactive terminal only: stderr, one rewritten line
 * (charts done/total, current chart). Never in machine formats, files or pipes.
 */
export function progressReporter(io: CliIO, opts: { enabled: boolean }) {
  const on = opts.enabled && io.stderrIsTTY && !io.env['CI'];
  let shown = false;
  return {
    update(done: number, total: number, current: string): void {
      if (!on || total < 2) return;
      const line = `[${done}/${total}] ${current}`.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 100);
      io.stderr(`\r\u001b[2K${line}`);
      shown = true;
    },
    done(): void {
      if (shown) io.stderr('\r\u001b[2K');
      shown = false;
    },
  };
}
