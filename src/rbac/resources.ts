// Built-in API resources (kubectl api-resources on a v1.35 cluster): what kubectl's RESTMapper
// would resolve `can-i VERB TYPE` against, offline. Columns: plural, group, namespaced,
// short names and singular/kind aliases.

interface ResourceInfo {
  resource: string;
  group: string;
  namespaced: boolean;
  aliases: string[];
}

const R = (resource: string, group: string, namespaced: boolean, ...aliases: string[]): ResourceInfo => ({ resource, group, namespaced, aliases });

export const BUILTIN_RESOURCES: readonly ResourceInfo[] = [
  R('bindings', '', true, 'binding'),
  R('componentstatuses', '', false, 'cs', 'componentstatus'),
  R('configmaps', '', true, 'cm', 'configmap'),
  R('endpoints', '', true, 'ep'),
  R('events', '', true, 'ev', 'event'),
  R('limitranges', '', true, 'limits', 'limitrange'),
  R('namespaces', '', false, 'ns', 'namespace'),
  R('nodes', '', false, 'no', 'node'),
  R('persistentvolumeclaims', '', true, 'pvc', 'persistentvolumeclaim'),
  R('persistentvolumes', '', false, 'pv', 'persistentvolume'),
  R('pods', '', true, 'po', 'pod'),
  R('podtemplates', '', true, 'podtemplate'),
  R('replicationcontrollers', '', true, 'rc', 'replicationcontroller'),
  R('resourcequotas', '', true, 'quota', 'resourcequota'),
  R('secrets', '', true, 'secret'),
  R('serviceaccounts', '', true, 'sa', 'serviceaccount'),
  R('services', '', true, 'svc', 'service'),
  R('mutatingwebhookconfigurations', 'admissionregistration.k8s.io', false, 'mutatingwebhookconfiguration'),
  R('validatingwebhookconfigurations', 'admissionregistration.k8s.io', false, 'validatingwebhookconfiguration'),
  R('validatingadmissionpolicies', 'admissionregistration.k8s.io', false, 'validatingadmissionpolicy'),
  R('validatingadmissionpolicybindings', 'admissionregistration.k8s.io', false, 'validatingadmissionpolicybinding'),
  R('mutatingadmissionpolicies', 'admissionregistration.k8s.io', false, 'mutatingadmissionpolicy'),
  R('mutatingadmissionpolicybindings', 'admissionregistration.k8s.io', false, 'mutatingadmissionpolicybinding'),
  R('customresourcedefinitions', 'apiextensions.k8s.io', false, 'crd', 'crds', 'customresourcedefinition'),
  R('apiservices', 'apiregistration.k8s.io', false, 'apiservice'),
  R('controllerrevisions', 'apps', true, 'controllerrevision'),
  R('daemonsets', 'apps', true, 'ds', 'daemonset'),
  R('deployments', 'apps', true, 'deploy', 'deployment'),
  R('replicasets', 'apps', true, 'rs', 'replicaset'),
  R('statefulsets', 'apps', true, 'sts', 'statefulset'),
  R('selfsubjectreviews', 'authentication.k8s.io', false, 'selfsubjectreview'),
  R('tokenreviews', 'authentication.k8s.io', false, 'tokenreview'),
  R('localsubjectaccessreviews', 'authorization.k8s.io', true, 'localsubjectaccessreview'),
  R('selfsubjectaccessreviews', 'authorization.k8s.io', false, 'selfsubjectaccessreview'),
  R('selfsubjectrulesreviews', 'authorization.k8s.io', false, 'selfsubjectrulesreview'),
  R('subjectaccessreviews', 'authorization.k8s.io', false, 'subjectaccessreview'),
  R('horizontalpodautoscalers', 'autoscaling', true, 'hpa', 'horizontalpodautoscaler'),
  R('cronjobs', 'batch', true, 'cj', 'cronjob'),
  R('jobs', 'batch', true, 'job'),
  R('certificatesigningrequests', 'certificates.k8s.io', false, 'csr', 'certificatesigningrequest'),
  R('leases', 'coordination.k8s.io', true, 'lease'),
  R('endpointslices', 'discovery.k8s.io', true, 'endpointslice'),
  R('flowschemas', 'flowcontrol.apiserver.k8s.io', false, 'flowschema'),
  R('prioritylevelconfigurations', 'flowcontrol.apiserver.k8s.io', false, 'prioritylevelconfiguration'),
  R('ingressclasses', 'networking.k8s.io', false, 'ingressclass'),
  R('ingresses', 'networking.k8s.io', true, 'ing', 'ingress'),
  R('networkpolicies', 'networking.k8s.io', true, 'netpol', 'networkpolicy'),
  R('runtimeclasses', 'node.k8s.io', false, 'runtimeclass'),
  R('poddisruptionbudgets', 'policy', true, 'pdb', 'poddisruptionbudget'),
  R('clusterrolebindings', 'rbac.authorization.k8s.io', false, 'clusterrolebinding'),
  R('clusterroles', 'rbac.authorization.k8s.io', false, 'clusterrole'),
  R('rolebindings', 'rbac.authorization.k8s.io', true, 'rolebinding'),
  R('roles', 'rbac.authorization.k8s.io', true, 'role'),
  R('priorityclasses', 'scheduling.k8s.io', false, 'pc', 'priorityclass'),
  R('csidrivers', 'storage.k8s.io', false, 'csidriver'),
  R('csinodes', 'storage.k8s.io', false, 'csinode'),
  R('csistoragecapacities', 'storage.k8s.io', true, 'csistoragecapacity'),
  R('storageclasses', 'storage.k8s.io', false, 'sc', 'storageclass'),
  R('volumeattachments', 'storage.k8s.io', false, 'volumeattachment'),
  R('signers', 'certificates.k8s.io', false),
  R('nodes', 'metrics.k8s.io', false),
  R('pods', 'metrics.k8s.io', true),
];

