import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The layers of src/, lowest first, and what each may import besides itself and the shared leaf
// modules (src/types.ts, errors, data, severity, labels, version, kube-versions). docs/architecture.md draws
// them. Imports run one way: cli/ and action/ → api/ → engine/ → rbac/, evidence/, parse/,
// render/; rules/ see only the rule API. scripts/check-cycles.mjs adds: no cycles at all.
const LAYERS = {
  parse: [],
  rbac: [],
  render: ['parse'],
  evidence: ['parse', 'rbac'],
  'rule-api': ['rbac', 'evidence'],
  config: ['render'],
  engine: ['parse', 'rbac', 'evidence', 'rule-api', 'config'],
  diff: ['rbac', 'evidence', 'rule-api', 'engine'],
  fix: ['rbac'],
  report: ['rbac', 'evidence', 'rule-api', 'engine', 'diff', 'fix'],
  api: ['parse', 'rbac', 'render', 'evidence', 'rule-api', 'config', 'engine', 'diff', 'fix', 'report', 'rules'],
  cli: ['api', 'report'],
  action: ['api', 'report'],
};
const ALL = [...Object.keys(LAYERS), 'rules'];
const SHARED_FILES = ['src/types.ts', 'src/errors.ts', 'src/data.ts', 'src/severity.ts', 'src/labels.ts', 'src/version.ts', 'src/kube-versions.ts'];

/** An import of a folder this layer may not use: `../engine/…`, `../../rules/…`. */
function forbidden(layer, allowed) {
  const banned = ALL.filter((l) => l !== layer && !allowed.includes(l));
  const folders = banned.filter((l) => l !== 'rules');
  const patterns = [];
  if (folders.length > 0) {
    patterns.push({
      regex: `^(\\.\\./)+(${folders.join('|')})/`,
      message: `src/${layer} may import only ${allowed.length ? allowed.join(', ') : 'the shared modules'} (and the shared modules): see docs/architecture.md.`,
    });
  }
  if (banned.includes('rules')) patterns.push({ regex: '^(\\.\\./)+rules/', message: `src/${layer} never imports the rule registry: rules are passed in as a RuleSet (src/api/registry.ts).` });
  return patterns;
}

const layerConfigs = Object.entries(LAYERS).map(([layer, allowed]) => ({
  files: [`src/${layer}/**/*.ts`],
  ignores: ['**/*.test.ts'],
  rules: { 'no-restricted-imports': ['error', { patterns: forbidden(layer, allowed) }] },
}));

export default tseslint.config(
  { ignores: ['dist/**', 'dist-lib/**', 'node_modules/**', 'charts-fixtures/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-control-regex': 'off',
    },
  },
  ...layerConfigs,
  {
    files: SHARED_FILES,
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^\\./[a-z-]+/', message: 'The shared modules import no layer: everything else builds on them.' }] }] },
  },
  {
    // A rule sees the rule API only: not the engine, not another rule.
    files: ['rules/*/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^(\\.\\./)+src/(?!rule-api/)', message: 'A rule imports only src/rule-api (docs/architecture.md, "Adding a rule").' },
            { regex: '^\\.\\./(?!\\.\\./)', message: 'A rule never imports another rule: shared questions belong in src/rule-api.' },
          ],
        },
      ],
    },
  },
);
