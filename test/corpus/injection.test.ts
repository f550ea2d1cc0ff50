// Injection (docs/design.md#robustness): "helm is invoked through execa with an argument array — never a
// shell; chart paths with spaces, quotes or `$(…)` are just paths"; "Markdown, annotations and
// SARIF escape chart-controlled strings (no comment or workflow-command injection)"; and the
// terminal never receives a chart's control characters raw (src/report/sanitize.ts).
// Everything runs through the real CLI (main, in-process) and the real helm.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { runCli } from '../support/cli.js';
import type { LintJson } from '../support/cli.js';
import { schemaErrors } from '../report/sarif-validate.js';
import { NODES_PROXY_ROLE, chart, lines, scratch, write } from './support.js';

const HELM = defaultHelm() ?? 'helm';
const DIR = scratch('hrl-injection-');
const MARK = `hrl-pwned-${process.pid}`;

/** A helm that logs each invocation's argv (NUL-separated, one file per call), then runs the real one. */
const logDir = join(DIR, 'helm-log');
const loggingHelm = write(
  join(DIR, 'logging-helm'),
  `#!/bin/sh\nmkdir -p '${logDir}'\nprintf '%s\\0' "$@" > '${logDir}'/call-$$\nexec '${HELM}' "$@"\n`,
  0o755,
);
function templateCalls(): string[][] {
  if (!existsSync(logDir)) return [];
  return readdirSync(logDir)
    .map((f) => readFileSync(join(logDir, f), 'utf8').split('\0').slice(0, -1))
    .filter((argv) => argv[0] === 'template');
}

const ROLE_TEMPLATE = lines(...NODES_PROXY_ROLE).replace('name: scraper', 'name: {{ .Release.Name }}-{{ .Values.suffix | default "none" }}');

describe('chart paths and values are plain arguments, never shell words or options', () => {
  // Each name would run a command or turn into an option if it went through a shell or were
  // passed before `--`. `/` inside `$(touch /tmp/…)` makes it a nested directory: still one path.
  const names = [
    'with space',
    `quo"te's`,
    `$(touch /tmp/${MARK}-1)`,
    `\`touch ${MARK}-2\``,
    '--set=x',
    '-n',
    `semi;colon&amp|pipe>${MARK}-3`,
    'tab\there',
  ];
  const markers = [`/tmp/${MARK}-1`, join(DIR, `${MARK}-2`), join(DIR, `${MARK}-3`)];

  it.each(names.flatMap((name) => [{ name, form: 'after --' }, { name, form: './ prefix' }]))('$name ($form)', async ({ name, form }) => {
    const dir = chart(join(DIR, name), 'c', { 'templates/role.yaml': ROLE_TEMPLATE });
    rmSync(logDir, { recursive: true, force: true });
    const target = form === 'after --' ? ['--', name] : [`./${name}`];
    const r = await runCli(['lint', '--format', 'json', ...target], { cwd: DIR, helm: loggingHelm });
    expect(r.code, r.stderr).toBe(1); // the chart's nodes/proxy role was rendered and found
    const json = JSON.parse(r.stdout) as LintJson;
    expect(json.targets[0]?.chart).toBe(form === 'after --' ? name : `./${name}`);
    expect(json.findings[0]?.object.name).toBe('c-none');
    // src/render/render-chart.ts templateArgs: options as --flag=value, then `--`, release, absolute chart dir.
    const [call] = templateCalls();
    expect(call?.slice(-3)).toEqual(['--', 'c', resolve(dir)]);
    for (const m of markers) expect(existsSync(m), m).toBe(false);
  });

  it('values files and --set values with shell syntax reach helm literally', async () => {
    chart(join(DIR, 'vals'), 'c', { 'templates/role.yaml': ROLE_TEMPLATE });
    const valuesName = `v,a"l $(touch ${MARK}-4).yaml`;
    write(join(DIR, valuesName), 'suffix: from-values\n');
    rmSync(logDir, { recursive: true, force: true });
    const fromFile = await runCli(['lint', '--format', 'json', 'vals', '-f', valuesName], { cwd: DIR, helm: loggingHelm });
    expect(fromFile.code, fromFile.stderr).toBe(1);
    expect((JSON.parse(fromFile.stdout) as LintJson).findings[0]?.object.name).toBe('c-from-values');
    // helm reads --values as one CSV record (pflag StringSlice): one quoted field is one file.
    expect(templateCalls()[0]).toContain(`--values="${valuesName.replace(/"/g, '""')}"`);
    const fromSet = await runCli(['lint', '--format', 'json', 'vals', '--set', `suffix=$(touch ${MARK}-5)`], { cwd: DIR, helm: loggingHelm });
    expect(fromSet.code, fromSet.stderr).toBe(1);
    expect((JSON.parse(fromSet.stdout) as LintJson).findings[0]?.object.name).toBe(`c-$(touch ${MARK}-5)`);
    for (const m of [`${MARK}-4`, `${MARK}-5`]) expect(existsSync(join(DIR, m))).toBe(false);
  });
});

