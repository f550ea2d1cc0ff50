// Operational failures are typed errors mapped to exit code 2 in one place (cli/).
// Findings are never thrown.

export type ErrorKind = 'usage' | 'config' | 'render' | 'input' | 'helm-missing';

export class LintError extends Error {
  readonly kind: ErrorKind;
  /** File, chart or object the error is about, when there is one. */
  readonly subject: string | null;
  constructor(kind: ErrorKind, message: string, subject: string | null = null, options?: { cause?: unknown }) {
    super(message, options);
    this.kind = kind;
    this.subject = subject;
    this.name = 'LintError';
  }
  get exitCode(): number {
    return 2;
  }
}

export const usageError = (message: string): LintError => new LintError('usage', message);
export const configError = (file: string, message: string): LintError =>
  new LintError('config', `${file}: ${message}`, file);
export const renderError = (chart: string, message: string, cause?: unknown): LintError =>
  new LintError('render', `${chart}: ${message}`, chart, { cause });
export const inputError = (input: string, message: string, cause?: unknown): LintError =>
  new LintError('input', `${input}: ${message}`, input, { cause });

/** One line, no control characters: what the user sees for an error. */
export function oneLine(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(' | ')
    .replace(/[\u0000-\u001f\u007f-\u009f]/g, '');
}
