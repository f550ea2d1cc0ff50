// Conformance: our offline `can-i` against the REAL kubectl binary (1.35 and 1.31 from the dev
// dependencies) talking to a fake API server whose RBAC answers come from our model. Both sides
// start from the same rendered chart, so every byte of difference is in what kubectl does on
// the client (cani.go Complete/Validate/RunAccessCheck/printStatus, client-go RESTMapper and
// impersonation headers) versus what we do (src/cli/access-commands.ts, src/rbac/kubectl-print.ts).
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultHelm } from '../../../scripts/dev-helm.mjs';
import { devKubectl } from '../../../scripts/dev-kubectl.mjs';
import { renderTargets } from '../../../src/render/index.js';
import { parseRendered } from '../../../src/parse/index.js';
import { policyFor } from '../../../src/rbac/bootstrap.js';
import { buildModel } from '../../../src/rbac/model.js';
import type { RbacModel } from '../../../src/rbac/model.js';
import { FIXTURES, HAVE_SHARED, ROOT, runCli, SHARED_CHARTS } from '../../support/cli.js';
import { startFakeApiServer } from './fake-apiserver.js';
import { needs } from '../../support/outside.js';
import type { FakeApiServer } from './fake-apiserver.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const NS = 'monitoring';
const HELM = defaultHelm() ?? undefined;
const KUBECTLS = ([35, 31] as const).map((minor) => ({ label: `kubectl 1.${minor}`, bin: devKubectl(minor) })).filter((k): k is { label: string; bin: string } => k.bin !== null);
const HAVE_KUBECTL = needs(KUBECTLS.length > 0 && HELM !== undefined, 'kubectl conformance: no kubectl/helm dev binary for this platform (linux-amd64 only)');

interface Query {
  args: string[];
  /** Where kubectl's behaviour for this query comes from. */
  source: string;
}

// Queries every chart is asked; the answers differ per chart, the comparison does not.
const QUERIES: Query[] = [
  { args: ['--list'], source: 'cani.go RunAccessList + printStatus' },
  { args: ['--list', '--no-headers'], source: 'cani.go printStatus: NoHeaders skips printAccessHeaders' },
  { args: ['get', 'nodes', '--subresource', 'proxy'], source: 'cani.go Validate: cluster-scoped resource warns; RunAccessCheck sends -n' },
  { args: ['get', 'nodes/node-1', '--subresource', 'proxy'], source: 'cani.go Complete: TYPE/NAME split' },
  { args: ['get', 'no/node-2', '--subresource', 'proxy'], source: 'client-go restmapper shortcut expansion (no → nodes)' },
  { args: ['get', 'pods', '--subresource', 'proxy'], source: 'cani.go RunAccessCheck: namespaced resource, no warning' },
  { args: ['get', 'nodes', '--subresource', 'proxy', '-A'], source: 'cani.go Complete: --all-namespaces sends namespace ""' },
  { args: ['list', 'deployments.apps'], source: 'cani.go example "list deployments.apps"; resourceFor ParseResourceArg' },
  { args: ['get', '/healthz'], source: 'cani.go RunAccessCheck: NonResourceAttributes' },
  { args: ['get', '/openid/v1/jwks'], source: 'system:service-account-issuer-discovery (policy.go), bound to system:serviceaccounts' },
  { args: ['*', '*'], source: 'cani.go example "can-i \'*\' \'*\'"; resourceFor("*")' },
  { args: ['create', 'selfsubjectrulesreviews'], source: 'system:basic-user (policy.go); cluster-scoped warning in group' },
  { args: ['list', 'widgets.example.com'], source: 'cani.go resourceFor: unknown resource warns and is sent as written' },
  { args: ['impersonate', 'users'], source: 'cani.go nonStandardResourceNames: no warning' },
  { args: ['approve', 'signers.certificates.k8s.io'], source: 'signers is not in discovery: cani.go resourceFor warns and sends it as written' },
  { args: ['approve', 'signers.certificates.k8s.io/example.com/signer'], source: 'cani.go Complete: SplitN(arg, "/", 2) keeps the slash in the name' },
];

interface Subject {
  label: string;
  flags: string[];
  /** The queries asked; a subject that only checks impersonation needs the list alone. */
  queries: Query[];
}