// ---------------------------------------------------------------- output neutralisation

const ESC = '\u001b';
/** The payload every chart string below carries (YAML double-quoted escapes: \e ESC, \a BEL, \r CR). */
const PAYLOAD = String.raw`\e[2J<img src=x onerror=alert(1)>|` + '`x`' + String.raw`@octocat #123 </details><details><!-- %0A::error::pwned\r\a`;
const EVIL_TEMPLATE = String.raw`apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "${PAYLOAD}"
  labels: { "x\e[1m": "y|z" }
rules:
  - apiGroups: [""]
    resources: ["nodes/proxy"]
    verbs: ["get"]
    resourceNames: ["n|` + '`1`' + String.raw`<b>\e[31m", "a,b:c", "node-1"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: "bind\e]8;;http://evil/\ahere"
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: "${PAYLOAD}"
subjects:
  - kind: ServiceAccount
    name: "sa\e]8;;http://evil/\a|<x>"
    namespace: "ns@team #9"
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: "::warning file=x,line=1::boom\nline2\r\n::error::again %25 %0D"
  annotations:
    ignore-check.helm-rbac-lint.io/wildcard-grant: "ok </details><script>x</script> @admin \e[2J"
rules:
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["*"]
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: "cm\e[5m"
data:
  prometheus.yml: |
    scrape_configs:
      - job_name: "nodes <script>alert(1)</script>"
        relabel_configs:
          - target_label: __metrics_path__
            replacement: /api/v1/nodes/$1/proxy/metrics
`;

chart(join(DIR, 'evil'), 'evil', {
  // `,` `:` `%` and a space in the template path reach SARIF URIs and workflow-command properties.
  'templates/rbac a,b:c%0A.yaml': EVIL_TEMPLATE,
  // An ESC in a template file name reaches the warning about this kind-less document.
  [`templates/w${ESC}[2J.yaml`]: 'metadata:\n  name: nokind\n',
});
// The same chart name, so diff matches findings across the two (fingerprints include it).
chart(join(DIR, 'benign'), 'evil', { 'templates/cm.yaml': lines('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}') });

/** C0/C1 controls other than LF (TAB included: not needed in any output line). */
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

