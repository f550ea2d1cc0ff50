import { compareMinors, defineProbeRule, kubeMinorsOf } from '../../src/rule-api/index.js';
import type { Probe, ProbeHit, TargetInfo } from '../../src/rule-api/index.js';

// pods/exec, pods/attach and pods/portforward are reached two ways (docs/kubernetes.md#pods-exec-over-websocket, #permissions-that-escalate):
// SPDY is an HTTP POST, authorized as `create`; a WebSocket upgrade is an HTTP GET, authorized as
// `get`. Since 1.35 the AuthorizePodWebsocketUpgradeCreatePermission gate (beta, on by default)
// makes the API server also check `create` for the WebSocket path (pkg/registry/core/pod/rest/
// authorize.go ensureAuthorizedForVerb), so `get` alone connects only before 1.35 or with the
// gate turned off. Hence: `create` is always critical; `get` without `create` is critical unless
// every cluster the chart targets is 1.35 or newer, then one level lower (the gate can still be
// disabled, so it is not harmless).
const SUBRESOURCES = ['exec', 'attach', 'portforward'];
const PROBES: Probe[] = SUBRESOURCES.map((sub) => ({
  label: `pods/${sub}`,
  what: `pods/${sub}`,
  request: { apiGroup: '', resource: 'pods', subresource: sub },
  verbs: ['create', 'get'],
}));
const CREATE_CHECK_SINCE = '1.35';
const getOnly = (hit: ProbeHit): boolean => !hit.grant.verbs.includes('create');

/**
 * True when every Kubernetes minor the render stands for is 1.35 or newer (kubeMinorsOf: the
 * given version, else the supported window within the chart's kubeVersion; never the helm
 * binary's default).
 */
export function websocketNeedsCreate(target: Pick<TargetInfo, 'kubeVersion' | 'chartKubeVersion' | 'kubeVersionSource' | 'kubeMinors'>): boolean {
  const minors = kubeMinorsOf(target);
  return minors.length > 0 && minors.every((m) => compareMinors(m, CREATE_CHECK_SINCE) >= 0);
}

export default defineProbeRule({
  meta: {
    id: 'pod-exec',
    severity: 'critical',
    category: 'workloads',
    docs: {
      summary: 'Grants pods/exec, pods/attach or pods/portforward (create, or get over WebSocket): runs commands in, or connects to, running Pods.',
      rationale:
        '`pods/exec` runs any command in a running container, with its ServiceAccount token, its mounted Secrets and its network identity; `pods/attach` takes over the container\'s console and `pods/portforward` opens its ports to the caller. ' +
        'This is the "workload creation" risk of the RBAC good practices without even having to create anything. ' +
        'SPDY clients use POST (verb `create`); WebSocket clients (kubectl\'s default in recent versions) use GET (verb `get`). Before Kubernetes 1.35 `get` alone is therefore enough; ' +
        'since 1.35 the `AuthorizePodWebsocketUpgradeCreatePermission` feature gate (beta, on by default) also requires `create`, so a `get`-only grant is reported one level lower when the chart targets only 1.35 or newer.',
      fix:
        'Remove these subresources from workload roles; give them only to people or tools that must debug Pods, in the namespaces they own. ' +
        'If a controller needs to read logs, grant `pods/log` (get) instead. When listing subresources with wildcards (`*`, `*/exec`), list the ones needed explicitly.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: apps
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/exec"]
    verbs: ["get", "list", "create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: debugger
  namespace: apps
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: debugger }
subjects:
  - { kind: ServiceAccount, name: debugger, namespace: apps }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: debugger
  namespace: apps
rules:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: debugger
  namespace: apps
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: Role, name: debugger }
subjects:
  - { kind: ServiceAccount, name: debugger, namespace: apps }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#workload-creation',
        'https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/',
        'https://github.com/kubernetes/kubernetes/issues/133515',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/registry/core/pod/rest/authorize.go',
      ],
    },
  },
  probes: PROBES,
  lowerBy: (hit, _group, ctx) => (getOnly(hit) && websocketNeedsCreate(ctx.target) ? 1 : 0),
  impact: (group, ctx) =>
    !group.hits.every(getOnly)
      ? 'runs commands in, attaches to or port-forwards into every running Pod in scope, with their ServiceAccounts and Secrets'
      : websocketNeedsCreate(ctx.target)
        ? 'get alone connects over WebSocket only where AuthorizePodWebsocketUpgradeCreatePermission is disabled (the chart targets 1.35+ where it is on by default)'
        : 'get alone is enough over WebSocket (kubectl\'s default) on clusters before 1.35 or with AuthorizePodWebsocketUpgradeCreatePermission disabled: commands in every running Pod in scope',
});
