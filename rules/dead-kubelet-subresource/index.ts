import { DEAD_KUBELET_SUBRESOURCES, KUBELET_SUBRESOURCES, allowedVerbs, defineRule, reachOf } from '../../src/rule-api/index.js';
import type { FindingDraft, PolicyRule, Role, RuleContext } from '../../src/rule-api/index.js';

// `nodes/<x>` entries that no request is ever authorized as. The kubelet checks only the
// subresources of auth.go's path switches (KUBELET_SUBRESOURCES); the API server registers
// only nodes, nodes/status and nodes/proxy (storage_core.go). Anything else — `nodes/spec`,
// whose endpoint was removed in 1.21, or typos such as datadog 3.240.0's `nodes/logs` for
// `nodes/log` — grants nothing, and usually means the workload is missing what it meant to grant.
// `nodes/*` is left to ineffective-rule (a misunderstood wildcard, not a dead endpoint).

const API_SERVER_NODE_SUBRESOURCES = ['status', 'proxy'];
const LIVE: ReadonlySet<string> = new Set<string>([...KUBELET_SUBRESOURCES, ...API_SERVER_NODE_SUBRESOURCES]);
const DEAD: ReadonlySet<string> = new Set<string>(DEAD_KUBELET_SUBRESOURCES);
const NODES_PREFIX = 'nodes/';

/** The live subresource a near-miss was probably meant as (`logs` → `log`, `Proxy` → `proxy`). */
export function meantSubresource(sub: string): string | null {
  const lowered = sub.toLowerCase();
  const candidates = [lowered, lowered.replace(/s$/, ''), `${lowered}s`];
  return candidates.find((c) => c !== sub && LIVE.has(c)) ?? null;
}

function explain(sub: string): { why: string; fix: string } {
  if (DEAD.has(sub)) {
    return {
      why: 'the kubelet /spec endpoint was removed in Kubernetes 1.21 and the path now falls to nodes/proxy, so nodes/spec authorizes nothing',
      fix: 'remove it (machine information is in the Node object\'s status and in the kubelet /metrics/cadvisor metrics, which nodes/metrics covers)',
    };
  }
  const meant = meantSubresource(sub);
  return {
    why: `no kubelet or API server request is authorized as nodes/${sub}`,
    fix: meant ? `write nodes/${meant}, which is what the kubelet checks` : 'remove it, or write the subresource the kubelet really checks',
  };
}

/** True when the rule really grants the literal (core group, some verb), whatever its resourceNames. */
function grantsLiteral(rule: PolicyRule, resource: string, sub: string): boolean {
  const single = { ...rule, resources: [resource] };
  return allowedVerbs(single, { apiGroup: '', resource: 'nodes', subresource: sub }, rule.verbs).length > 0;
}

function checkRole(ctx: RuleContext, role: Role): FindingDraft[] {
  const object = role.object;
  if (!object) return [];
  // Nodes are cluster-scoped: through a Role or RoleBindings only, ineffective-rule reports it.
  const reach = reachOf(ctx.model, role, { clusterScoped: true });
  if (reach.reach === 'inert') return [];
  const out: FindingDraft[] = [];
  role.rules.forEach((rule, i) => {
    rule.resources.forEach((resource, j) => {
      if (!resource.startsWith(NODES_PREFIX)) return;
      const sub = resource.slice(NODES_PREFIX.length);
      if (sub === '*' || LIVE.has(sub) || !grantsLiteral(rule, resource, sub)) return;
      const { why, fix } = explain(sub);
      out.push({
        // Latent (unbound) grants would go one level lower, but info is already the floor.
        message: `${role.kind} ${role.name} rule ${i + 1} grants ${JSON.stringify(resource)}, which never takes effect: ${why}; ${fix}.`,
        object,
        path: `rules.${i}.resources.${j}`,
        subjects: reach.subjects,
        permissions: [{ apiGroup: rule.apiGroups.join(','), resource, verbs: rule.verbs, resourceNames: rule.resourceNames }],
        fix: null,
        key: `dead:${resource}`,
      });
    });
  });
  return out;
}

export default defineRule({
  meta: {
    id: 'dead-kubelet-subresource',
    severity: 'info',
    category: 'kubelet',
    docs: {
      summary: 'Grants a nodes/<subresource> that nothing checks: nodes/spec (endpoint removed in 1.21) or a misspelling such as nodes/logs.',
      rationale:
        'The kubelet authorizes its API as `nodes/proxy`, `nodes/stats`, `nodes/metrics`, `nodes/log`, `nodes/checkpoint`, `nodes/pods`, `nodes/healthz`, `nodes/configz` and `nodes/statusz`; the API server adds `nodes/status` and `nodes/proxy`. ' +
        'The kubelet `/spec` endpoint was removed in Kubernetes 1.21 (KEP-2129), so `nodes/spec` — still copied from old docs and from `system:kubelet-api-admin` — authorizes nothing; a request to `/spec` now needs `nodes/proxy`. ' +
        'Other unknown names are typos that silently grant nothing: datadog 3.240.0 grants `nodes/logs`, but the kubelet checks `nodes/log` for `/logs/`. ' +
        'The grant is harmless, but it is dead weight that reviewers read as a real permission, and a typo means the workload lacks what it needs.',
      fix: 'Remove `nodes/spec`. Replace a misspelt subresource with the one the kubelet checks (`nodes/log`, `nodes/metrics`, `nodes/stats`, `nodes/pods`, …).',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: node-agent
rules:
  - apiGroups: [""]
    resources: ["nodes/metrics", "nodes/spec", "nodes/stats", "nodes/logs"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: node-agent
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-agent }
subjects:
  - { kind: ServiceAccount, name: node-agent, namespace: monitoring }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: node-agent
rules:
  - apiGroups: [""]
    resources: ["nodes/metrics", "nodes/stats", "nodes/log"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: node-agent
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: node-agent }
subjects:
  - { kind: ServiceAccount, name: node-agent, namespace: monitoring }
`,
      references: [
        'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#kubelet-authorization',
        'https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/2129-remove-cadvisor-json-metrics',
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/server/auth.go',
      ],
    },
  },
  check(ctx) {
    return ctx.model.roles.flatMap((r) => checkRole(ctx, r));
  },
});
