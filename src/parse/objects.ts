// From a parsed document to ParsedObjects: checks the shape Kubernetes needs (a mapping with
// apiVersion and kind), unwraps Lists, and keeps only the kinds we analyse.
import type { ObjectRef, ParsedObject, Position, SourceLocation } from '../types.js';
import { isListKind, isRbacKind, isRelevantKind } from './kinds.js';
import type { LineNode } from './line-tree.js';
import { type PositionScope, positionLines, positionsFrom } from './positions.js';
import type { LineMapper } from './template-lines.js';
import type { LineRange, ParseSession } from './session.js';
import type { RawDocument } from './split.js';
import { rbacComments } from './comments.js';
import type { RenderedLines } from './rendered-object.js';
import { isRecord } from '../data.js';

/** Lists inside Lists are unwrapped too, but not without end. */
const MAX_LIST_NESTING = 4;

interface Where {
  session: ParseSession;
  doc: RawDocument;
  file: string | null;
}

/** "document 3": documents are counted from 1 in messages, like lines. */
export function documentLabel(doc: RawDocument): string {
  return `document ${doc.ordinal + 1}`;
}

/**
 * How many Kubernetes objects the document holds (relevant to us or not; a List counts its items),
 * or null when it is not a Kubernetes object (the session's last issue says so).
 */
export function addDocumentObjects(session: ParseSession, doc: RawDocument, file: string | null, value: unknown, tree: LineNode | null): number | null {
  // `null`, empty and comment-only documents are fine: helm emits them for skipped templates.
  if (value === null || value === undefined) return 0;
  const range = { first: doc.contentLine + 1, last: doc.endLine };
  const node = tree ?? { line: range.first };
  return addValue({ session, doc, file }, value, node, range, null, 0);
}

/**
 * `item`: where a List item sits (`items.2`) and how messages name it, or null for a document.
 * Returns the number of Kubernetes objects found, null when `value` is not one.
 */
function addValue(
  where: Where,
  value: unknown,
  node: LineNode,
  range: LineRange,
  item: { path: string; label: string } | null,
  nesting: number,
): number | null {
  const problem = (message: string): void =>
    where.session.issue(where.doc, where.file, {
      renderedLine: node.line,
      message: `${item === null ? documentLabel(where.doc) : `${documentLabel(where.doc)}, ${item.label},`} ${message}`,
      path: item?.path ?? null,
      object: refOf(value),
    });
  if (!isRecord(value)) {
    problem(`is not a mapping (it is ${describe(value)}), so it is not a Kubernetes object`);
    return null;
  }
  const { apiVersion, kind } = value;
  if (typeof kind !== 'string' || kind === '' || typeof apiVersion !== 'string' || apiVersion === '') {
    const missing = [typeof apiVersion !== 'string' || apiVersion === '' ? 'apiVersion' : null, typeof kind !== 'string' || kind === '' ? 'kind' : null]
      .filter(Boolean)
      .join(' and ');
    problem(`has no string ${missing}, so it is not a Kubernetes object`);
    return null;
  }
  if (isListKind(kind) && Object.prototype.hasOwnProperty.call(value, 'items')) {
    const listName = `${kind} ${nameOf(value) ?? ''}`.trim();
    return addListItems(where, value, node, range, { name: listName, path: item ? `${item.path}.items` : 'items' }, nesting);
  }
  if (isRelevantKind(kind)) where.session.objects.push(objectOf(where, value, node, range));
  return 1;
}

