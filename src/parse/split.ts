// Splits a rendered stream into documents without parsing them, and tells cheaply which
// documents cannot matter. helm writes every document as `---` at column 0, then
// `# Source: <chart>/<template path>`, then the object.
import { type LineIndex, isBlankOrComment } from './lines.js';
import { isListKind, isRelevantKind } from './kinds.js';

export interface RawDocument {
  /** 0-based index among the documents that have content. */
  ordinal: number;
  /** 0-based first line of the document's text (its `---` marker or directives). */
  firstLine: number;
  /** 0-based first line with content. */
  contentLine: number;
  /** 0-based line after the document. */
  endLine: number;
  /** `# Source:` path as helm wrote it, inherited from the previous document when absent. */
  sourcePath: string | null;
  /** True when the `---` line itself carries content (`--- {…}`): only the full parser handles that. */
  markerHasContent: boolean;
}

const DASH = 45;
const DOT = 46;
const PERCENT = 37;

/** `---` or `...` at column 0, followed by nothing, whitespace or a space and more. */
function isMarker(lines: LineIndex, line: number, char: number): boolean {
  if (lines.charCodeAt(line, 0) !== char || lines.charCodeAt(line, 1) !== char || lines.charCodeAt(line, 2) !== char) {
    return false;
  }
  const next = lines.charCodeAt(line, 3);
  return Number.isNaN(next) || next === 32 || next === 9 || next === 10 || next === 13;
}

/** What follows a `---` on its line, without comments and whitespace. */
function markerContent(line: string): string {
  const rest = line.slice(3).trim();
  return rest.startsWith('#') ? '' : rest;
}

const SOURCE_PREFIX = '# Source: ';

export function splitDocuments(lines: LineIndex): RawDocument[] {
  const docs: RawDocument[] = [];
  let lastSource: string | null = null;
  const emit = (from: number, to: number): void => {
    if (from >= to) return;
    const found = scanChunk(lines, from, to);
    if (found.source !== null) lastSource = found.source;
    if (found.contentLine < 0) return;
    docs.push({
      ordinal: docs.length,
      firstLine: from,
      contentLine: found.contentLine,
      endLine: to,
      sourcePath: lastSource,
      markerHasContent: found.markerHasContent,
    });
  };
  let chunkStart = 0;
  // Directives (`%YAML 1.2`) belong to the document after them, before its `---`.
  let directivesFrom = -1;
  for (let i = 0; i < lines.count; i++) {
    const first = lines.charCodeAt(i, 0);
    if (first === DASH && isMarker(lines, i, DASH)) {
      const start = directivesFrom >= 0 ? directivesFrom : i;
      emit(chunkStart, start);
      chunkStart = start;
      directivesFrom = -1;
    } else if (first === DOT && isMarker(lines, i, DOT)) {
      emit(chunkStart, i + 1);
      chunkStart = i + 1;
      directivesFrom = -1;
    } else if (first === PERCENT) {
      if (directivesFrom < 0) directivesFrom = i;
    } else if (directivesFrom >= 0 && !isBlankOrComment(lines.line(i))) {
      directivesFrom = -1;
    }
  }
  emit(chunkStart, lines.count);
  return docs;
}

function scanChunk(
  lines: LineIndex,
  from: number,
  to: number,
): { contentLine: number; source: string | null; markerHasContent: boolean } {
  let source: string | null = null;
  for (let i = from; i < to; i++) {
    const first = lines.charCodeAt(i, 0);
    if (first === PERCENT) continue;
    if ((first === DASH && isMarker(lines, i, DASH)) || (first === DOT && isMarker(lines, i, DOT))) {
      if (first === DASH && markerContent(lines.line(i)) !== '') {
        return { contentLine: i, source, markerHasContent: true };
      }
      continue;
    }
    const text = lines.line(i);
    if (!isBlankOrComment(text)) return { contentLine: i, source, markerHasContent: false };
    if (source === null && text.startsWith(SOURCE_PREFIX)) source = text.slice(SOURCE_PREFIX.length).trim();
  }
  return { contentLine: -1, source, markerHasContent: false };
}

/**
 * The `# Source:` path relative to the chart root. helm prefixes every template with the top
 * chart's name (`prometheus/charts/kube-state-metrics/templates/role.yaml`), so the first
 * segment goes even when it differs from the name we were given.
 */
export function chartRelativePath(sourcePath: string, chartName: string): string {
  if (sourcePath.startsWith(`${chartName}/`)) return sourcePath.slice(chartName.length + 1);
  const slash = sourcePath.indexOf('/');
  return slash >= 0 ? sourcePath.slice(slash + 1) : sourcePath;
}

const KIND_LINE = /^kind:[ \t]*(?:"([A-Za-z0-9]+)"|'([A-Za-z0-9]+)'|([A-Za-z0-9]+))[ \t]*(?:#.*)?$/;
/** A block mapping key at column 0 (plain or quoted), the only shape the cheap scan trusts. */
const BLOCK_KEY_LINE = /^(?:[A-Za-z_][^:#]*|"[^"]*"|'[^']*'):(?:[ \t]|$)/;

/**
 * The document's kind when a line scan can be sure of it, else null (flow style, JSON, a kind
 * not at column 0, duplicate or odd `kind` lines: the full parser decides).
 */
export function cheapKind(lines: LineIndex, doc: RawDocument): string | null {
  if (doc.markerHasContent || !BLOCK_KEY_LINE.test(lines.line(doc.contentLine))) return null;
  let kind: string | null = null;
  let kindLines = 0;
  let apiVersionLines = 0;
  for (let i = doc.contentLine; i < doc.endLine; i++) {
    if (lines.startsWith(i, 'kind:')) {
      kindLines++;
      const m = KIND_LINE.exec(lines.line(i));
      kind = m ? (m[1] ?? m[2] ?? m[3] ?? null) : null;
    } else if (lines.startsWith(i, 'apiVersion:')) {
      apiVersionLines++;
    }
  }
  return kindLines === 1 && apiVersionLines === 1 ? kind : null;
}

/** `port: 10250` or `targetPort: "10250"`, block or flow style. */
const KUBELET_PORT_FIELD = /(?:^|[\s{,])["']?(?:port|targetPort)["']?[ \t]*:[ \t]*["']?10250(?![0-9])/m;

/** True when the document certainly holds nothing we return, so it need not be parsed. */
export function canSkipDocument(lines: LineIndex, doc: RawDocument): boolean {
  const kind = cheapKind(lines, doc);
  if (kind === null) return false;
  // A Service matters only with a port or targetPort on the kubelet port (evidence/servicemonitor.ts
  // renderedKubeletService): charts render many Services, and none of the others needs parsing.
  if (kind === 'Service') return !KUBELET_PORT_FIELD.test(lines.text.slice(lines.startOffset(doc.contentLine), lines.endOffset(doc.endLine - 1)));
  return !isRelevantKind(kind) && !isListKind(kind);
}
