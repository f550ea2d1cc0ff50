import type { RuleMeta } from '../rule-api/index.js';

/** What the docs read of a rule: its metadata. */
type DocumentedRule = { meta: RuleMeta };

// Rule documentation, generated from each rule's metadata: `explain`, the README table,
// SARIF help and helpUri all come from here, so they cannot disagree.

export const DOCS_BASE = 'https://github.com/helm-rbac-lint/helm-rbac-lint/blob/main/docs/rules.md';

/** Doc anchor URL; the anchor is the rule id (the id is the same string everywhere: docs, README, SARIF). */
export function helpUri(id: string): string {
  return `${DOCS_BASE}#${id}`;
}

export function ruleDocMarkdown(rule: DocumentedRule): string {
  const m = rule.meta;
  const d = m.docs;
  return [
    `## ${m.id}`,
    '',
    `**Default severity:** ${m.severity} · **Category:** ${m.category}`,
    '',
    d.summary,
    '',
    '### Why it matters',
    '',
    d.rationale,
    '',
    '### How to fix',
    '',
    d.fix,
    '',
    '### Flagged',
    '',
    '```yaml',
    d.bad.trimEnd(),
    '```',
    '',
    '### Not flagged',
    '',
    '```yaml',
    d.good.trimEnd(),
    '```',
    '',
    '### References',
    '',
    ...d.references.map((r) => `- ${r}`),
    '',
  ].join('\n');
}

/** Plain-text documentation for `helm-rbac-lint explain <id>`. */
export function ruleDocText(rule: DocumentedRule): string {
  const m = rule.meta;
  const d = m.docs;
  const indent = (s: string) => s.trimEnd().split('\n').map((l) => `    ${l}`).join('\n');
  return [
    `${m.id} (default severity: ${m.severity}, category: ${m.category})`,
    '',
    d.summary,
    '',
    'WHY IT MATTERS',
    indent(d.rationale),
    '',
    'HOW TO FIX',
    indent(d.fix),
    '',
    'FLAGGED',
    indent(d.bad),
    '',
    'NOT FLAGGED',
    indent(d.good),
    '',
    'REFERENCES',
    ...d.references.map((r) => `    ${r}`),
    '',
  ].join('\n');
}

export function rulesTableMarkdown(rules: readonly DocumentedRule[]): string {
  const rows = rules.map((r) => `| [\`${r.meta.id}\`](docs/rules.md#${r.meta.id}) | ${r.meta.severity} | ${r.meta.category} | ${r.meta.docs.summary.replace(/\|/g, '\\|')} |`);
  return ['| rule | default | category | flags |', '|---|---|---|---|', ...rows].join('\n');
}

export function rulesDocument(rules: readonly DocumentedRule[]): string {
  return [
    '# Rules',
    '',
    'Generated from the rule modules in `rules/` (`UPDATE_DOCS=1 npx vitest run test/docs.test.ts`); do not edit by hand.',
    '',
    rulesTableMarkdown(rules).replace(/\(docs\/rules\.md#/g, '(#'),
    '',
    ...rules.map(ruleDocMarkdown),
  ].join('\n');
}

export const README_TABLE_START = '<!-- rules-table:start -->';
export const README_TABLE_END = '<!-- rules-table:end -->';

/** README with its rules table replaced by the generated one. */
export function withRulesTable(readme: string, rules: readonly DocumentedRule[]): string {
  const a = readme.indexOf(README_TABLE_START);
  const b = readme.indexOf(README_TABLE_END);
  if (a < 0 || b < a) throw new Error(`README has no ${README_TABLE_START} … ${README_TABLE_END} section`);
  return `${readme.slice(0, a + README_TABLE_START.length)}\n${rulesTableMarkdown(rules)}\n${readme.slice(b)}`;
}
