// Config files embedded in string values (ConfigMap data, Secret data, OTel CR spec.config):
// parsed by format, read by every client of the catalogue (src/evidence/clients) and scanned for
// kubelet URLs, recursively for configs inside configs.

import { parseDocument } from 'yaml';
import { parseSimpleDocument } from '../parse/fast-yaml.js';
import { LineIndex } from '../parse/lines.js';
import { resolveCoreScalar } from '../parse/yaml-options.js';
import { textReaders, treeReaders } from './clients/index.js';
import type { Hit } from './hit.js';
import { formatForKey, looksLikeRiver, scanText, stripComments, type TextFormat } from './text.js';

/** Configs nest at most a couple of levels (CR → collector config → prometheus config). */
const MAX_DEPTH = 4;
/** Trees nested deeper than this are read as text: the walkers stop at this depth. */
const MAX_NESTING = 64;

function nestedDeeperThan(tree: unknown, limit: number): boolean {
  const stack: Array<[unknown, number]> = [[tree, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node !== 'object' || node === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(node)) stack.push([child, depth + 1]);
  }
  return false;
}

/**
 * A structured reading of the text, or null when it is not YAML/JSON with a mapping or sequence
 * at the top (YAML parses most prose as one plain scalar; that is text, not a config), expands
 * too many aliases, or nests too deep.
 */
function parseStructured(text: string, format: TextFormat): unknown {
  if (format === 'json' || /^\s*[[{]/.test(text)) {
    try {
      const value = JSON.parse(text) as unknown;
      return nestedDeeperThan(value, MAX_NESTING) ? null : value;
    } catch {
      // fall through to YAML, a superset
    }
  }
  // Plain block YAML (most embedded configs) goes through the fast subset parser, typed as the
  // `yaml` package types it below; anything outside that subset falls through to the package.
  const lines = new LineIndex(text);
  const fast = parseSimpleDocument(lines, 0, lines.count, resolveCoreScalar);
  if (fast) return nestedDeeperThan(fast.value, MAX_NESTING) ? null : fast.value;
  try {
    const doc = parseDocument(text, { uniqueKeys: false, prettyErrors: false, logLevel: 'silent' });
    if (doc.errors.length > 0) return null;
    // toJS bounds alias expansion (billion laughs) with its default maxAliasCount and throws past
    // it; pathological nesting can exhaust the stack: both mean "read it as text".
    const value = doc.toJS() as unknown;
    return typeof value === 'object' && value !== null && !nestedDeeperThan(value, MAX_NESTING) ? value : null;
  } catch {
    return null;
  }
}

/**
 * Evidence in one string value whose key (ConfigMap key, or a hint like `config.yaml`) tells
 * its format. Single-line values are only text-scanned.
 */
export function configValueHits(value: string, key: string, path: string, depth = 0): Hit[] {
  const keyFormat = formatForKey(key);
  const format = keyFormat === 'plain' && looksLikeRiver(value) ? 'river' : keyFormat;
  if (format !== 'river' && format !== 'hash' && value.includes('\n') && depth < MAX_DEPTH) {
    const tree = parseStructured(value, format);
    if (tree !== null) return configTreeHits(tree, key, path, depth);
  }
  const text = stripComments(value, format);
  return [...textReaders.flatMap((read) => read(text, format, path)), ...scanText(text, path)];
}

/** Evidence in an already parsed config tree (YAML/JSON, or a CR field holding the config as an object). */
export function configTreeHits(tree: unknown, key: string, path: string, depth = 0): Hit[] {
  const interpreted = new Set<unknown>();
  const hits: Hit[] = treeReaders.flatMap((read) => read({ tree, key, path, interpreted }));
  forEachString(tree, interpreted, (text) => {
    hits.push(...(text.includes('\n') ? configValueHits(text, '', path, depth + 1) : scanText(text, path)));
  });
  return hits;
}

/** Every string leaf, except under subtrees a structured scanner has fully interpreted. */
function forEachString(tree: unknown, skip: ReadonlySet<unknown>, visit: (text: string) => void, depth = 0): void {
  if (depth > MAX_NESTING || skip.has(tree)) return;
  if (typeof tree === 'string') visit(tree);
  else if (Array.isArray(tree)) for (const item of tree) forEachString(item, skip, visit, depth + 1);
  else if (typeof tree === 'object' && tree !== null) {
    for (const value of Object.values(tree)) forEachString(value, skip, visit, depth + 1);
  }
}
