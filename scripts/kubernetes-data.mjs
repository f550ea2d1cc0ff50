#!/usr/bin/env node
// `npm run generate:kubernetes`: Kubernetes' built-in RBAC policy as data, one module per snapshot
// or minor in src/rbac/kubernetes-data/policy/, generated from Kubernetes' own golden files
// (plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/*.yaml: the output of policy.go and
// controller_policy.go, which the API server creates and reconciles at start-up).
//
//   node scripts/kubernetes-data.mjs [--from DIR] [--check]
//       the snapshots of scripts/kubernetes-sources.json, read from local copies under DIR
//       (default: $KUBERNETES_UPSTREAM); every copy's sha256 is checked before use
//   node scripts/kubernetes-data.mjs --git CLONE [--tags v1.29.0,v1.30.0,...] [--check]
//       exact data per minor from a kubernetes/kubernetes clone: `git show <tag>:<path>`
//       (default tags: v1.29.0 up to the newest v1.N.0 in the clone)
//   --check   regenerate in memory and compare with the committed modules; exit 1 on a difference
//
// Output: src/rbac/kubernetes-data/policy/<id>.ts (the data as one JSON text, parsed only when a render asks
// for that version) and index.ts (which data exist). Upstream files themselves are never written
// into the repository. docs/builtin-policy.md describes the format and how to regenerate.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

export const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
export const OUT_DIR = join(ROOT, 'src', 'rbac', 'kubernetes-data', 'policy');
export const SOURCES_FILE = join(ROOT, 'scripts', 'kubernetes-sources.json');
export const SHORT_NAMES_FILE = join(ROOT, 'scripts', 'kubernetes-short-names.json');
export const RESOURCES_DIR = join(ROOT, 'src', 'rbac', 'kubernetes-data', 'resources');
export const TESTDATA = 'plugin/pkg/auth/authorizer/rbac/bootstrappolicy/testdata/';
export const FORMAT = 1;

/** The golden files and where their items go. */
const FILES = {
  'cluster-roles.yaml': { kind: 'ClusterRole', into: 'clusterRoles', controller: false },
  'controller-roles.yaml': { kind: 'ClusterRole', into: 'clusterRoles', controller: true },
  'cluster-role-bindings.yaml': { kind: 'ClusterRoleBinding', into: 'clusterRoleBindings', controller: false },
  'controller-role-bindings.yaml': { kind: 'ClusterRoleBinding', into: 'clusterRoleBindings', controller: true },
  'namespace-roles.yaml': { kind: 'Role', into: 'roles', controller: false },
  'namespace-role-bindings.yaml': { kind: 'RoleBinding', into: 'roleBindings', controller: false },
};
/** The same lists generated with every feature gate on (newer trees only): kept as the difference. */
const FEATURE_GATE_FILES = { 'cluster-roles-featuregates.yaml': 'cluster-roles.yaml', 'controller-roles-featuregates.yaml': 'controller-roles.yaml' };

export const sha256 = (buf) => createHash('sha256').update(buf).digest('hex');
const isObject = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);
const strings = (v, what) => {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new Error(`${what}: expected a list of strings`);
  return v;
};

/** A PolicyRule as the five lists, in the order the API server stores them. */
function rule(r, what) {
  if (!isObject(r)) throw new Error(`${what}: a rule is not a mapping`);
  return [strings(r.verbs, `${what}.verbs`), strings(r.apiGroups, `${what}.apiGroups`), strings(r.resources, `${what}.resources`), strings(r.resourceNames, `${what}.resourceNames`), strings(r.nonResourceURLs, `${what}.nonResourceURLs`)];
}

function selector(s, what) {
  if (!isObject(s)) throw new Error(`${what}: a selector is not a mapping`);
  const out = {};
  if (isObject(s.matchLabels)) out.matchLabels = { ...s.matchLabels };
  if (Array.isArray(s.matchExpressions)) out.matchExpressions = s.matchExpressions.map((e) => ({ key: String(e.key), operator: String(e.operator), values: strings(e.values, `${what}.values`) }));
  return out;
}

