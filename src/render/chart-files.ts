// Reading a chart's files by the path helm prints in `# Source: <chart>/<path>` lines.
// Those paths name subcharts by the name helm loaded them under: the alias when the
// parent declares one (datadog 3.240.0 prints `charts/operator/…` for its
// `datadog-operator` dependency aliased `operator`), and subcharts may be vendored as
// directories or as packaged `charts/*.tgz` (what `helm dependency build` leaves).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readArchive } from './archive.js';
import { tryParseChartMeta } from './chart-meta.js';

/** A chart's file tree, on disk or in an archive. Paths are chart-relative with `/`. */
interface FileSource {
  read(rel: string): Buffer | null;
  /** Whether `rel` is a file, without reading it. */
  has(rel: string): boolean;
  isDir(rel: string): boolean;
  /** File and directory names directly inside `rel`. */
  list(rel: string): string[];
}

function dirSource(root: string): FileSource {
  return {
    read(rel) {
      try {
        return readFileSync(join(root, rel));
      } catch {
        return null;
      }
    },
    has(rel) {
      try {
        return statSync(join(root, rel)).isFile();
      } catch {
        return false;
      }
    },
    isDir(rel) {
      try {
        return statSync(join(root, rel)).isDirectory();
      } catch {
        return false;
      }
    },
    list(rel) {
      try {
        return readdirSync(join(root, rel)).sort();
      } catch {
        return [];
      }
    },
  };
}

function mapSource(files: Map<string, Buffer>): FileSource {
  return {
    read: (rel) => files.get(rel) ?? null,
    has: (rel) => files.has(rel),
    isDir: (rel) => [...files.keys()].some((p) => p.startsWith(`${rel}/`)),
    list(rel) {
      const names = new Set<string>();
      for (const p of files.keys()) {
        if (p.startsWith(`${rel}/`)) names.add(p.slice(rel.length + 1).split('/')[0] ?? '');
      }
      return [...names].filter(Boolean).sort();
    },
  };
}

function prefixedSource(parent: FileSource, prefix: string): FileSource {
  return {
    read: (rel) => parent.read(`${prefix}/${rel}`),
    has: (rel) => parent.has(`${prefix}/${rel}`),
    isDir: (rel) => parent.isDir(`${prefix}/${rel}`),
    list: (rel) => parent.list(`${prefix}/${rel}`),
  };
}

function text(buf: Buffer | null): string | null {
  return buf === null ? null : buf.toString('utf8');
}

/** Names a subchart may be stored under: the name used in the path, or the chart an alias points to. */
function storedNames(source: FileSource, loadedName: string): string[] {
  const meta = tryParseChartMeta(text(source.read('Chart.yaml')), text(source.read('requirements.yaml')));
  const aliased = (meta?.dependencies ?? []).filter((d) => d.alias === loadedName).map((d) => d.name);
  return [loadedName, ...aliased];
}

/** Subcharts already opened, per source, so templates of one subchart share one archive read. */
const subcharts = new WeakMap<FileSource, Map<string, FileSource | null>>();

function openSubchart(source: FileSource, loadedName: string): FileSource | null {
  let opened = subcharts.get(source);
  if (!opened) subcharts.set(source, (opened = new Map()));
  if (!opened.has(loadedName)) opened.set(loadedName, findSubchart(source, loadedName));
  return opened.get(loadedName) ?? null;
}

function findSubchart(source: FileSource, loadedName: string): FileSource | null {
  const names = storedNames(source, loadedName);
  for (const name of names) {
    if (source.isDir(`charts/${name}`) && source.read(`charts/${name}/Chart.yaml`)) {
      return prefixedSource(source, `charts/${name}`);
    }
  }
  for (const file of source.list('charts').filter((f) => /\.(tgz|tar\.gz)$/.test(f))) {
    const sub = openArchive(source, `charts/${file}`);
    if (sub && names.includes(sub.name)) return sub.source;
  }
  return null;
}

/** A packaged subchart: the chart name (its archive's top directory) and its files. */
function openArchive(source: FileSource, rel: string): { name: string; source: FileSource } | null {
  try {
    const data = source.read(rel);
    const contents = data ? readArchive(data) : null;
    return contents?.top ? { name: contents.top, source: mapSource(contents.files) } : null;
  } catch {
    return null; // not a readable archive: it holds no templates we can show
  }
}

const MAX_SUBCHART_DEPTH = 16;

function readIn(source: FileSource, rel: string, depth: number): Buffer | null {
  const direct = source.read(rel);
  if (direct !== null || depth >= MAX_SUBCHART_DEPTH) return direct;
  const m = /^charts\/([^/]+)\/(.+)$/.exec(rel);
  if (!m?.[1] || !m[2]) return null;
  const sub = openSubchart(source, m[1]);
  return sub ? readIn(sub, m[2], depth + 1) : null;
}

/** Chart-relative, `/`-separated, inside the chart; null for anything else. */
function normalizeRelative(rel: string): string | null {
  const parts = rel.replace(/\\/g, '/').split('/').filter((p) => p !== '' && p !== '.');
  if (rel.startsWith('/') || parts.length === 0 || parts.includes('..')) return null;
  return parts.join('/');
}

/** Where a loaded path (subcharts named by alias) is stored; unchanged when it cannot be resolved to a directory. */
function storedIn(source: FileSource, rel: string, depth: number): string {
  if (source.has(rel) || depth >= MAX_SUBCHART_DEPTH) return rel;
  const m = /^charts\/([^/]+)\/(.+)$/.exec(rel);
  if (!m?.[1] || !m[2]) return rel;
  for (const name of storedNames(source, m[1])) {
    if (source.isDir(`charts/${name}`) && source.read(`charts/${name}/Chart.yaml`)) {
      return `charts/${name}/${storedIn(prefixedSource(source, `charts/${name}`), m[2], depth + 1)}`;
    }
  }
  return rel;
}

/** Reads a chart file by chart-relative path; `storedPath` maps helm's (alias) path to the stored one. */
export type TemplateReader = ((chartRelativePath: string) => string | null) & { storedPath?: (chartRelativePath: string) => string };

function readerFor(source: () => FileSource | null): TemplateReader {
  const reader: TemplateReader = (chartRelativePath) => {
    const rel = normalizeRelative(chartRelativePath);
    const src = source();
    if (rel === null || src === null) return null;
    return text(readIn(src, rel, 0));
  };
  // Asked once per rendered document (many share a template); the answer needs file-system
  // lookups and cannot change during a run.
  const stored = new Map<string, string>();
  reader.storedPath = (chartRelativePath) => {
    let path = stored.get(chartRelativePath);
    if (path === undefined) {
      const rel = normalizeRelative(chartRelativePath);
      const src = source();
      path = rel === null || src === null ? chartRelativePath : storedIn(src, rel, 0);
      stored.set(chartRelativePath, path);
    }
    return path;
  };
  return reader;
}

/** Reads a chart directory's files (and those of its subcharts, vendored or packaged). */
export function directoryReader(chartRoot: string): TemplateReader {
  const source = dirSource(chartRoot);
  return readerFor(() => source);
}

/** Reads a packaged chart's files; the archive is loaded on first use. */
export function archiveReader(load: () => Buffer | null): TemplateReader {
  let source: FileSource | null | undefined;
  return readerFor(() => {
    if (source === undefined) {
      try {
        const data = load();
        source = data ? mapSource(readArchive(data).files) : null;
      } catch {
        source = null;
      }
    }
    return source;
  });
}
