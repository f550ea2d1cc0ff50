import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/parse/lines.js';
import { fastVersusYaml } from '../parse/helpers.js';

// Extends test/parse/fast-yaml.test.ts (random lines; values serialised by the yaml package) with
// what neither of those produces: whole documents laid out the way helm renders them. `# Source:`
// headers, `toYaml | nindent` output (sequences at the key's indentation or indented, `{}` / `[]`
// on the next line), compact maps in sequences, `|` / `|-` blocks with blank and indented lines,
// quoted label keys, YAML 1.1 look-alike scalars, trailing comments, blank lines, CRLF. Whenever
// the fast subset parser accepts a document, value and line of every node must equal the `yaml`
// package's (fastVersusYaml); and it must accept most of them, or the fast path is not exercised.

type Val =
  | { t: 'scalar'; text: string }
  | { t: 'block'; header: '|' | '|-'; body: string[] }
  | { t: 'map'; entries: [string, Val][] }
  | { t: 'seq'; items: Val[] };

interface Style {
  /** Sequences in maps: `- ` at the key's column (go-yaml, kubectl) or two deeper (helm templates). */
  seqIndent: 0 | 2;
  /** Empty maps/lists: `key: {}` or `key:\n  {}` (`toYaml | nindent`). */
  emptyOnNextLine: boolean;
  /** Scalar-only lists as `[a, b]`. */
  flowLists: boolean;
  comments: boolean;
  blankLines: boolean;
  crlf: boolean;
}

const scalar = fc.constantFrom(
  'prometheus', 'nodes/proxy', '""', "''", '"get"', "'list'", 'yes', 'No', 'on', 'OFF', 'true', '0755', '0x1F', '1e3', '.5', '-1', '+2', '1_000', '~', 'null',
  '2001-12-14', '1:20', '"1.0"', '3.14', '"a: b"', "'it''s'", '"tab\\tquote\\"x"', '"\\u00e9"', 'a b c', 'a#b', 'http://h:1/p', '"#not a comment"', '{}', '[]',
  '"{{ .Values.x }}"', '$(HOSTNAME)', '*', '"*"', 'é', 'app.kubernetes.io/name', '"line1\\nline2"', "'  spaced  '", '-', '@x', '%x',
);
const key = fc.constantFrom(
  'apiVersion', 'kind', 'name', 'namespace', 'labels', 'annotations', 'rules', 'verbs', 'apiGroups', 'resources', 'data', 'spec', 'containers', 'args', 'env',
  'value', 'image', 'app.kubernetes.io/name', 'helm.sh/chart', '"quoted key"', "'single'", 'on', 'yes', '1', 'a b', 'prometheus.yml', 'x-y_z.w',
);
const blockLine = fc.constantFrom('scrape_configs:', '  - job_name: kubelet', '    metrics_path: /api/v1/nodes/$1/proxy/metrics', '', '# a comment line', '  indented more', 'key: "value"', '\ttab after indent', 'a: b: c', '---x', '- x');

const { val } = fc.letrec<{ val: Val; map: Val; seq: Val; block: Val }>((tie) => ({
  val: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar.map((text) => ({ t: 'scalar' as const, text })), tie('block'), tie('map'), tie('seq')),
  block: fc.record({ t: fc.constant('block' as const), header: fc.constantFrom('|' as const, '|-' as const), body: fc.array(blockLine, { minLength: 1, maxLength: 5 }) }),
  map: fc.record({ t: fc.constant('map' as const), entries: fc.uniqueArray(fc.tuple(key, tie('val')), { maxLength: 4, selector: ([k]) => k }) }),
  seq: fc.record({ t: fc.constant('seq' as const), items: fc.array(tie('val'), { maxLength: 3 }) }),
}));

const style: fc.Arbitrary<Style> = fc.record({
  seqIndent: fc.constantFrom(0 as const, 2 as const),
  emptyOnNextLine: fc.boolean(),
  flowLists: fc.boolean(),
  comments: fc.boolean(),
  blankLines: fc.boolean(),
  crlf: fc.boolean(),
});

