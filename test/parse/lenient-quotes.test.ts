// Quoted scalars whose continuation lines are indented less than YAML 1.2 asks: go-yaml (helm,
// the API server) reads them, the `yaml` package does not (src/parse/lenient-quotes.ts). go-yaml's
// scanner (scannerc.go yaml_parser_scan_flow_scalar) checks no indentation inside a quoted
// scalar and drops each continuation line's leading blanks; line breaks fold to spaces.
import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../src/parse/index.js';
import { reindentQuotedScalars } from '../../src/parse/lenient-quotes.js';

const pod = (args: string): string =>
  ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: p', 'spec:', '  containers:', '    - name: c', '      args:', args, '      image: x', ''].join('\n');

describe('quoted scalars go-yaml reads and the yaml package refuses', () => {
  it.each([
    {
      why: 'netdata 3.7.172 templates/child/daemonset.yaml (helm 3.17.3 and 4.1.4 render it so): single quotes, lines at the item indentation',
      args: ["        - '", '        chmod 777 /persistencevarlibdir;', "        '"].join('\n'),
      value: ' chmod 777 /persistencevarlibdir; ',
    },
    {
      why: "a doubled '' inside stays one quote",
      args: ["        - 'it''s", "        fine'"].join('\n'),
      value: "it's fine",
    },
    {
      why: 'double quotes with an escaped quote and a line at column 0',
      args: ['        - "say \\"hi\\"', 'there"'].join('\n'),
      value: 'say "hi" there',
    },
    {
      why: 'an empty line folds to a line break',
      args: ["        - 'a", '', "        b'"].join('\n'),
      value: 'a\nb',
    },
    {
      why: 'two such scalars in one document',
      args: ["        - 'a", "        b'", "        - 'c", "        d'"].join('\n'),
      value: 'a b',
    },
  ])('$why', ({ args, value }) => {
    const text = pod(args);
    const r = parseRendered(text, { target: 0, chartName: null, manifestFile: 'm.yaml' });
    expect(r.issues).toEqual([]);
    const container = ((r.objects[0]?.body.spec as { containers: { args: string[]; image: string }[] }).containers)[0];
    expect(container?.args[0]).toBe(value);
    expect(container?.image).toBe('x');
  });

  it('keeps every line where it was (positions stay right)', () => {
    const text = pod(["        - '", '        x', "        '"].join('\n'));
    const repaired = reindentQuotedScalars(text);
    expect(repaired?.split('\n')).toHaveLength(text.split('\n').length);
  });

  it.each([
    { why: 'a well-indented document needs no repair', text: pod("        - 'a\n          b'") },
    { why: 'a quote that never closes is an error for go-yaml too', text: pod("        - 'a\n        b") },
    { why: 'a document marker inside the quotes ends the document for go-yaml ("found unexpected document indicator")', text: pod("        - 'a\n---\n        b'") },
  ])('no repair: $why', ({ text }) => {
    expect(reindentQuotedScalars(text)).toBeNull();
  });
});
