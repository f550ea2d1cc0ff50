// Positions of values inside an object, keyed by dotted path (`rules.0.resources.1`).
import type { Position } from '../types.js';
import type { LineNode } from './line-tree.js';
import type { LineMapper } from './template-lines.js';

/** Top-level fields of RBAC objects whose every value gets a position. */
const RBAC_ROOTS = ['apiVersion', 'kind', 'rules', 'subjects', 'roleRef', 'aggregationRule'];
const RBAC_METADATA = ['name', 'namespace', 'labels', 'annotations'];

export type PositionScope = 'rbac' | 'evidence';

/**
 * `rbac`: every node (scalars and collections, so `rules.0` names a rule) under the RBAC fields
 * and metadata name/namespace/labels/annotations. `evidence`: every string scalar.
 */
export function collectPositions(scope: PositionScope, body: Record<string, unknown>, tree: LineNode, mapper: LineMapper): Record<string, Position> {
  const out: Record<string, Position> = {};
  const record = (path: string, node: LineNode): void => {
    if (path === '__proto__') return;
    out[path] = { rendered: node.line, template: mapper.templateLine(node.line) };
  };
  if (scope === 'evidence') {
    walk('', body, tree, (path, value, node) => {
      if (typeof value === 'string') record(path, node);
    });
    return out;
  }
  const everything = (path: string, _value: unknown, node: LineNode): void => record(path, node);
  for (const key of RBAC_ROOTS) {
    const node = tree.entries?.get(key);
    if (node) walk(key, body[key], node, everything);
  }
  const metadata = tree.entries?.get('metadata');
  const metadataBody = body.metadata;
  if (metadata && isRecord(metadataBody)) {
    for (const key of RBAC_METADATA) {
      const node = metadata.entries?.get(key);
      if (node) walk(`metadata.${key}`, metadataBody[key], node, everything);
    }
  }
  return out;
}

type Visit = (path: string, value: unknown, node: LineNode) => void;

/** Depth is bounded by the parsers (MAX_DEPTH), so recursion is safe. */
function walk(path: string, value: unknown, node: LineNode, visit: Visit): void {
  if (path !== '') visit(path, value, node);
  const prefix = path === '' ? '' : `${path}.`;
  if (node.entries && isRecord(value)) {
    for (const [key, child] of node.entries) {
      if (Object.prototype.hasOwnProperty.call(value, key)) walk(prefix + key, value[key], child, visit);
    }
  } else if (node.items && Array.isArray(value)) {
    const items = node.items;
    for (let i = 0; i < items.length && i < value.length; i++) walk(prefix + i, value[i], items[i] as LineNode, visit);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
