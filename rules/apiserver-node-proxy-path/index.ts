import { defineRule, kubeletSubresourceSince } from '../../src/rule-api/index.js';
import type { Evidence, FindingDraft, FindingPermission, Fix, ObjectRef, ParsedObject, PolicyRule } from '../../src/rule-api/index.js';

// `/api/v1/nodes/<node>/proxy/<path>` is authorized at the API server as `nodes/proxy` (verb from
// the HTTP method, requestinfo.go); the API server then calls the kubelet with its own identity.
// No fine-grained subresource exists on that path (storage_core.go registers only nodes,
// nodes/status, nodes/proxy), so a workload configured this way needs kubelet exec on every node
// for as long as it scrapes this way (docs/kubernetes.md#the-api-servers-node-proxy). The evidence module finds the paths;
// this rule turns each configuration value that uses one into a finding with the direct-scrape fix.

const DIRECT_SCRAPE =
  'scrape the kubelet directly on port 10250 (Prometheus: `kubernetes_sd_configs` `role: node`, `scheme: https`, the service account token, ' +
  'no `__address__`/`__metrics_path__` rewrite to the API server; `metrics_path: /metrics/cadvisor` for cAdvisor)';

const refKey = (target: number, r: ObjectRef): string => [target, r.apiVersion, r.kind, r.namespace ?? '', r.name].join('\u0000');

/** Evidence of the API-server proxy path, grouped by the object and value it sits in (document order kept). */
function groupsOf(evidence: readonly Evidence[]): Evidence[][] {
  const groups = new Map<string, Evidence[]>();
  for (const e of evidence) {
    if (e.access !== 'apiserver-proxy') continue;
    const key = `${refKey(e.target, e.object)}\u0000${e.path}`;
    const group = groups.get(key);
    if (group) group.push(e);
    else groups.set(key, [e]);
  }
  return [...groups.values()];
}

/** The first object of each identity, looked up once per run rather than scanned per evidence group. */
function objectsByKey(objects: readonly ParsedObject[]): Map<string, ParsedObject> {
  const out = new Map<string, ParsedObject>();
  for (const o of objects) {
    const key = refKey(o.target, o.ref);
    if (!out.has(key)) out.set(key, o);
  }
  return out;
}

/** The object holding the evidence; a stand-in at the evidence's position if it is not among the objects. */
function objectOf(byKey: ReadonlyMap<string, ParsedObject>, e: Evidence): ParsedObject {
  return (
    byKey.get(refKey(e.target, e.object)) ?? {
      ref: e.object,
      body: {},
      target: e.target,
      doc: -1,
      renderedLine: 0,
      source: e.source,
      positions: {},
    }
  );
}

const uniq = (xs: Iterable<string>): string[] => [...new Set(xs)];

/** What to grant once the value calls the kubelet directly: the first (fine-grained) subresource per path. */
function directNeeds(evidence: readonly Evidence[]): { byVerb: Map<string, string[]>; proxyOnly: string[] } {
  const byVerb = new Map<string, string[]>();
  const proxyOnly: string[] = [];
  for (const e of evidence) {
    const sub = e.subresources[0];
    if (!sub || !e.kubeletPath) continue;
    if (sub === 'proxy') {
      proxyOnly.push(e.kubeletPath);
      continue;
    }
    const verb = e.verb || 'get';
    byVerb.set(verb, uniq([...(byVerb.get(verb) ?? []), sub]));
  }
  return { byVerb, proxyOnly: uniq(proxyOnly) };
}

function minVersion(subresources: readonly string[]): string | null {
  const versions = subresources.map((s) => kubeletSubresourceSince[s] ?? null).filter((v): v is string => v !== null);
  const key = (v: string) => v.split('.').map((n) => n.padStart(4, '0')).join('.');
  return versions.sort((a, b) => (key(a) < key(b) ? 1 : -1))[0] ?? null;
}

function fixFor(evidence: readonly Evidence[]): Fix {
  const { byVerb, proxyOnly } = directNeeds(evidence);
  const rules: PolicyRule[] = [...byVerb.entries()].map(([verb, subs]) => ({
    apiGroups: [''],
    resources: subs.map((s) => `nodes/${s}`),
    verbs: [verb],
    resourceNames: [],
    nonResourceURLs: [],
  }));
  const grants = rules.flatMap((r) => r.resources);
  const direct = grants.length > 0 ? `Then replace nodes/proxy with ${grants.join(', ')}, in the same release (the old config fails without nodes/proxy, the new one no longer needs it).` : '';
  const still =
    proxyOnly.length > 0
      ? ` ${proxyOnly.join(', ')} ${proxyOnly.length === 1 ? 'is' : 'are'} authorized as nodes/proxy by the kubelet too; that part of the workload really needs it.`
      : '';
  return {
    summary: `Stop going through the API server: ${DIRECT_SCRAPE}. ${direct}${still}`.trim(),
    rules,
    minKubernetesVersion: minVersion(grants.map((g) => g.slice('nodes/'.length))),
    confidence: 'high',
  };
}

// The legacy form `/api/v1/proxy/nodes/<node>/…` is parsed with the special verb `proxy` on
// `nodes` and no subresource (requestinfo.go specialVerbsNoSubresources), not as nodes/proxy.
const LEGACY = /\/api\/v1\/proxy\/nodes\//;

