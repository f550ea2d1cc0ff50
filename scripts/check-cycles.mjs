#!/usr/bin/env node
// Fails when modules import each other in a circle: between files (type-only imports count, a
// reader follows them too) or between folders (src/<folder>, rules/). The direction of the layers
// themselves is checked by eslint (eslint.config.js, LAYERS); this catches what a layer table
// cannot: cycles inside one folder, and folders that lean on each other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const IMPORT = /^\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\s+from\s+)?['"](\.[^'"]+)['"]/gm;

function sources(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (name.endsWith('.ts') && !name.endsWith('.test.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const files = [...sources(join(root, 'src')), ...sources(join(root, 'rules'))].map((f) => relative(root, f));
const known = new Set(files);
const graph = new Map(files.map((f) => [f, new Set()]));
for (const file of files) {
  for (const m of readFileSync(join(root, file), 'utf8').matchAll(IMPORT)) {
    const target = normalize(join(dirname(file), m[1])).replace(/\.js$/, '.ts');
    if (known.has(target) && target !== file) graph.get(file).add(target);
  }
}

/** Folder of a file: src/<folder> for src, `rules` for every rule, the file itself at the top. */
function folderOf(file) {
  const parts = file.split('/');
  if (parts[0] === 'rules') return 'rules';
  return parts.length > 2 ? `${parts[0]}/${parts[1]}` : file;
}

// Tarjan's strongly connected components: every component with more than one node is a cycle.
function cycles(nodes, edges) {
  let index = 0;
  const stack = [];
  const meta = new Map();
  const out = [];
  const visit = (v) => {
    meta.set(v, { index, low: index, onStack: true });
    index++;
    stack.push(v);
    for (const w of edges(v)) {
      if (!meta.has(w)) {
        visit(w);
        meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).low);
      } else if (meta.get(w).onStack) meta.get(v).low = Math.min(meta.get(v).low, meta.get(w).index);
    }
    if (meta.get(v).low === meta.get(v).index) {
      const component = [];
      let w;
      do {
        w = stack.pop();
        meta.get(w).onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) out.push(component.sort());
    }
  };
  for (const v of nodes) if (!meta.has(v)) visit(v);
  return out;
}

const folderEdges = new Map();
for (const [file, targets] of graph) {
  const from = folderOf(file);
  for (const t of targets) {
    const to = folderOf(t);
    if (to === from) continue;
    if (!folderEdges.has(from)) folderEdges.set(from, new Set());
    folderEdges.get(from).add(to);
  }
}
const folders = [...new Set(files.map(folderOf))];

const problems = [
  ...cycles(files, (f) => graph.get(f)).map((c) => `files import each other in a circle: ${c.join(' <-> ')}`),
  ...cycles(folders, (f) => folderEdges.get(f) ?? []).map((c) => `folders import each other in a circle: ${c.join(' <-> ')}`),
];
for (const p of problems) console.error(`check-cycles: ${p}`);
if (problems.length > 0) process.exit(1);
console.log(`check-cycles: ${files.length} modules, ${folders.length} folders, no import cycles`);