const sa = (name: string): string => `system:serviceaccount:${NS}:${name}`;
// --as-group replaces the service-account groups (impersonation.go WithImpersonation), so the
// second subject loses the /openid rows only if the fake server reads kubectl's Impersonate-Group
// header, and the third (not a service account) gains them only if it reads both headers.
const subjectsFor = (name: string): Subject[] => [
  { label: `--as ${sa(name)}`, flags: ['--as', sa(name)], queries: QUERIES },
  { label: `--as ${sa(name)} --as-group team-a`, flags: ['--as', sa(name), '--as-group', 'team-a'], queries: QUERIES },
  {
    label: '--as alice --as-group team-a --as-group system:serviceaccounts',
    flags: ['--as', 'alice', '--as-group', 'team-a', '--as-group', 'system:serviceaccounts'],
    queries: QUERIES.filter((q) => q.args[0] === '--list'),
  },
];

// Subjects whose every rule comes from the built-in policy (view-rolebinding.yaml), with the
// queries that show it: kubectl's verb warnings, built-in roles resolved, system:masters.
const BUILTIN_QUERIES: Query[] = [
  { args: ['--list'], source: 'view = system:aggregate-to-view (clusterroleaggregation_controller.go), printed by cani.go printStatus' },
  { args: ['list', 'pods'], source: 'view: pods get/list/watch (cluster-roles.yaml system:aggregate-to-view)' },
  { args: ['get', 'secrets'], source: 'view does not read secrets; edit does (system:aggregate-to-edit)' },
  { args: ['create', 'pods', '--subresource', 'exec'], source: 'edit: pods/exec create' },
  { args: ['create', 'tokenreviews'], source: 'system:auth-delegator: tokenreviews create; cluster-scoped warning' },
  { args: ['GET', 'pods'], source: "cani.go Validate: \"verb 'GET' is not a known verb\"" },
  { args: ['GET', '/healthz'], source: 'cani.go Validate: non-resource verbs (get, put, post, head, options, delete, patch, *)' },
  { args: ['frobnicate', 'pods', '-A'], source: 'cani.go Validate: no verb check with --all-namespaces' },
  { args: ['delete', 'nodes'], source: 'system:masters: kube-apiserver privileged-group authorizer before RBAC' },
  { args: ['list', 'resourceclaims'], source: 'resource.k8s.io/v1 served from 1.34 (src/rbac/kubernetes-data/resources); unknown before: resourceFor warns' },
  { args: ['list', 'servicecidrs'], source: 'networking.k8s.io/v1 ServiceCIDR served from 1.33' },
];
const builtinSubjects: Subject[] = [
  { label: `--as ${sa('viewer')}`, flags: ['--as', sa('viewer')], queries: BUILTIN_QUERIES },
  { label: `--as ${sa('editor')}`, flags: ['--as', sa('editor')], queries: BUILTIN_QUERIES },
  { label: '--as alice --as-group system:masters', flags: ['--as', 'alice', '--as-group', 'system:masters'], queries: BUILTIN_QUERIES },
];

interface ChartCase {
  label: string;
  /** --kube-version for our CLI and the built-in policy of the model the fake server answers from. */
  kubeVersion?: string;
  /** Chart directory or manifest file. */
  dir: string;
  /** --release-name for our CLI and for the model the fake server answers from (default: chart name). */
  releaseName?: string;
  subjects: Subject[];
  /** Where the chart's expected behaviour is documented. */
  source: string;
}

const FIXTURE_CASES: ChartCase[] = [
  { label: 'aggregation', dir: join(FIXTURES, 'aggregation'), releaseName: 'fx', subjects: subjectsFor('fx-agent'), source: 'charts-fixtures/README.md: aggregated into a bound ClusterRole' },
  { label: 'aggregate-to-view', dir: join(FIXTURES, 'aggregate-to-view'), releaseName: 'fx', subjects: subjectsFor('fx-agent'), source: 'charts-fixtures/README.md: aggregate-to-view, unbound' },
  { label: 'rolebinding-to-clusterrole', dir: join(FIXTURES, 'rolebinding-to-clusterrole'), releaseName: 'fx', subjects: subjectsFor('fx-agent'), source: 'charts-fixtures/README.md: RoleBinding to a ClusterRole' },
  { label: 'resource-names', dir: join(FIXTURES, 'resource-names'), releaseName: 'fx', subjects: subjectsFor('fx-agent'), source: 'charts-fixtures/README.md: resourceNames [node-1]' },
  { label: 'star-slash-proxy', dir: join(FIXTURES, 'star-slash-proxy'), releaseName: 'fx', subjects: subjectsFor('fx-agent'), source: 'charts-fixtures/README.md: */proxy' },
  {
    label: 'signers-and-missing-role.yaml',
    dir: join(HERE, 'signers-and-missing-role.yaml'),
    subjects: subjectsFor('signer-agent'),
    source: 'manifest: signers pseudo-resource (KEP-1513), RoleBinding to a missing ClusterRole (rbac.go Authorize reason)',
  },
];

