// can-i and who-can: what a subject may do once the charts are installed together, asked of the
// model exactly as the API server's RBAC authorizer answers (src/rbac).
import { renderTargets } from '../render/index.js';
import type { RenderOptions } from '../render/index.js';
import { parseRendered } from '../parse/index.js';
import { unprocessableInput } from '../engine/input-errors.js';
import { policyFor } from '../rbac/bootstrap.js';
import { buildModel } from '../rbac/model.js';
import type { RbacModel } from '../rbac/model.js';
import { resolveResourceArg } from '../rbac/resources.js';
import type { AuthzRequest, ParsedObject } from '../types.js';
import { usageError } from '../errors.js';

/** Renders the targets and builds one model from all of them, as if they were installed together. */
export async function modelOfTargets(targets: string[], render: RenderOptions, defaultBindings: boolean): Promise<RbacModel> {
  // One model per chart: without a given version, the newest assumed Kubernetes minor.
  const renders = await renderTargets(targets, { ...render, singleAssumedRender: true });
  const charts = new Set<string>();
  const objects: ParsedObject[] = [];
  // One cluster: the built-in policy of the version the charts were rendered for (a manifest has
  // none of its own; --kube-version still says which cluster is meant).
  const kubeVersion = renders.find((r) => r.target.kubeVersion)?.target.kubeVersion ?? render.kubeVersions[0] ?? null;
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
  return buildModel(objects, { defaultBindings, defaultNamespace: render.namespace, policy: policyFor(kubeVersion), kubeVersion });
}

// cani.go resourceVerbs / nonResourceURLVerbs (kubectl 1.35): any other verb is still sent, with a warning.
const RESOURCE_VERBS = new Set(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection', 'use', 'bind', 'impersonate', '*', 'approve', 'sign', 'escalate', 'attest']);
const NON_RESOURCE_VERBS = new Set(['get', 'put', 'post', 'head', 'options', 'delete', 'patch', '*']);

// Subresources people write as TYPE/NAME by mistake: kubectl reads `nodes/proxy` as the node named
// "proxy" (cani.go Complete: SplitN(arg, "/", 2)); the subresource needs --subresource.
const COMMON_SUBRESOURCES = new Set(['proxy', 'exec', 'attach', 'portforward', 'log', 'eviction', 'status', 'scale', 'binding', 'token', 'metrics', 'stats', 'spec', 'pods', 'healthz', 'configz', 'checkpoint', 'approval', 'ephemeralcontainers', 'resize']);

/** One line for stderr when `TYPE/NAME` names a subresource as if it were an object, else null. */
export function subresourceHint(what: string, subresource: string | undefined): string | null {
  if (subresource || what.startsWith('/')) return null;
  const slash = what.indexOf('/');
  if (slash < 0) return null;
  const type = what.slice(0, slash);
  const name = what.slice(slash + 1);
  if (!COMMON_SUBRESOURCES.has(name)) return null;
  return `hint: '${what}' is read as the object named '${name}' (as kubectl does); for the ${name} subresource use '${type} --subresource ${name}'`;
}

/**
 * `VERB TYPE[.group][/NAME]` or `VERB /url` → an authorization request (kubectl can-i parsing).
 * `withPseudoResources` (who-can) also resolves RBAC-only names that kubectl cannot (signers).
 */
export function requestFromArgs(
  verb: string,
  what: string,
  subresource: string | undefined,
  namespace: string | undefined,
  options: { withPseudoResources?: boolean; kubeVersion?: string | null } = {},
): { request: AuthzRequest; warnings: string[] } {
  const warnings: string[] = [];
  if (what.startsWith('/')) {
    if (subresource) throw usageError('--subresource can not be used with NonResourceURL');
    if (!NON_RESOURCE_VERBS.has(verb)) warnings.push(`verb '${verb}' is not a known verb`);
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
  // cani.go Validate checks resource verbs only when not --all-namespaces (its namespace is then "").
  if (namespace && !RESOURCE_VERBS.has(verb)) warnings.push(`verb '${verb}' is not a known verb`);
  return {
    request: { verb, apiGroup: res.group, resource: res.resource, subresource: subresource ?? '', name: name ?? '', namespace: namespace ?? '' },
    warnings,
  };
}

/** who-can's request: a cluster-scoped resource is asked with no namespace, as the API server does. */
export function whoCanRequest(verb: string, what: string, subresource: string | undefined, namespace: string, kubeVersion: string | null = null): { request: AuthzRequest; warnings: string[] } {
  const { request, warnings } = requestFromArgs(verb, what, subresource, namespace, { withPseudoResources: true, kubeVersion });
  const res = request.path === undefined ? resolveResourceArg(what.split('/')[0] ?? '', { withPseudoResources: true, kubeVersion }) : null;
  return { request: res && res.namespaced === false ? { ...request, namespace: '' } : request, warnings };
}
