import type { Command } from 'commander';
import { fix } from '../api/index.js';
import { usageError } from '../errors.js';
import { fixPatch, formatFixText } from '../report/fix.js';
import type { CliIO } from './io.js';
import { addRenderOptions, renderOptionsFrom } from './options.js';
import type { RawRenderOptions } from './options.js';

interface FixFlags extends RawRenderOptions {
  diff?: boolean;
  write?: boolean;
}

export function registerFix(program: Command, io: CliIO, setExit: (code: number) => void): void {
  const cmd = program
    .command('fix')
    .description('Write the change a maintainer would make for nodes/proxy, proven by rendering and diffing before it is proposed.')
    .argument('[chart]', 'a chart directory (default: .)', '.')
    .option('--diff', 'print the patch as a unified diff on stdout (the default); the explanation goes to stderr')
    .option('--write', 'apply the proven patch to the chart files in place');
  addRenderOptions(cmd, io.env);
  cmd.addHelpText(
    'after',
    `
For each nodes-proxy finding whose advice is proven by the rendered configuration, fix edits the
chart's own files (templates and values.yaml, never rendered output): the nodes/proxy line of the
role becomes the kubelet subresources the workload uses (gated on .Capabilities.KubeVersion when
they need Kubernetes 1.33 and the chart may run on older clusters), and the standard Prometheus
kubelet scrape jobs stop going through the API server's node proxy. The patch is proposed only
after the edited chart renders at the oldest and newest Kubernetes versions it may run on (or each
--kube-version) and its RBAC diff shows nodes/proxy gone, no kubelet path left without permission,
and nothing else changed. Everything it cannot rewrite is listed with the change to make by hand.

Exit codes: 0 a proven patch, nothing to do, or only changes by hand; 1 a change failed its proof
(no patch is printed); 2 usage or render error.

Examples:
  helm-rbac-lint fix ./charts/prometheus > nodes-proxy.patch && git apply nodes-proxy.patch
  helm-rbac-lint fix ./charts/prometheus --write
  helm-rbac-lint fix ./chart --kube-version 1.31.0 --kube-version 1.35.0`,
  );
  cmd.action(async (chart: string, flags: FixFlags) => {
    if (flags.diff && flags.write) throw usageError('--diff and --write are alternatives: give one');
    const run = await fix(chart, { render: renderOptionsFrom(flags, io), write: Boolean(flags.write) });
    const report = formatFixText(run);
    if (flags.write) io.stdout(report);
    else {
      io.stderr(report);
      io.stdout(fixPatch(run));
    }
    setExit(run.status === 'unproven' ? 1 : 0);
  });
}