function subject(s, what) {
  if (!isObject(s) || typeof s.kind !== 'string' || typeof s.name !== 'string') throw new Error(`${what}: malformed subject`);
  return s.namespace === undefined ? [s.kind, s.name] : [s.kind, s.name, String(s.namespace)];
}

function convert(item, spec, file) {
  const m = item.metadata ?? {};
  const what = `${file} ${m.name}`;
  if (item.kind !== spec.kind) throw new Error(`${what}: kind ${item.kind}, expected ${spec.kind}`);
  const out = {};
  if (spec.kind === 'Role' || spec.kind === 'RoleBinding') out.namespace = String(m.namespace ?? '');
  out.name = String(m.name ?? '');
  if (spec.kind.endsWith('Binding')) {
    const ref = item.roleRef ?? {};
    out.roleRef = [String(ref.kind), String(ref.name)];
    out.subjects = (item.subjects ?? []).map((s, i) => subject(s, `${what}.subjects[${i}]`));
  } else {
    out.labels = isObject(m.labels) ? { ...m.labels } : {};
    const selectors = item.aggregationRule?.clusterRoleSelectors;
    if (Array.isArray(selectors)) out.aggregationRule = selectors.map((s, i) => selector(s, `${what}.aggregationRule[${i}]`));
    out.rules = (item.rules ?? []).map((r, i) => rule(r, `${what}.rules[${i}]`));
  }
  if (spec.controller) out.controller = true;
  return out;
}

function items(text, file) {
  const doc = parseYaml(text);
  if (!isObject(doc) || doc.kind !== 'List' || !Array.isArray(doc.items)) throw new Error(`${file}: not a v1 List`);
  return doc.items;
}

/** controller_policy.go ControllerRoleBindings: each controller role bound to its kube-system ServiceAccount. */
function deriveControllerBindings(controllerRoles) {
  const prefix = 'system:controller:';
  return controllerRoles.map((r) => ({ name: r.name, roleRef: ['ClusterRole', r.name], subjects: [['ServiceAccount', r.name.slice(prefix.length), 'kube-system']], controller: true }));
}

/**
 * One data set from the golden files' text. `files[name]` = { text, source } or { derive, source };
 * `source` is recorded as given.
 */
export function buildData(meta, files) {
  const data = { format: FORMAT, id: meta.id, minor: meta.minor, exact: meta.exact, label: meta.label, sources: [], clusterRoles: [], roles: [], clusterRoleBindings: [], roleBindings: [] };
  const converted = {};
  for (const [file, spec] of Object.entries(FILES)) {
    const input = files[file];
    if (!input) throw new Error(`${meta.id}: no ${file}`);
    data.sources.push({ file, ...input.source });
    if (input.derive) continue;
    let list = items(input.text, file).map((it) => convert(it, spec, file));
    const drop = input.source.dropNamePrefix;
    if (drop) list = list.filter((x) => !x.name.startsWith(drop));
    converted[file] = list;
  }
  for (const [file, spec] of Object.entries(FILES)) {
    const input = files[file];
    const list = input.derive ? deriveControllerBindings(converted[input.derive] ?? []) : converted[file];
    data[spec.into].push(...list);
  }
  const gated = {};
  for (const [file, base] of Object.entries(FEATURE_GATE_FILES)) {
    const input = files[file];
    if (!input) continue;
    data.sources.push({ file, ...input.source });
    const spec = FILES[base];
    const all = items(input.text, file).map((it) => convert(it, spec, file));
    const byName = new Map(converted[base].map((r) => [r.name, JSON.stringify(r)]));
    for (const r of all) if (byName.get(r.name) !== JSON.stringify(r)) (gated.clusterRoles ??= []).push(r);
  }
  // What a cluster with every feature gate on has instead (new or changed ClusterRoles); not a default cluster.
  if (Object.keys(gated).length > 0) data.allFeatureGates = gated;
  return data;
}

