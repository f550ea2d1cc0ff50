import { describe, expect, it } from 'vitest';
import { findingPath, normalizePath, pathToUri } from '../../src/report/locations.js';
import type { TargetInfo } from '../../src/types.js';
import { testTarget } from '../support/objects.js';

// Code scanning matches `artifactLocation.uri` to repository files (GitHub docs: "SARIF support
// for code scanning", uri relative to the checkout root), annotations match `file=` the same way.
const chart = testTarget({ id: 0, chart: 'charts/prometheus', renderer: 'helm v4.1.4' });
const manifest = testTarget({ id: 1, chart: null, name: 'rendered.yaml', renderer: 'manifest' });
const absolute = testTarget({ id: 2, chart: '/home/runner/work/repo/charts/otel', renderer: 'helm v4.1.4' });
const targets: TargetInfo[] = [chart, manifest, absolute];

const cases: { name: string; target: number; file: string | null; paths?: Map<number, string | null>; repoRoot?: string; path: string; uri: string }[] = [
  { name: 'chart dir + chart-relative template', target: 0, file: 'templates/clusterrole.yaml', paths: new Map([[0, 'charts/prometheus']]), path: 'charts/prometheus/templates/clusterrole.yaml', uri: 'charts/prometheus/templates/clusterrole.yaml' },
  { name: 'subchart template stays under the parent chart', target: 0, file: 'charts/kube-state-metrics/templates/role.yaml', paths: new Map([[0, 'charts/prometheus']]), path: 'charts/prometheus/charts/kube-state-metrics/templates/role.yaml', uri: 'charts/prometheus/charts/kube-state-metrics/templates/role.yaml' },
  { name: 'leading ./ and backslashes are normalized', target: 0, file: 'templates\\server\\cr.yaml', paths: new Map([[0, './charts//prometheus/']]), path: 'charts/prometheus/templates/server/cr.yaml', uri: 'charts/prometheus/templates/server/cr.yaml' },
  { name: 'chart at the repository root', target: 0, file: 'templates/cr.yaml', paths: new Map([[0, '.']]), path: 'templates/cr.yaml', uri: 'templates/cr.yaml' },
  { name: 'manifest: null chart dir, the source file is the path', target: 1, file: 'deploy/rendered.yaml', paths: new Map([[1, null]]), path: 'deploy/rendered.yaml', uri: 'deploy/rendered.yaml' },
  { name: 'unknown template points at Chart.yaml', target: 0, file: null, paths: new Map([[0, 'charts/prometheus']]), path: 'charts/prometheus/Chart.yaml', uri: 'charts/prometheus/Chart.yaml' },
  { name: 'nothing known: the target name (stdin)', target: 1, file: null, paths: new Map([[1, null]]), path: 'rendered.yaml', uri: 'rendered.yaml' },
  { name: 'no targetPaths entry: the chart path as given', target: 0, file: 'templates/a.yaml', path: 'charts/prometheus/templates/a.yaml', uri: 'charts/prometheus/templates/a.yaml' },
  { name: 'no targetPaths entry: absolute chart made relative to an absolute repoRoot', target: 2, file: 'templates/a.yaml', repoRoot: '/home/runner/work/repo/', path: 'charts/otel/templates/a.yaml', uri: 'charts/otel/templates/a.yaml' },
  { name: 'spaces, # and % are percent-encoded (RFC 3986 §2.1)', target: 0, file: 'templates/my file #1 100%.yaml', paths: new Map([[0, 'charts/a b']]), path: 'charts/a b/templates/my file #1 100%.yaml', uri: 'charts/a%20b/templates/my%20file%20%231%20100%25.yaml' },
  { name: 'non-ASCII is UTF-8 percent-encoded (RFC 3986 §2.5)', target: 0, file: 'templates/größe.yaml', paths: new Map([[0, 'charts/x']]), path: 'charts/x/templates/größe.yaml', uri: 'charts/x/templates/gr%C3%B6%C3%9Fe.yaml' },
  { name: 'a colon is encoded so the first segment never reads as a scheme (RFC 3986 §4.2)', target: 0, file: 'templates/a.yaml', paths: new Map([[0, 'c:harts']]), path: 'c:harts/templates/a.yaml', uri: 'c%3Aharts/templates/a.yaml' },
  { name: 'sub-delims and @ stay readable (RFC 3986 pchar)', target: 0, file: "templates/a+b=c@d!(e)'.yaml", paths: new Map([[0, 'charts/x']]), path: "charts/x/templates/a+b=c@d!(e)'.yaml", uri: "charts/x/templates/a+b=c@d!(e)'.yaml" },
  { name: 'an absolute path becomes a file URI', target: 1, file: '/tmp/rendered.yaml', paths: new Map([[1, null]]), path: '/tmp/rendered.yaml', uri: 'file:///tmp/rendered.yaml' },
];

describe('repo-relative finding paths and URIs', () => {
  it.each(cases)('$name', ({ target, file, paths, repoRoot, path, uri }) => {
    const p = findingPath({ target, source: { file, line: 1 } }, targets, paths, repoRoot);
    expect(p).toBe(path);
    expect(pathToUri(p)).toBe(uri);
  });

  it.each([
    { input: 'a/./b/../c', expected: 'a/c' },
    { input: '../outside/chart', expected: '../outside/chart' },
    { input: 'C:\\repo\\charts\\x', expected: 'C:/repo/charts/x' },
    { input: './', expected: '' },
  ])('normalizePath($input) = $expected (posix.normalize, Windows separators)', ({ input, expected }) => {
    expect(normalizePath(input)).toBe(expected);
  });
});
