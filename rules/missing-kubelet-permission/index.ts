import {
  FINE_GRAINED_KUBELET_SINCE,
  attributionOf,
  clusterCanI,
  compareMinors,
  defineRule,
  kubeMinorsOf,
  kubeletAuthorization,
  subjectLabel,
} from '../../src/rule-api/index.js';
import type { Evidence, FindingDraft, FindingPermission, ObjectRef, ParsedObject, PolicyRule, RbacModel, RuleContext, Subject } from '../../src/rule-api/index.js';

// Under-privilege: a workload whose rendered configuration calls the kubelet, running as a
// ServiceAccount the chart binds, lacks the permission that call is authorized with, so the call
// gets 403 and what depends on it stops (VictoriaMetrics/helm-charts 2894e2d5 dropped nodes/proxy
// while victoria-metrics-agent still scraped /api/v1/nodes/$1/proxy/metrics).
// - Through the API server (`/api/v1/nodes/<node>/proxy/<path>`): the API server authorizes
//   `nodes/proxy` with the request's verb (GET → get) whatever <path> is (requestinfo.go); the
//   legacy `/api/v1/proxy/nodes/<node>/…` is the verb `proxy` on `nodes` (specialVerbs).
// - Directly on :10250: the kubelet checks the subresources of kubeletAuthorization in order,
//   first Allow wins (auth.go GetRequestAttributes, server.go InstallAuthFilter): fine-grained
//   ones (nodes/pods, nodes/healthz, nodes/configz) only where KubeletFineGrainedAuthz is on
//   (default from 1.33), then the coarse one (stats, metrics, log, checkpoint) or nodes/proxy.
// Judged at the newest Kubernetes minor the render stands for (kubeMinorsOf): a grant that works
// there but not on older kubelets is kubelet-subresource-skew's finding, not this one.
// Only config evidence whose refusal breaks something counts (a probe that accepts 403 does
// not), and only ServiceAccounts the chart binds: a chart that leaves RBAC to someone else
// (rbac.create=false) is not judged on permissions it does not write.

const ANY_NODE = '\u0000any-node';
const LEGACY = /\/api\/v1\/proxy\/nodes\//;

interface Need {
  /** What the call is authorized as: each alternative allows it. */
  alternatives: FindingPermission[];
  /** Human form of what is missing (`get nodes/proxy`). */
  label: string;
}

function needOf(e: Evidence, fineGrained: boolean): Need | null {
  if (e.access === 'apiserver-proxy') {
    if (LEGACY.test(e.text)) return { alternatives: [{ apiGroup: '', resource: 'nodes', verbs: ['proxy'], resourceNames: [] }], label: 'the proxy verb on nodes' };
    const verb = e.verb || 'get';
    return { alternatives: [{ apiGroup: '', resource: 'nodes/proxy', verbs: [verb], resourceNames: [] }], label: `${verb} nodes/proxy` };
  }
  if (e.kubeletPath === null) return null;
  const auth = kubeletAuthorization(e.kubeletPath, 'GET', { fineGrained });
  const alternatives = auth.subresources.map((s) => ({ apiGroup: '', resource: `nodes/${s}`, verbs: [auth.verb], resourceNames: [] }));
  return { alternatives, label: `${auth.verb} ${auth.subresources.map((s) => `nodes/${s}`).join(' or ')}` };
}

function allowed(model: RbacModel, subject: Subject, need: Need): boolean {
  return need.alternatives.some((p) => {
    const [resource, subresource] = p.resource.split('/');
    return clusterCanI(model, subject, { verb: p.verbs[0] ?? 'get', apiGroup: '', resource, ...(subresource ? { subresource } : {}), name: ANY_NODE });
  });
}

/** ServiceAccounts some binding of the render names: the chart writes their RBAC. */
function boundAccounts(model: RbacModel): Set<string> {
  const out = new Set<string>();
  for (const b of model.bindings) {
    if (!b.object) continue;
    for (const s of b.subjects) if (s.kind === 'ServiceAccount') out.add(`${s.namespace ?? ''}/${s.name}`);
  }
  return out;
}

const refKey = (target: number, r: ObjectRef): string => [target, r.apiVersion, r.kind, r.namespace ?? '', r.name].join('\u0000');

function objectsByKey(objects: readonly ParsedObject[]): Map<string, ParsedObject> {
  const out = new Map<string, ParsedObject>();
  for (const o of objects) if (!out.has(refKey(o.target, o.ref))) out.set(refKey(o.target, o.ref), o);
  return out;
}

interface Miss {
  object: ParsedObject;
  path: string;
  subject: Subject;
  evidence: Evidence[];
  needs: Need[];
}

const uniq = <T>(xs: Iterable<T>): T[] => [...new Set(xs)];

