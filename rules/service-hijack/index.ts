import { defineProbeRule } from '../../src/rule-api/index.js';
import type { Probe, RuleHits } from '../../src/rule-api/index.js';

// Who decides where Service traffic goes can take it. Kubernetes checks none of these writes
// against other namespaces or other owners:
// - Services (create/update/patch): `spec.externalIPs` makes kube-proxy capture traffic to any IP
//   from every node and Pod (CVE-2020-8554, still unfixed upstream; only the off-by-default
//   DenyServiceExternalIPs admission plugin or a policy webhook blocks it);
// - services/status (update/patch): the status strategy keeps the spec and takes
//   `status.loadBalancer.ingress[].ip` from the request, and kube-proxy programs that IP as a
//   Service VIP: the LoadBalancer half of CVE-2020-8554. Status has no create;
// - Endpoints and discovery.k8s.io EndpointSlices (create/update/patch): validation only rejects
//   loopback, link-local and unspecified addresses, so a Service can be pointed at Pods of other
//   namespaces, nodes or outside hosts, and load balancers and Ingress controllers follow
//   (CVE-2021-25740; 1.22 removed Endpoints writes from the built-in edit role for it);
// - Ingresses (networking.k8s.io, create/update/patch): validation does not compare hosts across
//   namespaces, so an Ingress can claim another team's host or path on a shared controller; what
//   wins depends on the controller, so this is one level lower.
// Deleting these is an outage, not a hijack: destructive-delete counts Services.
const WRITE = ['create', 'update', 'patch'];
const INGRESS_LABEL = 'networking.k8s.io/ingresses';
const PROBES: Probe[] = [
  { label: 'services', request: { apiGroup: '', resource: 'services' }, verbs: WRITE, what: 'write Services (externalIPs)' },
  { label: 'services/status', request: { apiGroup: '', resource: 'services', subresource: 'status' }, verbs: ['update', 'patch'], what: 'set load-balancer IPs (services/status)' },
  { label: 'endpoints', request: { apiGroup: '', resource: 'endpoints' }, verbs: WRITE, what: 'write Endpoints' },
  { label: 'discovery.k8s.io/endpointslices', request: { apiGroup: 'discovery.k8s.io', resource: 'endpointslices' }, verbs: WRITE, what: 'write EndpointSlices' },
  { label: INGRESS_LABEL, request: { apiGroup: 'networking.k8s.io', resource: 'ingresses' }, verbs: WRITE, grade: 'medium', what: 'write Ingresses' },
];

const HOW: Readonly<Record<string, string>> = {
  services: 'set externalIPs that capture traffic to any address from every node and Pod',
  'services/status': 'set a load-balancer IP that kube-proxy then captures on every node',
  endpoints: 'point Services at Pods of other namespaces, nodes or outside hosts',
  'discovery.k8s.io/endpointslices': 'point Services at Pods of other namespaces, nodes or outside hosts',
  [INGRESS_LABEL]: "claim another team's host or path on a shared Ingress controller",
};

function impact(group: RuleHits): string {
  const how = [...new Set(group.hits.map((h) => HOW[h.probe.label]).filter((s): s is string => s !== undefined))];
  return `the holder can ${how.join('; ')} (intercept or redirect in-cluster traffic)`;
}

export default defineProbeRule({
  meta: {
    id: 'service-hijack',
    severity: 'high',
    category: 'cluster',
    docs: {
      summary: 'Grants writes on Services, services/status, Endpoints or EndpointSlices (Ingresses one level lower): intercepts or redirects in-cluster traffic (CVE-2020-8554, CVE-2021-25740).',
      rationale:
        'Whoever writes the objects that route Service traffic can take that traffic. ' +
        'A Service with `spec.externalIPs` makes kube-proxy on every node capture traffic to those addresses, whoever they belong to (CVE-2020-8554, not fixed upstream). ' +
        '`update`/`patch` on `services/status` sets `status.loadBalancer.ingress[].ip`, which kube-proxy programs the same way: the load-balancer half of that CVE. ' +
        'Endpoints and EndpointSlices are only checked for loopback, link-local and unspecified addresses, so a Service can be pointed at Pods of other namespaces, at nodes or at outside hosts, and load balancers and Ingress controllers follow (CVE-2021-25740; Kubernetes 1.22 removed Endpoints writes from the built-in `edit` role for it). ' +
        'This holds inside a single namespace too: externalIPs and load-balancer IPs are captured cluster-wide, so the rule is high whatever the binding. ' +
        'Ingresses (`networking.k8s.io`) are one level lower: Kubernetes does not compare hosts across namespaces, so an Ingress can claim another team\'s host or path, but what wins depends on the Ingress controller. ' +
        'Deleting these objects is an outage rather than a hijack; `destructive-delete` counts Services.',
      fix:
        'Grant Service, Endpoints and EndpointSlice writes only to the controller that owns them, in its own namespace, and restrict update/patch to its objects with `resourceNames`; `services/status` belongs to the cloud controller or load-balancer controller alone. ' +
        'Cluster operators: enable the `DenyServiceExternalIPs` admission plugin (or a policy that restricts `externalIPs`), and keep Endpoints writes out of aggregated roles.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
  - apiGroups: [""]
    resources: ["services", "endpoints"]
    verbs: ["get", "list", "watch", "create", "update", "delete"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: operator
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: operator }
subjects:
  - { kind: ServiceAccount, name: operator, namespace: operators }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: operator
rules:
  - apiGroups: [""]
    resources: ["services", "endpoints"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["discovery.k8s.io"]
    resources: ["endpointslices"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: operator
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: operator }
subjects:
  - { kind: ServiceAccount, name: operator, namespace: operators }
`,
      references: [
        'https://github.com/kubernetes/kubernetes/issues/97076',
        'https://github.com/kubernetes/kubernetes/issues/103675',
        'https://kubernetes.io/docs/reference/access-authn-authz/admission-controllers/#denyserviceexternalips',
        'https://avd.aquasec.com/misconfig/kubernetes/ksv056/',
      ],
    },
  },
  probes: PROBES,
  lowerBy: (hit) => (hit.probe.label === INGRESS_LABEL ? 1 : 0),
  impact,
});
