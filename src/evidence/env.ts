// Container command, args and env: kubelet URLs in each value, plus the agents of the catalogue
// configured through environment variables (src/evidence/clients).

import { envReaders, type EnvEntry } from './clients/index.js';
import { asArray, asRecord, asText, type Hit } from './hit.js';
import { mayHoldKubeletPath, scanText, stripComments } from './text.js';

/** A list's items by index, or a map's values by key (an OpenTelemetryCollector's `args` is a map of flag → value). */
function entriesOf(value: unknown): [string, unknown][] {
  if (Array.isArray(value)) return value.map((v, i) => [String(i), v]);
  return Object.entries(asRecord(value));
}

/**
 * Paths in each command/arg/env value. Multi-line values are shell scripts (`sh -c`), so
 * `#` comments are dropped first.
 */
export function containerTextHits(container: Record<string, unknown>, path: string): Hit[] {
  const hits: Hit[] = [];
  for (const field of ['command', 'args']) {
    for (const [key, value] of entriesOf(container[field])) {
      const text = asText(value);
      if (text !== null && mayHoldKubeletPath(text)) hits.push(...scanText(stripComments(text, 'hash'), `${path}.${field}.${key}`));
    }
  }
  asArray(container.env).forEach((raw, i) => {
    const text = asText(asRecord(raw).value);
    if (text !== null && mayHoldKubeletPath(text)) hits.push(...scanText(stripComments(text, 'hash'), `${path}.env.${i}.value`));
  });
  return hits;
}

function envByName(container: Record<string, unknown>): Map<string, EnvEntry> {
  const env = new Map<string, EnvEntry>();
  asArray(container.env).forEach((raw, index) => {
    const entry = asRecord(raw);
    const name = asText(entry.name);
    if (!name) return;
    const fieldPath = asText(asRecord(asRecord(entry.valueFrom).fieldRef).fieldPath);
    env.set(name, { index, value: asText(entry.value), fieldPath });
  });
  return env;
}

/** Agents of the catalogue recognised by their environment variables. */
export function containerEnvHits(container: Record<string, unknown>, path: string): Hit[] {
  const input = { env: envByName(container), path };
  return envReaders.flatMap((read) => read(input));
}