const getRule = (resources: string[]): PolicyRule => ({ apiGroups: [''], resources, verbs: ['get'], resourceNames: [], nonResourceURLs: [] });

/**
 * What to grant. Through the API server: the subresources the same paths need once called
 * directly (the better fix). Directly: the first subresource the kubelet checks for each path
 * (the fine-grained one where it has one; nodes/proxy for paths only it authorizes).
 */
function fixRules(miss: Miss, proxied: boolean): PolicyRule[] {
  if (proxied) {
    const subs = uniq(miss.evidence.map((e) => e.subresources[0]).filter((s): s is string => !!s && s !== 'proxy'));
    return subs.length > 0 ? [getRule(subs.map((s) => `nodes/${s}`))] : [];
  }
  const resources = uniq(miss.needs.map((n) => n.alternatives[0]?.resource ?? '').filter((r) => r !== ''));
  const rules: PolicyRule[] = [];
  const get = resources.filter((r) => r !== 'nodes/checkpoint');
  if (get.length > 0) rules.push(getRule(get));
  if (resources.includes('nodes/checkpoint')) rules.push({ apiGroups: [''], resources: ['nodes/checkpoint'], verbs: ['create'], resourceNames: [], nonResourceURLs: [] });
  return rules;
}

function draftFor(miss: Miss, ctx: RuleContext, newest: string): FindingDraft {
  const proxied = miss.evidence.some((e) => e.access === 'apiserver-proxy');
  const paths = uniq(miss.evidence.map((e) => e.kubeletPath ?? '')).join(', ');
  const how = proxied ? ' through the API server\'s node proxy' : ' directly on :10250';
  const lacking = uniq(miss.needs.map((n) => n.label)).join(', ');
  // A bare URL says nothing of its reader (clients/urls.ts): one sentence for those paths.
  const bare = uniq(miss.evidence.filter((e) => e.client === 'urls').map((e) => e.kubeletPath ?? ''));
  const breaks = uniq([
    ...miss.evidence.filter((e) => e.client !== 'urls').map((e) => e.breaks).filter((b): b is string => !!b),
    ...(bare.length > 0 ? [`nothing is read from ${bare.join(', ')} (a scraper loses every kubelet scrape of ${bare.length === 1 ? 'it' : 'them'})`] : []),
  ]).join('; ');
  const texts = uniq(miss.evidence.map((e) => JSON.stringify(e.text))).join(', ');
  const fg = compareMinors(newest, FINE_GRAINED_KUBELET_SINCE) >= 0 ? '' : ` (kubelets before ${FINE_GRAINED_KUBELET_SINCE} have no fine-grained subresources)`;
  const permissions = uniq(miss.needs.flatMap((n) => n.alternatives.map((p) => JSON.stringify(p)))).map((p) => JSON.parse(p) as FindingPermission);
  const summary = proxied
    ? `Either grant ${lacking} back to ${subjectLabel(miss.subject)} (kubelet exec on every node), or better, change the configuration to scrape the kubelet directly on port 10250 ` +
      `(no __address__/__metrics_path__ rewrite to the API server, metrics_path /metrics/cadvisor for cAdvisor) and grant the fine-grained subresources below, in the same release.`
    : `Grant ${subjectLabel(miss.subject)} the permission below${fg}; nodes/proxy would also do, but it is kubelet exec on every node.`;
  return {
    message:
      `${miss.object.ref.kind} ${miss.object.ref.name} (${miss.path}) calls the kubelet at ${paths}${how} (${texts}) as ${subjectLabel(miss.subject)}, ` +
      `which lacks ${lacking} at Kubernetes ${newest}: every such request gets 403, so ${breaks || 'the call fails'}.`,
    object: miss.object,
    path: miss.path,
    subjects: [miss.subject],
    permissions,
    evidence: miss.evidence,
    fix: {
      summary,
      rules: fixRules(miss, proxied),
      minKubernetesVersion: null,
      confidence: 'high',
    },
    key: `missing:${subjectLabel(miss.subject)}:${miss.path}:${uniq(miss.needs.map((n) => n.label)).sort().join(',')}`,
  };
}

