// Everything a user or contributor reads must make sense from the repository alone: code,
// tests, scripts and the README cite docs/ (design.md, kubernetes.md, …) by section, never a
// specification that is not in the repository, and every cited section exists.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.js';

const ROOTS = ['src', 'rules', 'test', 'scripts', 'bin', 'docs', 'README.md', 'plugin.yaml', '.pre-commit-hooks.yaml', 'action.yml'];
const TEXT = /\.(ts|mts|js|mjs|md|ya?ml)$/;

function files(path: string): string[] {
  const full = join(ROOT, path);
  if (statSync(full).isFile()) return [path];
  return readdirSync(full, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(path, e.name)) : TEXT.test(e.name) ? [join(path, e.name)] : []));
}

const ALL = ROOTS.flatMap(files).map((f) => ({ file: f, text: readFileSync(join(ROOT, f), 'utf8') }));

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
const slug = (heading: string): string =>
  heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N} _-]/gu, '')
    .replace(/ /g, '-');

function anchorsOf(doc: string): Set<string> {
  const text = readFileSync(join(ROOT, doc), 'utf8');
  return new Set([...text.matchAll(/^#{1,6} (.+)$/gm)].map((m) => slug(m[1] as string)));
}

describe('references', () => {
  // Built from parts so this file does not match itself.
  const internal = new RegExp(['PROD' + 'UCT', 'KUBER' + 'NETES\\.md', 'K8S\\.md', '/work/' + 'shared'].join('|'));

  it('no file cites the internal specification', () => {
    const hits = ALL.flatMap(({ file, text }) => text.split('\n').flatMap((line, i) => (internal.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])));
    expect(hits).toEqual([]);
  });

  it('every docs/<file>.md#<section> cited exists', () => {
    const cache = new Map<string, Set<string>>();
    const broken: string[] = [];
    for (const { file, text } of ALL) {
      // `docs/<file>.md#a, #b`: the following bare anchors belong to the same document.
      for (const m of text.matchAll(/docs\/([a-z-]+\.md)((?:#[a-z0-9-]+(?:, )?)+)/g)) {
        const doc = join('docs', m[1] as string);
        if (!cache.has(doc)) cache.set(doc, anchorsOf(doc));
        for (const anchor of (m[2] as string).split(/,\s*/).map((a) => a.replace(/^#/, '')).filter(Boolean)) {
          if (!cache.get(doc)?.has(anchor)) broken.push(`${relative(ROOT, join(ROOT, file))}: ${doc}#${anchor}`);
        }
      }
    }
    expect([...new Set(broken)]).toEqual([]);
  });
});
