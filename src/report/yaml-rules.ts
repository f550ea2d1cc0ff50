import type { PolicyRule } from '../types.js';

const q = (s: string): string => JSON.stringify(s);
const list = (xs: readonly string[]): string => `[${xs.map(q).join(', ')}]`;

/** PolicyRules as a ready-to-paste `rules:` YAML block (flow lists, quoted strings). */
export function rulesYaml(rules: readonly PolicyRule[], indent = ''): string {
  const lines = [`${indent}rules:`];
  for (const r of rules) {
    const fields: string[] = [];
    if (r.nonResourceURLs.length > 0) fields.push(`nonResourceURLs: ${list(r.nonResourceURLs)}`);
    else {
      fields.push(`apiGroups: ${list(r.apiGroups)}`);
      fields.push(`resources: ${list(r.resources)}`);
      if (r.resourceNames.length > 0) fields.push(`resourceNames: ${list(r.resourceNames)}`);
    }
    fields.push(`verbs: ${list(r.verbs)}`);
    fields.forEach((f, i) => lines.push(`${indent}  ${i === 0 ? '- ' : '  '}${f}`));
  }
  return lines.join('\n');
}
