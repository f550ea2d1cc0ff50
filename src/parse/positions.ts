// Positions of values inside an object, keyed by dotted path (`rules.0.resources.1`).
//
// Kept compact until asked for: while parsing, only the rendered line of each node that gets a
// position is recorded, in a fixed order of the object's own values (positionLines). The dotted
// paths and template lines are made when a finding, an evidence item or an annotation first
// asks (positionsFrom), which most objects never do. A large render holds hundreds of thousands
// of such nodes; as path-keyed objects they were most of its memory, and the line trees they
// came from more still.
import type { Position } from '../types.js';
import type { LineNode } from './line-tree.js';
import type { LineMapper } from './template-lines.js';
import { isRecord } from '../data.js';

/** Top-level fields of RBAC objects whose every value gets a position. */
const RBAC_ROOTS = ['apiVersion', 'kind', 'rules', 'subjects', 'roleRef', 'aggregationRule'];
const RBAC_METADATA = ['name', 'namespace', 'labels', 'annotations'];

/**
 * `rbac`: every node (scalars and collections, so `rules.0` names a rule) under the RBAC fields
 * and metadata name/namespace/labels/annotations. `evidence`: every string scalar.
 */
export type PositionScope = 'rbac' | 'evidence';

const own = (o: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);

/**
 * The rendered line of every node that may get a position, in walk order: depth first over the
 * body's own keys (in their order) and items, from the scope's fields; 0 where the line tree has
 * no node. pathsOf walks the same way, from the body alone.
 */
export function positionLines(scope: PositionScope, body: Record<string, unknown>, tree: LineNode): number[] {
  const lines: number[] = [];
  if (scope === 'evidence') {
    recordChildren(false, body, tree, lines);
    return lines;
  }
  for (const key of RBAC_ROOTS) if (own(body, key)) record(true, body[key], tree.entries?.get(key), lines);
  const metadata = body.metadata;
  if (!isRecord(metadata)) return lines;
  const metadataNode = tree.entries?.get('metadata')?.entries;
  for (const key of RBAC_METADATA) if (own(metadata, key)) record(true, metadata[key], metadataNode?.get(key), lines);
  return lines;
}

// Written out without closures, path strings or key arrays: this runs for every object of every
// render. `all`: every node (rbac), else string scalars only.
function record(all: boolean, value: unknown, node: LineNode | undefined, lines: number[]): void {
  if (all || typeof value === 'string') lines.push(node ? node.line : 0);
  if (typeof value === 'object' && value !== null) recordChildren(all, value, node, lines);
}

function recordChildren(all: boolean, value: object, node: LineNode | undefined, lines: number[]): void {
  if (Array.isArray(value)) {
    const items = node?.items;
    for (let i = 0; i < value.length; i++) record(all, value[i], items?.[i], lines);
    return;
  }
  const entries = node?.entries;
  const map = value as Record<string, unknown>;
  for (const key in map) if (own(map, key)) record(all, map[key], entries?.get(key), lines);
}

/** The dotted paths of the nodes positionLines records, in the same order. */
function pathsOf(scope: PositionScope, body: Record<string, unknown>): string[] {
  const paths: string[] = [];
  const all = scope === 'rbac';
  const visit = (path: string, value: unknown): void => {
    if (all || typeof value === 'string') paths.push(path);
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) visit(`${path}.${i}`, value[i]);
    else if (isRecord(value)) for (const key in value) if (own(value, key)) visit(`${path}.${key}`, value[key]);
  };
  if (!all) {
    for (const key in body) if (own(body, key)) visit(key, body[key]);
    return paths;
  }
  for (const key of RBAC_ROOTS) if (own(body, key)) visit(key, body[key]);
  const metadata = body.metadata;
  if (isRecord(metadata)) for (const key of RBAC_METADATA) if (own(metadata, key)) visit(`metadata.${key}`, metadata[key]);
  return paths;
}

/**
 * The positions recorded by positionLines, by dotted path. The body must be the one the lines were
 * recorded from, unchanged (nothing changes a parsed body); if the walk no longer lines up with
 * them, no position is claimed rather than a wrong one.
 */
export function positionsFrom(scope: PositionScope, body: Record<string, unknown>, lines: readonly number[], mapper: LineMapper): Record<string, Position> {
  const paths = pathsOf(scope, body);
  const out: Record<string, Position> = {};
  if (paths.length !== lines.length) return out;
  paths.forEach((path, i) => {
    const rendered = lines[i] as number;
    if (rendered === 0 || path === '__proto__') return;
    out[path] = { rendered, template: mapper.templateLine(rendered) };
  });
  return out;
}
