// Kubernetes built-in RBAC objects that matter to chart authors, transcribed from
// kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go
// (ClusterRoles() / clusterRoles(), ClusterRoleBindings() / clusterRoleBindings()).
//
// Versions read: the upstream history of policy.go in the search index, and the newest full copy
// available, vendored at openshift/microshift vendor/k8s.io/kubernetes/.../policy.go @ e3855424
// (Kubernetes ~1.29/1.30). That copy carries OpenShift additions (system:openshift:*) which are
// left out here. The default-binding roles below have been stable since 1.28 (selfsubjectreviews
// in system:basic-user is no longer feature-gated). Rules are stored the way the API server holds
// them: rbacv1helpers PolicyRuleBuilder.Rule() sorts verbs, groups, resources, names and URLs.
import type { Binding, LabelSelector, PolicyRule, Role, Subject } from '../types.js';
import { compareGoStrings } from './kubectl-print.js';

const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

/** policy.go `Label`, added to every bootstrap role and binding by addDefaultMetadata. */
const BOOTSTRAP_LABELS: Readonly<Record<string, string>> = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

const sorted = (items: readonly string[]): string[] => [...items].sort(compareGoStrings);

/** rbacv1helpers.NewRule(verbs...).Groups(groups...).Resources(resources...)[.Names(names...)].RuleOrDie(). */
export function resourceRule(verbs: string[], groups: string[], resources: string[], names: string[] = []): PolicyRule {
  return { verbs: sorted(verbs), apiGroups: sorted(groups), resources: sorted(resources), resourceNames: sorted(names), nonResourceURLs: [] };
}

/** rbacv1helpers.NewRule(verbs...).URLs(urls...).RuleOrDie(). */
export function urlRule(verbs: string[], urls: string[]): PolicyRule {
  return { verbs: sorted(verbs), apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: sorted(urls) };
}

function builtinClusterRole(
  name: string,
  rules: PolicyRule[],
  extra: { labels?: Record<string, string>; aggregateLabel?: string } = {},
): Role {
  const aggregationRule: LabelSelector[] | null = extra.aggregateLabel
    ? [{ matchLabels: { [extra.aggregateLabel]: 'true' }, matchExpressions: [] }]
    : null;
  return {
    kind: 'ClusterRole',
    name,
    namespace: null,
    labels: { ...(extra.labels ?? {}), ...BOOTSTRAP_LABELS },
    rules,
    aggregationRule,
    object: null,
    builtin: true,
  };
}

/** rbacv1helpers.NewClusterBinding(role).Groups(groups...): binding named after its ClusterRole. */
function builtinGroupBinding(roleName: string, groups: string[]): Binding {
  const subjects: Subject[] = groups.map((name) => ({ kind: 'Group', name }));
  return {
    kind: 'ClusterRoleBinding',
    name: roleName,
    namespace: null,
    roleRef: { kind: 'ClusterRole', name: roleName, apiGroup: RBAC_API_GROUP },
    subjects,
    object: null,
    builtin: true,
  };
}

const AGGREGATE_TO_ADMIN = 'rbac.authorization.k8s.io/aggregate-to-admin';
const AGGREGATE_TO_EDIT = 'rbac.authorization.k8s.io/aggregate-to-edit';
const AGGREGATE_TO_VIEW = 'rbac.authorization.k8s.io/aggregate-to-view';

