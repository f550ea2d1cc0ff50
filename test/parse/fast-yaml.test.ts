import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { LineIndex } from '../../src/parse/lines.js';
import { fastVersusYaml } from './helpers.js';

// The fast subset parser must agree with the `yaml` package (the authority) on every document
// it accepts: same value, same line of every node. When it is unsure it must decline (null).

/** The fast parser against the yaml package for a whole text (leading comments skipped). */
function compare(yaml: string): { accepted: boolean; fast?: unknown; full?: unknown } {
  const lines = new LineIndex(yaml);
  let first = 0;
  while (first < lines.count && /^\s*(#.*)?$/.test(lines.line(first))) first++;
  return fastVersusYaml(lines, first, lines.count);
}

describe('fast subset parser agrees with the yaml package', () => {
  it.each([
    ['helm labels and nested maps', 'metadata:\n  name: x\n  labels:\n    app.kubernetes.io/name: prometheus\n    helm.sh/chart: "prometheus-28.6.1"\n'],
    ['sequences at the key indentation (kube-state-metrics role.yaml)', 'rules:\n\n- apiGroups: ["certificates.k8s.io"]\n  resources:\n  - certificatesigningrequests\n  verbs: ["list", "watch"]\n'],
    ['indented sequences (prometheus clusterrole.yaml)', 'rules:\n  - apiGroups:\n      - ""\n    resources:\n      - nodes/proxy\n'],
    ['empty flow collections after nindent', 'metadata:\n  annotations:\n    {}\n  labels:\n    []\nspec: {}\n'],
    ['YAML 1.1 scalars', 'a: yes\nb: off\nc: 0755\nd: 1_000\ne: 0x1F\nf: .inf\ng: ~\nh: 2001-12-14\ni: 1:20\nj: -1\nk: +1.5e3\nl: "yes"\n'],
    ['quoted scalars with escapes', `a: "tab\\tquote\\"unicode\\u00e9"\nb: 'it''s'\nc: "#not a comment"\nd: x # a comment\n`],
    ['literal block scalars', 'data:\n  a: |\n    line1\n\n      indented\n    last\n  b: |-\n    stripped\n\n  c: |\n\n    after blank\n  d: x\n'],
    ['a block scalar in a sequence', 'args:\n- |\n  multi\n  line\n- next\n'],
    ['null values', 'a:\nb: ~\nc: null\nd:\n  - \n  -\n'],
    ['keys with spaces, colons and quotes', 'a b: 1\n"c: d": 2\n\'e\': 3\nhttp://x: 4\n'],
    ['comments everywhere', '# top\na: 1 # trailing\n  # indented comment\nb:\n# col 0 comment\n  - x\n'],
    ['compact maps in sequences', 'containers:\n-   name: a\n    image: b\n- name: c\n  args: [x, "y z"]\n'],
    ['a block scalar at the end of a text without a final newline', 'a: |\n  x'],
    ['a multi-line plain scalar', 'a: one\n  two\n'],
    ['a folded scalar', 'a: >\n  folded\n  text\n'],
    ['anchors and aliases', 'a: &x 1\nb: *x\n'],
    ['a duplicate key', 'a: 1\na: 2\n'],
    ['a tab in indentation', 'a:\n\tb: 1\n'],
    ['nested flow collections', 'a: [[1], {b: 2}]\n'],
    ['a multi-line flow sequence', 'a: [1,\n  2]\n'],
    ['a key with a tag', 'a: !!str 1\n'],
    ['a trailing comma in a flow sequence', 'a: [1, 2, ]\n'],
    ['a value that is a nested mapping on one line', 'a: b: c\n'],
    ['content indented less than its key', 'a:\n  b: 1\n c: 2\n'],
    ['control characters', 'a: "\u0007"\n'],
    ['a key with a colon at the end of the value', 'a: b:\n'],
    ['a document that is a sequence', '- a\n- b\n'],
  ])('%s', (_name, yaml) => {
    const { accepted, fast, full } = compare(yaml);
    if (accepted) expect(fast).toEqual(full);
    else expect(accepted).toBe(false); // declined: the yaml package decides
  });

  it.each([
    ['labels, sequences and flow lists', 'metadata:\n  labels:\n    a: b\nrules:\n- apiGroups: [""]\n  verbs: [get, list]\n'],
    ['literal block scalars', 'data:\n  a: |\n    x\n'],
    ['empty flow collections after nindent', 'metadata:\n  annotations:\n    {}\n'],
  ])('accepts what helm writes: %s', (_name, yaml) => {
    expect(compare(yaml).accepted).toBe(true);
  });

  it('on random documents built from the YAML helm and kubectl write, and some they do not', () => {
    const word = fc.constantFrom(
      'a', 'name', 'nodes/proxy', 'get', '""', "''", 'yes', 'No', 'on', '0755', '0x1F', '1_000', '1e3', '.5', '-1', '+2', '~', 'null', '2001-12-14',
      '1:20', '<<', 'a b', 'a: b', 'a #b', 'a#b', '#c', '[x]', '{}', '[]', '{a: 1}', '"q\\"x"', "'it''s'", '"\\t"', '"\\x41"', 'é', '*a', '&a x', '!t x',
      '- x', '? x', '|', '|-', '>', '%x', '@x', 'http://h:1/p', 'k:', '"a: b"', ' ', '\t',
    );
    const line = fc.tuple(fc.nat({ max: 8 }), fc.constantFrom('', '- ', '-   '), word, fc.constantFrom('', ': ', ':'), fc.option(word, { nil: '' }), fc.constantFrom('', ' # c'));
    const doc = fc.array(line, { minLength: 1, maxLength: 12 }).map((ls) =>
      ls.map(([indent, dash, key, colon, value, comment]) => `${' '.repeat(indent)}${dash}${key}${colon}${value}${comment}`).join('\n') + '\n',
    );
    fc.assert(
      fc.property(doc, (yaml) => {
        const { accepted, fast, full } = compare(`k0: v\n${yaml}`);
        if (accepted) expect(fast).toEqual(full);
      }),
      { numRuns: 3000 },
    );
  });

  it('on random values serialised by the yaml package with random styles, indentation and line endings', () => {
    const text = fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'grapheme', maxLength: 6 }),
      fc.constantFrom('yes', 'on', '0755', '1:20', 'a\nb', 'a\n\nb\n', '  lead\n', 'x\n', '#', 'a: b', '- x', '"', "'", '\\', '\t', '\u00a0x\u3000'),
    );
    const key = fc.oneof(fc.constantFrom('a', 'kind', 'app.kubernetes.io/name', 'x y', 'on', '1', 'k:'), fc.string({ maxLength: 6 }));
    const { tree } = fc.letrec((tie) => ({
      tree: fc.oneof({ depthSize: 'small' }, text, fc.integer(), fc.boolean(), fc.constant(null), tie('list'), tie('map')),
      list: fc.array(tie('tree'), { maxLength: 4 }),
      map: fc.dictionary(key, tie('tree'), { maxKeys: 4 }),
    }));
    const style = fc.record({
      indent: fc.integer({ min: 1, max: 4 }),
      indentSeq: fc.boolean(),
      lineWidth: fc.constantFrom(0, 20, 80),
      defaultStringType: fc.constantFrom('PLAIN', 'QUOTE_DOUBLE', 'QUOTE_SINGLE', 'BLOCK_LITERAL'),
      defaultKeyType: fc.constantFrom(null, 'PLAIN', 'QUOTE_DOUBLE'),
      crlf: fc.boolean(),
    } as const);
    fc.assert(
      fc.property(fc.dictionary(key, tree, { minKeys: 1, maxKeys: 5 }), style, (value, { crlf, ...options }) => {
        const yaml = stringify(value, { ...options, version: '1.1' });
        const { accepted, fast, full } = compare(crlf ? yaml.replace(/\n/g, '\r\n') : yaml);
        if (accepted) expect(fast).toEqual(full);
      }),
      { numRuns: 2000 },
    );
  });
});
