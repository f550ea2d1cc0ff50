// The layer direction is enforced by `npm run lint` (eslint.config.js LAYERS, and
// scripts/check-cycles.mjs). These cases show the rules catch what they are for.
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, file) });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('imports run one way', () => {
  it.each([
    { file: 'src/engine/x.ts', code: "import { lint } from '../api/index.js';\n", why: 'engine → api' },
    { file: 'src/engine/x.ts', code: "import { RULES } from '../../rules/index.js';\n", why: 'engine → the registry' },
    { file: 'src/diff/x.ts', code: "import { formatText } from '../report/text.js';\n", why: 'diff → report' },
    { file: 'src/rbac/x.ts', code: "import type { Evidence } from '../evidence/index.js';\n", why: 'rbac → evidence' },
    { file: 'src/cli/x.ts', code: "import { buildModel } from '../rbac/model.js';\n", why: 'cli → rbac (must go through api)' },
    { file: 'src/action/x.ts', code: "import { main } from '../cli/main.js';\n", why: 'action → cli' },
    { file: 'src/types.ts', code: "import type { RbacModel } from './rbac/model.js';\n", why: 'shared → a layer' },
    { file: 'rules/x/index.ts', code: "import { grantsFor } from '../../src/rbac/grants.js';\n", why: 'rule → rbac (must use the rule API)' },
    { file: 'rules/x/index.ts', code: "import other from '../nodes-proxy/index.js';\n", why: 'rule → another rule' },
  ])('rejects $why', async ({ file, code }) => {
    expect(await restricted(file, code)).toHaveLength(1);
  });

  it.each([
    { file: 'src/api/x.ts', code: "import { RULES } from '../../rules/index.js';\nimport { diff } from '../diff/index.js';\n" },
    { file: 'src/cli/x.ts', code: "import { lint } from '../api/index.js';\nimport { LINT_FORMATTERS } from '../report/index.js';\n" },
    { file: 'rules/x/index.ts', code: "import { defineRule } from '../../src/rule-api/index.js';\nimport { advice } from './advice.js';\n" },
    { file: 'src/engine/x.ts', code: "import type { Severity } from '../types.js';\nimport { grantsFor } from '../rbac/grants.js';\n" },
  ])('allows $file importing down', async ({ file, code }) => {
    expect(await restricted(file, code)).toEqual([]);
  });

  it('the tree has no import cycles between files or folders', () => {
    expect(execFileSync(process.execPath, [join(root, 'scripts/check-cycles.mjs')], { encoding: 'utf8' })).toMatch(/no import cycles/);
  });
});