export const BUILTIN_CLUSTER_ROLES: readonly Role[] = [
  // policy.go: a "root" role which can do absolutely anything.
  builtinClusterRole('cluster-admin', [resourceRule(['*'], ['*'], ['*']), urlRule(['*'], ['*'])]),
  // policy.go: enough to determine if the server is ready and discover API versions.
  builtinClusterRole('system:discovery', [
    urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/', '/openapi', '/openapi/*', '/api', '/api/*', '/apis', '/apis/*']),
  ]),
  // policy.go basicUserRules: self-subject access/rules reviews, and selfsubjectreviews (`kubectl auth whoami`).
  builtinClusterRole('system:basic-user', [
    resourceRule(['create'], ['authorization.k8s.io'], ['selfsubjectaccessreviews', 'selfsubjectrulesreviews']),
    resourceRule(['create'], ['authentication.k8s.io'], ['selfsubjectreviews']),
  ]),
  // policy.go: enough to read insensitive cluster information; also bound to system:unauthenticated.
  builtinClusterRole('system:public-info-viewer', [urlRule(['get'], ['/livez', '/readyz', '/healthz', '/version', '/version/'])]),
  // policy.go: OIDC discovery; slash-ended URLs allowed for clients generated from older openapi docs.
  builtinClusterRole('system:service-account-issuer-discovery', [
    urlRule(['get'], ['/.well-known/openid-configuration', '/.well-known/openid-configuration/', '/openid/v1/jwks', '/openid/v1/jwks/']),
  ]),
  // AGGREGATED ROLES: policy.go gives admin, edit and view no rules of their own, only an
  // aggregationRule; their content comes from the ClusterRoles labelled aggregate-to-* (the
  // built-in system:aggregate-to-admin/edit/view, not recorded here, plus any chart role).
  // edit is labelled aggregate-to-admin and view aggregate-to-edit, so rules flow view → edit → admin.
  builtinClusterRole('admin', [], { aggregateLabel: AGGREGATE_TO_ADMIN }),
  builtinClusterRole('edit', [], { labels: { [AGGREGATE_TO_ADMIN]: 'true' }, aggregateLabel: AGGREGATE_TO_EDIT }),
  builtinClusterRole('view', [], { labels: { [AGGREGATE_TO_EDIT]: 'true' }, aggregateLabel: AGGREGATE_TO_VIEW }),
  // policy.go: full access to the kubelet API (bound by installers such as kubeadm to the API
  // server's kubelet client; policy.go itself binds it to nobody). The fourth rule is the
  // KubeletFineGrainedAuthz addition (alpha 1.32, beta default-on 1.33, GA 1.36; kubernetes/kubernetes
  // PR #126347, kubernetes/website PR #50145). UNVERIFIED against source: whether it is a separate rule
  // or merged into the third, and whether nodes/statusz joins it. nodes/spec was dropped from the third
  // rule long ago (present in old copies, absent in 1.29+).
  builtinClusterRole('system:kubelet-api-admin', [
    resourceRule(['get', 'list', 'watch'], [''], ['nodes']),
    resourceRule(['proxy'], [''], ['nodes']),
    resourceRule(['*'], [''], ['nodes/proxy', 'nodes/metrics', 'nodes/stats', 'nodes/log']),
    resourceRule(['*'], [''], ['nodes/pods', 'nodes/healthz', 'nodes/configz']),
  ]),
];

/** Groups from k8s.io/apiserver user.go and serviceaccount util.go. */
const SYSTEM_MASTERS = 'system:masters';
const ALL_AUTHENTICATED = 'system:authenticated';
const ALL_UNAUTHENTICATED = 'system:unauthenticated';
const ALL_SERVICE_ACCOUNTS = 'system:serviceaccounts';

/** policy.go ClusterRoleBindings(), in its order, restricted to the roles above. */
export const BUILTIN_CLUSTER_ROLE_BINDINGS: readonly Binding[] = [
  builtinGroupBinding('cluster-admin', [SYSTEM_MASTERS]),
  builtinGroupBinding('system:discovery', [ALL_AUTHENTICATED]),
  builtinGroupBinding('system:basic-user', [ALL_AUTHENTICATED]),
  builtinGroupBinding('system:public-info-viewer', [ALL_AUTHENTICATED, ALL_UNAUTHENTICATED]),
  // "Allow all in-cluster workloads (via their service accounts) to read the OIDC discovery endpoints."
  builtinGroupBinding('system:service-account-issuer-discovery', [ALL_SERVICE_ACCOUNTS]),
];

/**
 * The roles whose default bindings `can-i --list` includes unless --chart-only (PRODUCT.md): what
 * every service account gets on a fresh cluster. cluster-admin is excluded: its binding is to
 * system:masters, which no service account or chart subject is in.
 */
export const DEFAULT_BINDING_ROLE_NAMES: readonly string[] = [
  'system:basic-user',
  'system:discovery',
  'system:public-info-viewer',
  'system:service-account-issuer-discovery',
];