function check(ctx: RuleContext): FindingDraft[] {
  const minors = kubeMinorsOf(ctx.target);
  const newest = minors.reduce((a, b) => (compareMinors(a, b) >= 0 ? a : b), minors[0] ?? FINE_GRAINED_KUBELET_SINCE);
  const fineGrained = compareMinors(newest, FINE_GRAINED_KUBELET_SINCE) >= 0;
  const attribution = attributionOf(ctx.evidence, ctx.objects);
  const bound = boundAccounts(ctx.model);
  const byKey = objectsByKey(ctx.objects);
  const misses = new Map<string, Miss>();
  ctx.evidence.forEach((e, i) => {
    if (e.kind !== 'config' || e.breaks === undefined) return;
    const need = needOf(e, fineGrained);
    if (!need) return;
    const object = byKey.get(refKey(e.target, e.object));
    if (!object) return;
    for (const owner of attribution.owners[i] ?? []) {
      const namespace = owner.namespace ?? ctx.target.namespace;
      if (!bound.has(`${namespace}/${owner.name}`)) continue;
      const subject: Subject = { kind: 'ServiceAccount', name: owner.name, namespace };
      if (allowed(ctx.model, subject, need)) continue;
      const key = `${refKey(e.target, e.object)}\u0000${e.path}\u0000${namespace}/${owner.name}`;
      const miss = misses.get(key) ?? { object, path: e.path, subject, evidence: [], needs: [] };
      miss.evidence.push(e);
      if (!miss.needs.some((n) => n.label === need.label)) miss.needs.push(need);
      misses.set(key, miss);
    }
  });
  return [...misses.values()].map((m) => draftFor(m, ctx, newest));
}

const AGENT = (resources: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: vmagent
rules:
  - apiGroups: [""]
    resources: [${resources}]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: vmagent
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: vmagent }
subjects:
  - { kind: ServiceAccount, name: vmagent, namespace: monitoring }
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: vmagent
  namespace: monitoring
spec:
  template:
    spec:
      serviceAccountName: vmagent
      containers:
        - name: vmagent
          image: victoriametrics/vmagent
          args: ["-promscrape.config=/config/scrape.yml"]
          volumeMounts: [{ name: config, mountPath: /config }]
      volumes:
        - name: config
          configMap: { name: vmagent-config }
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: vmagent-config
  namespace: monitoring
data:
  scrape.yml: |
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
`;

export default defineRule({
  meta: {
    id: 'missing-kubelet-permission',
    severity: 'high',
    category: 'kubelet',
    docs: {
      summary: 'A workload\'s rendered configuration calls the kubelet, but the ServiceAccount it runs as lacks the permission that call needs: every such request gets 403.',
      rationale:
        'The inverse of nodes-proxy: removing a kubelet permission the configuration still uses breaks the workload. A request through the API server (`/api/v1/nodes/<node>/proxy/<path>`) is authorized as `nodes/proxy` whatever the path; ' +
        'a direct request to the kubelet on port 10250 is authorized by the kubelet as the path\'s subresource (`nodes/metrics` for `/metrics*`, `nodes/stats` for `/stats/summary`, `nodes/pods` for `/pods` where fine-grained kubelet authorization is on, 1.33+), falling back to `nodes/proxy`. ' +
        'The rule reads each workload\'s configuration with the kubelet client catalogue (Prometheus/vmagent/Alloy scrape jobs, ServiceMonitors, VMNodeScrapes, the OTel kubelet stats receiver, Datadog, New Relic, Netdata, Fluent Bit, Kepler, …), ' +
        'and checks the permission of the ServiceAccount it runs as, exactly as the authorizer would, at the newest Kubernetes version the render stands for. ' +
        'VictoriaMetrics/helm-charts 2894e2d5 removed `nodes/proxy` while victoria-metrics-agent still scraped `/api/v1/nodes/$1/proxy/metrics`: every kubelet scrape failed. ' +
        'Only ServiceAccounts the chart binds are judged, and calls whose refusal the client tolerates (a connection probe that accepts 403) are not.',
      fix:
        'Change the configuration and the RBAC together. For the API-server proxy path, scrape the kubelet directly (Prometheus `kubernetes_sd_configs` role node, `scheme: https`, no rewrite of `__address__`/`__metrics_path__`; `metrics_path: /metrics/cadvisor` for cAdvisor) and grant `nodes/metrics`; ' +
        'otherwise grant the fine-grained subresource the path needs (`nodes/stats`, `nodes/pods`, …).',
      bad: AGENT('"nodes", "nodes/metrics"'),
      good: AGENT('"nodes", "nodes/metrics"').replace(
        `        relabel_configs:
          - target_label: __address__
            replacement: kubernetes.default.svc:443
          - source_labels: [__meta_kubernetes_node_name]
            regex: (.+)
            target_label: __metrics_path__
            replacement: /api/v1/nodes/$1/proxy/metrics
`,
        `        relabel_configs:
          - action: labelmap
            regex: __meta_kubernetes_node_label_(.+)
`,
      ),
      references: [
        'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization',
        'https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/2862-fine-grained-kubelet-authz',
        'https://github.com/VictoriaMetrics/helm-charts/commit/2894e2d5d74d676fd8af95ea67c44fa9e92860ff',
        'https://prometheus.io/docs/prometheus/latest/configuration/configuration/#kubernetes_sd_config',
      ],
    },
  },
  check,
});
