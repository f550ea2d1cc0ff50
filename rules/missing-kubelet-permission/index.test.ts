import { describe, expect, it } from 'vitest';
import missingKubeletPermission from './index.js';
import type { TargetInfo } from '../../src/types.js';
import { runRule, summaryOf } from '../../test/support/rules.js';

// Cases decided by the authorizers: the API server authorizes /api/v1/nodes/<n>/proxy/* as
// nodes/proxy with the method's verb (requestinfo.go NewRequestInfo; legacy /api/v1/proxy/nodes
// is the verb `proxy` on nodes, specialVerbsNoSubresources); the kubelet as kubeletAuthorization
// (auth.go GetRequestAttributes: fine-grained pods/healthz/configz first where
// KubeletFineGrainedAuthz is on, default from 1.33; then stats/metrics/log/checkpoint or proxy).

const role = (resources: string) => `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: agent}
rules:
  - apiGroups: [""]
    resources: [${resources}]
    verbs: [get, list, watch]
---
`;
const binding = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: agent}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: agent}
subjects:
  - {kind: ServiceAccount, name: agent, namespace: monitoring}
---
`;
const workload = (cm: string) => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent, namespace: monitoring}
spec:
  template:
    spec:
      serviceAccountName: agent
      containers: [{name: c, image: x}]
      volumes: [{name: v, configMap: {name: ${cm}}}]
---
`;
const configMap = (name: string, key: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: monitoring}\ndata:\n  ${key}: |\n${value.split('\n').map((l) => `    ${l}`).join('\n')}\n---\n`;

/** victoria-metrics-agent 0.30.0 / 2894e2d5 (VictoriaMetrics/helm-charts): scrapes through the API server. */
const VM_PROXY = configMap(
  'cfg',
  'scrape.yml',
  'scrape_configs:\n  - job_name: kubernetes-nodes\n    scheme: https\n    kubernetes_sd_configs: [{role: node}]\n    relabel_configs:\n      - target_label: __address__\n        replacement: kubernetes.default.svc:443\n      - source_labels: [__meta_kubernetes_node_name]\n        target_label: __metrics_path__\n        replacement: /api/v1/nodes/$1/proxy/metrics\n      - source_labels: [__meta_kubernetes_node_name]\n        target_label: __metrics_path__\n        replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor',
);
/** victoria-metrics-agent 0.31.0 (5c1debc9): direct. */
const VM_DIRECT = configMap('cfg', 'scrape.yml', 'scrape_configs:\n  - job_name: kubernetes-nodes-cadvisor\n    scheme: https\n    metrics_path: /metrics/cadvisor\n    kubernetes_sd_configs: [{role: node}]');
/** SigNoz k8s-infra 0.16.0: kubeletstats with extra_metadata_labels (/stats/summary and /pods). */
const STATS = configMap('cfg', 'otel.yaml', 'receivers:\n  kubeletstats:\n    auth_type: serviceAccount\n    extra_metadata_labels: [container.id]');

const GIVEN = (v: string): Partial<TargetInfo> => ({ kubeVersion: v });

const cases: { name: string; source: string; yaml: string; target?: Partial<TargetInfo>; expected: string[] }[] = [
  { name: 'API-server proxy scrape without nodes/proxy', source: 'VictoriaMetrics/helm-charts 2894e2d5: nodes/proxy dropped, scrape config unchanged', yaml: role('nodes, nodes/metrics') + binding + workload('cfg') + VM_PROXY, expected: ['high ConfigMap/cfg'] },
  { name: 'API-server proxy scrape with nodes/proxy', source: 'victoria-metrics-agent 0.30.0', yaml: role('nodes, nodes/metrics, nodes/proxy') + binding + workload('cfg') + VM_PROXY, expected: [] },
  { name: 'direct scrape with nodes/metrics', source: 'victoria-metrics-agent 0.31.0', yaml: role('nodes, nodes/metrics') + binding + workload('cfg') + VM_DIRECT, expected: [] },
  { name: 'direct scrape of /metrics/cadvisor with nodes/stats only', source: 'auth.go: /metrics* → metrics', yaml: role('nodes/stats') + binding + workload('cfg') + VM_DIRECT, expected: ['high ConfigMap/cfg'] },
  { name: 'nodes/proxy does not serve /metrics on the kubelet', source: 'auth.go: /metrics* is checked as metrics only; proxy is the fallback of the fine-grained paths and the default case', yaml: role('nodes/proxy') + binding + workload('cfg') + VM_DIRECT, expected: ['high ConfigMap/cfg'] },
  { name: 'nodes/proxy serves /pods (the fallback attribute)', source: 'auth.go: pods, then proxy', yaml: role('nodes/stats, nodes/proxy') + binding + workload('cfg') + STATS, target: GIVEN('1.35.0'), expected: [] },
  { name: '"*" resources serve it', source: 'ResourceMatches ResourceAll', yaml: role('"*"') + binding + workload('cfg') + VM_PROXY, expected: [] },
  { name: 'kubeletstats /stats/summary and /pods with nodes/stats only, 1.35 given', source: 'scraper.go: /pods for extra_metadata_labels; FG on at 1.35', yaml: role('nodes/stats') + binding + workload('cfg') + STATS, target: GIVEN('1.35.0'), expected: ['high ConfigMap/cfg'] },
  { name: 'kubeletstats with nodes/stats and nodes/pods at 1.35', source: 'auth.go: /pods → pods first with FG on', yaml: role('nodes/stats, nodes/pods') + binding + workload('cfg') + STATS, target: GIVEN('1.35.0'), expected: [] },
  { name: 'nodes/pods at a given 1.32: the kubelet checks only nodes/proxy for /pods', source: 'KubeletFineGrainedAuthz alpha, default off, in 1.32', yaml: role('nodes/stats, nodes/pods') + binding + workload('cfg') + STATS, target: GIVEN('1.32.0'), expected: ['high ConfigMap/cfg'] },
  { name: 'nodes/pods with nothing given: fine at 1.37, older kubelets are kubelet-subresource-skew\'s finding', source: 'src/kube-versions.ts window 1.32–1.37', yaml: role('nodes/stats, nodes/pods') + binding + workload('cfg') + STATS, expected: [] },
  { name: 'a ServiceAccount the chart does not bind is not judged', source: 'rbac.create=false: RBAC written elsewhere', yaml: role('nodes/stats') + workload('cfg') + STATS, expected: [] },
  { name: 'config nobody in the render runs has no subject', source: 'unattributed evidence', yaml: role('nodes') + binding + VM_PROXY, expected: [] },
  {
    name: 'a probe that accepts 403 needs nothing',
    source: 'datadog-agent kubelet_client.go checkConnection: only 401 fails',
    yaml: role('nodes/metrics, nodes/stats, nodes/pods') + binding + 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: agent, namespace: monitoring}\nspec:\n  template:\n    spec:\n      serviceAccountName: agent\n      containers: [{name: agent, image: x, env: [{name: DD_KUBERNETES_KUBELET_HOST, value: "1.2.3.4"}]}]\n',
    target: GIVEN('1.35.0'),
    expected: [],
  },
  {
    name: 'legacy /api/v1/proxy/nodes path needs the proxy verb on nodes',
    source: 'requestinfo.go specialVerbsNoSubresources',
    yaml: role('nodes/proxy') + binding + workload('cfg') + configMap('cfg', 'agent.sh', 'curl https://kubernetes.default.svc/api/v1/proxy/nodes/$NODE/metrics'),
    expected: ['high ConfigMap/cfg'],
  },
];

describe('missing-kubelet-permission', () => {
  it.each(cases)('$name ($source)', ({ yaml, target, expected }) => {
    expect(summaryOf(runRule(missingKubeletPermission, yaml, target))).toEqual(expected);
  });

  it('says which path, which permission, which subject and what breaks', () => {
    const [f] = runRule(missingKubeletPermission, role('nodes, nodes/metrics') + binding + workload('cfg') + VM_PROXY);
    expect(f?.message).toBe(
      'ConfigMap cfg (data.scrape.yml) calls the kubelet at /metrics, /metrics/cadvisor through the API server\'s node proxy ' +
        '("/api/v1/nodes/$1/proxy/metrics", "/api/v1/nodes/$1/proxy/metrics/cadvisor") as monitoring/agent, which lacks get nodes/proxy at Kubernetes 1.37: ' +
        'every such request gets 403, so nothing is read from /metrics, /metrics/cadvisor (a scraper loses every kubelet scrape of them).',
    );
    expect(f?.subjects).toEqual([{ kind: 'ServiceAccount', name: 'agent', namespace: 'monitoring' }]);
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'nodes/proxy', verbs: ['get'], resourceNames: [] }]);
    expect(f?.fix?.rules).toEqual([{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'], resourceNames: [], nonResourceURLs: [] }]);
    expect(f?.fix?.confidence).toBe('high');
  });

  it('a direct call names the subresource the kubelet checks first', () => {
    const [f] = runRule(missingKubeletPermission, role('nodes/stats') + binding + workload('cfg') + STATS, GIVEN('1.35.0'));
    expect(f?.message).toMatch(/lacks get nodes\/pods or nodes\/proxy at Kubernetes 1\.35/);
    expect(f?.message).toMatch(/fails the whole scrape when \/pods is refused/);
    expect(f?.fix?.rules).toEqual([{ apiGroups: [''], resources: ['nodes/pods'], verbs: ['get'], resourceNames: [], nonResourceURLs: [] }]);
  });
});
