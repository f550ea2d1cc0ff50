// Agents of the catalogue configured by environment or by their own config files, with the shapes
// their charts render:
// - Datadog: datadog 3.240.0 DaemonSet t-datadog env (DataDog/datadog-agent kubelet.go,
//   kubelet_client.go; logs whichTailer for DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API);
// - New Relic: newrelic-infrastructure 4.5.0 nri-kubernetes.yml and its kubelet DaemonSet env
//   (newrelic/nri-kubernetes src/kubelet client.go, connector.go);
// - Netdata: netdata 3.7.172 with child.podsMetadata.useKubelet (cgroup-name.sh k8s_get_kubepod_name)
//   and its go.d k8s_kubelet config;
// - Fluent Bit: fluent-bit 0.58.1 config.filters with Use_Kubelet (filter_kubernetes kube_meta.c);
// - Sysdig: shield 1.49.4 dragent.yaml with live_logs (1e57ebb4);
// - Dynatrace: the operator's log-monitoring env (pkg/controllers/dynakube/logmonitoring/daemonset/env.go);
// - Kepler: its config.yaml kube section (kepler config/config.go, internal/k8s/pod/kubelet.go).
import { describe, expect, it } from 'vitest';
import { findKubeletEvidence } from '../../../src/evidence/index.js';
import { objectsFromYaml } from '../helpers.js';
import { type Call, calls, configMap, daemonSet, envList, sorted } from './support.js';

const DD = (extra: Record<string, string> = {}): string =>
  daemonSet(
    [
      '- name: agent',
      '  image: gcr.io/datadoghq/agent:7',
      '  env:',
      '  - name: DD_KUBERNETES_KUBELET_HOST',
      '    valueFrom: {fieldRef: {fieldPath: status.hostIP}}',
      '  - {name: DD_KUBELET_USE_API_SERVER, value: "false"}',
      '  - {name: DD_KUBELET_CORE_CHECK_ENABLED, value: "true"}',
      ...Object.entries(extra).map(([k, v]) => `  - {name: ${k}, value: ${JSON.stringify(v)}}`),
    ].join('\n'),
    't-datadog',
  );

const dd = (path: string, breaks = true): Call => ['kubelet-direct', path, 'datadog', breaks];
const DD_DEFAULT: Call[] = [dd('/pods'), dd('/stats/summary'), dd('/metrics'), dd('/metrics/cadvisor'), dd('/metrics/probes'), dd('/healthz', false)];