function addListItems(
  where: Where,
  list: Record<string, unknown>,
  node: LineNode,
  range: LineRange,
  at: { name: string; path: string },
  nesting: number,
): number {
  const listName = at.name;
  const items = list.items;
  const itemsNode = node.entries?.get('items') ?? node;
  if (items === null) return 0;
  if (!Array.isArray(items)) {
    where.session.issue(where.doc, where.file, {
      renderedLine: itemsNode.line,
      message: `${documentLabel(where.doc)}: items of ${listName} is not a list`,
      path: at.path,
    });
    return 0;
  }
  if (nesting >= MAX_LIST_NESTING) {
    where.session.issue(where.doc, where.file, {
      renderedLine: itemsNode.line,
      message: `${documentLabel(where.doc)}: ${listName} nests Lists more than ${MAX_LIST_NESTING} deep`,
      path: at.path,
    });
    return 0;
  }
  const itemNodes = itemsNode.items ?? [];
  let found = 0;
  items.forEach((item, i) => {
    const itemNode = itemNodes[i] ?? { line: itemsNode.line };
    const next = itemNodes[i + 1];
    const itemRange = { first: itemNode.line, last: next ? next.line - 1 : range.last };
    found += addValue(where, item, itemNode, itemRange, { path: `${at.path}.${i}`, label: `item ${i} of ${listName}` }, nesting + 1) ?? 0;
  });
  return found;
}

/**
 * Template lines (the object's own and its positions') are worked out on first read: they need the
 * template file read and aligned, and only objects that end up in a finding or evidence are asked.
 * Until then the object keeps the rendered lines of its positions only (positions.ts), not the
 * line tree.
 */
function objectOf(where: Where, body: Record<string, unknown>, node: LineNode, range: LineRange): ParsedObject {
  const ref = refOf(body) as ObjectRef;
  const kindLine = node.entries?.get('kind')?.line ?? null;
  const mapper = where.session.mapperFor(where.file, range, kindLine);
  const scope = isRbacKind(ref.kind) ? 'rbac' : 'evidence';
  // A manifest's lines map one to one: its object line costs nothing now.
  const source = where.session.options.chartName === null ? { file: where.file, line: mapper.objectLine } : lazySource(where.file, mapper);
  return new RenderedObjectData(ref, body, where.session.target, where.doc.ordinal, node.line, source, scope, positionLines(scope, body, node), mapper, where.session.rendered, range.first);
}

/** A SourceLocation whose line is worked out on first read (the session's mapper aligns the template once). */
function lazySource(file: string | null, mapper: LineMapper): SourceLocation {
  return {
    file,
    get line() {
      return mapper.objectLine;
    },
  };
}

/** A ParsedObject from a render: a class, so the lazy positions cost no closures per object. */
class RenderedObjectData implements ParsedObject {
  #made: Record<string, Position> | null = null;
  #comments: Record<string, string> | null = null;
  readonly #scope: PositionScope;
  readonly #lines: readonly number[];
  readonly #mapper: LineMapper;
  readonly #rendered: RenderedLines;
  readonly #first: number;

  constructor(
    readonly ref: ObjectRef,
    readonly body: Record<string, unknown>,
    readonly target: number,
    readonly doc: number,
    readonly renderedLine: number,
    readonly source: SourceLocation,
    scope: PositionScope,
    lines: readonly number[],
    mapper: LineMapper,
    rendered: RenderedLines,
    first: number,
  ) {
    this.#scope = scope;
    this.#lines = lines;
    this.#mapper = mapper;
    this.#rendered = rendered;
    this.#first = first;
  }

  get positions(): Record<string, Position> {
    return (this.#made ??= positionsFrom(this.#scope, this.body, this.#lines, this.#mapper));
  }

  /** Comments beside RBAC rules and resource entries (comments.ts); empty for other kinds. */
  get comments(): Record<string, string> {
    return (this.#comments ??= this.#scope === 'rbac' ? rbacComments(this.positions, this.#rendered, this.#first) : {});
  }
}

/** How outputs name an object; null when the value is not an object with apiVersion and kind. */
export function refOf(value: unknown): ObjectRef | null {
  if (!isRecord(value) || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') return null;
  const metadata = isRecord(value.metadata) ? value.metadata : {};
  const namespace = typeof metadata.namespace === 'string' && metadata.namespace !== '' ? metadata.namespace : null;
  return { apiVersion: value.apiVersion, kind: value.kind, name: nameOf(value) ?? '', namespace };
}

function nameOf(value: Record<string, unknown>): string | null {
  const name = isRecord(value.metadata) ? value.metadata.name : undefined;
  if (typeof name === 'string') return name;
  return typeof name === 'number' || typeof name === 'boolean' ? String(name) : null;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'string') return 'a string';
  return `a ${typeof value}`;
}
