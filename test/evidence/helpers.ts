// Builds ParsedObjects from YAML text for the evidence tests, without src/parse: the body is the
// document as plain JS, `# Source:` gives the template file, positions stay empty (evidence then
// falls back to the object's line).

import { parseAllDocuments, type Document } from 'yaml';
import type { ParsedObject } from '../../src/types.js';

function sourceFile(doc: Document): string | null {
  // helm puts `# Source:` right after `---`; yaml attaches it to the document, to its contents,
  // or (first document without `---`) to the first key.
  const contents = doc.contents as { commentBefore?: string | null; items?: Array<{ key?: { commentBefore?: string | null } }> } | null;
  const comment = [doc.commentBefore, contents?.commentBefore, contents?.items?.[0]?.key?.commentBefore].join('\n');
  return /Source:\s*(\S+)/.exec(comment)?.[1] ?? null;
}

/** One ParsedObject per non-empty mapping document, all in `target`. */
export function objectsFromYaml(text: string, target = 0): ParsedObject[] {
  const objects: ParsedObject[] = [];
  parseAllDocuments(text).forEach((doc, index) => {
    const body = doc.toJS({ maxAliasCount: 1000 }) as unknown;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return;
    const record = body as Record<string, unknown>;
    const metadata = (record.metadata ?? {}) as Record<string, unknown>;
    const renderedLine = text.slice(0, doc.range[0]).split('\n').length;
    objects.push({
      ref: {
        apiVersion: String(record.apiVersion ?? ''),
        kind: String(record.kind ?? ''),
        name: String(metadata.name ?? ''),
        namespace: typeof metadata.namespace === 'string' ? metadata.namespace : null,
      },
      body: record,
      target,
      doc: index,
      renderedLine,
      source: { file: sourceFile(doc as Document), line: renderedLine },
      positions: {},
    });
  });
  return objects;
}

/** The single object in a YAML snippet. */
export function objectFromYaml(text: string): ParsedObject {
  const [obj] = objectsFromYaml(text);
  if (!obj) throw new Error('no object in YAML snippet');
  return obj;
}
