// State of one parseRendered call: the line index, template files read so far, how many
// objects of each kind each template has produced, and the results.
import type { InputIssue, ObjectRef, ParsedObject } from '../types.js';
import type { LineIndex } from './lines.js';
import { objectMapper } from './object-mapper.js';
import type { RenderedLines } from './rendered-object.js';
import { type RawDocument, chartRelativePath } from './split.js';
import { TemplateIndex } from './template-index.js';
import { type LineMapper, NO_TEMPLATE, manifestMapper } from './template-lines.js';

export interface ParseOptions {
  target: number;
  /** Chart name = the `# Source: <chartName>/…` prefix to strip; null for plain manifests. */
  chartName: string | null;
  /** For plain manifests: the file name to use as source.file. A manifest is its own template: template lines equal rendered lines. */
  manifestFile?: string | null;
  /** Reads a chart-relative template ('templates/x.yaml', 'charts/sub/templates/y.yaml'); null if unknown. */
  readTemplate?: (chartRelativePath: string) => string | null;
  /**
   * Maps the path helm prints (subcharts under their alias: `charts/operator/…`) to where the
   * file is stored in the chart (`charts/datadog-operator/…`), so findings point at real files.
   */
  storedPath?: (chartRelativePath: string) => string;
}

export interface LineRange {
  /** 1-based first and last rendered line. */
  first: number;
  last: number;
}

/** A mapper made on first use. */
function lazyMapper(make: () => LineMapper): LineMapper {
  let made: LineMapper | null = null;
  const mapper = (): LineMapper => (made ??= make());
  return {
    get objectLine() {
      return mapper().objectLine;
    },
    templateLine: (rendered) => mapper().templateLine(rendered),
  };
}

export class ParseSession {
  readonly objects: ParsedObject[] = [];
  readonly issues: InputIssue[] = [];
  readonly rendered: RenderedLines;
  private readonly templates = new Map<string, TemplateIndex | null>();
  private readonly occurrences = new Map<string, number>();
  /** Mapper of the document the last issue was about (a document may have many issues). */
  private issueMapper: { doc: RawDocument; mapper: LineMapper } | null = null;

  constructor(
    readonly lines: LineIndex,
    readonly options: ParseOptions,
  ) {
    this.rendered = { line: (n) => lines.line(n - 1) };
  }

  get target(): number {
    return this.options.target;
  }

  private get isManifest(): boolean {
    return this.options.chartName === null;
  }

  /** The file a document came from: its chart-relative template, or the manifest itself. */
  fileOf(doc: RawDocument): string | null {
    if (this.isManifest) return this.options.manifestFile ?? null;
    if (doc.sourcePath === null) return null;
    const rel = chartRelativePath(doc.sourcePath, this.options.chartName as string);
    return this.options.storedPath ? this.options.storedPath(rel) : rel;
  }

  /**
   * A mapper for an object; `kindLine` counts one more object of that kind from the template.
   * The count is taken now (it depends on document order); the template is read and aligned
   * only when a line is first asked for, which most objects never are.
   */
  mapperFor(file: string | null, range: LineRange, kindLine: number | null): LineMapper {
    if (this.isManifest) return manifestMapper(kindLine ?? range.first);
    if (file === null) return NO_TEMPLATE;
    if (kindLine === null) return lazyMapper(() => this.alignedMapper(file, range, null, 0));
    const key = `${file}\u0000${this.rendered.line(kindLine).trim()}`;
    const occurrence = this.occurrences.get(key) ?? 0;
    this.occurrences.set(key, occurrence + 1);
    return lazyMapper(() => this.alignedMapper(file, range, kindLine, occurrence));
  }

  private alignedMapper(file: string, range: LineRange, kindLine: number | null, occurrence: number): LineMapper {
    const index = this.template(file);
    return index ? objectMapper(index, this.rendered, range, kindLine, occurrence) : NO_TEMPLATE;
  }

  private template(file: string): TemplateIndex | null {
    if (this.templates.has(file)) return this.templates.get(file) ?? null;
    let index: TemplateIndex | null = null;
    try {
      const text = this.options.readTemplate?.(file) ?? null;
      index = text === null ? null : new TemplateIndex(text);
    } catch {
      index = null; // an unreadable template only costs us template lines
    }
    this.templates.set(file, index);
    return index;
  }

  issue(
    doc: RawDocument,
    file: string | null,
    problem: { renderedLine: number; message: string; path?: string | null; object?: ObjectRef | null },
  ): void {
    if (this.issueMapper?.doc !== doc) {
      const range = { first: doc.contentLine + 1, last: doc.endLine };
      this.issueMapper = { doc, mapper: this.mapperFor(file, range, null) };
    }
    const line = this.issueMapper.mapper.templateLine(problem.renderedLine);
    this.issues.push({
      target: this.target,
      object: problem.object ?? null,
      source: { file, line },
      renderedLine: problem.renderedLine,
      path: problem.path ?? null,
      message: problem.message,
    });
  }
}
