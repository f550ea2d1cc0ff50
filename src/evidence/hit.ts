// Small shared pieces of the evidence scanners: the raw finding inside one object (a Hit,
// turned into an Evidence by index.ts) and tolerant accessors for untyped rendered data.

import { isRecord } from '../data.js';
import type { KubeletAccessKind, ProxyOnlyFeature } from '../types.js';

export { asArray, asRecord, isRecord } from '../data.js';

/** One place inside one object that shows kubelet access. */
export interface Hit {
  /** Dotted path of the value inside the object (`data.prometheus.yml`). */
  path: string;
  /** The text that justifies it, short enough to show in a finding. */
  text: string;
  access: KubeletAccessKind;
  /** Kubelet path reached (for the API-server proxy: the path after `/proxy`), null when unknown. */
  kubeletPath: string | null;
  /** HTTP method; every client recognised here reads with GET. */
  method?: string;
  /** The catalogue id of the client that makes the call (src/evidence/clients). */
  client: string;
  /** What stops working when the kubelet refuses it; null when the client tolerates a refusal. */
  breaks: string | null;
  /** Set for a path only nodes/proxy authorizes that a feature of the client needs. */
  feature?: ProxyOnlyFeature;
}

/** Scalars written as text in configs: strings as is, numbers and booleans stringified. */
export function asText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

/**
 * Boolean spellings the configs read here accept: YAML/JSON booleans, and the
 * `On`/`true`/`yes`/`1` strings of fluent-bit's classic format and of env vars
 * (Datadog parses env booleans with Go's strconv.ParseBool plus on/yes).
 */
export function truthy(value: unknown): boolean {
  if (value === true) return true;
  if (typeof value === 'number') return value !== 0;
  if (typeof value !== 'string') return false;
  return ['on', 'true', 'yes', '1', 't', 'y'].includes(value.trim().toLowerCase());
}

/** Case-insensitive lookup of a mapping key (configs such as fluent-bit's ignore case). */
export function getCaseInsensitive(record: Record<string, unknown>, key: string): unknown {
  const lower = key.toLowerCase();
  for (const [k, v] of Object.entries(record)) {
    if (k.toLowerCase() === lower) return v;
  }
  return undefined;
}

/** Calls `visit` for every mapping in a parsed tree (depth-first, document order). */
export function forEachMapping(tree: unknown, visit: (node: Record<string, unknown>) => void, depth = 0): void {
  if (depth > 64) return;
  if (Array.isArray(tree)) {
    for (const item of tree) forEachMapping(item, visit, depth + 1);
  } else if (isRecord(tree)) {
    visit(tree);
    for (const value of Object.values(tree)) forEachMapping(value, visit, depth + 1);
  }
}
