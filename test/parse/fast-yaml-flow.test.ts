import { describe, expect, it } from 'vitest';
import { LineIndex } from '../../src/parse/lines.js';
import { parseSimpleDocument } from '../../src/parse/fast-yaml.js';
import { resolveCoreScalar } from '../../src/parse/yaml-options.js';
import { parse } from 'yaml';
import { fastVersusYaml } from './helpers.js';

// One-line flow mappings (helm charts write them for selectors and tolerations) go through the
// fast subset parser; it must agree with the `yaml` package on every one it accepts, and decline
// (null) the forms it does not handle.

function compare(yaml: string): { accepted: boolean; fast?: unknown; full?: unknown } {
  const lines = new LineIndex(yaml);
  return fastVersusYaml(lines, 0, lines.count);
}

describe('one-line flow mappings', () => {
  it.each([
    ['kube-prometheus-stack 88.5.3 prometheus.yaml matchExpressions', 'x:\n  - {key: app.kubernetes.io/name, operator: In, values: [prometheus]}\n'],
    ['quoted keys and values', `a: {"k": "v", 'q': 'it''s'}\n`],
    ['typed scalars (YAML 1.1)', 'a: {b: yes, c: 0755, d: ~, e: 1.5, f: "1"}\n'],
    ['a trailing comment', 'a: {b: c} # note\n'],
    ['an empty sequence value', 'a: {b: []}\n'],
    ['spaces inside the braces', 'a: {  b: c ,  d: e  }\n'],
  ])('accepts and agrees: %s', (_name, yaml) => {
    const r = compare(yaml);
    expect(r.accepted).toBe(true);
    expect(r.fast).toEqual(r.full);
  });

  it.each([
    ['a nested mapping', 'a: {b: {c: d}}\n'],
    ['an empty value', 'a: {b: }\n'],
    ['a key without a value', 'a: {b}\n'],
    ['a trailing comma', 'a: {b: c,}\n'],
    ['no space after the colon', 'a: {b:c}\n'],
    ['JSON style without spaces', 'a: {"b":"c"}\n'],
    ['a duplicate key', 'a: {b: 1, b: 2}\n'],
    ['a merge key', 'a: {<<: x}\n'],
    ['a mapping over two lines', 'a: {b: c,\n  d: e}\n'],
    ['a comment inside', 'a: {b: c #x}\n'],
  ])('declines: %s', (_name, yaml) => {
    expect(compare(yaml).accepted).toBe(false);
  });

  it.each([
    ['core schema keeps on/yes as strings', 'a: {b: on, c: yes}\n', { a: { b: 'on', c: 'yes' } }],
    ['core schema octal', 'a: {b: 0o17, c: 0755}\n', { a: { b: 15, c: 755 } }],
  ])('with the core schema (embedded configs) it types as the yaml package does: %s', (_name, yaml, expected) => {
    const lines = new LineIndex(yaml);
    const fast = parseSimpleDocument(lines, 0, lines.count, resolveCoreScalar);
    expect(fast?.value).toEqual(parse(yaml));
    expect(fast?.value).toEqual(expected);
  });
});
