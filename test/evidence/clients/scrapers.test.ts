// Prometheus-style scrapers of the catalogue (clients/prometheus.ts, vm-node-scrape.ts,
// service-monitor.ts, alloy.ts, urls.ts), with configs shaped like the real ones:
// - VictoriaMetrics/helm-charts victoria-metrics-agent 0.30.0 (API-server proxy form) and 0.31.0
//   (5c1debc9, direct form with metrics_path /metrics/cadvisor), victoria-metrics-k8s-stack 0.91.2
//   VMNodeScrapes without a port;
// - prometheus/prometheus documentation/examples/prometheus-kubernetes.yml, both forms;
// - grafana/k8s-monitoring-helm feature-cluster-metrics _kubelet.alloy.tpl (nodeAddressFormat
//   direct | proxy); grafana/alloy discovery.kubelet (GET <url>/pods).
import { describe, expect, it } from 'vitest';
import { type Call, calls, configMap, sorted } from './support.js';

const VM_PROXY = `scrape_configs:
  - job_name: kubernetes-nodes
    scheme: https
    kubernetes_sd_configs:
      - role: node
    relabel_configs:
      - action: labelmap
        regex: __meta_kubernetes_node_label_(.+)
      - replacement: kubernetes.default.svc:443
        target_label: __address__
      - source_labels: [__meta_kubernetes_node_name]
        target_label: __metrics_path__
        replacement: /api/v1/nodes/$1/proxy/metrics
  - job_name: kubernetes-nodes-cadvisor
    scheme: https
    kubernetes_sd_configs:
      - role: node
    relabel_configs:
      - replacement: kubernetes.default.svc:443
        target_label: __address__
      - source_labels: [__meta_kubernetes_node_name]
        target_label: __metrics_path__
        replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor`;

const VM_DIRECT = `scrape_configs:
  - job_name: kubernetes-nodes
    scheme: https
    kubernetes_sd_configs:
      - role: node
    relabel_configs:
      - action: labelmap
        regex: __meta_kubernetes_node_label_(.+)
  - job_name: kubernetes-nodes-cadvisor
    scheme: https
    metrics_path: /metrics/cadvisor
    kubernetes_sd_configs:
      - role: node`;

const vmNodeScrape = (spec: string): string => `apiVersion: operator.victoriametrics.com/v1beta1
kind: VMNodeScrape
metadata: {name: kubelet, namespace: monitoring}
spec:
${spec.split('\n').map((l) => `  ${l}`).join('\n')}
`;

const PROXY = (p: string): Call => ['apiserver-proxy', p, 'urls', true];

