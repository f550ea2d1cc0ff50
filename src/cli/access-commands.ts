import type { Command } from 'commander';
import { Option } from 'commander';
import { canIAccess, canIList, modelOfTargets, requestFromArgs, subresourceHint, userInfoFor, whoCan, whoCanRequest, writeFileAtomic } from '../api/index.js';
import type { RbacModel } from '../api/index.js';
import { usageError } from '../errors.js';
import { WHO_CAN_FORMATTERS, formatContext, formatNames } from '../report/index.js';
import type { WhoCanFormat } from '../report/index.js';
import { terminalLine, terminalSafe } from '../report/sanitize.js';
import type { CliIO } from './io.js';
import { addRenderOptions, collect, renderOptionsFrom } from './options.js';
import type { RawRenderOptions } from './options.js';

function modelFor(targets: string[], flags: RawRenderOptions, io: CliIO, defaultBindings: boolean): Promise<RbacModel> {
  return modelOfTargets(targets.length ? targets : ['.'], renderOptionsFrom(flags, io), defaultBindings);
}

const NS_NOTE = 'namespace whose RoleBindings count, as kubectl -n (default: "default")';

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
  addRenderOptions(cmd, io.env);
  cmd.addHelpText(
    'after',
    `
The -n/--namespace option is both the render namespace and the ${NS_NOTE}.
By default the Kubernetes default bindings are included (every ClusterRoleBinding and RoleBinding of
the built-in policy of the render's Kubernetes version: system:basic-user, system:discovery,
system:node-proxier, …), so the output matches a live cluster; --as-group system:masters is always yes.

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
      const model = await modelFor(args, flags, io, !flags.chartOnly);
      const table = canIList(model, user, namespace, { noHeaders: flags.headers === false });
      // Byte-identical to kubectl in pipes; on a terminal, chart-controlled control characters are shown, not run.
      io.stdout(io.stdoutIsTTY ? terminalSafe(table) : table);
      setExit(0);
      return;
    }
    if (flags.headers === false) throw usageError('--no-headers cannot be set without --list specified');
    const [verb, what, ...targets] = args;
    if (!verb || !what) throw usageError('you must specify two arguments: verb resource or verb resource/resourceName (or use --list)');
    requestFromArgs(verb, what, flags.subresource, namespace); // usage errors before rendering
    const model = await modelFor(targets, flags, io, !flags.chartOnly);
    // Resolved against the API resources a cluster of the render's version serves.
    const { request, warnings } = requestFromArgs(verb, what, flags.subresource, namespace, { kubeVersion: model.kubeVersion });
    // kubectl's messages end in \n and its WarningPrinter adds another (cani.go, printers/warningprinter.go).
    for (const w of warnings) io.stderr(`Warning: ${terminalLine(w)}\n\n`);
    const hint = subresourceHint(what, flags.subresource);
    if (hint) io.stderr(`${terminalLine(hint)}\n`);
    const answer = canIAccess(model, user, request);
    if (!flags.quiet) io.stdout(answer.allowed ? 'yes\n' : `no${answer.reason ? ` - ${answer.reason}` : ''}\n`);
    setExit(answer.allowed ? 0 : 1);
  });
}

interface WhoCanFlags extends RawRenderOptions {
  subresource?: string;
  format: WhoCanFormat;
  output?: string;
  chartOnly?: boolean;
  defaults?: boolean;
}

export function registerWhoCan(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('who-can')
    .description('Every subject the chart lets perform an action, with the binding and role (and aggregated source role) that grant it.')
    .argument('<verb>', 'verb, e.g. get')
    .argument('<what>', 'TYPE[.group][/NAME] or /non-resource-url')
    .argument('[targets...]', 'chart dirs, manifests, - for stdin (default: .)')
    .option('--subresource <sub>', 'subresource, e.g. proxy')
    .addOption(new Option('-o, --format <format>', 'output format').choices(formatNames(WHO_CAN_FORMATTERS)).default('text'))
    .option('--output <file>', 'write to a file (atomically)')
    .option('--with-defaults', 'also count the Kubernetes default bindings of the built-in policy (system:authenticated, system:kube-proxy, the controllers …)');
  addRenderOptions(cmd, io.env);
  cmd.addHelpText(
    'after',
    `
For namespaced resources the request is checked in the -n/--namespace namespace.

Examples:
  helm-rbac-lint who-can get nodes --subresource proxy ./prometheus -n monitoring
  helm-rbac-lint who-can get secrets ./chart -n monitoring --format json`,
  );
  cmd.action(async (verb: string, what: string, targets: string[], flags: WhoCanFlags & { withDefaults?: boolean }) => {
    whoCanRequest(verb, what, flags.subresource, flags.namespace); // usage errors before rendering
    const model = await modelFor(targets, flags, io, Boolean(flags.withDefaults));
    const { request, warnings } = whoCanRequest(verb, what, flags.subresource, flags.namespace, model.kubeVersion);
    // -n is also the render namespace, so it is always set: say that it does not scope a
    // cluster-scoped resource only when the user gave it, and each warning once.
    const explicitNamespace = cmd.getOptionValueSource('namespace') === 'cli';
    for (const w of new Set(warnings)) if (explicitNamespace || !w.includes('not namespace scoped')) io.stderr(`Warning: ${terminalLine(w)}\n`);
    const hint = subresourceHint(what, flags.subresource);
    if (hint) io.stderr(`${terminalLine(hint)}\n`);
    const text = WHO_CAN_FORMATTERS[flags.format]({ request, entries: whoCan(model, request) }, formatContext());
    if (flags.output) writeFileAtomic(flags.output, text, io.cwd);
    else io.stdout(text);
    setExit(0);
  });
}
