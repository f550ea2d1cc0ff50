import type { Command } from 'commander';
import { Option } from 'commander';
import { renderTargets } from '../render/index.js';
import { parseRendered } from '../parse/index.js';
import { unprocessableInput } from '../engine/input-errors.js';
import { buildModel } from '../rbac/model.js';
import type { RbacModel } from '../rbac/model.js';
import { canIAccess, canIList } from '../rbac/can-i.js';
import { whoCan } from '../rbac/effective.js';
import type { WhoCanEntry } from '../rbac/effective.js';
import { resolveResourceArg } from '../rbac/resources.js';
import { subjectLabel, userInfoFor } from '../rbac/subjects.js';
import type { AuthzRequest, ParsedObject } from '../types.js';
import { usageError } from '../errors.js';
import { terminalLine, terminalSafe } from '../report/sanitize.js';
import type { CliIO } from './io.js';
import { writeFileAtomic } from './io.js';
import { addRenderOptions, collect, renderOptionsFrom } from './options.js';
import type { RawRenderOptions } from './options.js';

/** Renders the targets and builds one model from all of them, as if they were installed together. */
async function modelFor(targets: string[], flags: RawRenderOptions, io: CliIO, defaultBindings: boolean): Promise<RbacModel> {
  const renders = await renderTargets(targets, renderOptionsFrom(flags, io));
  const charts = new Set<string>();
  const objects: ParsedObject[] = [];
  for (const r of renders) {
    const key = r.target.chart ?? r.displayPath;
    if (charts.has(key) && r.target.render) throw usageError(`${key} renders more than once (${r.target.render}); give a single --kube-version and no --ci-values for this command`);
    charts.add(key);
    const parsed = parseRendered(r.text, { target: r.target.id, chartName: r.chartName, manifestFile: r.chartRoot ? null : r.displayPath });
    // The same rule as lint: a document we cannot read may hold RBAC, so no partial answer.
    const unprocessable = unprocessableInput(parsed, r.target);
    if (unprocessable) throw unprocessable;
    objects.push(...parsed.objects);
  }
  // Objects without metadata.namespace land in the -n namespace, as `helm install -n` / `kubectl apply -n` put them.
  return buildModel(objects, { defaultBindings, defaultNamespace: flags.namespace });
}

const NS_NOTE = 'namespace whose RoleBindings count, as kubectl -n (default: "default")';

/**
 * `VERB TYPE[.group][/NAME]` or `VERB /url` → an authorization request (kubectl can-i parsing).
 * `withPseudoResources` (who-can) also resolves RBAC-only names that kubectl cannot (signers).
 */
export function requestFromArgs(
  verb: string,
  what: string,
  subresource: string | undefined,
  namespace: string | undefined,
  options: { withPseudoResources?: boolean } = {},
): { request: AuthzRequest; warnings: string[] } {
  const warnings: string[] = [];
  if (what.startsWith('/')) {
    if (subresource) throw usageError('--subresource can not be used with NonResourceURL');
    return { request: { verb, path: what }, warnings };
  }
  const slash = what.indexOf('/');
  const type = slash < 0 ? what : what.slice(0, slash);
  const name = slash < 0 ? undefined : what.slice(slash + 1);
  const res = resolveResourceArg(type, options);
  if (res.warning) warnings.push(res.warning);
  if (res.namespaced === false && namespace) {
    warnings.push(res.group ? `resource '${res.resource}' is not namespace scoped in group '${res.group}'` : `resource '${res.resource}' is not namespace scoped`);
  }
  return {
    request: { verb, apiGroup: res.group, resource: res.resource, subresource: subresource ?? '', name: name ?? '', namespace: namespace ?? '' },
    warnings,
  };
}

interface CanIFlags extends RawRenderOptions {
  list?: boolean;
  as?: string;
  asGroup: string[];
  subresource?: string;
  allNamespaces?: boolean;
  chartOnly?: boolean;
  /** commander stores the negatable `--no-headers` as `headers: false`. */
  headers?: boolean;
  quiet?: boolean;
}

