// Template line lookup for one rendered object, for callers outside parseRendered.
import { objectMapper, templateIndexFor } from './object-mapper.js';

/**
 * Best line (1-based) in `templateText` for line `renderedLineInDoc` (1-based) of a rendered
 * object whose lines are `renderedDocLines`. `objectKindLineHint` is the template line of the
 * object's `kind:` when the caller knows it (several objects from one template); otherwise the
 * `kind:` line that fits the object best is used. Null when nothing in the template fits.
 */
export function templateLineFor(
  templateText: string,
  renderedDocLines: string[],
  renderedLineInDoc: number,
  objectKindLineHint?: number,
): number | null {
  const lines = { line: (n: number): string => (renderedDocLines[n - 1] ?? '').replace(/\r$/, '') };
  const last = renderedDocLines.length;
  const kindAt = (pattern: RegExp): number | null => {
    const i = renderedDocLines.findIndex((l) => pattern.test(l));
    return i < 0 ? null : i + 1;
  };
  const kindLine = kindAt(/^kind:/) ?? kindAt(/^\s*kind:/);
  const mapper = objectMapper(templateIndexFor(templateText), lines, { first: 1, last }, kindLine, 0, objectKindLineHint);
  return mapper.templateLine(renderedLineInDoc);
}