// The same manifest judged with the built-in policy a 1.35 and a 1.31 cluster would have
// (src/rbac/bootstrap.ts choosePolicy: that minor's data, else the nearest snapshot).
FIXTURE_CASES.push(
  ...['1.35.0', '1.31.0'].map((kubeVersion) => ({
    label: `view-rolebinding.yaml, kube ${kubeVersion}`,
    dir: join(HERE, 'view-rolebinding.yaml'),
    kubeVersion,
    subjects: builtinSubjects,
    source: 'manifest: bindings to the built-in view, edit and system:auth-delegator (bootstrappolicy testdata)',
  })),
);

const SHARED_CASES: ChartCase[] = ['prometheus-28.7.0', 'prometheus-28.6.1'].map((dir) => ({
  label: dir,
  dir: join(SHARED_CHARTS, dir),
  subjects: subjectsFor('prometheus-server'),
  source: '../shared/charts/INDEX.md (release = chart name: prometheus-server)',
}));

const renderFlags = (c: ChartCase): string[] => ['-n', NS, ...(c.releaseName ? ['--release-name', c.releaseName] : []), ...(c.kubeVersion ? ['--kube-version', c.kubeVersion] : [])];

/** The model our CLI builds for the chart (access-commands.ts modelFor: one render, default bindings on). */
async function modelOf(c: ChartCase): Promise<RbacModel> {
  const renders = await renderTargets([c.dir], {
    values: [],
    set: [],
    setString: [],
    setFile: [],
    namespace: NS,
    releaseName: c.releaseName,
    kubeVersions: c.kubeVersion ? [c.kubeVersion] : [],
    apiVersions: [],
    helm: HELM,
    env: process.env,
    cwd: ROOT,
  });
  const [r, ...more] = renders;
  if (!r || more.length) throw new Error(`expected one render of ${c.dir}, got ${renders.length}`);
  const policy = policyFor(r.target.kubeVersion ?? c.kubeVersion ?? null);
  return buildModel(parseRendered(r.text, { target: 0, chartName: r.chartName, manifestFile: r.chartRoot ? null : r.displayPath }).objects, { defaultBindings: true, policy, kubeVersion: r.target.kubeVersion ?? c.kubeVersion ?? null });
}

/**
 * cani.go hands printers.WarningPrinter.Print messages that already end in "\n" and Print adds
 * another (cli-runtime pkg/printers/warningprinter.go), so kubectl leaves a blank line after each
 * can-i warning. Our CLI writes one line per warning (pinned by test/cli/can-i.test.ts); this is
 * the one byte difference the comparison accepts.
 */

let server: FakeApiServer;
beforeAll(async () => {
  if (HAVE_KUBECTL) server = await startFakeApiServer();
});
afterAll(async () => {
  await server?.close();
});

function conformanceSuite(cases: readonly ChartCase[]): void {
  describe.each(cases)('$label ($source)', (chart) => {
    let kubeconfig = '';
    beforeAll(async () => {
      kubeconfig = server.kubeconfigFor(await modelOf(chart));
    });

    describe.each(chart.subjects)('$label', (subject) => {
      it.each(subject.queries)('can-i $args ($source)', async ({ args }) => {
        const [ours, ...reals] = await Promise.all([
          runCli(['can-i', ...args, ...subject.flags, chart.dir, ...renderFlags(chart)], { helm: HELM }),
          ...KUBECTLS.map((k) => server.kubectl(k.bin, kubeconfig, ['auth', 'can-i', ...args, ...subject.flags, '-n', NS])),
        ]);
        KUBECTLS.forEach((k, i) => {
          const real = reals[i];
          expect({ kubectl: k.label, ...ours }).toEqual({ kubectl: k.label, ...real, stderr: real?.stderr ?? '' });
        });
      });
    });
  });
}

describe.skipIf(!HAVE_KUBECTL)('real kubectl vs our can-i: charts-fixtures', () => {
  conformanceSuite(FIXTURE_CASES);
});

describe.skipIf(!HAVE_KUBECTL || !HAVE_SHARED)('real kubectl vs our can-i: the prometheus pair in ../shared/charts', () => {
  conformanceSuite(SHARED_CASES);
});