export function registerCanI(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('can-i')
    .description('What a subject may do once the chart is installed, printed exactly like `kubectl auth can-i` — offline.')
    .usage('--list --as <user> [TARGET...] | VERB TYPE[.group][/NAME] --as <user> [TARGET...] | VERB /url --as <user> [TARGET...]')
    .argument('[args...]', 'VERB and TYPE[/NAME] or /url (omit with --list), then targets (default: .)')
    .option('--list', 'list everything the subject may do (kubectl auth can-i --list)')
    .requiredOption('--as <user>', 'user to check, e.g. system:serviceaccount:monitoring:prometheus-server')
    .option('--as-group <group>', 'group to impersonate (repeatable); replaces the service-account groups, as in kubectl', collect, [])
    .option('--subresource <sub>', 'subresource, e.g. proxy or log')
    .option('-A, --all-namespaces', 'check in all namespaces (only ClusterRoleBindings count)')
    .option('--chart-only', 'leave out the Kubernetes default bindings every authenticated user gets')
    .option('--no-headers', 'with --list: no header row')
    .option('-q, --quiet', 'print nothing, only the exit code');
  addRenderOptions(cmd);
  cmd.addHelpText(
    'after',
    `
The -n/--namespace option is both the render namespace and the ${NS_NOTE}.
By default the Kubernetes default bindings are included (system:basic-user, system:discovery,
system:public-info-viewer, system:service-account-issuer-discovery), so the output matches a live cluster.

Examples:
  helm-rbac-lint can-i --list --as system:serviceaccount:monitoring:prometheus-server ./prometheus -n monitoring
  helm-rbac-lint can-i get nodes --subresource proxy --as system:serviceaccount:monitoring:prometheus-server ./prometheus -n monitoring
  helm-rbac-lint can-i get /metrics --as system:serviceaccount:monitoring:prometheus-server ./prometheus -n monitoring

Exit codes: 0 yes (or --list printed), 1 no, 2 usage or render error.`,
  );
  cmd.action(async (args: string[], flags: CanIFlags) => {
    const user = userInfoFor(flags.as ?? '', flags.asGroup);
    const namespace = flags.allNamespaces ? '' : flags.namespace;
    if (flags.list) {
      if (flags.quiet || flags.allNamespaces || flags.subresource) throw usageError("list option can't be specified with neither quiet, all-namespaces nor subresource options");
      const model = await modelFor(args.length ? args : ['.'], flags, io, !flags.chartOnly);
      const table = canIList(model, user, namespace, { noHeaders: flags.headers === false });
      // Byte-identical to kubectl in pipes; on a terminal, chart-controlled control characters are shown, not run.
      io.stdout(io.stdoutIsTTY ? terminalSafe(table) : table);
      setExit(0);
      return;
    }
    if (flags.headers === false) throw usageError('--no-headers cannot be set without --list specified');
    const [verb, what, ...targets] = args;
    if (!verb || !what) throw usageError('you must specify two arguments: verb resource or verb resource/resourceName (or use --list)');
    const { request, warnings } = requestFromArgs(verb, what, flags.subresource, namespace);
    const model = await modelFor(targets.length ? targets : ['.'], flags, io, !flags.chartOnly);
    // kubectl's messages end in \n and its WarningPrinter adds another (cani.go, printers/warningprinter.go).
    for (const w of warnings) io.stderr(`Warning: ${terminalLine(w)}\n\n`);
    const answer = canIAccess(model, user, request);
    if (!flags.quiet) io.stdout(answer.allowed ? 'yes\n' : `no${answer.reason ? ` - ${answer.reason}` : ''}\n`);
    setExit(answer.allowed ? 0 : 1);
  });
}

interface WhoCanFlags extends RawRenderOptions {
  subresource?: string;
  format: 'text' | 'json';
  output?: string;
  chartOnly?: boolean;
  defaults?: boolean;
}