/** The canonical text: one record per line, so a change in the policy is a readable diff. */
export function serialize(data) {
  const lines = ['{'];
  const keys = Object.keys(data);
  keys.forEach((key, k) => {
    const value = data[key];
    const comma = k < keys.length - 1 ? ',' : '';
    if (Array.isArray(value) && value.length > 0 && isObject(value[0])) {
      lines.push(`${JSON.stringify(key)}:[`);
      value.forEach((v, i) => lines.push(JSON.stringify(v) + (i < value.length - 1 ? ',' : '')));
      lines.push(`]${comma}`);
    } else lines.push(`${JSON.stringify(key)}:${JSON.stringify(value)}${comma}`);
  });
  lines.push('}');
  return lines.join('\n');
}

const HEADER = '// Generated by `npm run generate:kubernetes` (scripts/kubernetes-data.mjs); do not edit.\n';

/** The module that carries one data set: its canonical JSON text, parsed only when used. */
export function dataModule(data) {
  const text = serialize(data);
  if (/[`\\]|\$\{/.test(text)) throw new Error(`${data.id}: the data holds a backquote, backslash or \${, which the String.raw module cannot carry`);
  return `${HEADER}// ${data.label}. Sources, with commit and sha256 of every input: the "sources" field.\nexport const text = String.raw\`${text}\`;\n`;
}

const moduleName = (id) => id.replace(/[^a-z0-9]+/gi, '_');

/** index.ts: which data sets exist, newest minor first, and their texts. */
export function indexModule(sets) {
  const sorted = [...sets].sort((a, b) => compareMinor(b.minor, a.minor) || Number(b.exact) - Number(a.exact) || (a.id < b.id ? -1 : 1));
  const imports = sorted.map((d) => `import { text as ${moduleName(d.id)} } from './${d.id}.js';`).join('\n');
  const rows = sorted.map((d) => `  { id: ${JSON.stringify(d.id)}, minor: ${JSON.stringify(d.minor)}, exact: ${d.exact}, label: ${JSON.stringify(d.label)}, text: ${moduleName(d.id)} },`).join('\n');
  return `${HEADER}${imports}

export interface PolicyDataEntry {
  /** \`1.35\` for the data of a release tag, a snapshot name otherwise. */
  id: string;
  /** The minor this data is (exact) or stands in for. */
  minor: string;
  /** True when generated from the golden files at that minor's release tag. */
  exact: boolean;
  label: string;
  /** The canonical JSON text (scripts/kubernetes-data.mjs serialize). */
  text: string;
}

/** Newest minor first. */
export const POLICY_DATA: readonly PolicyDataEntry[] = [
${rows}
];
`;
}

export function compareMinor(a, b) {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return am - bm || an - bn;
}

/** The snapshots of kubernetes-sources.json, read from local copies under `from`. */
export function snapshotsFrom(from, sources = JSON.parse(readFileSync(SOURCES_FILE, 'utf8'))) {
  return sources.snapshots.map((snap) => {
    const files = {};
    for (const [file, spec] of Object.entries(snap.files)) {
      const { local, derive, ...source } = spec;
      if (derive) {
        files[file] = { derive, source: { derivedFrom: derive, upstream: spec.upstream } };
        continue;
      }
      const path = join(from, local);
      if (!existsSync(path)) throw new Error(`missing local copy ${path}`);
      const buf = readFileSync(path);
      const got = sha256(buf);
      if (got !== spec.sha256) throw new Error(`${path}: sha256 ${got}, kubernetes-sources.json says ${spec.sha256}`);
      files[file] = { text: buf.toString('utf8'), source: { repository: source.repository, path: TESTDATA + file, commit: source.commit, sha256: got, upstream: source.upstream, ...(source.dropNamePrefix ? { dropNamePrefix: source.dropNamePrefix } : {}) } };
    }
    return buildData({ id: snap.id, minor: snap.minor, exact: false, label: snap.label }, files);
  });
}

/** Exact data per minor from a kubernetes/kubernetes clone, at its release tags. */
export function releasesFromGit(clone, tags) {
  const git = (...args) => execFileSync('git', ['-C', clone, ...args], { maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] });
  const list =
    tags ??
    git('tag', '--list', 'v1.*.0')
      .toString()
      .split('\n')
      .filter((t) => /^v1\.\d+\.0$/.test(t) && Number(t.split('.')[1]) >= 29)
      .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  return list.map((tag) => {
    const commit = git('rev-parse', `${tag}^{commit}`).toString().trim();
    const minor = tag.replace(/^v(\d+\.\d+)\..*$/, '$1');
    const files = {};
    for (const file of [...Object.keys(FILES), ...Object.keys(FEATURE_GATE_FILES)]) {
      let buf;
      try {
        buf = git('show', `${commit}:${TESTDATA}${file}`);
      } catch {
        if (file in FILES) throw new Error(`${tag}: no ${TESTDATA}${file}`);
        continue; // the feature-gate files exist only in newer trees
      }
      files[file] = { text: buf.toString('utf8'), source: { repository: 'kubernetes/kubernetes', path: TESTDATA + file, commit, sha256: sha256(buf), upstream: `release tag ${tag}` } };
    }
    return buildData({ id: minor, minor, exact: true, label: `Kubernetes ${tag}` }, files);
  });
}

/** Every module the data sets make, by file name. */
export function modulesOf(sets) {
  const out = new Map(sets.map((d) => [`${d.id}.ts`, dataModule(d)]));
  out.set('index.ts', indexModule(sets));
  return out;
}

/** The data sets committed now (so --git adds minors without dropping snapshots, and the reverse). */
export function committedSets() {
  if (!existsSync(OUT_DIR)) return [];
  return readdirSync(OUT_DIR)
    .filter((f) => f.endsWith('.ts') && f !== 'index.ts')
    .map((f) => {
      const m = /String\.raw`([\s\S]*)`;\n$/.exec(readFileSync(join(OUT_DIR, f), 'utf8'));
      if (!m) throw new Error(`${f}: not a generated data module`);
      return JSON.parse(m[1]);
    });
}

// ---------------------------------------------------------------- the API resources a cluster serves

/** Clientsets whose fake clients list every resource with its kind and scope, per staging repository. */
const CLIENTSETS = [
  { repo: 'client-go', typed: 'kubernetes/typed/' },
  { repo: 'apiextensions-apiserver', typed: 'pkg/client/clientset/clientset/typed/' },
  { repo: 'kube-aggregator', typed: 'pkg/client/clientset_generated/clientset/typed/' },
];
/** Go import path prefix → staging repository that holds the API types. */
const TYPE_REPOS = { 'k8s.io/api/': 'api', 'k8s.io/apiextensions-apiserver/': 'apiextensions-apiserver', 'k8s.io/kube-aggregator/': 'kube-aggregator' };
/**
 * Served, but with no client in any clientset: core `bindings` (the pods storage's binding REST,
 * pkg/registry/core/rest/storage_core.go in kubernetes/kubernetes).
 */
const WITHOUT_CLIENT = [{ group: '', resource: 'bindings', kind: 'Binding', namespaced: true }];

/**
 * Every resource a default cluster of each release serves, from the staging repositories at the
 * release's tag (v0.N.0 = Kubernetes 1.N): the fake clients name resource, kind and scope; a
 * default kube-apiserver serves GA versions only (beta APIs are off by default since 1.24, and
 * the older betas still served duplicate a GA version), so only vN versions count.
 * `staging` holds clones named client-go, api, apiextensions-apiserver and kube-aggregator.
 */
export function resourcesFromStaging(staging, tags) {
  const git = (repo, ...args) => execFileSync('git', ['-C', join(staging, repo), ...args], { maxBuffer: 256 << 20, stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  const shortNames = JSON.parse(readFileSync(SHORT_NAMES_FILE, 'utf8')).shortNames;
  return tags.map((tag) => {
    const minor = `1.${tag.replace(/^v0\.(\d+)\..*$/, '$1')}`;
    const commits = {};
    const groups = new Map();
    const typesText = new Map();
    const typeFile = (importPath, file) => {
      const prefix = Object.keys(TYPE_REPOS).find((p) => importPath.startsWith(p));
      if (!prefix) throw new Error(`${tag}: no repository for ${importPath}`);
      const repo = TYPE_REPOS[prefix];
      const path = `${importPath.slice(prefix.length)}/${file}`;
      const key = `${repo}:${path}`;
      if (!typesText.has(key)) {
        let text = '';
        try {
          text = git(repo, 'show', `${tag}:${path}`);
        } catch {
          text = '';
        }
        typesText.set(key, text);
      }
      return typesText.get(key);
    };
    const out = [];
    for (const cs of CLIENTSETS) {
      commits[cs.repo] = git(cs.repo, 'rev-parse', `${tag}^{commit}`).trim();
      const files = git(cs.repo, 'ls-tree', '-r', '--name-only', tag, cs.typed)
        .split('\n')
        .filter((f) => /\/fake\/fake_[a-z0-9]+\.go$/.test(f) && !/_client\.go$/.test(f));
      for (const f of files) {
        const version = f.slice(cs.typed.length).split('/')[1] ?? '';
        if (!/^v\d+$/.test(version)) continue; // alpha and beta versions are off by default
        const text = git(cs.repo, 'show', `${tag}:${f}`);
        const resource = /WithResource\("([^"]+)"\)/.exec(text)?.[1];
        const kind = /WithKind\("([^"]+)"\)/.exec(text)?.[1];
        const alias = /(\w+)\.SchemeGroupVersion\.WithResource/.exec(text)?.[1];
        if (!resource || !kind || !alias) continue; // a fake with no resource of its own
        const importPath = new RegExp(`\\b${alias}\\s+"([^"]+)"`).exec(text)?.[1];
        if (!importPath) throw new Error(`${tag}: ${f}: no import for ${alias}`);
        const types = typeFile(importPath, 'types.go');
        // +genclient:noVerbs types (Eviction) are subresources, not resources of their own.
        const decl = types.indexOf(`\ntype ${kind} struct`);
        // The comment block between the previous declaration and this type holds its markers.
        const comment = decl >= 0 ? types.slice(Math.max(types.lastIndexOf('\n}', decl - 1), types.lastIndexOf('\n)', decl - 1), 0), decl) : '';
        if (comment.includes('+genclient:noVerbs')) continue;
        if (!groups.has(importPath)) {
          const register = typeFile(importPath, 'register.go');
          const name = /const GroupName = "([^"]*)"/.exec(register)?.[1];
          if (name === undefined) throw new Error(`${tag}: no GroupName in ${importPath}/register.go`);
          groups.set(importPath, name);
        }
        const namespaced = /\bc\.ns\b|, namespace string\)/.test(text);
        out.push({ group: groups.get(importPath), resource, kind, namespaced });
      }
    }
    out.push(...WITHOUT_CLIENT);
    const unique = new Map();
    for (const r of out) unique.set(`${r.group}/${r.resource}`, r);
    const resources = [...unique.values()]
      .sort((a, b) => (a.group === b.group ? (a.resource < b.resource ? -1 : 1) : a.group === '' ? -1 : b.group === '' ? 1 : a.group < b.group ? -1 : 1))
      .map((r) => [r.group, r.resource, r.kind, r.namespaced, ...(shortNames[`${r.group}/${r.resource}`] ? [shortNames[`${r.group}/${r.resource}`]] : [])]);
    const sources = Object.entries(commits).map(([repo, commit]) => ({ repository: `kubernetes/${repo}`, tag, commit }));
    return { format: FORMAT, id: `resources-${minor}`, minor, label: `API resources a default Kubernetes ${minor} cluster serves`, sources, shortNames: 'scripts/kubernetes-short-names.json', resources };
  });
}

