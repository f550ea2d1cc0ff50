// OTel kubelet_stats / kubeletstats receiver (src/evidence/clients/otel-kubeletstats.ts). Cases
// from real configs: SigNoz k8s-infra 0.16.0 (67522344) otel-agent-config.yaml, opentelemetry-
// kube-stack 0.20.3 (kubelet_stats, rewriteDeprecatedComponentNames), opentelemetry-collector
// 0.170.0 kubeletMetrics preset. Paths: contrib receiver/kubeletstatsreceiver rest_client.go
// (/stats/summary, /pods), scraper.go (extra_metadata_labels || needsResources), client.go (auth_type).
import { describe, expect, it } from 'vitest';
import { type Call, calls, configMap, sorted } from './support.js';

const SIGNOZ = (type: string, extra = ''): string => `receivers:
  ${type}:
    auth_type: serviceAccount
    collection_interval: 30s
    endpoint: \${env:K8S_HOST_IP}:10250
    extra_metadata_labels:
    - container.id
    - k8s.volume.type
    insecure_skip_verify: true
    metric_groups: [container, pod, node, volume]
    metrics:
      k8s.pod.cpu_limit_utilization:
        enabled: true
${extra}service:
  pipelines:
    metrics:
      receivers: [otlp, hostmetrics, ${type}]`;

const STATS: Call = ['kubelet-direct', '/stats/summary', 'otel-kubeletstats', true];
const PODS: Call = ['kubelet-direct', '/pods', 'otel-kubeletstats', true];

describe('OTel kubelet stats receiver', () => {
  it.each([
    { why: 'SigNoz k8s-infra 0.16.0: kubeletstats with extra_metadata_labels', yaml: configMap('otel-agent-config.yaml', SIGNOZ('kubeletstats')), expected: [STATS, PODS] },
    { why: 'the same config with the canonical name kubelet_stats (contrib #47957)', yaml: configMap('otel-agent-config.yaml', SIGNOZ('kubelet_stats')), expected: [STATS, PODS] },
    { why: 'a named instance kubelet_stats/node', yaml: configMap('c.yaml', SIGNOZ('kubelet_stats/node')), expected: [STATS, PODS] },
    {
      why: 'opentelemetry-collector 0.170.0 kubeletMetrics preset: /stats/summary only',
      yaml: configMap('relay', 'receivers:\n  kubeletstats:\n    auth_type: serviceAccount\n    collection_interval: 20s\n    endpoint: ${env:K8S_NODE_IP}:10250\nservice:\n  pipelines:\n    metrics:\n      receivers: [kubeletstats]'),
      expected: [STATS],
    },
    {
      why: 'utilization metrics alone need /pods (needsResources)',
      yaml: configMap('c.yaml', 'receivers:\n  kubelet_stats:\n    auth_type: serviceAccount\n    metrics:\n      k8s.container.memory_request_utilization:\n        enabled: true\nservice:\n  pipelines:\n    metrics:\n      receivers: [kubelet_stats]'),
      expected: [STATS, PODS],
    },
    {
      why: 'SigNoz on GKE Autopilot: extra_metadata_labels null and utilization off → /stats/summary only',
      yaml: configMap('c.yaml', 'receivers:\n  kubeletstats:\n    auth_type: serviceAccount\n    extra_metadata_labels: null\n    metrics:\n      k8s.pod.cpu_limit_utilization:\n        enabled: false\nservice:\n  pipelines:\n    metrics:\n      receivers: [kubeletstats]'),
      expected: [STATS],
    },
    {
      why: '*.node.utilization reads the Node from the API server: no /pods',
      yaml: configMap('c.yaml', 'receivers:\n  kubelet_stats:\n    metrics:\n      k8s.pod.cpu.node.utilization:\n        enabled: true'),
      expected: [STATS],
    },
    { why: 'auth_type none: read-only port 10255, no authorization', yaml: configMap('c.yaml', 'receivers:\n  kubeletstats:\n    auth_type: none'), expected: [] },
    {
      why: 'auth_type kubeConfig: through the API server node proxy',
      yaml: configMap('c.yaml', 'receivers:\n  kubeletstats:\n    auth_type: kubeConfig\n    endpoint: ${env:K8S_NODE_NAME}'),
      expected: [['apiserver-proxy', '/stats/summary', 'otel-kubeletstats', true]],
    },
    { why: 'an explicit http:// endpoint is no authenticated call', yaml: configMap('c.yaml', 'receivers:\n  kubeletstats:\n    auth_type: serviceAccount\n    endpoint: http://${env:K8S_NODE_IP}:10255'), expected: [] },
    {
      why: 'a receiver no pipeline lists does not run (its endpoint URL does not count either)',
      yaml: configMap('c.yaml', 'receivers:\n  kubeletstats:\n    endpoint: https://${env:K8S_NODE_IP}:10250\n  otlp: {}\nservice:\n  pipelines:\n    metrics:\n      receivers: [otlp]'),
      expected: [],
    },
    {
      why: 'a receiver_creator template (rule + config)',
      yaml: configMap('c.yaml', 'receivers:\n  receiver_creator:\n    watch_observers: [k8s_observer]\n    receivers:\n      kubeletstats:\n        rule: type == "k8s.node"\n        config:\n          auth_type: serviceAccount\n          extra_metadata_labels: [container.id]\nservice:\n  pipelines:\n    metrics:\n      receivers: [receiver_creator]'),
      expected: [STATS, PODS],
    },
    { why: 'a receiver of another type named like it is not it', yaml: configMap('c.yaml', 'receivers:\n  kubeletstatsx:\n    auth_type: serviceAccount'), expected: [] },
  ])('$why', ({ yaml, expected }) => {
    expect(calls(yaml)).toEqual(sorted(expected as Call[]));
  });
});
