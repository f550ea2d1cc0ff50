// The bad-input corpus: every hostile or broken input the CLI can meet, in ONE table, with the
// outcome it must have (docs/design.md#commands-targets-and-exit-codes: exit 2 and "one clear line on stderr naming the
// chart/file/object, no stack trace"; docs/design.md#robustness: "bounded alias expansion, huge or deeply nested
// documents, BOM, CRLF, tabs, duplicate keys, non-object documents, kind: List, empty documents —
// each handled or reported, never a crash"; "every input that cannot be processed is named in an
// error; nothing is silently skipped"). Malformed RBAC is a `malformed-rbac` finding (the rule's
// sources: kubernetes pkg/apis/rbac/validation/validation.go, and typed decoding of rbac/v1).
//
// Small inputs are committed in inputs/; big, binary and byte-exact ones are generated here.
// Tests run as root, and root reads files whatever their mode, so "unreadable" is simulated with
// a symlink to /proc/self/mem (open succeeds, read fails with EIO), a directory named like a
// manifest, a broken symlink and a FIFO.
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create as createTar } from 'tar';
import { describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { main } from '../../src/cli/main.js';
import { VERSION } from '../../src/version.js';
import { runCli } from '../support/cli.js';
import type { LintJson } from '../support/cli.js';
import {
  NODES_PROXY_ROLE,
  aliasBomb,
  chart,
  deepBlock,
  deepFlow,
  fakeHelm,
  garbageBytes,
  hugeConfigMap,
  hugeScalarRole,
  lines,
  link,
  scratch,
  write,
} from './support.js';

const INPUTS = join(dirname(fileURLToPath(import.meta.url)), 'inputs');
const HELM = defaultHelm() ?? 'helm';
const TEN_MB = 10 * 1024 * 1024;
const HUGE_KEYS = 200_000; // ~11 MB of `key-N: "…"` lines
const ROOT_DIR = scratch('hrl-corpus-');

interface Invocation {
  args: string[];
  /** Default: the row's own scratch dir; committed inputs run from inputs/. */
  cwd?: string;
  stdin?: string;
  helm?: string;
  /** Started just before the CLI (the writer end of a FIFO). */
  writer?: () => ChildProcess;
}

interface ExpectedFinding {
  ruleId: string;
  line: number;
  message: RegExp;
}

type Outcome =
  /** Exit 2 with exactly one stderr line, matching (and naming the input). */
  | { exit: 2; error: RegExp }
  /** Analysed: these findings are among the JSON findings; exactly these warnings on stderr, in order. */
  | { exit: 0 | 1; findings: ExpectedFinding[]; warnings?: RegExp[] };

interface Row {
  input: string;
  /** Where the expected behaviour comes from. */
  why: string;
  make(dir: string): Invocation;
  outcome: Outcome;
  /** Wall-clock bound (never a hang); default 20 s. */
  maxMs?: number;
  /** Extra checks once the CLI returned. */
  after?(dir: string): void;
}

/** The stand-in helm started by fakeHelm() was stopped, not left running (execa kills on timeout). */
const stopped = (name: string) => (dir: string): void => {
  const pid = Number(readFileSync(join(dir, `${name}.pid`), 'utf8'));
  expect(() => process.kill(pid, 0)).toThrow(/ESRCH/);
};

const committed = (file: string, ...extra: string[]): (() => Invocation) => () => ({ args: [file, ...extra], cwd: INPUTS });
const malformed = (line: number, message: RegExp): ExpectedFinding => ({ ruleId: 'malformed-rbac', line, message });
const nodesProxy = (line: number): ExpectedFinding => ({ ruleId: 'nodes-proxy', line, message: /^ClusterRole scraper grants get on nodes\/proxy/ });

/** The missing-dependency stderr of helm (pkg/action/dependency.go CheckDependencies). */
const MISSING_DEP = 'echo "Error: found in Chart.yaml, but missing in charts/ directory: sub" >&2; exit 1';

const ROWS: Row[] = [
  // ---------------------------------------------------------------- helm renders (real helm)
  {
    input: 'chart: template syntax error',
    why: 'helm text/template parse error; docs/design.md#commands-targets-and-exit-codes one line naming the chart',
    make: (d) => ({ args: [chart(join(d, 'tpl-syntax'), 'tpl-syntax', { 'templates/a.yaml': 'a: {{ .Values.x \n' }).slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /^tpl-syntax: parse error at \(tpl-syntax\/templates\/a\.yaml:2\): unclosed action/ },
  },
  {
    input: 'chart: YAML error in a template',
    why: 'helm releaseutil: "YAML parse error on <template>" (helm refuses the render)',
    make: (d) => ({ args: [chart(join(d, 'yaml-error'), 'yaml-error', { 'templates/cm.yaml': lines('apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: x', 'data:', '  a: b: c') }).slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /^yaml-error: YAML parse error on yaml-error\/templates\/cm\.yaml: .*line 6: mapping values are not allowed/ },
  },
  {
    input: 'chart: `required` value missing',
    why: 'helm sprig `required`: "execution error at (<template>:<line>:<col>): <message>"',
    make: (d) => ({ args: [chart(join(d, 'required'), 'required', { 'templates/a.yaml': 'a: {{ required "x is required" .Values.x }}\n' }).slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /^required: execution error at \(required\/templates\/a\.yaml:1:\d+\): x is required$/ },
  },
  {
    input: 'chart: missing dependency',
    why: 'docs/design.md#commands-targets-and-exit-codes: "a missing dependency is exit 2 with that advice" (helm dependency build)',
    make: (d) => ({
      args: [chart(join(d, 'needs dep'), 'needsdep', { 'templates/cm.yaml': lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}') }, 'dependencies:\n  - name: sub\n    version: 0.1.0\n    repository: file://../sub\n').slice(d.length + 1)],
      helm: HELM,
    }),
    outcome: { exit: 2, error: /^needs dep: chart dependencies are missing from charts\/ \(sub\): run `helm dependency build 'needs dep'` \(or pass --dependency-build\)$/ },
  },
  {
    input: 'chart: --dependency-build with a repository that does not exist',
    why: 'helm dependency build fails; its error names the missing directory',
    make: (d) => ({
      args: [chart(join(d, 'dep-nowhere'), 'depnowhere', { 'templates/cm.yaml': lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}') }, 'dependencies:\n  - name: sub\n    version: 0.1.0\n    repository: file://../nowhere\n').slice(d.length + 1), '--dependency-build'],
      helm: HELM,
    }),
    outcome: { exit: 2, error: /^dep-nowhere: helm dependency build failed: .*nowhere.* not found$/ },
  },
  {
    input: 'chart: empty render',
    why: 'docs/design.md#commands-targets-and-exit-codes: "A chart that renders no objects at all is an error (exit 2), never a silent green"',
    make: (d) => ({ args: [chart(join(d, 'empty'), 'empty', { 'templates/a.yaml': '{{- if .Values.on }}\na: 1\n{{- end }}\n' }).slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /^empty: the chart rendered no objects/ },
  },
  {
    input: 'chart: renders only `null` documents',
    why: 'helm accepts null documents; no Kubernetes object at all is the empty-render case (docs/design.md#commands-targets-and-exit-codes)',
    make: (d) => ({ args: [chart(join(d, 'nulls'), 'nulls', { 'templates/n.yaml': 'null\n' }).slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /^nulls: no Kubernetes object in its 1 document; its documents are null or empty Lists$/ },
  },
  {
    input: 'chart: 300-deep nesting that helm accepts (go-yaml allows 10000)',
    why: 'parse MAX_DEPTH 256 (src/parse/yaml-options.ts); named as chart: template:line (rendered line)',
    make: (d) => ({ args: [chart(join(d, 'deep-chart'), 'deep-chart', { 'templates/cm.yaml': deepFlow(300) }).slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /^deep-chart: templates\/cm\.yaml:5 \(rendered line 7\): document 1: YAML nested deeper than 256 levels$/ },
  },
  {
    input: 'chart: broken Chart.yaml',
    why: 'Chart.yaml must be YAML (helm chartutil.LoadChartfile); named as <chart>/Chart.yaml',
    make: (d) => {
      write(join(d, 'bad-meta', 'Chart.yaml'), 'apiVersion: v2\nname: [bad\n');
      return { args: ['bad-meta'], helm: HELM };
    },
    outcome: { exit: 2, error: /^bad-meta\/Chart\.yaml: not valid YAML: / },
  },
  {
    input: 'chart: Chart.yaml that cannot be read (symlink to /proc/self/mem)',
    why: 'docs/design.md#robustness every input that cannot be processed is named',
    make: (d) => {
      link('/proc/self/mem', join(d, 'unreadable-chart', 'Chart.yaml'));
      return { args: ['unreadable-chart'], helm: HELM };
    },
    outcome: { exit: 2, error: /^unreadable-chart\/Chart\.yaml: cannot read file$/ },
  },
  {
    input: 'packaged chart: .tgz that is not gzip',
    why: 'docs/design.md#commands-targets-and-exit-codes packaged chart targets; the archive is named',
    make: (d) => ({ args: [write(join(d, 'broken.tgz'), 'this is not gzip').slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /^broken\.tgz: not a readable chart archive \(/ },
  },
  {
    input: 'packaged chart: .tgz without <name>/Chart.yaml',
    why: 'helm package layout: <name>/Chart.yaml at the top of the archive',
    make: (d) => {
      write(join(d, 'pkg-src', 'readme.txt'), 'no chart here\n');
      createTar({ gzip: true, file: join(d, 'nochart.tgz'), cwd: join(d, 'pkg-src'), sync: true }, ['readme.txt']);
      return { args: ['nochart.tgz'], helm: HELM };
    },
    outcome: { exit: 2, error: /^nochart\.tgz: not a packaged chart \(no <name>\/Chart\.yaml inside\)$/ },
  },
  // ---------------------------------------------------------------- helm itself
  {
    input: 'helm not found (--helm pointing nowhere)',
    why: 'docs/design.md#commands-targets-and-exit-codes --helm / HELM_BIN; helm-missing advice',
    make: (d) => ({ args: [chart(join(d, 'ok'), 'ok', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) }).slice(d.length + 1), '--helm', join(d, 'no-helm')] }),
    outcome: { exit: 2, error: /^helm not found or not executable \(.*\/no-helm\): install helm 3 or 4, or pass --helm <path> or set HELM_BIN$/ },
  },
  {
    input: 'helm that is not helm (--helm /bin/false)',
    why: 'the `helm version` probe fails: named as the binary, not as a chart failure',
    make: (d) => ({ args: [chart(join(d, 'ok'), 'ok', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) }).slice(d.length + 1), '--helm', '/bin/false'] }),
    outcome: { exit: 2, error: /^\/bin\/false does not work as helm \(`helm version`: helm exited with code 1 and printed no error\)$/ },
  },
  {
    input: 'helm template that hangs (--timeout 1)',
    why: 'docs/design.md#robustness "A timeout bounds each render"',
    make: (d) => ({ args: [chart(join(d, 'slow'), 'slow', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) }).slice(d.length + 1), '--timeout', '1'], helm: fakeHelm(d, 'sleepy-helm', 'exec sleep 30') }),
    outcome: { exit: 2, error: /^slow: helm template did not finish within 1 s \(render timeout\)$/ },
    maxMs: 10_000,
    after: stopped('sleepy-helm'),
  },
  {
    input: 'helm dependency build that hangs (--dependency-build --timeout 1)',
    why: 'docs/design.md#robustness timeout; docs/design.md#commands-targets-and-exit-codes --dependency-build',
    make: (d) => ({
      args: [chart(join(d, 'slow-dep'), 'slowdep', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) }).slice(d.length + 1), '--dependency-build', '--timeout', '1'],
      helm: fakeHelm(d, 'dep-helm', `if [ "$1" = template ]; then ${MISSING_DEP}; fi\nexec sleep 30`),
    }),
    outcome: { exit: 2, error: /^slow-dep: helm dependency build did not finish within 1 s$/ },
    maxMs: 10_000,
    after: stopped('dep-helm'),
  },
  {
    input: 'remote chart: helm pull fails',
    why: 'docs/design.md#commands-targets-and-exit-codes repo/chart with --version; the reference is named',
    make: (d) => ({ args: ['nope/chart', '--version', '1.0.0'], helm: fakeHelm(d, 'pull-helm', 'echo "Error: repo nope not found" >&2; exit 1') }),
    outcome: { exit: 2, error: /^nope\/chart: helm pull failed: repo nope not found$/ },
  },
  {
    input: 'remote chart: helm pull hangs (--timeout 1)',
    why: 'docs/design.md#robustness timeout',
    make: (d) => ({ args: ['nope/chart', '--version', '1.0.0', '--timeout', '1'], helm: fakeHelm(d, 'pull-sleep', 'exec sleep 30') }),
    outcome: { exit: 2, error: /^nope\/chart: helm pull did not finish within 1 s$/ },
    maxMs: 10_000,
    after: stopped('pull-sleep'),
  },
  {
    input: 'remote chart: helm pull writes no archive',
    why: 'nothing silently skipped (docs/design.md#robustness)',
    make: (d) => ({ args: ['nope/chart', '--version', '1.0.0'], helm: fakeHelm(d, 'pull-nothing', 'exit 0') }),
    outcome: { exit: 2, error: /^nope\/chart: helm pull did not produce a chart archive$/ },
  },
  // ---------------------------------------------------------------- paths
  {
    input: 'nonexistent path',
    why: 'docs/design.md#commands-targets-and-exit-codes errors name the file',
    make: () => ({ args: ['no-such-chart'] }),
    outcome: { exit: 2, error: /^no-such-chart: no such file or directory$/ },
  },
  {
    input: 'repo/chart without --version',
    why: 'docs/design.md#commands-targets-and-exit-codes remote refs need --version',
    make: () => ({ args: ['bitnami/nginx'] }),
    outcome: { exit: 2, error: /^bitnami\/nginx: no such file or directory \(a chart repository reference needs --version\)$/ },
  },
  {
    input: 'empty path argument',
    why: 'an empty argument is not the current directory',
    make: () => ({ args: [''] }),
    outcome: { exit: 2, error: /^"": empty path$/ },
  },
  {
    input: 'path through a file (ENOTDIR)',
    why: 'stat errors other than ENOENT are named with their code',
    make: (d) => ({ args: [`${write(join(d, 'file.yaml'), 'x: 1\n').slice(d.length + 1)}/inside.yaml`] }),
    outcome: { exit: 2, error: /^file\.yaml\/inside\.yaml: cannot access \(ENOTDIR\)$/ },
  },
  {
    input: 'directory passed as a manifest (dir.yaml/)',
    why: 'simulates an unreadable manifest as root; a directory must hold charts',
    make: (d) => {
      mkdirSync(join(d, 'dir.yaml'));
      return { args: ['dir.yaml'] };
    },
    outcome: { exit: 2, error: /^dir\.yaml: no Chart\.yaml in or below this directory$/ },
  },
  {
    input: 'broken symlink',
    why: 'simulates an unreadable manifest as root',
    make: (d) => ({ args: [link(join(d, 'gone.yaml'), join(d, 'broken.yaml')).slice(d.length + 1)] }),
    outcome: { exit: 2, error: /^broken\.yaml: no such file or directory$/ },
  },
  {
    input: 'unreadable manifest (symlink to /proc/self/mem: read fails with EIO even for root)',
    why: 'docs/design.md#robustness every input that cannot be processed is named',
    make: (d) => ({ args: [link('/proc/self/mem', join(d, 'unreadable.yaml')).slice(d.length + 1)] }),
    outcome: { exit: 2, error: /^unreadable\.yaml: cannot read file$/ },
  },
  {
    input: 'FIFO whose writer sends broken YAML',
    why: 'pipes are manifests (`<(helm template …)`); the pipe is named with the line',
    make: (d) => {
      const fifo = join(d, 'fifo.yaml');
      execFileSync('mkfifo', [fifo]);
      return { args: ['fifo.yaml'], writer: () => spawn('sh', ['-c', `printf 'kind: [\\n' > '${fifo}'`]) };
    },
    outcome: { exit: 2, error: /^fifo\.yaml:\d+: document 1: YAML syntax error: / },
  },
  {
    input: 'file that is neither chart nor manifest (notes.txt)',
    why: 'docs/design.md#commands-targets-and-exit-codes target kinds',
    make: committed('notes.txt'),
    outcome: { exit: 2, error: /^notes\.txt: not a chart directory, packaged chart \(\.tgz\) or manifest \(\.yaml, \.yml, \.json\)$/ },
  },
  {
    input: 'empty manifest (only --- and comments)',
    why: 'docs/design.md#commands-targets-and-exit-codes never a silent green',
    make: committed('comments-only.yaml'),
    outcome: { exit: 2, error: /^comments-only\.yaml: no YAML documents \(the file is empty\)$/ },
  },
  {
    input: 'empty stdin',
    why: 'docs/design.md#commands-targets-and-exit-codes never a silent green',
    make: () => ({ args: ['-'], stdin: '' }),
    outcome: { exit: 2, error: /^<stdin>: no YAML documents \(the file is empty\)$/ },
  },
  // ---------------------------------------------------------------- hostile YAML
  {
    input: 'binary garbage (4 KiB of seeded random bytes, NULs, invalid UTF-8)',
    why: 'docs/design.md#robustness never a crash; unreadable YAML is named with its line',
    make: (d) => ({ args: [write(join(d, 'garbage.yaml'), garbageBytes(4096)).slice(d.length + 1)] }),
    outcome: { exit: 2, error: /^garbage\.yaml:\d+: document \d+: YAML (syntax error|could not be read)/ },
  },
  {
    input: 'binary garbage on stdin (decoded as UTF-8: one long plain scalar)',
    why: 'docs/design.md#robustness; stdin is named <stdin>; a scalar is no Kubernetes object',
    make: () => ({ args: ['-'], stdin: Buffer.from(garbageBytes(4096, 7)).toString('utf8') }),
    outcome: { exit: 2, error: /^<stdin>: no Kubernetes object in its 1 document; <stdin>:1: document 1 is not a mapping \(it is a string\)/ },
  },
  {
    input: 'YAML syntax error',
    why: 'kubectl/helm refuse the whole input; exit 2 naming file:line',
    make: committed('syntax-error.yaml'),
    outcome: { exit: 2, error: /^syntax-error\.yaml:6: document 1: YAML syntax error: Nested mappings are not allowed in compact mappings$/ },
  },
  {
    input: 'YAML syntax error in the binding after a nodes/proxy role',
    why: 'nothing silently lost: the broken binding could bind the role to anyone',
    make: committed('syntax-error-after-role.yaml'),
    outcome: { exit: 2, error: /^syntax-error-after-role\.yaml:15: document 2: YAML syntax error: / },
  },
  {
    input: 'two unreadable documents',
    why: 'the first is named, the rest counted',
    make: committed('two-unreadable.yaml'),
    outcome: { exit: 2, error: /^two-unreadable\.yaml:\d+: document 1: YAML syntax error: .* \(and 1 more unreadable document\)$/ },
  },
  {
    input: 'YAML alias bomb (billion laughs)',
    why: 'docs/design.md#robustness bounded alias expansion; go-yaml: "document contains excessive aliasing"',
    make: (d) => ({ args: [write(join(d, 'bomb.yaml'), aliasBomb()).slice(d.length + 1)] }),
    outcome: { exit: 2, error: /^bomb\.yaml:1: document 1: YAML aliases expand too much \(more than 100; a "billion laughs" document\?\)$/ },
    maxMs: 10_000,
  },
  {
    input: 'flow sequences 5000 deep',
    why: 'docs/design.md#robustness deeply nested documents; parse MAX_DEPTH 256',
    make: (d) => ({ args: [write(join(d, 'deep-flow.yaml'), deepFlow(5000)).slice(d.length + 1)] }),
    outcome: { exit: 2, error: /^deep-flow\.yaml:5: document 1: YAML nested deeper than 256 levels$/ },
  },
  {
    input: 'block mappings 5000 deep in a ClusterRole',
    why: 'docs/design.md#robustness deeply nested documents; parse MAX_DEPTH 256',
    make: (d) => ({ args: [write(join(d, 'deep-block.yaml'), deepBlock(5000)).slice(d.length + 1)] }),
    outcome: { exit: 2, error: /^deep-block\.yaml:\d+: document 1: YAML nested deeper than 256 levels$/ },
  },
  {
    input: '10 MB single-line document (annotation) on a nodes/proxy role',
    why: 'docs/design.md#robustness huge documents are handled: the grant is still found',
    make: (d) => ({ args: [write(join(d, 'huge-scalar.yaml'), hugeScalarRole(TEN_MB)).slice(d.length + 1)] }),
    outcome: { exit: 1, findings: [nodesProxy(9)] },
  },
  {
    input: `10 MB ConfigMap (${HUGE_KEYS} keys), then a nodes/proxy role`,
    why: 'docs/design.md#robustness huge documents; docs/design.md#performance only relevant documents fully parsed',
    make: (d) => ({ args: [write(join(d, 'huge-lines.yaml'), hugeConfigMap(HUGE_KEYS)).slice(d.length + 1)] }),
    outcome: { exit: 1, findings: [nodesProxy(HUGE_KEYS + 13)] },
  },
  {
    input: 'duplicate keys in a ClusterRole',
    why: 'sigs.k8s.io/yaml keeps the last value (kubernetes/kubernetes#89303); reported as malformed-rbac',
    make: committed('duplicate-keys-rbac.yaml'),
    outcome: { exit: 0, findings: [malformed(2, /^ClusterRole last: document 1: duplicate key "name"; the last value is used/)] },
  },
  {
    input: 'duplicate keys in a ConfigMap',
    why: 'a warning naming file:line; the rest is analysed',
    make: committed('duplicate-keys-configmap.yaml'),
    outcome: { exit: 1, findings: [nodesProxy(15)], warnings: [/^duplicate-keys-configmap\.yaml:7: document 1: duplicate key "a"; the last value is used/] },
  },
  {
    input: 'BOM and CRLF',
    why: 'docs/design.md#robustness BOM, CRLF: line numbers unchanged',
    make: (d) => ({ args: [write(join(d, 'bom-crlf.yaml'), `\uFEFF${NODES_PROXY_ROLE.join('\r\n')}\r\n`).slice(d.length + 1)] }),
    outcome: { exit: 1, findings: [nodesProxy(7)] },
  },
  {
    input: 'tabs as indentation',
    why: 'YAML 1.2 §6.1 forbids tabs in indentation; exit 2 naming file:line',
    make: committed('tabs-indentation.yaml'),
    outcome: { exit: 2, error: /^tabs-indentation\.yaml:4: document 1: YAML syntax error: Tabs are not allowed as indentation$/ },
  },
  {
    input: 'tabs inside a block scalar (alloy-1.5.2 config.alloy)',
    why: 'tabs are content there; the role after it is analysed',
    make: committed('tabs-in-block-scalar.yaml'),
    outcome: { exit: 1, findings: [nodesProxy(17)] },
  },
  {
    input: 'only non-mapping documents (string, sequence, number)',
    why: 'no Kubernetes object at all: an error, never "No findings" (docs/design.md#commands-targets-and-exit-codes, docs/design.md#robustness)',
    make: committed('non-mapping-only.yaml'),
    outcome: { exit: 2, error: /^non-mapping-only\.yaml: no Kubernetes object in its 3 documents; non-mapping-only\.yaml:1: document 1 is not a mapping \(it is a string\)/ },
  },
  {
    input: 'non-mapping and kind-less documents among real objects',
    why: 'each named in a warning; the objects are analysed',
    make: committed('non-mapping-among-objects.yaml'),
    outcome: {
      exit: 1,
      findings: [nodesProxy(9)],
      warnings: [/^non-mapping-among-objects\.yaml:1: document 1 is not a mapping \(it is a string\)/, /^non-mapping-among-objects\.yaml:12: document 3 has no string apiVersion and kind/],
    },
  },
  {
    input: 'only null documents',
    why: 'kubectl apply: "no objects passed to apply"; docs/design.md#commands-targets-and-exit-codes never a silent green',
    make: committed('null-documents.yaml'),
    outcome: { exit: 2, error: /^null-documents\.yaml: no Kubernetes object in its 2 documents; its documents are null or empty Lists$/ },
  },
  {
    input: 'kind: List with bad items',
    why: 'kubectl unwraps Lists (apimachinery meta.IsListType); bad items named, RBAC items analysed',
    make: committed('list-bad-items.yaml'),
    outcome: {
      exit: 0,
      findings: [malformed(10, /^Role in-list: rules must be a list, got a mapping/)],
      warnings: [
        /^list-bad-items\.yaml:4: document 1, item 0 of List, is not a mapping \(it is a number\)/,
        /^list-bad-items\.yaml:5: document 1, item 1 of List, is not a mapping \(it is null\)/,
        /^list-bad-items\.yaml:6: document 1, item 2 of List, has no string apiVersion/,
      ],
    },
  },
  {
    input: 'kind: List whose items is not a list',
    why: 'named in a warning; the other documents are analysed',
    make: committed('list-items-not-a-list.yaml'),
    outcome: { exit: 1, findings: [nodesProxy(11)], warnings: [/^list-items-not-a-list\.yaml:3: document 1: items of List is not a list$/] },
  },
  // ---------------------------------------------------------------- RBAC of the wrong shape
  {
    input: 'verbs: get (a string, not a list)',
    why: 'rbac/v1 PolicyRule.Verbs []string does not decode a string',
    make: committed('rbac-verbs-string.yaml'),
    outcome: { exit: 0, findings: [malformed(8, /^ClusterRole reader: rules\.0\.verbs must be a list of strings, got string "get"/)] },
  },
  {
    input: 'rules: {}',
    why: 'rbac/v1 Role.Rules []PolicyRule does not decode a mapping',
    make: committed('rbac-rules-mapping.yaml'),
    outcome: { exit: 0, findings: [malformed(5, /^ClusterRole reader: rules must be a list, got a mapping/)] },
  },
  {
    input: 'missing roleRef',
    why: 'validation.go ValidateClusterRoleBinding: roleRef.name Required',
    make: committed('rbac-missing-roleref.yaml'),
    outcome: { exit: 0, findings: [malformed(2, /^ClusterRoleBinding binding: roleRef is required/)] },
  },
  {
    input: 'unknown subject kind',
    why: 'validation.go ValidateRoleBindingSubject: kind must be ServiceAccount, User or Group',
    make: committed('rbac-unknown-subject-kind.yaml'),
    outcome: { exit: 0, findings: [malformed(11, /^RoleBinding binding: subjects\.0\.kind "Robot" is not ServiceAccount, User or Group/)] },
  },
  {
    input: 'subjects: "x"',
    why: 'rbac/v1 Subjects []Subject does not decode a string',
    make: committed('rbac-subjects-string.yaml'),
    outcome: { exit: 0, findings: [malformed(9, /^ClusterRoleBinding binding: subjects must be a list, got string "x"/)] },
  },
  {
    input: 'numbers as names (metadata, roleRef, subject)',
    why: 'ObjectMeta.Name, RoleRef.Name, Subject.Name are strings: `name: 7` does not decode',
    make: committed('rbac-numbers-as-names.yaml'),
    outcome: {
      exit: 0,
      findings: [
        malformed(4, /^RoleBinding 7: metadata\.name must be a string, got number 7/),
        malformed(5, /^RoleBinding 7: metadata\.namespace must be a string, got number 8/),
        malformed(9, /^RoleBinding 7: roleRef\.name must be a string, got number 9/),
        malformed(12, /^RoleBinding 7: subjects\.0\.name must be a string, got number 10/),
      ],
    },
  },
  {
    input: 'null everywhere',
    why: 'validation.go: metadata.name and roleRef required; a null rule is not a PolicyRule',
    make: committed('rbac-null-everywhere.yaml'),
    outcome: {
      exit: 0,
      findings: [
        malformed(4, /^ClusterRoleBinding \(unnamed\): ClusterRoleBinding has no metadata\.name/),
        malformed(5, /^ClusterRoleBinding \(unnamed\): roleRef is required/),
        malformed(13, /^ClusterRole nulls: rules\.0 must be a mapping, got null/),
        malformed(14, /^ClusterRole nulls: rules\[1\]\.verbs: Required value: verbs must contain at least one value/),
      ],
    },
  },
  {
    input: 'metadata: "x"',
    why: 'ObjectMeta does not decode a string',
    make: committed('rbac-metadata-string.yaml'),
    outcome: { exit: 0, findings: [malformed(2, /^Role \(unnamed\): metadata must be a mapping, got string "x"/)] },
  },
  {
    input: 'resources: [1, true]',
    why: 'PolicyRule.Resources []string',
    make: committed('rbac-non-string-items.yaml'),
    outcome: {
      exit: 0,
      findings: [malformed(7, /^ClusterRole typed: rules\.0\.resources\[0\] must be a string, got number 1/), malformed(7, /^ClusterRole typed: rules\.0\.resources\[1\] must be a string, got boolean true/)],
    },
  },
  {
    input: 'ClusterRoleBinding to a Role',
    why: 'validation.go ValidateClusterRoleBinding: roleRef.kind must be ClusterRole',
    make: committed('rbac-roleref-wrong-kind.yaml'),
    outcome: { exit: 0, findings: [malformed(7, /^ClusterRoleBinding binding: roleRef\.kind must be ClusterRole in a ClusterRoleBinding/)] },
  },
  // ---------------------------------------------------------------- side inputs (values, config, baseline)
  {
    input: 'values file that does not exist (-f)',
    why: 'helm reads values files itself; its error names the file, ours the chart',
    make: (d) => ({ args: [chart(join(d, 'c'), 'c', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) }).slice(d.length + 1), '-f', 'nope.yaml'], helm: HELM }),
    outcome: { exit: 2, error: /^c: open nope\.yaml: no such file or directory$/ },
  },
  {
    input: '--set-file that does not exist',
    why: 'helm --set-file reads the file',
    make: (d) => ({ args: [chart(join(d, 'c'), 'c', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) }).slice(d.length + 1), '--set-file', 'x=nope.txt'], helm: HELM }),
    outcome: { exit: 2, error: /^c: failed parsing --set-file data: open nope\.txt: no such file or directory$/ },
  },
  {
    input: '--config that is not YAML',
    why: 'docs/design.md#commands-targets-and-exit-codes exit 2 for config errors, naming file:line',
    make: (d) => ({ args: ['rbac-verbs-string.yaml', '--config', write(join(d, 'bad-config.yaml'), 'rules: [\n')], cwd: INPUTS }),
    outcome: { exit: 2, error: /\/bad-config\.yaml:2: / },
  },
  {
    input: '--baseline that does not exist',
    why: 'docs/design.md#commands-targets-and-exit-codes --baseline; advice to create it',
    make: () => ({ args: ['rbac-verbs-string.yaml', '--baseline', 'no-baseline.json'], cwd: INPUTS }),
    outcome: { exit: 2, error: /^no-baseline\.json: baseline file not found \(create it with --write-baseline\)$/ },
  },
  {
    input: '--baseline that is not JSON',
    why: 'docs/design.md#commands-targets-and-exit-codes config errors are exit 2 naming the file',
    make: (d) => ({ args: ['rbac-verbs-string.yaml', '--baseline', write(join(d, 'bad-baseline.json'), '{\n')], cwd: INPUTS }),
    outcome: { exit: 2, error: /\/bad-baseline\.json: not valid JSON: / },
  },
  // ---------------------------------------------------------------- diff --git-base inputs
  {
    input: 'diff --git-base outside a git repository',
    why: 'src/render/git.ts: the directory is named',
    make: (d) => ({ args: ['diff', '--git-base', 'main', chart(join(d, 'c'), 'c', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) }).slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /: not a git repository \(/ },
  },
  {
    input: 'diff --git-base with a ref that looks like an option (-x)',
    why: 'refs starting with - are refused, never passed to git',
    make: (d) => ({ args: ['diff', '--git-base=-x', chart(join(d, 'c'), 'c', { 'templates/r.yaml': lines(...NODES_PROXY_ROLE) }).slice(d.length + 1)], helm: HELM }),
    outcome: { exit: 2, error: /^-x: not a git ref$/ },
  },
];

async function run(row: Row, dir: string) {
  const inv = row.make(dir);
  const args = row.outcome.exit === 2 ? inv.args : [...inv.args, '--format', 'json'];
  const writer = inv.writer?.();
  try {
    return await runCli(args, { cwd: inv.cwd ?? dir, stdin: inv.stdin, helm: inv.helm, env: { TMPDIR: dir } });
  } finally {
    writer?.kill();
  }
}

describe('bad-input corpus: every input has its outcome (exit code, one named line or findings), no stack, no hang', () => {
  it.each(ROWS.map((r, i) => ({ ...r, n: i })))(
    '$input',
    async (row) => {
      const dir = join(ROOT_DIR, `row-${row.n}`);
      mkdirSync(dir, { recursive: true });
      const started = Date.now();
      const r = await run(row, dir);
      expect(Date.now() - started, 'never a hang').toBeLessThan(row.maxMs ?? 20_000);
      expect(r.stderr, 'no stack trace without --debug').not.toMatch(/\n\s+at /);
      expect(r.code, r.stderr).toBe(row.outcome.exit);
      row.after?.(dir);
      const outcome = row.outcome;
      if (outcome.exit === 2) {
        expect(r.stderr, 'exactly one line').toMatch(/^helm-rbac-lint: [^\n]+\n$/);
        expect(r.stderr.slice('helm-rbac-lint: '.length).trimEnd()).toMatch(outcome.error);
        expect(r.stdout).toBe('');
        return;
      }
      const json = JSON.parse(r.stdout) as LintJson;
      for (const f of outcome.findings) {
        expect(json.findings).toContainEqual(expect.objectContaining({ ruleId: f.ruleId, source: expect.objectContaining({ line: f.line }), message: expect.stringMatching(f.message) }));
      }
      const warnings = r.stderr.split('\n').filter((l) => l.startsWith('helm-rbac-lint: warning: ')).map((l) => l.slice('helm-rbac-lint: warning: '.length));
      expect(warnings).toHaveLength(outcome.warnings?.length ?? 0);
      (outcome.warnings ?? []).forEach((w, i) => expect(warnings[i]).toMatch(w));
      expect(r.stderr.split('\n').filter((l) => l && !l.startsWith('helm-rbac-lint: warning: ')), 'nothing but warnings on stderr').toEqual([]);
    },
    60_000,
  );
});

describe('--debug', () => {
  // main() maps errors that are not LintErrors to "internal error" (src/cli/main.ts); a failing
  // stdin read is such an error, injected through the CliIO seam.
  async function internalError(args: string[]) {
    let stderr = '';
    const code = await main(args, {
      stdout: () => undefined,
      stderr: (t) => {
        stderr += t;
      },
      readStdin: () => Promise.reject(new TypeError('stdin exploded\nsecond line')),
      env: {},
      cwd: ROOT_DIR,
      stdoutIsTTY: false,
      stderrIsTTY: false,
    });
    return { code, stderr };
  }

  it.each([
    { args: ['lint', '-'], stack: false, why: 'one line and a hint, no stack (docs/design.md#commands-targets-and-exit-codes)' },
    { args: ['lint', '-', '--debug'], stack: true, why: '--debug adds the stack (docs/design.md#commands-targets-and-exit-codes "no stack trace unless --debug")' },
    { args: ['--debug', 'lint', '-'], stack: true, why: '--debug before the command works too' },
  ])('an internal error: $why', async ({ args, stack }) => {
    const r = await internalError(args);
    expect(r.code).toBe(2);
    const [first, ...rest] = r.stderr.split('\n');
    expect(first).toBe(`helm-rbac-lint: internal error: stdin exploded | second line${stack ? '' : ' (run with --debug for details)'}`);
    if (stack) expect(rest.join('\n')).toMatch(/^TypeError: stdin exploded\nsecond line\n\s+at /);
    else expect(rest.join('')).toBe('');
  });

  it('a LintError with --debug keeps its one line first, then the stack', async () => {
    const r = await runCli(['lint', join(INPUTS, 'syntax-error.yaml'), '--debug'], { cwd: INPUTS });
    expect(r.code).toBe(2);
    expect(r.stderr.split('\n')[0]).toMatch(/^helm-rbac-lint: .*syntax-error\.yaml:6: document 1: YAML syntax error/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });
});

describe('program options are positional (src/cli/main.ts enablePositionalOptions)', () => {
  // `--version <v>` is a render option of every command (docs/design.md#commands-targets-and-exit-codes, remote charts); before the
  // fix `lint repo/chart --version 1.2.3` printed the tool version and exited 0, linting nothing.
  it.each([['--version'], ['-V']])('%s alone prints the tool version', async (flag) => {
    const r = await runCli([flag]);
    expect(r).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('lint --version <v> before the target is the chart version', async () => {
    const dir = join(ROOT_DIR, 'positional');
    mkdirSync(dir, { recursive: true });
    const r = await runCli(['lint', '--version', '1.0.0', 'nope/chart'], { cwd: dir, helm: fakeHelm(dir, 'pull-helm', 'echo "Error: repo nope not found" >&2; exit 1') });
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'helm-rbac-lint: nope/chart: helm pull failed: repo nope not found\n' });
  });
});