export function whoCanJson(request: AuthzRequest, entries: readonly WhoCanEntry[]): string {
  return `${JSON.stringify(
    {
      schemaVersion: 1,
      request,
      subjects: entries.map((e) => ({
        subject: e.subject,
        binding: { kind: e.binding.kind, name: e.binding.name, namespace: e.binding.namespace, builtin: e.binding.builtin },
        role: { kind: e.role.kind, name: e.role.name, namespace: e.role.namespace, builtin: e.role.builtin },
        sourceRole: e.origin === e.role ? null : { kind: e.origin.kind, name: e.origin.name, namespace: e.origin.namespace },
        rule: e.rule,
      })),
    },
    null,
    2,
  )}\n`;
}

export function whoCanText(request: AuthzRequest, entries: readonly WhoCanEntry[]): string {
  const what = request.path ?? `${request.resource}${request.subresource ? `/${request.subresource}` : ''}${request.apiGroup ? `.${request.apiGroup}` : ''}${request.name ? ` ${request.name}` : ''}`;
  if (entries.length === 0) return `${terminalLine(`Nobody in the rendered chart may ${request.verb} ${what}.`)}\n`;
  const lines = [`Subjects that may ${request.verb} ${what}${request.namespace ? ` in namespace ${request.namespace}` : ''}:`];
  for (const e of entries) {
    const via = e.origin === e.role ? '' : ` (aggregated from ClusterRole ${e.origin.name})`;
    const binding = `${e.binding.kind} ${e.binding.namespace ? `${e.binding.namespace}/` : ''}${e.binding.name}`;
    lines.push(`  ${subjectLabel(e.subject)}  via ${binding} -> ${e.role.kind} ${e.role.name}${via}`);
  }
  // Each line on its own: a newline inside a subject or role name must not start a line.
  return `${lines.map(terminalLine).join('\n')}\n`;
}

export function registerWhoCan(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('who-can')
    .description('Every subject the chart lets perform an action, with the binding and role (and aggregated source role) that grant it.')
    .argument('<verb>', 'verb, e.g. get')
    .argument('<what>', 'TYPE[.group][/NAME] or /non-resource-url')
    .argument('[targets...]', 'chart dirs, manifests, - for stdin (default: .)')
    .option('--subresource <sub>', 'subresource, e.g. proxy')
    .addOption(new Option('-o, --format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--output <file>', 'write to a file (atomically)')
    .option('--with-defaults', 'also count the Kubernetes default bindings (system:authenticated …)');
  addRenderOptions(cmd);
  cmd.addHelpText(
    'after',
    `
For namespaced resources the request is checked in the -n/--namespace namespace.

Examples:
  helm-rbac-lint who-can get nodes --subresource proxy ./prometheus -n monitoring
  helm-rbac-lint who-can get secrets ./chart -n monitoring --format json`,
  );
  cmd.action(async (verb: string, what: string, targets: string[], flags: WhoCanFlags & { withDefaults?: boolean }) => {
    const { request: parsed, warnings } = requestFromArgs(verb, what, flags.subresource, flags.namespace, { withPseudoResources: true });
    const res = parsed.path === undefined ? resolveResourceArg(what.split('/')[0] ?? '', { withPseudoResources: true }) : null;
    // A cluster-scoped resource is requested with no namespace, as the API server does.
    const request: AuthzRequest = res && res.namespaced === false ? { ...parsed, namespace: '' } : parsed;
    const model = await modelFor(targets.length ? targets : ['.'], flags, io, Boolean(flags.withDefaults));
    for (const w of warnings.filter((x) => !x.includes('not namespace scoped'))) io.stderr(`Warning: ${terminalLine(w)}\n`);
    const entries = whoCan(model, request);
    const text = flags.format === 'json' ? whoCanJson(request, entries) : whoCanText(request, entries);
    if (flags.output) writeFileAtomic(flags.output, text, io.cwd);
    else io.stdout(text);
    setExit(0);
  });
}