function checkMarkdown(md: string): void {
  expect(md).not.toMatch(RAW_CONTROL);
  // Only the formatters' own tags (src/report/markdown.ts, src/diff/format-markdown.ts `<br>`); nothing from the chart becomes HTML.
  const tags = new Set([...md.matchAll(/<\/?([A-Za-z][\w-]*)/g)].map((m) => (m[1] as string).toLowerCase()));
  expect([...tags].filter((t) => !['details', 'summary', 'code', 'br'].includes(t))).toEqual([]);
  expect(md.match(/<details[ >]/g)?.length ?? 0).toBe(md.match(/<\/details>/g)?.length ?? 0);
  expect(md).not.toContain('<!--');
  // No live mention or issue reference (GitHub links them in rendered text, not in code blocks
  // such as the mermaid graph, whose labels have their own escaping: src/report/mermaid.ts).
  const prose = md.replace(/^```[\s\S]*?^```/gm, '');
  expect(prose).not.toMatch(/@(octocat|admin|team)/);
  expect(prose).not.toMatch(/#(123|9)\b/);
  // Fences balanced; every table row has its header's column count.
  expect((md.match(/^```/gm)?.length ?? 0) % 2).toBe(0);
  let columns: number | null = null;
  for (const line of md.split('\n')) {
    if (!line.startsWith('|')) {
      columns = null;
      continue;
    }
    const cells = line.split('|').length;
    columns ??= cells;
    expect(cells, line).toBe(columns);
  }
  // Mermaid: node definitions and edges only; labels hold no quote that could end them.
  const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(md)?.[1];
  for (const line of mermaid?.split('\n').slice(1) ?? []) {
    expect(line).toMatch(/^ {2}n\d+(\(\["[^"]*"\]\)|\{\{"[^"]*"\}\}|\["[^"]*"\]|>"[^"]*"\]| -->(\|[^|"]*\|)? n\d+)$/);
  }
}

function checkGithub(out: string): void {
  expect(out).not.toMatch(RAW_CONTROL);
  const ls = out.trimEnd().split('\n');
  expect(ls.at(-1)).toMatch(/^helm-rbac-lint: \d+ critical/);
  for (const line of ls.slice(0, -1)) {
    // `::level props::message`: the first `::` after the properties ends them; properties are
    // `key=value` with `,` and `:` escaped (@actions/core escapeProperty).
    const m = /^::(error|warning|notice) ([^:]*)::/.exec(line);
    expect(m, line).not.toBeNull();
    for (const prop of (m?.[2] as string).split(',')) expect(prop).toMatch(/^(title|file|line)=[^,:]*$/);
  }
}

describe('chart strings are neutralised in every output', () => {
  it.each(['text', 'json', 'sarif', 'markdown', 'github'])('lint --format %s', async (format) => {
    const r = await runCli(['lint', 'evil', '--format', format], { cwd: DIR, helm: HELM });
    expect(r.code, r.stderr).toBe(1);
    // The kind-less document's warning names a template whose name carries ESC: made visible.
    expect(r.stderr).toMatch(/^helm-rbac-lint: warning: evil: templates\/w\\x1b\[2J\.yaml:1 \(rendered line \d+\): document \d+ has no string apiVersion and kind/);
    expect(r.stderr).not.toMatch(RAW_CONTROL);
    const out = r.stdout;
    switch (format) {
      case 'text':
        expect(out).not.toMatch(RAW_CONTROL);
        expect(out).toContain('ClusterRole \\x1b[2J<img src=x onerror=alert(1)>');
        break;
      case 'json': {
        // JSON is data: lossless, control characters escaped by JSON itself.
        expect(out).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
        const json = JSON.parse(out) as LintJson;
        expect(json.findings.map((f) => f.object.name)).toContain(`${ESC}[2J<img src=x onerror=alert(1)>|\`x\`@octocat #123 </details><details><!-- %0A::error::pwned\r\u0007`);
        break;
      }
      case 'sarif': {
        const sarif = JSON.parse(out) as { runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
        expect(schemaErrors(sarif)).toEqual([]);
        // RFC 3986 relative reference: space, `:` and `%` of the template path percent-encoded.
        expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe('evil/templates/rbac%20a,b%3Ac%250A.yaml');
        break;
      }
      case 'markdown':
        checkMarkdown(out);
        break;
      case 'github':
        checkGithub(out);
        expect(out).toContain('file=evil/templates/rbac a%2Cb%3Ac%250A.yaml,line=8::');
        break;
    }
  });

  it.each(['text', 'markdown', 'json'])('diff --format %s', async (format) => {
    const r = await runCli(['diff', 'benign', 'evil', '--format', format], { cwd: DIR, helm: HELM });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).not.toMatch(RAW_CONTROL); // src/cli/diff-command.ts warnings go through terminalLine
    if (format === 'text') expect(r.stdout).not.toMatch(RAW_CONTROL);
    if (format === 'markdown') checkMarkdown(r.stdout);
    if (format === 'json') expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it('an error line naming a hostile path carries no control characters (errors.ts oneLine)', async () => {
    const r = await runCli(['lint', `bad${ESC}[2J\rname\u0007`], { cwd: DIR });
    expect(r.code).toBe(2);
    // A CR splits lines like LF (shown as " | "); ESC and BEL are dropped.
    expect(r.stderr).toBe('helm-rbac-lint: bad[2J | name: no such file or directory\n');
  });
});
