// Opt-in render cache (`--cache`). The key covers everything a render depends on: every
// file under the chart root (subcharts included), every values/--set-file file, every
// render flag, the helm version and the target form. Any change is a miss, so a stale
// render cannot be served. Entries carry a checksum; a damaged entry is a miss.
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { userCacheDir } from './helm-probe-cache.js';

const FORMAT = 'helm-rbac-lint render cache v1';

/**
 * `node_modules/.cache/helm-rbac-lint` when the working directory has a node_modules (the
 * convention of JavaScript tools, and already ignored by git there), but never inside a chart
 * being linted (`lint . --cache` in a chart directory): every file of the chart is part of the key,
 * so each entry written there would change the next key (and helm would load the entries as chart
 * files). Otherwise the user's cache directory (`$XDG_CACHE_HOME` or `~/.cache`,
 * `helm-rbac-lint/renders`): a cache never creates a folder in the user's repository.
 * bin/result-cache.js cacheDir is the same.
 */
export function defaultCacheLocation(cwd: string, chartDirs: readonly string[] = [], env: NodeJS.ProcessEnv = process.env): string {
  const local = existsSync(join(cwd, 'node_modules')) ? join(cwd, 'node_modules', '.cache', 'helm-rbac-lint') : null;
  if (local && !chartDirs.some((dir) => isInside(local, dir))) return local;
  return join(userCacheDir(env) ?? join(tmpdir(), 'helm-rbac-lint'), 'renders');
}

function isInside(path: string, dir: string): boolean {
  const rel = relative(resolve(dir), resolve(path));
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

async function listFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const active = new Set<string>();
  const visit = async (dir: string, rel: string): Promise<void> => {
    const real = await realpath(dir);
    if (active.has(real)) return; // a symlink back up the tree
    active.add(real);
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const full = join(dir, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full).catch(() => null))?.isDirectory());
      if (isDir) await visit(full, relPath);
      else out.push(relPath);
    }
    active.delete(real);
  };
  await visit(root, '');
  return out.sort();
}

/** Digest of every file under `root`: sorted relative paths, each with its length and bytes. */
export async function hashTree(root: string): Promise<string> {
  const hash = createHash('sha256');
  for (const rel of await listFiles(root)) {
    const content = await readFile(join(root, rel)).catch((err: NodeJS.ErrnoException) => `\0unreadable:${err.code}`);
    hash.update(`${rel}\0${content.length}\0`);
    hash.update(content);
  }
  return hash.digest('hex');
}

/** Digest of a file named on the command line, or a marker when it cannot be read (helm then fails). */
export async function hashFile(path: string): Promise<string> {
  try {
    return sha256(await readFile(path));
  } catch (err) {
    return `unreadable:${(err as NodeJS.ErrnoException).code ?? 'error'}`;
  }
}

/** Split at unescaped `sep`, keeping escapes (helm's strvals parser: `\\` takes the next rune literally). */
function splitUnescaped(text: string, sep: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[++i];
    } else if (c === sep && parts.length < limit - 1) {
      parts.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  return [...parts, current];
}

/**
 * The files `--set-file name1=path1,name2=path2` makes helm read (pkg/strvals ParseFile),
 * or null when an argument uses a form this does not follow (list syntax, a missing `=`):
 * such a render is not cached rather than keyed on the wrong files.
 */
export function setFilePaths(setFile: string[]): string[] | null {
  const paths: string[] = [];
  for (const pair of setFile.flatMap((arg) => splitUnescaped(arg, ','))) {
    const [name, value] = splitUnescaped(pair, '=', 2);
    if (!name || value === undefined || /^[{[]/.test(value)) return null;
    paths.push(value.replace(/\\(.)/g, '$1'));
  }
  return paths;
}

/** Values files helm would fetch or read from elsewhere make a render uncacheable. */
export function isCacheableValuesPath(p: string): boolean {
  return p !== '-' && !/^[a-z][a-z0-9+.-]*:\/\//i.test(p);
}

export interface CacheKeyParts {
  /** hashTree of the chart root. */
  tree: string;
  /** dir, package or remote, with the reference for remote charts. */
  form: string;
  helmVersion: string;
  /** Every render flag, as given (values paths, --set…, namespace, release, kube/api versions, CRDs). */
  flags: Record<string, unknown>;
  /** Absolute paths of values and --set-file files, whose contents are hashed. */
  files: string[];
}

export async function cacheKey(parts: CacheKeyParts): Promise<string> {
  const contents = await Promise.all(parts.files.map(async (f) => [f, await hashFile(f)]));
  return sha256(JSON.stringify({ v: 1, ...parts, files: contents }));
}

export class RenderCache {
  readonly dir: string;
  constructor(location: string, cwd: string) {
    this.dir = resolve(cwd, location);
  }

  private entry(key: string): string {
    return join(this.dir, `render-${key}.txt`);
  }

  /** The cached render, or null on a miss (absent, unreadable or damaged entry). */
  async get(key: string): Promise<string | null> {
    let raw: string;
    try {
      raw = await readFile(this.entry(key), 'utf8');
    } catch {
      return null;
    }
    const newline = raw.indexOf('\n');
    const header = raw.slice(0, newline).split(' ');
    const text = raw.slice(newline + 1);
    const ok = newline > 0 && header.slice(0, -1).join(' ') === FORMAT && header.at(-1) === sha256(text);
    return ok ? text : null;
  }

  /** Store atomically: write a temp file beside the entry, then rename over it. */
  async put(key: string, text: string): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const tmp = `${this.entry(key)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, `${FORMAT} ${sha256(text)}\n${text}`);
      await rename(tmp, this.entry(key));
    } catch (err) {
      await rm(tmp, { force: true });
      throw err;
    }
  }
}
