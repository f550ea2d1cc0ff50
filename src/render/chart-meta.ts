// What we need from Chart.yaml (and, for apiVersion v1 charts, requirements.yaml).
import { parse } from 'yaml';
import { asRecord } from '../data.js';
import { parseSimpleDocument } from '../parse/fast-yaml.js';
import { LineIndex } from '../parse/lines.js';
import { resolveCoreScalar } from '../parse/yaml-options.js';

export interface ChartDependency {
  name: string;
  alias: string | null;
}

export interface ChartMeta {
  name: string;
  version: string | null;
  /** The chart's `kubeVersion` constraint. */
  kubeVersion: string | null;
  dependencies: ChartDependency[];
}

function asText(value: unknown): string | null {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (typeof value === 'number') return String(value);
  return null;
}

function dependenciesOf(doc: Record<string, unknown>): ChartDependency[] {
  const list = Array.isArray(doc.dependencies) ? doc.dependencies : [];
  return list.flatMap((d) => {
    const name = asText(asRecord(d).name);
    return name ? [{ name, alias: asText(asRecord(d).alias) }] : [];
  });
}

/**
 * YAML as the `yaml` package reads it by default. Plain block YAML (nearly every Chart.yaml) goes
 * through the fast subset parser with the same scalar typing; it runs while helm renders, where
 * the package's first, unoptimised parse would compete with helm for the CPU.
 */
function parseYaml(text: string): unknown {
  const lines = new LineIndex(text);
  // A lone `---` first line (datadog's Chart.yaml) only starts the document; a second marker
  // later makes the fast parser give up, and the package decides.
  const start = lines.count > 0 && /^---[ \t]*$/.test(lines.line(0)) ? 1 : 0;
  return parseSimpleDocument(lines, start, lines.count, resolveCoreScalar)?.value ?? parse(text, { maxAliasCount: 100 });
}

/**
 * Parse Chart.yaml text. Throws (with the YAML parser's message) when it is not YAML;
 * `fallbackName` is used when `name` is missing, so that helm reports the problem itself.
 */
export function parseChartMeta(chartYaml: string, fallbackName: string, requirementsYaml?: string | null): ChartMeta {
  const doc = asRecord(parseYaml(chartYaml));
  const requirements = requirementsYaml ? asRecord(parseYaml(requirementsYaml)) : {};
  return {
    name: asText(doc.name) ?? fallbackName,
    version: asText(doc.version),
    kubeVersion: asText(doc.kubeVersion),
    dependencies: [...dependenciesOf(doc), ...dependenciesOf(requirements)],
  };
}

/** Like parseChartMeta, but never throws: for best-effort lookups (subchart aliases). */
export function tryParseChartMeta(chartYaml: string | null, requirementsYaml: string | null): ChartMeta | null {
  if (chartYaml === null) return null;
  try {
    return parseChartMeta(chartYaml, '', requirementsYaml);
  } catch {
    return null;
  }
}

/**
 * A default release name from a chart name: helm requires a DNS-1123 subdomain of at
 * most 53 characters, and a few chart names (`my_chart`, `MyChart`) are not one.
 */
export function releaseNameFor(chartName: string): string {
  const cleaned = chartName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .slice(0, 53)
    .replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return cleaned || 'release';
}
