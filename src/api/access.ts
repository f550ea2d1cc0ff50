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
  const renders = await renderTargets(targets, render);
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
  return buildModel(objects, { defaultBindings, defaultNamespace: render.namespace, policy: policyFor(kubeVersion) });
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

/** who-can's request: a cluster-scoped resource is asked with no namespace, as the API server does. */
export function whoCanRequest(verb: string, what: string, subresource: string | undefined, namespace: string): { request: AuthzRequest; warnings: string[] } {
  const { request, warnings } = requestFromArgs(verb, what, subresource, namespace, { withPseudoResources: true });
  const res = request.path === undefined ? resolveResourceArg(what.split('/')[0] ?? '', { withPseudoResources: true }) : null;
  return { request: res && res.namespaced === false ? { ...request, namespace: '' } : request, warnings };
}
