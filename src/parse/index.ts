// Rendered multi-document YAML -> objects with source positions. Pure: templates are read
// through the caller's readTemplate.
//
// Per document: split on `---` lines once; skip documents whose kind a line scan proves
// irrelevant; parse the rest with the fast subset parser, or the `yaml` package when the
// document leaves that subset; turn mappings into ParsedObjects (unwrapping Lists) and every
// problem into an InputIssue. Nothing throws for bad input.
import type { InputIssue, ParsedObject } from '../types.js';
import { parseSimpleDocument } from './fast-yaml.js';
import { parseWithYamlPackage } from './full-yaml.js';
import type { LineNode } from './line-tree.js';
import { LineIndex } from './lines.js';
import { addDocumentObjects, documentLabel, refOf } from './objects.js';
import { ParseSession } from './session.js';
import { type RawDocument, canSkipDocument, splitDocuments } from './split.js';

export { RBAC_KINDS, isEvidenceKind } from './kinds.js';
export { templateLineFor } from './template-line-for.js';

import type { ParseOptions } from './session.js';

export type { ParseOptions };

export interface ParseResult {
  objects: ParsedObject[];
  issues: InputIssue[];
  /** Documents with content (not empty or comment-only), parsed or skipped; `doc` indexes count these. */
  documents: number;
  /**
   * The issues (also in `issues`) of documents whose YAML could not be read at all (syntax
   * error, alias bomb, nesting too deep): whatever they held is unknown, so callers that must
   * not pass such input silently (the CLI, docs/design.md#robustness) turn these into errors.
   */
  unreadable: InputIssue[];
  /** The issues (also in `issues`) of documents that are YAML but not a mapping with apiVersion and kind. */
  notObjects: InputIssue[];
  /** Kubernetes objects in the text, returned or not (skipped kinds count, Lists count their items). */
  kubernetesObjects: number;
}

/** What the documents held beyond `objects`: the ones that yield no object, and the object count. */
interface Tally {
  unreadable: InputIssue[];
  notObjects: InputIssue[];
  kubernetesObjects: number;
}

export function parseRendered(text: string, opts: ParseOptions): ParseResult {
  // A byte-order mark sits before line 1 and changes no line number.
  const lines = new LineIndex(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  const session = new ParseSession(lines, opts);
  const docs = splitDocuments(lines);
  const tally: Tally = { unreadable: [], notObjects: [], kubernetesObjects: 0 };
  for (const doc of docs) {
    try {
      parseDocument(session, doc, tally);
    } catch (e) {
      // Defensive: a bug of ours must cost one document, never the run (and the caller hears of it).
      session.issue(doc, session.fileOf(doc), {
        renderedLine: doc.contentLine + 1,
        message: `${documentLabel(doc)} could not be parsed: ${e instanceof Error ? e.message : String(e)}`,
      });
      tally.unreadable.push(lastIssue(session));
    }
  }
  return { objects: session.objects, issues: session.issues, documents: docs.length, ...tally };
}

const lastIssue = (session: ParseSession): InputIssue => session.issues[session.issues.length - 1] as InputIssue;

function parseDocument(session: ParseSession, doc: RawDocument, tally: Tally): void {
  const { lines } = session;
  if (canSkipDocument(lines, doc)) {
    tally.kubernetesObjects++;
    return;
  }
  const file = session.fileOf(doc);
  const add = (value: unknown, tree: LineNode | null): void => {
    const found = addDocumentObjects(session, doc, file, value, tree);
    if (found === null) tally.notObjects.push(lastIssue(session));
    else tally.kubernetesObjects += found;
  };
  const fast = doc.markerHasContent ? null : parseSimpleDocument(lines, doc.contentLine, doc.endLine);
  if (fast) {
    add(fast.value, fast.tree);
    return;
  }
  const text = lines.text.slice(lines.startOffset(doc.firstLine), lines.endOffset(doc.endLine - 1));
  for (const result of parseWithYamlPackage(text, doc.firstLine + 1)) {
    if (!result.ok) {
      session.issue(doc, file, { renderedLine: result.line, message: `${documentLabel(doc)}: ${result.message}` });
      tally.unreadable.push(lastIssue(session));
      continue;
    }
    for (const duplicate of result.duplicateKeys) {
      session.issue(doc, file, {
        renderedLine: duplicate.line,
        object: refOf(result.value),
        message:
          `${documentLabel(doc)}: duplicate key ${JSON.stringify(duplicate.key)}; ` +
          'the last value is used, as the Kubernetes API server does',
      });
    }
    add(result.value, result.tree);
  }
}
