// Chart.yaml is read by the fast subset parser when it can, by the `yaml` package otherwise;
// both must give the same ChartMeta (or both fail), whatever the document markers.
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { parseChartMeta } from '../../src/render/chart-meta.js';

/** The reference: the `yaml` package alone, as chart-meta.ts falls back to it. */
function viaYamlPackage(text: string): unknown {
  const doc = (parse(text, { maxAliasCount: 100 }) ?? {}) as Record<string, unknown>;
  const deps = Array.isArray(doc.dependencies) ? (doc.dependencies as Record<string, unknown>[]) : [];
  return {
    name: typeof doc.name === 'string' ? doc.name : 'fallback',
    version: doc.version === undefined ? null : String(doc.version),
    kubeVersion: typeof doc.kubeVersion === 'string' ? doc.kubeVersion : null,
    dependencies: deps.map((d) => ({ name: d.name, alias: d.alias ?? null })),
  };
}

describe('parseChartMeta reads Chart.yaml as the yaml package does', () => {
  it.each([
    ['plain', 'apiVersion: v2\nname: a\nversion: 1.0.0\n'],
    ['a leading document marker (datadog 3.240.0)', '---\napiVersion: v1\nname: datadog\nversion: 3.240.0\nkeywords:\n  - monitoring\n'],
    ['a marker with trailing blanks', '---  \nname: b\nversion: 2.0.0\n'],
    ['a marker and an end marker', '---\nname: c\nversion: 0.1.0\n...\n'],
    ['dependencies with an alias', '---\nname: d\nversion: 1.2.3\nkubeVersion: ">=1.25.0-0"\ndependencies:\n  - name: sub\n    alias: other\n'],
    ['a marker that is not alone on its line', '--- # chart\nname: e\nversion: 1.0.0\n'],
  ])('%s', (_why, text) => {
    expect(parseChartMeta(text, 'fallback')).toEqual(viaYamlPackage(text));
  });

  it('two documents fail as in the yaml package', () => {
    const text = '---\nname: a\nversion: 1.0.0\n---\nname: b\n';
    expect(() => parse(text)).toThrow();
    expect(() => parseChartMeta(text, 'fallback')).toThrow();
  });
});
