// Whether a chart's RBAC may differ per Kubernetes version: some template (its own or a
// subchart's, vendored or packaged) that writes an RBAC object also reads
// `.Capabilities.KubeVersion`, directly or through the helpers it includes. opentelemetry-operator
// 0.107.1 grants nodes/proxy below 1.33 and nodes/pods from 1.33 in its clusterrole.yaml;
// dynatrace-operator 1.10 switches at 1.36 through a helper defined in _platform.tpl. Only such
// a chart is rendered at both ends of the assumed version window (src/kube-versions.ts): most
// charts read the version only for Ingress or PodDisruptionBudget apiVersions, which changes no
// permission, and rendering them twice would double the helm time for nothing.
//
// Over-approximating is safe (one render more); helpers are matched by name across every file,
// as helm shares one namespace of `define`s between a chart and its subcharts.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readArchive } from './archive.js';

const MENTION = /KubeVersion/;
const RBAC_KIND = /kind:\s*["']?(?:ClusterRole|Role|ClusterRoleBinding|RoleBinding)["']?\s*$/m;
const INCLUDES = /\b(?:include|template)\s+"([^"]+)"/g;
const MAX_DEPTH = 16;

function isDir(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function entries(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function readDirFiles(dir: string, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  for (const name of entries(dir)) {
    const path = join(dir, name);
    if (isDir(path)) readDirFiles(path, out, depth + 1);
    else {
      try {
        out.push(readFileSync(path, 'latin1'));
      } catch {
        // unreadable: helm reports it
      }
    }
  }
}

/** Templates inside a packaged chart, and inside the packages it carries in its own charts/. */
function readArchiveTemplates(data: Uint8Array, out: string[], depth: number): void {
  if (depth > MAX_DEPTH) return;
  let files: Map<string, Buffer>;
  try {
    files = readArchive(data).files;
  } catch {
    return;
  }
  for (const [path, content] of files) {
    if (/(^|\/)templates\//.test(path)) out.push(content.toString('latin1'));
    else if (/(^|\/)charts\/[^/]+\.(tgz|tar\.gz)$/.test(path)) readArchiveTemplates(content, out, depth + 1);
  }
}

/** Every template text of the chart at `dir` and of its subcharts. */
export function chartTemplateTexts(dir: string, depth = 0, out: string[] = []): string[] {
  readDirFiles(join(dir, 'templates'), out, depth);
  const charts = join(dir, 'charts');
  for (const name of entries(charts)) {
    const path = join(charts, name);
    if (isDir(path)) chartTemplateTexts(path, depth + 1, out);
    else if (/\.(tgz|tar\.gz)$/.test(name)) {
      try {
        readArchiveTemplates(readFileSync(path), out, depth + 1);
      } catch {
        // unreadable: helm reports it
      }
    }
  }
  return out;
}

interface Piece {
  text: string;
  includes: string[];
}

/** A template split into its `define` bodies and the rest (what the file renders itself). */
function split(text: string): { defines: Map<string, Piece>; rest: Piece } {
  const defines = new Map<string, Piece>();
  const stack: Array<{ define: string | null; bodyStart: number }> = [];
  let rest = '';
  let restFrom = 0;
  const action = /\{\{-?\s*(\/\*[\s\S]*?\*\/|[\s\S]*?)\s*-?\}\}/g;
  for (const m of text.matchAll(action)) {
    const body = (m[1] ?? '').trim();
    const word = /^(\w+)/.exec(body)?.[1];
    const at = m.index ?? 0;
    if (word === 'define') {
      if (stack.length === 0) rest += text.slice(restFrom, at);
      stack.push({ define: /^define\s+"([^"]+)"/.exec(body)?.[1] ?? '', bodyStart: at + m[0].length });
    } else if (word === 'if' || word === 'range' || word === 'with' || word === 'block') {
      stack.push({ define: null, bodyStart: at + m[0].length });
    } else if (word === 'end') {
      const open = stack.pop();
      if (open?.define !== null && open?.define !== undefined) {
        const bodyText = text.slice(open.bodyStart, at);
        defines.set(open.define, { text: bodyText, includes: includesOf(bodyText) });
        if (stack.length === 0) restFrom = at + m[0].length;
      }
    }
  }
  rest += stack.length === 0 ? text.slice(restFrom) : '';
  return { defines, rest: { text: rest, includes: includesOf(rest) } };
}

function includesOf(text: string): string[] {
  return [...text.matchAll(INCLUDES)].map((m) => m[1] as string);
}

/** True when a piece, or a helper it includes (transitively), matches `test`. */
function reaches(piece: Piece, test: RegExp, defines: ReadonlyMap<string, Piece>, memo: Map<string, boolean>): boolean {
  if (test.test(piece.text)) return true;
  return piece.includes.some((name) => {
    const known = memo.get(name);
    if (known !== undefined) return known;
    memo.set(name, false); // a helper that includes itself reaches nothing new
    const def = defines.get(name);
    const found = def !== undefined && reaches(def, test, defines, memo);
    memo.set(name, found);
    return found;
  });
}

/** True when some template that writes an RBAC object also reads the Kubernetes version (see above). */
export function rbacBranchesOnKubeVersion(texts: readonly string[]): boolean {
  if (!texts.some((t) => MENTION.test(t))) return false;
  const defines = new Map<string, Piece>();
  const files: Piece[] = [];
  for (const text of texts) {
    const parts = split(text);
    for (const [name, piece] of parts.defines) defines.set(name, piece);
    files.push(parts.rest);
  }
  const mentions = new Map<string, boolean>();
  const rbac = new Map<string, boolean>();
  return files.some((f) => reaches(f, RBAC_KIND, defines, rbac) && reaches(f, MENTION, defines, mentions));
}

/** rbacBranchesOnKubeVersion for the chart directory `dir`. */
export function templatesBranchOnKubeVersion(dir: string): boolean {
  return rbacBranchesOnKubeVersion(chartTemplateTexts(dir));
}