const pad = (n: number): string => ' '.repeat(n);
const isEmpty = (v: Val): boolean => (v.t === 'map' && v.entries.length === 0) || (v.t === 'seq' && v.items.length === 0);
const onlyScalars = (v: Val & { t: 'seq' }): boolean => v.items.length > 0 && v.items.every((i) => i.t === 'scalar' && !/^[[{]/.test(i.text));

/** Lines of `value` as the value of `head` (`key:` or `-`) written at column `col`. */
function render(head: string, value: Val, col: number, s: Style, out: string[]): void {
  const comment = s.comments && out.length % 3 === 1 ? ' # c' : '';
  if (value.t === 'scalar') {
    out.push(`${pad(col)}${head} ${value.text}${comment}`);
  } else if (value.t === 'block') {
    out.push(`${pad(col)}${head} ${value.header}`);
    for (const l of value.body) out.push(l === '' ? '' : `${pad(col + 2)}${l}`);
  } else if (isEmpty(value)) {
    const empty = value.t === 'map' ? '{}' : '[]';
    if (s.emptyOnNextLine) out.push(`${pad(col)}${head}`, `${pad(col + 2)}${empty}`);
    else out.push(`${pad(col)}${head} ${empty}`);
  } else if (value.t === 'seq' && s.flowLists && onlyScalars(value)) {
    out.push(`${pad(col)}${head} [${value.items.map((i) => (i as { text: string }).text).join(', ')}]${comment}`);
  } else if (value.t === 'map') {
    out.push(`${pad(col)}${head}${comment}`);
    for (const [k, v] of value.entries) render(`${k}:`, v, col + 2, s, out);
  } else {
    out.push(`${pad(col)}${head}`);
    const itemCol = head === '-' ? col + 2 : col + s.seqIndent;
    for (const item of value.items) renderItem(item, itemCol, s, out);
  }
  if (s.blankLines && out.length % 5 === 0) out.push('');
}

/** A sequence item; a non-empty map is written compactly (`- name: x` then the rest aligned). */
function renderItem(item: Val, col: number, s: Style, out: string[]): void {
  if (item.t !== 'map' || item.entries.length === 0) {
    render('-', item, col, s, out);
    return;
  }
  const [[firstKey, firstVal], ...rest] = item.entries as [[string, Val], ...[string, Val][]];
  const first: string[] = [];
  render(`${firstKey}:`, firstVal, col + 2, s, first);
  out.push(`${pad(col)}- ${(first[0] as string).slice(col + 2)}`, ...first.slice(1));
  for (const [k, v] of rest) render(`${k}:`, v, col + 2, s, out);
}

function helmDocument(kind: string, body: [string, Val][], s: Style): string {
  const out = ['# Source: chart/templates/object.yaml', 'apiVersion: rbac.authorization.k8s.io/v1', `kind: ${kind}`];
  for (const [k, v] of body) render(`${k}:`, v, 0, s, out);
  return `${out.join(s.crlf ? '\r\n' : '\n')}${s.crlf ? '\r\n' : '\n'}`;
}

const topKeys = fc.uniqueArray(fc.tuple(fc.constantFrom('metadata', 'rules', 'data', 'spec', 'subjects', 'roleRef', 'items', 'x'), val), { minLength: 1, maxLength: 4, selector: ([k]) => k });

describe('fast subset parser on helm-shaped documents', () => {
  it('agrees with the yaml package on value and line of every node, and accepts most documents', () => {
    let accepted = 0;
    let runs = 0;
    fc.assert(
      fc.property(fc.constantFrom('ClusterRole', 'ConfigMap', 'Deployment'), topKeys, style, (kind, body, s) => {
        const text = helmDocument(kind, body, s);
        const lines = new LineIndex(text);
        const result = fastVersusYaml(lines, 1, lines.count);
        runs++;
        if (!result.accepted) return;
        accepted++;
        expect(result.fast).toEqual(result.full);
      }),
      { numRuns: 1500 },
    );
    // Helm's shapes are what the fast path is for (src/parse/fast-yaml.ts header).
    expect(accepted / runs).toBeGreaterThan(0.4);
  });
});
