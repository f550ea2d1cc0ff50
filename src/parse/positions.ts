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

/** Top-level fields of RBAC objects whose every value gets a position. */
const RBAC_ROOTS = ['apiVersion', 'kind', 'rules', 'subjects', 'roleRef', 'aggregationRule'];
const RBAC_METADATA = ['name', 'namespace', 'labels', 'annotations'];

/**
 * `rbac`: every node (scalars and collections, so `rules.0` names a rule) under the RBAC fields
 * and metadata name/namespace/labels/annotations. `evidence`: every string scalar.
 */
export type PositionScope = 'rbac' | 'evidence';

/** Called for each node that may get a position, in the fixed order; `node` is null without a line tree. */
type Visit = (path: string, node: LineNode | null) => void;

/**
 * Walks `value`'s own keys and items (never the line tree's: the body is all that is left when the
 * paths are made), depth first, pairing each with its line-tree node when there is one.
 * `withPaths` false skips building the path strings (they are then '').
 */
function walk(scope: PositionScope, path: string, value: unknown, node: LineNode | null, withPaths: boolean, visit: Visit): void {
  if (scope === 'rbac' || typeof value === 'string') visit(path, node);
  if (Array.isArray(value)) {
    const items = node?.items;
    for (let i = 0; i < value.length; i++) walk(scope, withPaths ? `${path}.${i}` : '', value[i], items?.[i] ?? null, withPaths, visit);
  } else if (isRecord(value)) {
    const entries = node?.entries;
    for (const key of Object.keys(value)) walk(scope, withPaths ? `${path}.${key}` : '', value[key], entries?.get(key) ?? null, withPaths, visit);
  }
}

/** The top of the walk: which fields of the object are walked, for the scope. */
function walkObject(scope: PositionScope, body: Record<string, unknown>, tree: LineNode | null, withPaths: boolean, visit: Visit): void {
  const own = (o: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
  if (scope === 'evidence') {
    for (const key of Object.keys(body)) walk(scope, key, body[key], tree?.entries?.get(key) ?? null, withPaths, visit);
    return;
  }
  for (const key of RBAC_ROOTS) if (own(body, key)) walk(scope, key, body[key], tree?.entries?.get(key) ?? null, withPaths, visit);
  const metadata = body.metadata;
  if (!isRecord(metadata)) return;
  const metadataNode = tree?.entries?.get('metadata')?.entries;
  for (const key of RBAC_METADATA) {
    if (own(metadata, key)) walk(scope, `metadata.${key}`, metadata[key], metadataNode?.get(key) ?? null, withPaths, visit);
  }
}

/** The rendered line of every node that may get a position, in walk order (0: the tree has no such node). */
export function positionLines(scope: PositionScope, body: Record<string, unknown>, tree: LineNode): number[] {
  const lines: number[] = [];
  const own = (o: Record<string, unknown>, key: string): boolean => Object.prototype.hasOwnProperty.call(o, key);
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

/**
 * walk() with withPaths false, written out: it runs for every object of every render, so no
 * closures, no path strings and no key arrays. `all`: every node (rbac), else string scalars.
 */
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
  for (const key in map) {
    if (Object.prototype.hasOwnProperty.call(map, key)) record(all, map[key], entries?.get(key), lines);
  }
}

/**
 * The positions recorded by positionLines, by dotted path. The body must be the one the lines were
 * recorded from, unchanged (nothing changes a parsed body); if the walk no longer lines up with
 * them, no position is claimed rather than a wrong one.
 */
export function positionsFrom(scope: PositionScope, body: Record<string, unknown>, lines: readonly number[], mapper: LineMapper): Record<string, Position> {
  const paths: string[] = [];
  walkObject(scope, body, null, true, (path) => paths.push(path));
  const out: Record<string, Position> = {};
  if (paths.length !== lines.length) return out;
  paths.forEach((path, i) => {
    const rendered = lines[i] as number;
    if (rendered === 0 || path === '__proto__') return;
    out[path] = { rendered, template: mapper.templateLine(rendered) };
  });
  return out;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
