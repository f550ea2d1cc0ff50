import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../rules/index.js';
import { rulesDocument, withRulesTable } from '../src/report/rule-docs.js';
import { ROOT } from './support/cli.js';

// The README rule table and docs/rules.md are generated from the rule registry.
// Regenerate with: UPDATE_DOCS=1 npx vitest run test/docs.test.ts
const update = process.env['UPDATE_DOCS'] === '1';

describe('generated docs are current', () => {
  it('README rule table', () => {
    const path = join(ROOT, 'README.md');
    const current = readFileSync(path, 'utf8');
    const wanted = withRulesTable(current, RULES);
    if (update) writeFileSync(path, wanted);
    expect(update ? wanted : current, 'README rule table is stale: UPDATE_DOCS=1 npx vitest run test/docs.test.ts').toBe(wanted);
  });

  it('docs/rules.md', () => {
    const path = join(ROOT, 'docs', 'rules.md');
    const wanted = rulesDocument(RULES);
    if (update) writeFileSync(path, wanted);
    expect(readFileSync(path, 'utf8'), 'docs/rules.md is stale: UPDATE_DOCS=1 npx vitest run test/docs.test.ts').toBe(wanted);
  });

  it('every rule id appears in the README table', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    for (const r of RULES) expect(readme).toContain(`[\`${r.meta.id}\`]`);
  });
});