describe('scrapers', () => {
  it.each([
    { why: 'victoria-metrics-agent 0.30.0: both jobs through the API-server node proxy', yaml: configMap('scrape.yml', VM_PROXY), expected: [PROXY('/metrics'), PROXY('/metrics/cadvisor')] },
    {
      why: 'victoria-metrics-agent 0.31.0: both jobs direct, https',
      yaml: configMap('scrape.yml', VM_DIRECT),
      expected: [['kubelet-direct', '/metrics', 'prometheus', true], ['kubelet-direct', '/metrics/cadvisor', 'prometheus', true]],
    },
    {
      why: 'prometheus-kubernetes.yml proxy form: ${1} in the replacement',
      yaml: configMap('prometheus.yml', VM_PROXY.replace('/api/v1/nodes/$1/proxy/metrics\n', '/api/v1/nodes/${1}/proxy/metrics\n')),
      expected: [PROXY('/metrics'), PROXY('/metrics/cadvisor')],
    },
    { why: 'http to the kubelet fails the TLS handshake before authorization', yaml: configMap('prometheus.yml', VM_DIRECT.replace(/scheme: https/g, 'scheme: http')), expected: [] },
    {
      why: 'the read-only port 10255 authorizes nothing',
      yaml: configMap('prometheus.yml', 'scrape_configs:\n  - job_name: k\n    kubernetes_sd_configs: [{role: node}]\n    relabel_configs:\n      - source_labels: [__address__]\n        regex: (.+):10250\n        target_label: __address__\n        replacement: ${1}:10255'),
      expected: [],
    },
    {
      why: 'a static target on :10250 with https',
      yaml: configMap('prometheus.yml', 'scrape_configs:\n  - job_name: k\n    scheme: https\n    metrics_path: /metrics/resource\n    static_configs:\n      - targets: ["10.0.0.1:10250"]'),
      expected: [['kubelet-direct', '/metrics/resource', 'prometheus', true]],
    },
    {
      why: 'prometheus-operator ScrapeConfig, role Node',
      yaml: 'apiVersion: monitoring.coreos.com/v1alpha1\nkind: ScrapeConfig\nmetadata: {name: s, namespace: m}\nspec:\n  scheme: HTTPS\n  metricsPath: /metrics/cadvisor\n  kubernetesSDConfigs:\n    - role: Node\n',
      expected: [['kubelet-direct', '/metrics/cadvisor', 'prometheus', true]],
    },
    {
      why: 'VictoriaMetrics VMScrapeConfig: path and relabelConfigs',
      yaml: 'apiVersion: operator.victoriametrics.com/v1beta1\nkind: VMScrapeConfig\nmetadata: {name: s, namespace: m}\nspec:\n  scheme: https\n  path: /metrics/probes\n  kubernetesSDConfigs:\n    - role: node\n',
      expected: [['kubelet-direct', '/metrics/probes', 'prometheus', true]],
    },
    {
      why: 'victoria-metrics-k8s-stack 0.91.2: VMNodeScrape with no port keeps the kubelet port',
      yaml: vmNodeScrape('scheme: https\npath: /metrics/cadvisor\nbearerTokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token'),
      expected: [['kubelet-direct', '/metrics/cadvisor', 'vm-node-scrape', true]],
    },
    { why: 'VMNodeScrape port 10250, default path', yaml: vmNodeScrape('port: "10250"\nscheme: https'), expected: [['kubelet-direct', '/metrics', 'vm-node-scrape', true]] },
    { why: 'VMNodeScrape of node-exporter (port 9100) is no kubelet call', yaml: vmNodeScrape('port: "9100"\nscheme: https'), expected: [] },
    { why: 'VMNodeScrape over http (the default scheme)', yaml: vmNodeScrape('path: /metrics'), expected: [] },
    {
      why: 'PodMonitor relabelled onto a literal kubelet address',
      yaml: 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: p, namespace: m}\nspec:\n  podMetricsEndpoints:\n    - scheme: https\n      path: /metrics/cadvisor\n      relabelings:\n        - sourceLabels: [__meta_kubernetes_pod_host_ip]\n          targetLabel: __address__\n          replacement: $1:10250\n',
      expected: [['kubelet-direct', '/metrics/cadvisor', 'service-monitor', true]],
    },
    { why: 'a PodMonitor of pods is no kubelet call', yaml: 'apiVersion: monitoring.coreos.com/v1\nkind: PodMonitor\nmetadata: {name: p, namespace: m}\nspec:\n  podMetricsEndpoints:\n    - port: http-metrics\n', expected: [] },
  ])('$why', ({ yaml, expected }) => {
    expect(calls(yaml)).toEqual(sorted(expected as Call[]));
  });
});

const ALLOY_DIRECT = `discovery.kubernetes "nodes" {
  role = "node"
}
discovery.relabel "kubelet" {
  targets = discovery.kubernetes.nodes.targets
  rule {
    target_label = "job"
    replacement = "integrations/kubernetes/kubelet"
  }
}
prometheus.scrape "kubelet" {
  targets = discovery.relabel.kubelet.output
  scheme = "https"
  bearer_token_file = "/var/run/secrets/kubernetes.io/serviceaccount/token"
  forward_to = [prometheus.remote_write.default.receiver]
}`;

describe('Alloy (River)', () => {
  it.each([
    { why: 'k8s-monitoring nodeAddressFormat direct', text: ALLOY_DIRECT, expected: [['kubelet-direct', '/metrics', 'alloy', true]] },
    {
      why: 'k8s-monitoring nodeAddressFormat proxy: address to the API server, path to the node proxy',
      text: ALLOY_DIRECT.replace(
        '    replacement = "integrations/kubernetes/kubelet"\n  }',
        '    replacement = "integrations/kubernetes/kubelet"\n  }\n  rule {\n    replacement = "kubernetes.default.svc.cluster.local:443"\n    target_label = "__address__"\n  }\n  rule {\n    source_labels = ["__meta_kubernetes_node_name"]\n    regex = "(.+)"\n    replacement = "/api/v1/nodes/${1}/proxy/metrics"\n    target_label = "__metrics_path__"\n  }',
      ),
      expected: [['apiserver-proxy', '/metrics', 'urls', true]],
    },
    { why: 'discovery.kubelet reads /pods (default URL)', text: 'discovery.kubelet "pods" {\n}\n', expected: [['kubelet-direct', '/pods', 'alloy', true]] },
    { why: 'discovery.kubelet on the read-only port', text: 'discovery.kubelet "pods" {\n  url = "http://localhost:10255"\n}\n', expected: [] },
    { why: 'a node discovery that feeds no scrape (alloy 1.5.2 default config)', text: 'discovery.kubernetes "nodes" {\n  role = "node"\n}\n', expected: [] },
  ])('$why', ({ text, expected }) => {
    expect(calls(configMap('config.alloy', text))).toEqual(sorted(expected as Call[]));
  });
});
