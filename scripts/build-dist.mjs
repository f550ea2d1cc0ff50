// `npm run build:dist`: the committed bundles in dist/ (docs/design.md#integrations; as actions/typescript-action
// commits dist/ and checks it is current). One file each, every dependency inside:
//   dist/action.js  the GitHub Action (action.yml runs it on node24; nothing is installed on the runner)
//   dist/cli.js     the CLI behind bin/, the pre-commit hook and the Helm plugin (starts without
//                   resolving hundreds of modules)
//   dist/licenses.txt  the licenses of the bundled packages (they are copied into the bundles)
// Deterministic: no timestamps, no source maps, no legal comments, packages sorted, so
// test/action/dist-current.test.ts can rebuild into a temp dir and compare byte for byte.
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

export const BUNDLES = [
  { entry: 'src/action/index.ts', file: 'action.js', target: 'node24' },
  { entry: 'src/cli/index.ts', file: 'cli.js', target: 'node20' },
];

export const LICENSES_FILE = 'licenses.txt';

// Some bundled packages are CommonJS and call require() for Node built-ins; an ESM bundle has
// no require of its own, so give it one.
const BANNER = "import { createRequire as __bundleCreateRequire } from 'node:module';\nconst require = __bundleCreateRequire(import.meta.url);";

/** The esbuild options of one bundle (exported so the dist-current test builds exactly the same way). */
export function bundleOptions(bundle, outDir) {
  return {
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, bundle.entry)],
    outfile: join(outDir, bundle.file),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: bundle.target,
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: false,
    banner: { js: BANNER },
    metafile: true,
    write: false,
    logLevel: 'warning',
  };
}

/** `node_modules/@scope/name/lib/x.js` → `node_modules/@scope/name` (the innermost package). */
function packageDirOf(input) {
  const parts = input.split('/');
  const at = parts.lastIndexOf('node_modules');
  if (at < 0) return null;
  const scoped = parts[at + 1]?.startsWith('@');
  return parts.slice(0, at + (scoped ? 3 : 2)).join('/');
}

function licenseText(dir) {
  const file = readdirSync(join(ROOT, dir))
    .filter((f) => /^(licen[cs]e|copying)(\.|$)/i.test(f))
    .sort()[0];
  return file ? readFileSync(join(ROOT, dir, file), 'utf8').trim() : null;
}

/** Name, version, license and license text of every package the bundles contain, sorted by name. */
function licenses(inputs) {
  const dirs = [...new Set(inputs.map(packageDirOf).filter(Boolean))];
  const entries = dirs.map((dir) => {
    const pkg = JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8'));
    const text = licenseText(dir);
    return `${pkg.name}@${pkg.version}\n${pkg.license ?? 'license not stated'}\n${text ?? '(no license file in the package)'}\n`;
  });
  entries.sort();
  return `Packages bundled into dist/action.js and dist/cli.js, with their licenses.\n\n${entries.join('\n-----\n\n')}`;
}

/** Builds every bundle into `outDir` (default dist/); returns the written file names. */
export async function buildDist(outDir = join(ROOT, 'dist')) {
  mkdirSync(outDir, { recursive: true });
  const outputs = new Map();
  const inputs = new Set();
  for (const bundle of BUNDLES) {
    const result = await build(bundleOptions(bundle, outDir));
    for (const f of result.outputFiles) outputs.set(f.path, f.text);
    for (const input of Object.keys(result.metafile.inputs)) inputs.add(input);
  }
  outputs.set(join(outDir, LICENSES_FILE), licenses([...inputs]));
  for (const [path, text] of outputs) {
    // Whole files only: a bundle that is being replaced is never seen half-written.
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  }
  return [...outputs.keys()];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = await buildDist(process.argv[2]);
  for (const f of written) console.log(`build-dist: wrote ${f}`);
}