function main(argv) {
  const opt = (name) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const check = argv.includes('--check');
  if (argv.includes('--resources')) {
    const staging = opt('--staging') ?? process.env.KUBERNETES_STAGING;
    if (!staging) {
      process.stderr.write('kubernetes-data: --resources needs --staging DIR (or KUBERNETES_STAGING) with clones of client-go, api, apiextensions-apiserver and kube-aggregator\n');
      return 2;
    }
    const tags = opt('--tags')?.split(',') ?? stagingTags(staging);
    return writeModules(RESOURCES_DIR, resourceModulesOf(resourcesFromStaging(staging, tags)), check);
  }
  const clone = opt('--git');
  let sets;
  if (clone) {
    const fresh = releasesFromGit(clone, opt('--tags')?.split(','));
    sets = [...committedSets().filter((d) => !fresh.some((f) => f.id === d.id)), ...fresh];
  } else {
    const from = opt('--from') ?? process.env.KUBERNETES_UPSTREAM;
    if (!from) {
      process.stderr.write('kubernetes-data: give --from DIR (or KUBERNETES_UPSTREAM) with the copies named in scripts/kubernetes-sources.json, or --git CLONE\n');
      return 2;
    }
    const fresh = snapshotsFrom(from);
    sets = [...committedSets().filter((d) => d.exact), ...fresh];
  }
  return writeModules(OUT_DIR, modulesOf(sets), check);
}

