import { defineRule, grantsFor, lower, roleLabel, rulePath, subjectLabel } from '../../src/rule-api/index.js';
import type { FindingDraft, Probe } from '../../src/rule-api/index.js';
import { nodesProxyAdvice } from './advice.js';

// Verbs the kubelet and the API-server node proxy produce (auth.go GetRequestAttributes,
// requestinfo.go): any of them on nodes/proxy reaches /exec, /run, /attach, /portForward.
// list/watch are never produced for a proxy request, so alone they only matter if the
// rule is later widened.
const DANGEROUS = ['get', 'create', 'update', 'patch', 'delete'];
const HARMLESS = ['list', 'watch'];
const NODES_PROXY = { apiGroup: '', resource: 'nodes', subresource: 'proxy' };
const PROBES: Probe[] = [
  { label: 'nodes/proxy', request: NODES_PROXY, verbs: DANGEROUS, what: 'nodes/proxy (kubelet exec on every node)' },
  // Weighed low: list/watch reach no kubelet endpoint; declared so the diff tracks them too.
  { label: 'nodes/proxy', request: NODES_PROXY, verbs: HARMLESS, grade: 'low' },
];

export default defineRule({
  meta: {
    id: 'nodes-proxy',
    severity: 'critical',
    category: 'kubelet',
    docs: {
      summary: 'Grants nodes/proxy (explicitly, via `*`, `*/proxy` or apiGroup `*`): kubelet exec on every node.',
      rationale:
        'Every kubelet path that has no narrower subresource (`/exec`, `/run`, `/attach`, `/portForward`, `/containerLogs`, `/debug`) is authorized as `nodes/proxy`. ' +
        'A WebSocket upgrade is an HTTP GET, so `get` on `nodes/proxy` is enough to run commands in every pod on every node, ' +
        'bypassing admission control and the API server audit log. The API server path `/api/v1/nodes/<node>/proxy/…` is authorized as `nodes/proxy` too. ' +
        'Since Kubernetes 1.33 (KubeletFineGrainedAuthz, GA in 1.36) the kubelet offers `nodes/pods`, `nodes/healthz` and `nodes/configz` beside `nodes/metrics`, `nodes/stats` and `nodes/log`, so monitoring agents rarely need `nodes/proxy`.',
      fix:
        'Grant the fine-grained subresources the workload uses (`nodes/metrics` for `/metrics*`, `nodes/stats` for `/stats/summary`, `nodes/pods` for `/pods`) and talk to the kubelet directly on port 10250. ' +
        'If the configuration scrapes through the API server (`/api/v1/nodes/$1/proxy/metrics`), change the scrape config in the same release: `nodes/proxy` is needed as long as that path is used.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: scraper
rules:
  - apiGroups: [""]
    resources: ["nodes", "nodes/proxy"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: scraper
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: scraper }
subjects:
  - { kind: ServiceAccount, name: scraper, namespace: monitoring }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: scraper
rules:
  - apiGroups: [""]
    resources: ["nodes", "nodes/metrics"]
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: scraper
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: scraper }
subjects:
  - { kind: ServiceAccount, name: scraper, namespace: monitoring }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#access-to-proxy-subresource-of-nodes',
        'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#get-nodes-proxy-warning',
        'https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/2862-fine-grained-kubelet-authz',
        'https://grahamhelton.com/blog/nodes-proxy-rce',
      ],
    },
  },
  probes: PROBES,
  check(ctx) {
    const out: FindingDraft[] = [];
    const grants = grantsFor(ctx.model, NODES_PROXY, [...DANGEROUS, ...HARMLESS]);
    for (const g of grants) {
      // ineffective-rule reports inert grants; a built-in role counts as a chart binding hands it out (g.role.via).
      if (g.reach.reach === 'inert' || !g.role.object) continue;
      // The kubelet and the API server authorize with Name = the node's name (auth.go), a DNS
      // subdomain: resourceNames that cannot be node names (`*` is literal) never match.
      if (g.rule.resourceNames.length > 0 && !g.rule.resourceNames.some(isNodeName)) continue;
      const dangerous = g.verbs.some((v) => DANGEROUS.includes(v));
      let severity = dangerous ? this.meta.severity : 'low';
      if (g.reach.reach === 'latent') severity = lower(severity);
      const who =
        g.reach.subjects.length > 0
          ? ` to ${g.reach.subjects.map(subjectLabel).join(', ')}`
          : g.reach.builtinAggregates.length > 0
            ? ` to every holder of the built-in ${g.reach.builtinAggregates.join('/')} role`
            : ' (not bound in the chart: whoever binds it later gets it)';
      const via = g.resource === 'nodes/proxy' ? '' : ` through ${JSON.stringify(g.resource)}${g.apiGroup === '*' ? ' in apiGroup "*"' : ''}`;
      const impact = dangerous
        ? 'kubelet exec/run/attach/port-forward on every node (get is enough over WebSocket), bypassing admission and audit'
        : 'list/watch alone reach no kubelet endpoint, but one more verb makes it remote code execution';
      const advice = nodesProxyAdvice(ctx, g.reach.subjects, {
        role: g.role.object.ref,
        object: g.role.object,
        rulePath: rulePath(g.role, g.ruleIndex),
        resourcePath: rulePath(g.role, g.ruleIndex, g.resourceIndex),
      });
      out.push({
        severity,
        message: `${roleLabel(g.role)} grants ${g.ruleVerbs.join(', ')} on nodes/proxy${via}${who}: ${impact}.`,
        object: g.role.object,
        path: rulePath(g.role, g.ruleIndex, g.resourceIndex),
        subjects: g.reach.subjects,
        permissions: [{ apiGroup: g.apiGroup, resource: g.resource, verbs: g.ruleVerbs, resourceNames: g.rule.resourceNames }],
        evidence: advice.evidence,
        ...(advice.unattributedEvidence > 0 ? { unattributedEvidence: advice.unattributedEvidence } : {}),
        fix: advice.fix,
        key: `rules:${g.apiGroup}/${g.resource}:${[...g.rule.resourceNames].sort().join(',')}`,
      });
    }
    return out;
  },
});

/** RFC 1123 subdomain (apimachinery IsDNS1123Subdomain), what node names are validated as. */
function isNodeName(name: string): boolean {
  return name.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(name);
}