describe('agents', () => {
  it.each([
    { why: 'Datadog 3.240.0 defaults (the /healthz probe tolerates 403)', yaml: DD(), expected: DD_DEFAULT },
    { why: 'Datadog: pod list from the API server (DD_KUBELET_USE_API_SERVER=true) drops /pods', yaml: DD({ DD_KUBELET_USE_API_SERVER: 'true' }).replace(/- \{name: DD_KUBELET_USE_API_SERVER, value: "false"\}\n/, ''), expected: DD_DEFAULT.filter((c) => c[1] !== '/pods') },
    { why: 'Datadog: orchestrator explorer kubelet config check reads /configz', yaml: DD({ DD_ORCHESTRATOR_EXPLORER_KUBELET_CONFIG_CHECK_ENABLED: 'true' }), expected: [...DD_DEFAULT, dd('/configz')] },
    { why: 'Datadog: logs through the kubelet API stream /containerLogs/', yaml: DD({ DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API: 'true' }), expected: [...DD_DEFAULT, dd('/containerLogs/')] },
    { why: 'Datadog on EKS Fargate: every call through the API server', yaml: DD({ DD_EKS_FARGATE: 'true' }), expected: DD_DEFAULT.map((c): Call => ['apiserver-proxy', c[1], c[2], c[3]]) },
    { why: 'Datadog on GKE Autopilot without the API server: https port 0, read-only port only', yaml: DD({ DD_KUBERNETES_HTTPS_KUBELET_PORT: '0' }), expected: [] },
    {
      why: 'New Relic nri-kubernetes.yml kubelet.enabled (probe /healthz, then /pods, /stats/summary, /metrics/cadvisor)',
      yaml: configMap('nri-kubernetes.yml', 'interval: 15s\nkubelet:\n  enabled: true\n'),
      expected: ['/healthz', '/pods', '/metrics/cadvisor', '/stats/summary'].map((p): Call => ['kubelet-direct', p, 'new-relic', true]),
    },
    {
      why: 'New Relic: pods from the API server (fetchPodsFromKubeService)',
      yaml: configMap('nri-kubernetes.yml', 'kubelet:\n  enabled: true\n  fetchPodsFromKubeService: true\n'),
      expected: ['/healthz', '/metrics/cadvisor', '/stats/summary'].map((p): Call => ['kubelet-direct', p, 'new-relic', true]),
    },
    { why: 'New Relic on the read-only port', yaml: configMap('nri-kubernetes.yml', 'kubelet:\n  enabled: true\n  port: 10255\n'), expected: [] },
    { why: 'kubelet.enabled under another key is not nri-kubernetes', yaml: configMap('values.yaml', 'kubelet:\n  enabled: true\n'), expected: [] },
    {
      why: 'New Relic kubelet DaemonSet: the connection probe path',
      yaml: daemonSet(envList({ NRI_KUBERNETES_TESTCONNECTIONENDPOINT: '/healthz' })),
      expected: [['kubelet-direct', '/healthz', 'new-relic', true]],
    },
    {
      why: 'Netdata with child.podsMetadata.useKubelet: cgroup names from /pods',
      yaml: daemonSet(envList({ USE_KUBELET_FOR_PODS_METADATA: '1', KUBELET_URL: 'https://localhost:10250' })),
      expected: [['kubelet-direct', '/pods', 'netdata', true], ['kubelet-direct', null, 'urls', false]],
    },
    { why: 'Netdata default: pods from the API server', yaml: daemonSet(envList({ MY_NODE_NAME: 'n' })), expected: [] },
    {
      why: 'Netdata go.d k8s_kubelet: the https URL (nodes/metrics); the read-only URL counts for nothing',
      yaml: configMap('kubelet', 'update_every: 1\njobs:\n  - url: http://127.0.0.1:10255/metrics\n    name: local\n  - url: https://localhost:10250/metrics\n    tls_skip_verify: yes\n    name: local'),
      expected: [['kubelet-direct', '/metrics', 'urls', true]],
    },
    {
      why: 'Fluent Bit classic [FILTER] with Use_Kubelet On',
      yaml: configMap('fluent-bit.conf', '[FILTER]\n    Name kubernetes\n    Match kube.*\n    Use_Kubelet On\n    Kubelet_Port 10250\n    Buffer_Size 0'),
      expected: [['kubelet-direct', '/pods', 'fluent-bit', true]],
    },
    {
      why: 'Fluent Bit YAML pipeline filter',
      yaml: configMap('fluent-bit.yaml', 'pipeline:\n  filters:\n    - name: kubernetes\n      match: kube.*\n      use_kubelet: on'),
      expected: [['kubelet-direct', '/pods', 'fluent-bit', true]],
    },
    { why: 'Fluent Bit: Use_Kubelet commented out', yaml: configMap('fluent-bit.conf', '[FILTER]\n    Name kubernetes\n    # Use_Kubelet On'), expected: [] },
    {
      why: 'Sysdig shield 1.49.4 live logs: /containerLogs/ (only nodes/proxy)',
      yaml: configMap('dragent.yaml', 'k8s_cluster_name: test-cluster\nlive_logs:\n  enabled: true\n'),
      expected: [['kubelet-direct', '/containerLogs/', 'sysdig', true]],
    },
    { why: 'Sysdig live logs off', yaml: configMap('dragent.yaml', 'live_logs:\n  enabled: false\n'), expected: [] },
    { why: 'live_logs under another key is not Sysdig', yaml: configMap('app.yaml', 'live_logs:\n  enabled: true\n'), expected: [] },
    {
      why: 'Dynatrace log monitoring pod env',
      yaml: daemonSet(['- name: logmonitoring', '  image: x', '  env:', '  - name: KUBELET_API_NODENAME', '    valueFrom: {fieldRef: {fieldPath: spec.nodeName}}', '  - name: KUBELET_API_ADDRESS', '    valueFrom: {fieldRef: {fieldPath: status.hostIP}}'].join('\n')),
      expected: [['kubelet-direct', '/pods', 'dynatrace', true]],
    },
    {
      why: 'Kepler: kube.enable with the default pod informer (kubelet)',
      yaml: configMap('config.yaml', 'log:\n  level: info\nrapl:\n  zones: []\nkube:\n  enable: true\n  nodeName: ${NODE_NAME}\n'),
      expected: [['kubelet-direct', '/pods', 'kepler', true]],
    },
    { why: 'Kepler: pod informer from the API server', yaml: configMap('config.yaml', 'kube:\n  enable: true\n  podInformer:\n    mode: apiserver\n'), expected: [] },
    { why: 'a kube.enable of some other program', yaml: configMap('config.yaml', 'kube:\n  enable: true\n'), expected: [] },
  ])('$why', ({ yaml, expected }) => {
    expect(calls(yaml)).toEqual(sorted(expected as Call[]));
  });

  it('names the switch of a feature only nodes/proxy serves', () => {
    const [logs] = findKubeletEvidence(objectsFromYaml(DD({ DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API: 'true' }))).filter((e) => e.kubeletPath === '/containerLogs/');
    expect(logs?.subresources).toEqual(['proxy']);
    expect(logs?.feature?.off).toMatch(/DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API/);
    const [live] = findKubeletEvidence(objectsFromYaml(configMap('dragent.yaml', 'live_logs:\n  enabled: true\n')));
    expect(live?.feature?.off).toBe('features.investigations.live_logs.enabled=false in the shield chart (live_logs.enabled: false in dragent.yaml)');
  });
});