/** What the API server checks for these values: `<verb> nodes/proxy`, or `proxy nodes` for the legacy form. */
function permissionsOf(evidence: readonly Evidence[]): FindingPermission[] {
  const modern = evidence.filter((e) => !LEGACY.test(e.text));
  const out: FindingPermission[] = [];
  if (modern.length > 0) out.push({ apiGroup: '', resource: 'nodes/proxy', verbs: uniq(modern.map((e) => e.verb || 'get')), resourceNames: [] });
  if (modern.length < evidence.length) out.push({ apiGroup: '', resource: 'nodes', verbs: ['proxy'], resourceNames: [] });
  return out;
}

function draftFor(byKey: ReadonlyMap<string, ParsedObject>, evidence: Evidence[]): FindingDraft | null {
  const first = evidence[0];
  if (!first) return null;
  const permissions = permissionsOf(evidence);
  const asked = permissions.map((p) => (p.resource === 'nodes' ? 'the proxy verb on nodes' : 'nodes/proxy')).join(' and ');
  const texts = uniq(evidence.map((e) => e.text));
  return {
    message:
      `${first.object.kind} ${first.object.name} (${first.path}) reaches the kubelet through the API server's node proxy (${texts.map((t) => JSON.stringify(t)).join(', ')}), ` +
      `which the API server always authorizes as ${asked}, kubelet exec on every node, even where fine-grained kubelet authorization is on, so whoever runs it can never drop that grant.`,
    object: objectOf(byKey, first),
    path: first.path,
    permissions,
    evidence,
    fix: fixFor(evidence),
    key: `apiserver-proxy:${first.path}`,
  };
}

const PROMETHEUS_RBAC = (subresource: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: prometheus-server
rules:
  - apiGroups: [""]
    resources: ["nodes", "${subresource}", "services", "endpoints", "pods"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: prometheus-server
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: prometheus-server }
subjects:
  - { kind: ServiceAccount, name: prometheus-server, namespace: monitoring }
`;

export default defineRule({
  meta: {
    id: 'apiserver-node-proxy-path',
    severity: 'medium',
    category: 'kubelet',
    docs: {
      summary: 'Rendered configuration reaches the kubelet through the API server (`/api/v1/nodes/<node>/proxy/…`), which always needs nodes/proxy.',
      rationale:
        'A request to `/api/v1/nodes/<node>/proxy/<path>` is authorized by the API server as `nodes/proxy` on that node, whatever `<path>` is; the API server then calls the kubelet with its own credentials. ' +
        'The fine-grained kubelet subresources (`nodes/metrics`, `nodes/stats`, `nodes/pods`, …) are only checked by the kubelet itself, so they cannot help on this path: ' +
        'as long as the configuration scrapes through the API server, the workload keeps `nodes/proxy`, which over a WebSocket GET is command execution in every pod of every node. ' +
        'The classic example is the Prometheus `kubernetes-nodes` and `kubernetes-nodes-cadvisor` jobs of the prometheus chart up to 28.6.1, which rewrite `__metrics_path__` to `/api/v1/nodes/$1/proxy/metrics`.',
      fix:
        'Scrape the kubelet directly on port 10250: Prometheus `kubernetes_sd_configs` with `role: node`, `scheme: https` and the service account token, without rewriting `__address__` to the API server ' +
        '(`metrics_path: /metrics/cadvisor` for cAdvisor). Then grant `nodes/metrics` (for `/metrics*`) and `nodes/stats` (for `/stats/summary`) instead of `nodes/proxy`, in the same release: ' +
        'the prometheus chart did both in 28.7.0.',
      bad: `apiVersion: v1
kind: ConfigMap
metadata:
  name: prometheus-server
  namespace: monitoring
data:
  prometheus.yml: |
    scrape_configs:
      - job_name: kubernetes-nodes
        scheme: https
        bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
        kubernetes_sd_configs:
          - role: node
        relabel_configs:
          - target_label: __address__
            replacement: kubernetes.default.svc:443
          - source_labels: [__meta_kubernetes_node_name]
            regex: (.+)
            target_label: __metrics_path__
            replacement: /api/v1/nodes/$1/proxy/metrics
---
${PROMETHEUS_RBAC('nodes/proxy')}`,
      good: `apiVersion: v1
kind: ConfigMap
metadata:
  name: prometheus-server
  namespace: monitoring
data:
  prometheus.yml: |
    scrape_configs:
      - job_name: kubernetes-nodes
        scheme: https
        tls_config:
          ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
          insecure_skip_verify: true
        bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
        kubernetes_sd_configs:
          - role: node
        relabel_configs:
          - action: labelmap
            regex: __meta_kubernetes_node_label_(.+)
---
${PROMETHEUS_RBAC('nodes/metrics')}`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes',
        'https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/2862-fine-grained-kubelet-authz',
        'https://prometheus.io/docs/prometheus/latest/configuration/configuration/#kubernetes_sd_config',
        'https://github.com/prometheus-community/helm-charts/commit/cfdf3c18e041e627da96429ce0944de06664a52a',
      ],
    },
  },
  check(ctx) {
    const groups = groupsOf(ctx.evidence);
    if (groups.length === 0) return [];
    const byKey = objectsByKey(ctx.objects);
    return groups.flatMap((g) => draftFor(byKey, g) ?? []);
  },
});