function writeModules(dir, modules, check) {
  if (check) {
    const stale = [...modules].filter(([f, text]) => !existsSync(join(dir, f)) || readFileSync(join(dir, f), 'utf8') !== text).map(([f]) => f);
    if (stale.length) {
      process.stderr.write(`kubernetes-data: out of date: ${stale.join(', ')}\n`);
      return 1;
    }
    return 0;
  }
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) if (!modules.has(f)) rmSync(join(dir, f));
  for (const [f, text] of modules) writeFileSync(join(dir, f), text);
  process.stdout.write(`kubernetes-data: wrote ${[...modules.keys()].join(', ')}\n`);
  return 0;
}

/** v0.29.0 up to the newest v0.N.0 tag of the client-go clone. */
export function stagingTags(staging) {
  return execFileSync('git', ['-C', join(staging, 'client-go'), 'tag', '--list', 'v0.*.0'])
    .toString()
    .split('\n')
    .filter((t) => /^v0\.\d+\.0$/.test(t) && Number(t.split('.')[1]) >= 29)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
}

/** The resource tables as modules: one per minor and an index, newest first. */
export function resourceModulesOf(tables) {
  const sorted = [...tables].sort((a, b) => compareMinor(b.minor, a.minor));
  const out = new Map(sorted.map((t) => [`${t.minor}.ts`, `${HEADER}// ${t.label}. Sources: the "sources" field.\nexport const text = String.raw\`${serialize(t)}\`;\n`]));
  const name = (m) => `v${m.replace('.', '_')}`;
  out.set(
    'index.ts',
    `${HEADER}${sorted.map((t) => `import { text as ${name(t.minor)} } from './${t.minor}.js';`).join('\n')}

/** The API resources a default cluster serves, per minor (newest first), as canonical JSON texts. */
export const API_RESOURCES: readonly { minor: string; text: string }[] = [
${sorted.map((t) => `  { minor: ${JSON.stringify(t.minor)}, text: ${name(t.minor)} },`).join('\n')}
];
`,
  );
  return out;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) process.exitCode = main(process.argv.slice(2));
