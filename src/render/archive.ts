// Chart archives: packaged charts (`helm package`, `helm pull`, dependencies in charts/*.tgz)
// and tar streams from `git archive`. tar's defaults refuse absolute paths and `..`
// entries, so an archive cannot write outside the directory it is extracted into.
import { Parser, Unpack, x as extract } from 'tar';
import type { ReadEntry } from 'tar';

const REGULAR = new Set(['File', 'OldFile', 'ContiguousFile', 'Directory']);

/**
 * Extract a packaged chart (.tgz) into `dir`: files and directories only. A chart from
 * elsewhere must not bring symlinks that would let helm read local files into the render
 * (helm itself loads packaged charts from the archive entries, never through links).
 */
export async function extractArchiveFile(file: string, dir: string): Promise<void> {
  await extract({ file, cwd: dir, strict: true, filter: (_path, entry) => 'type' in entry && REGULAR.has(entry.type) });
}

/** Extract an in-memory tar stream into `dir`. */
export async function extractArchiveBuffer(data: Uint8Array, dir: string): Promise<void> {
  const unpack = new Unpack({ cwd: dir, strict: true });
  await new Promise<void>((resolve, reject) => {
    unpack.on('error', reject);
    unpack.on('close', () => resolve());
    unpack.end(Buffer.from(data));
  });
}

export interface ArchiveContents {
  /** The single top-level directory (a packaged chart's name), or null when there is none. */
  top: string | null;
  /** Regular files, keyed by path below `top` (or the full path when there is no `top`). */
  files: Map<string, Buffer>;
}

/**
 * Read every regular file of a .tgz held in memory, synchronously (tar's parser and
 * minizlib work synchronously on a buffer). Used to read templates of packaged charts
 * and packaged subcharts without extracting them.
 */
export function readArchive(data: Uint8Array): ArchiveContents {
  const all = new Map<string, Buffer>();
  const parser = new Parser({
    strict: true,
    onReadEntry(entry: ReadEntry) {
      if (entry.type !== 'File' && entry.type !== 'OldFile') {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on('data', (c: Buffer) => chunks.push(c));
      entry.on('end', () => all.set(entry.path.replace(/^\.\//, ''), Buffer.concat(chunks)));
    },
  });
  parser.end(Buffer.from(data));
  return stripTopDirectory(all);
}

function stripTopDirectory(all: Map<string, Buffer>): ArchiveContents {
  const tops = new Set([...all.keys()].map((p) => p.split('/')[0]));
  const [top] = tops;
  if (tops.size !== 1 || top === undefined || [...all.keys()].some((p) => !p.startsWith(`${top}/`))) {
    return { top: null, files: all };
  }
  const files = new Map<string, Buffer>();
  for (const [p, b] of all) files.set(p.slice(top.length + 1), b);
  return { top, files };
}
