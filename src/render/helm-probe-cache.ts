// What `helm version` said, remembered per helm binary across runs: asking costs two helm start-ups
// (about 50 ms of CPU) that compete with the render on a small machine.
//
// Kept only for compiled binaries, keyed on the file's identity as stat reports it (path, device,
// inode, size, modification and change times in ns). Replacing or rewriting the binary changes its
// change time, which no program can set back, so a remembered answer never outlives its binary.
// Scripts (`#!`: version-manager shims, wrappers) can answer differently from run to run without
// changing: they are always asked. Failures to read or write the file only cost the question.
import { closeSync, mkdirSync, openSync, readFileSync, readSync, renameSync, statSync } from 'node:fs';
import { writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, isAbsolute, join, resolve } from 'node:path';

/** What the version probe learns about a helm binary. */
export interface HelmInfo {
  bin: string;
  /** `v4.1.4` */
  version: string;
  major: number;
  /** `.Capabilities.KubeVersion` helm uses without `--kube-version` (`1.35.0`), or '' when unknown. */
  defaultKubeVersion: string;
}


const FILE_VERSION = 1;
const MAX_ENTRIES = 32;

/** `$XDG_CACHE_HOME/helm-rbac-lint`, else `~/.cache/helm-rbac-lint`; null when neither is known. */
export function userCacheDir(env: NodeJS.ProcessEnv): string | null {
  const base = env.XDG_CACHE_HOME || (env.HOME ? join(env.HOME, '.cache') : safeHomedir());
  return base ? join(base, 'helm-rbac-lint') : null;
}

function safeHomedir(): string | null {
  try {
    return join(homedir(), '.cache');
  } catch {
    return null;
  }
}

/** The file `bin` runs: a path as given (relative to cwd), else the first executable match on PATH. */
function binaryPath(bin: string, cwd: string, env: NodeJS.ProcessEnv): string | null {
  if (bin.includes('/')) return isAbsolute(bin) ? bin : resolve(cwd, bin);
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = resolve(cwd, dir, bin);
    try {
      const s = statSync(candidate);
      if (s.isFile() && (s.mode & 0o111) !== 0) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

function startsWithShebang(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return readSync(fd, head, 0, 2, 0) === 2 && head.toString('latin1') === '#!';
  } finally {
    closeSync(fd);
  }
}

/** The identity of the binary `bin` runs, or null when its answer must not be remembered. */
export function binaryIdentity(bin: string, cwd: string, env: NodeJS.ProcessEnv): string | null {
  try {
    const file = binaryPath(bin, cwd, env);
    if (!file) return null;
    const s = statSync(file, { bigint: true });
    if (!s.isFile() || startsWithShebang(file)) return null;
    return [file, s.dev, s.ino, s.size, s.mtimeNs, s.ctimeNs].join(':');
  } catch {
    return null;
  }
}

type Entries = Record<string, Omit<HelmInfo, 'bin'>>;

function readEntries(file: string): Entries {
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as { v?: number; entries?: Entries };
    return data.v === FILE_VERSION && data.entries && typeof data.entries === 'object' ? data.entries : {};
  } catch {
    return {};
  }
}

function isHelmInfo(value: unknown): value is Omit<HelmInfo, 'bin'> {
  const v = value as Partial<HelmInfo> | null;
  return typeof v?.version === 'string' && typeof v.major === 'number' && typeof v.defaultKubeVersion === 'string';
}

/** The remembered answer of this binary, or null. */
export function rememberedProbe(identity: string, bin: string, env: NodeJS.ProcessEnv): HelmInfo | null {
  const dir = userCacheDir(env);
  if (!dir) return null;
  const entry = readEntries(join(dir, 'helm-probes.json'))[identity];
  return isHelmInfo(entry) ? { bin, version: entry.version, major: entry.major, defaultKubeVersion: entry.defaultKubeVersion } : null;
}

/** Remembers an answer (whole-file replace, so concurrent runs never read half a file). */
export function rememberProbe(identity: string, info: HelmInfo, env: NodeJS.ProcessEnv): void {
  const dir = userCacheDir(env);
  if (!dir) return;
  const file = join(dir, 'helm-probes.json');
  try {
    mkdirSync(dir, { recursive: true });
    const kept = Object.entries(readEntries(file)).filter(([k]) => k !== identity).slice(-(MAX_ENTRIES - 1));
    const entries = Object.fromEntries([...kept, [identity, { version: info.version, major: info.major, defaultKubeVersion: info.defaultKubeVersion }]]);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ v: FILE_VERSION, entries })}\n`);
    renameSync(tmp, file);
  } catch {
    // an unwritable cache directory only means asking helm next time
  }
}