/**
 * Entries RBAC knows but API discovery does not serve, so kubectl's RESTMapper cannot resolve
 * them: `signers` is the pseudo-resource RBAC checks for CSR approve/sign/attest (KEP-1513);
 * certificates.k8s.io/v1 discovery lists only certificatesigningrequests(/approval,/status).
 * kubectl then warns and sends the argument as written (test/e2e/conformance/kubectl-can-i.test.ts).
 */
const NOT_IN_DISCOVERY: ReadonlySet<string> = new Set(['certificates.k8s.io/signers']);

/** What `kubectl api-resources` lists: the table without the RBAC-only pseudo-resources. */
export const DISCOVERY_RESOURCES: readonly ResourceInfo[] = BUILTIN_RESOURCES.filter((r) => !NOT_IN_DISCOVERY.has(`${r.group}/${r.resource}`));

export interface ResolvedResource {
  resource: string;
  group: string;
  /** null when the resource is not a built-in one (kubectl: "the server doesn't have a resource type"). */
  namespaced: boolean | null;
  /** kubectl's warning text, when it would print one. */
  warning: string | null;
}

// Resources the server supports but clients cannot discover (cani.go nonStandardResourceNames).
const NON_STANDARD = new Set(['users', 'groups']);

/**
 * kubectl auth can-i's resourceFor (cani.go): lower-case, split `resource[.version].group`
 * (schema.ParseResourceArg), resolve plural/short/singular names with the RESTMapper; when
 * the mapper does not know it, warn and use the argument as written, with no group.
 * The mapper only knows discovered resources; `withPseudoResources` also resolves RBAC-only
 * names such as signers.certificates.k8s.io (for who-can, which is not bound to kubectl).
 */
export function resolveResourceArg(arg: string, options: { withPseudoResources?: boolean } = {}): ResolvedResource {
  const table = options.withPseudoResources ? BUILTIN_RESOURCES : DISCOVERY_RESOURCES;
  if (arg === '*') return { resource: '*', group: '', namespaced: true, warning: null };
  const lower = arg.toLowerCase();
  const dot = lower.indexOf('.');
  const name = dot < 0 ? lower : lower.slice(0, dot);
  const rest = dot < 0 ? '' : lower.slice(dot + 1);
  // ParseResourceArg: with two or more dots, "resource.version.group" is tried first.
  const candidates: string[] = [rest];
  const secondDot = rest.indexOf('.');
  if (secondDot > 0) candidates.unshift(rest.slice(secondDot + 1));
  const named = (r: ResourceInfo) => r.resource === name || r.aliases.includes(name);
  // Without a group the RESTMapper prefers the core group (kubectl's priority order), then any group.
  const hit =
    dot < 0
      ? (table.find((r) => r.group === '' && named(r)) ?? table.find(named))
      : candidates.map((g) => table.find((r) => r.group === g && named(r))).find(Boolean);
  if (hit) return { resource: hit.resource, group: hit.group, namespaced: hit.namespaced, warning: null };
  const groupLabel = rest;
  const warning = NON_STANDARD.has(dot < 0 ? name : `${name}.${rest}`)
    ? null
    : groupLabel
      ? `the server doesn't have a resource type '${name}' in group '${groupLabel}'`
      : `the server doesn't have a resource type '${name}'`;
  return { resource: arg, group: '', namespaced: null, warning };
}

export function isBuiltinClusterScoped(group: string, resource: string): boolean {
  const base = resource.split('/')[0];
  return BUILTIN_RESOURCES.some((r) => r.group === group && r.resource === base && !r.namespaced);
}
