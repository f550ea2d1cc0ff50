import { describe, expect, it } from 'vitest';
import apiserverNodeProxyPath from './index.js';
import type { Evidence } from '../../src/types.js';
import { runRule, summaryOf } from '../../test/support/rules.js';
import { contextFor, pathsAndKeys } from '../../test/support/rules.js';

const configMap = (name: string, jobs: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: monitoring\ndata:\n  prometheus.yml: |\n    scrape_configs:\n${jobs}---\n`;

// prometheus 28.6.1: kubernetes-nodes / kubernetes-nodes-cadvisor rewrite __address__ to the API
// server and __metrics_path__ to /api/v1/nodes/$1/proxy/metrics[/cadvisor] (charts/INDEX.md).
const viaApiServer = (path: string, job = 'kubernetes-nodes') => `      - job_name: ${job}
        scheme: https
        kubernetes_sd_configs:
          - role: node
        relabel_configs:
          - target_label: __address__
            replacement: kubernetes.default.svc:443
          - source_labels: [__meta_kubernetes_node_name]
            regex: (.+)
            target_label: __metrics_path__
            replacement: ${path}
`;
// prometheus 28.7.0: role: node, scheme: https, no rewrite: the kubelet on its own port.
const direct = `      - job_name: kubernetes-nodes-cadvisor
        scheme: https
        bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
        kubernetes_sd_configs:
          - role: node
        metrics_path: /metrics/cadvisor
`;
const PROM_2861 = configMap('prometheus-server', viaApiServer('/api/v1/nodes/$1/proxy/metrics') + viaApiServer('/api/v1/nodes/$1/proxy/metrics/cadvisor', 'kubernetes-nodes-cadvisor'));
const deployment = (args: string) =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: poller\n  namespace: monitoring\nspec:\n  template:\n    spec:\n      containers:\n        - name: c\n          image: x\n          args: [${JSON.stringify(args)}]\n---\n`;

// requestinfo.go NewRequestInfo (nodes/proxy, verb from the method; legacy /api/v1/proxy/nodes →
// verb "proxy" on nodes), storage_core.go (no fine-grained subresource on the API server path).
const cases: { name: string; source: string; yaml: string; expected: string[] }[] = [
  { name: 'prometheus 28.6.1 node jobs', source: 'charts/INDEX.md prometheus-28.6.1', yaml: PROM_2861, expected: ['medium ConfigMap/prometheus-server'] },
  { name: 'prometheus 28.7.0 direct scrape', source: 'charts/INDEX.md prometheus-28.7.0', yaml: configMap('prometheus-server', direct), expected: [] },
  { name: 'container args', source: 'docs/kubernetes.md#the-api-servers-node-proxy: /proxy/stats/summary needs nodes/proxy', yaml: deployment('--url=https://kubernetes.default.svc/api/v1/nodes/node-1/proxy/stats/summary'), expected: ['medium Deployment/poller'] },
  { name: 'legacy /api/v1/proxy/nodes form', source: 'requestinfo.go specialVerbsNoSubresources', yaml: configMap('legacy', '      - job_name: a\n        metrics_path: /api/v1/proxy/nodes/node-1/metrics\n'), expected: ['medium ConfigMap/legacy'] },
  { name: 'commented-out path', source: 'kube-prometheus-stack 88.5.3 comment trap; evidence/text.ts stripComments', yaml: configMap('c', '      - job_name: a\n        # metrics_path: /api/v1/nodes/node-1/proxy/metrics\n        metrics_path: /metrics\n'), expected: [] },
  { name: 'kubelet port alone is not the proxy path', source: 'docs/kubernetes.md#the-api-servers-node-proxy vs direct :10250', yaml: deployment('--kubelet=https://${NODE_IP}:10250/stats/summary'), expected: [] },
  { name: 'one finding per object', source: 'rule: one per object + value', yaml: PROM_2861 + configMap('second', viaApiServer('/api/v1/nodes/$1/proxy/metrics')), expected: ['medium ConfigMap/prometheus-server', 'medium ConfigMap/second'] },
];

describe('apiserver-node-proxy-path', () => {
  it.each(cases)('$name ($source)', ({ yaml, expected }) => {
    expect(summaryOf(runRule(apiserverNodeProxyPath, yaml))).toEqual(expected);
  });

  it('quotes the paths, carries the evidence and a direct-scrape fix with nodes/metrics', () => {
    const [f] = runRule(apiserverNodeProxyPath, PROM_2861);
    expect(f?.message).toBe(
      'ConfigMap prometheus-server (data.prometheus.yml) reaches the kubelet through the API server\'s node proxy ("/api/v1/nodes/$1/proxy/metrics", "/api/v1/nodes/$1/proxy/metrics/cadvisor"), ' +
        'which the API server always authorizes as nodes/proxy, kubelet exec on every node, even where fine-grained kubelet authorization is on, so whoever runs it can never drop that grant.',
    );
    expect(f?.evidence.map((e) => e.text)).toEqual(['/api/v1/nodes/$1/proxy/metrics', '/api/v1/nodes/$1/proxy/metrics/cadvisor']);
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'nodes/proxy', verbs: ['get'], resourceNames: [] }]);
    expect(f?.fix?.rules).toEqual([{ apiGroups: [''], resources: ['nodes/metrics'], verbs: ['get'], resourceNames: [], nonResourceURLs: [] }]);
    expect(f?.fix?.summary).toMatch(/port 10250.*role: node/);
    expect(f?.fix?.minKubernetesVersion).toBeNull();
  });

  // The fix grants what the kubelet checks for the same path called directly (auth.go, docs/kubernetes.md#path-to-subresource).
  const fixes: { name: string; path: string; resources: string[]; minVersion: string | null; stillProxy: boolean }[] = [
    { name: '/stats/summary → nodes/stats', path: '/api/v1/nodes/$1/proxy/stats/summary', resources: ['nodes/stats'], minVersion: null, stillProxy: false },
    { name: '/logs/ → nodes/log', path: '/api/v1/nodes/$1/proxy/logs/', resources: ['nodes/log'], minVersion: null, stillProxy: false },
    { name: '/pods → nodes/pods (1.33+)', path: '/api/v1/nodes/$1/proxy/pods', resources: ['nodes/pods'], minVersion: '1.33', stillProxy: false },
    { name: '/containerLogs stays nodes/proxy', path: '/api/v1/nodes/$1/proxy/containerLogs/ns/pod/c', resources: [], minVersion: null, stillProxy: true },
  ];
  it.each(fixes)('fix: $name', ({ path, resources, minVersion, stillProxy }) => {
    const [f] = runRule(apiserverNodeProxyPath, configMap('c', viaApiServer(path)));
    expect(f?.fix?.rules.flatMap((r) => r.resources)).toEqual(resources);
    expect(f?.fix?.minKubernetesVersion).toBe(minVersion);
    expect(/really needs it/.test(f?.fix?.summary ?? '')).toBe(stillProxy);
  });

  it('asks for the proxy verb on nodes for the legacy form', () => {
    const [f] = runRule(apiserverNodeProxyPath, configMap('legacy', '      - job_name: a\n        metrics_path: /api/v1/proxy/nodes/node-1/metrics\n'));
    expect(f?.permissions).toEqual([{ apiGroup: '', resource: 'nodes', verbs: ['proxy'], resourceNames: [] }]);
  });

  it('points at the value holding the path and keys on it', () => {
    expect(pathsAndKeys(apiserverNodeProxyPath.check(contextFor(PROM_2861)))).toEqual(['data.prometheus.yml apiserver-proxy:data.prometheus.yml']);
  });

  it('reports evidence whose object is not among the objects, at the evidence position', () => {
    const ctx = contextFor('');
    const evidence: Evidence = {
      object: { apiVersion: 'v1', kind: 'ConfigMap', name: 'gone', namespace: 'monitoring' },
      target: 0,
      path: 'data.x',
      kind: 'config',
      text: '/api/v1/nodes/$1/proxy/metrics',
      access: 'apiserver-proxy',
      kubeletPath: '/metrics',
      subresources: ['metrics'],
      verb: 'get',
      source: { file: 'templates/cm.yaml', line: 9 },
    };
    const [d] = apiserverNodeProxyPath.check({ ...ctx, evidence: [evidence, { ...evidence, access: 'kubelet-direct', path: 'data.y' }] });
    expect(d?.object.source).toEqual({ file: 'templates/cm.yaml', line: 9 });
    expect(d?.evidence).toEqual([evidence]);
  });
});
