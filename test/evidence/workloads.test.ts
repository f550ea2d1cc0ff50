// Evidence in container command/args/env and in prometheus-operator / OpenTelemetry CRs,
// and the traps around them (operator webhook port, RBAC comments, rule expressions).

import { describe, expect, it } from 'vitest';
import { findKubeletEvidence } from '../../src/evidence/index.js';
import { parseRendered } from '../../src/parse/index.js';
import type { ParsedObject } from '../../src/types.js';
import { objectsFromYaml } from './helpers.js';

type Row = [access: string, object: string, path: string, kubeletPath: string | null];

const order = (a: Row, b: Row): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** Objects as the CLI gets them: through the parser and its kind filter. */
const parsedObjects = (yaml: string): ParsedObject[] => parseRendered(yaml, { target: 0, chartName: null, manifestFile: 'm.yaml' }).objects;

function rows(yaml: string, objectsOf: (yaml: string) => ParsedObject[] = objectsFromYaml): Row[] {
  return findKubeletEvidence(objectsOf(yaml))
    .map((e): Row => [e.access, `${e.object.kind}/${e.object.name}`, e.path, e.kubeletPath])
    .sort(order);
}

interface Case {
  name: string;
  source: string;
  yaml: string;
  expected: Row[];
}

const daemonSet = (name: string, container: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: monitoring}
spec:
  template:
    spec:
      containers:
${container
  .split('\n')
  .map((l) => `      ${l}`)
  .join('\n')}
`;

const DATADOG_ENV = (useApiServer: string, extra = ''): string => `- name: agent
  command: ["agent", "run"]
  env:
  - name: DD_KUBERNETES_KUBELET_HOST
    valueFrom:
      fieldRef:
        fieldPath: status.hostIP
  - name: DD_KUBELET_USE_API_SERVER
    value: "${useApiServer}"${extra}
- name: trace-agent
  env:
  - name: DD_KUBERNETES_KUBELET_HOST
    valueFrom:
      fieldRef:
        fieldPath: status.hostIP
  - name: DD_KUBELET_USE_API_SERVER
    value: "${useApiServer}"`;

const DD = 'spec.template.spec.containers.0.env.1.value';

const containerCases: Case[] = [
  {
    name: 'Datadog agent talking to the kubelet directly (once per pod, not per container)',
    source: 'datadog 3.240.0 DaemonSet t-datadog env (INDEX.md); DataDog/datadog-agent pkg/util/kubernetes/kubelet',
    yaml: daemonSet('t-datadog', DATADOG_ENV('false')),
    expected: ['/healthz', '/metrics', '/metrics/cadvisor', '/metrics/probes', '/pods', '/stats/summary'].map(
      (p): Row => ['kubelet-direct', 'DaemonSet/t-datadog', DD, p],
    ),
  },
  {
    name: 'Datadog with the pod list from the API server and the kubelet config check',
    source: 'datadog-agent kubelet_client.go (useAPIServer redirects only /pods to /api/v1/pods); kubelet.go /configz',
    yaml: daemonSet(
      't-datadog',
      DATADOG_ENV('true', '\n  - name: DD_ORCHESTRATOR_EXPLORER_KUBELET_CONFIG_CHECK_ENABLED\n    value: "true"'),
    ),
    expected: ['/configz', '/healthz', '/metrics', '/metrics/cadvisor', '/metrics/probes', '/stats/summary'].map(
      (p): Row => ['kubelet-direct', 'DaemonSet/t-datadog', DD, p],
    ),
  },
  {
    name: 'Datadog with only the kubelet host set (evidence on the env entry without a value)',
    source: 'datadog-agent kubelet_client.go getKubeletClient (kubernetes_kubelet_host); datadog 3.240.0 DaemonSet env',
    yaml: daemonSet('dd', '- name: agent\n  env:\n  - name: DD_KUBERNETES_KUBELET_HOST\n    valueFrom:\n      fieldRef:\n        fieldPath: status.hostIP'),
    expected: ['/healthz', '/metrics', '/metrics/cadvisor', '/metrics/probes', '/pods', '/stats/summary'].map(
      (p): Row => ['kubelet-direct', 'DaemonSet/dd', 'spec.template.spec.containers.0.env.0.name', p],
    ),
  },
  {
    name: 'Datadog on EKS Fargate goes through the API-server proxy',
    source: 'datadog-agent kubelet_client.go (eks_fargate: prefix /api/v1/nodes/%s/proxy)',
    yaml: daemonSet(
      'dd',
      '- name: agent\n  env:\n  - name: DD_EKS_FARGATE\n    value: "true"\n  - name: DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API\n    value: "true"',
    ),
    expected: ['/containerLogs/', '/healthz', '/metrics', '/metrics/cadvisor', '/metrics/probes', '/pods', '/stats/summary'].map(
      (p): Row => ['apiserver-proxy', 'DaemonSet/dd', 'spec.template.spec.containers.0.env.0.value', p],
    ),
  },
  {
    name: 'New Relic connection probe path',
    source: 'newrelic-infrastructure 4.5.0 DaemonSet t-nrk8s-kubelet env NRI_KUBERNETES_TESTCONNECTIONENDPOINT',
    yaml: daemonSet(
      't-nrk8s-kubelet',
      '- name: kubelet\n  env:\n  - name: NRI_KUBERNETES_TESTCONNECTIONENDPOINT\n    value: /healthz\n  - name: NRI_KUBERNETES_NODEIP\n    valueFrom:\n      fieldRef:\n        fieldPath: status.hostIP',
    ),
    expected: [['kubelet-direct', 'DaemonSet/t-nrk8s-kubelet', 'spec.template.spec.containers.0.env.0.value', '/healthz']],
  },
  {
    name: 'kubelet URL in args, proxy path in an init container env, legacy proxy in a CronJob',
    source: 'docs/kubernetes.md#path-to-subresource (/metrics/resource → metrics, /exec → proxy) and docs/kubernetes.md#the-api-servers-node-proxy (legacy form)',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  template:
    spec:
      initContainers:
      - name: wait
        env:
        - name: URL
          value: https://kubernetes.default.svc/api/v1/nodes/n1/proxy/healthz
      containers:
      - name: c
        args: ["--source=https://$(NODE_IP):10250/metrics/resource"]
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: cj}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: c
            command: ["sh", "-c", "curl https://kubernetes.default.svc/api/v1/proxy/nodes/n1/exec/ns/p/c?command=id"]
`,
    expected: [
      ['apiserver-proxy', 'CronJob/cj', 'spec.jobTemplate.spec.template.spec.containers.0.command.2', '/exec/ns/p/c'],
      ['apiserver-proxy', 'Deployment/d', 'spec.template.spec.initContainers.0.env.0.value', '/healthz'],
      ['kubelet-direct', 'Deployment/d', 'spec.template.spec.containers.0.args.0', '/metrics/resource'],
    ],
  },
  {
    name: 'trap: prometheus-operator webhook port and commented shell lines',
    source: 'kube-prometheus-stack 88.5.3 Deployment t-kube-prometheus-stack-operator (INDEX.md false-positive trap)',
    yaml: `apiVersion: apps/v1
kind: Deployment
metadata: {name: t-kube-prometheus-stack-operator, namespace: monitoring}
spec:
  template:
    spec:
      containers:
      - name: kube-prometheus-stack
        args:
        - --kubelet-service=kube-system/t-kube-prometheus-stack-kubelet
        - --kubelet-endpoints=true
        - --web.listen-address=:10250
        - |
          # curl -k https://node:10250/pods
          echo ok
        ports:
        - containerPort: 10250
          name: https
`,
    expected: [],
  },
];

const KPS_OPERATOR = `apiVersion: apps/v1
kind: Deployment
metadata: {name: t-kube-prometheus-stack-operator, namespace: monitoring}
spec:
  template:
    spec:
      containers:
      - name: kube-prometheus-stack
        args: [--kubelet-service=kube-system/t-kube-prometheus-stack-kubelet, --web.listen-address=:10250]
        ports: [{containerPort: 10250, name: https}]
---
apiVersion: v1
kind: Service
metadata: {name: t-kube-prometheus-stack-operator, namespace: monitoring, labels: {app: kube-prometheus-stack-operator}}
spec:
  selector: {app: kube-prometheus-stack-operator}
  ports: [{name: https, port: 443, targetPort: 10250}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: t-kube-prometheus-stack-operator, namespace: monitoring}
spec:
  selector: {matchLabels: {app: kube-prometheus-stack-operator}}
  endpoints: [{port: https, scheme: https}]
`;

const KPS_KUBELET_SM = `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: t-kube-prometheus-stack-kubelet, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [kube-system]}
  selector:
    matchLabels: {app.kubernetes.io/name: kubelet, k8s-app: kubelet}
  endpoints:
  - port: https-metrics
    scheme: https
    relabelings:
    - {action: replace, sourceLabels: [__metrics_path__], targetLabel: metrics_path}
  - port: https-metrics
    scheme: https
    path: /metrics/cadvisor
  - port: https-metrics
    scheme: https
    path: /metrics/probes
`;

const KPS_SM = 'ServiceMonitor/t-kube-prometheus-stack-kubelet';

const crCases: Case[] = [
  {
    name: 'kubelet ServiceMonitor next to the operator webhook port: only the ServiceMonitor counts',
    source: 'kube-prometheus-stack 88.5.3 ServiceMonitor t-kube-prometheus-stack-kubelet, operator Deployment/Service (INDEX.md)',
    yaml: `${KPS_OPERATOR}---\n${KPS_KUBELET_SM}`,
    expected: [
      ['kubelet-direct', KPS_SM, 'spec.endpoints.0.port', '/metrics'],
      ['kubelet-direct', KPS_SM, 'spec.endpoints.1.path', '/metrics/cadvisor'],
      ['kubelet-direct', KPS_SM, 'spec.endpoints.2.path', '/metrics/probes'],
    ],
  },
  {
    name: 'kubelet ServiceMonitor with the operator installed elsewhere',
    source: 'prometheus-operator pkg/kubelet controller: kubelet Service labels k8s-app=kubelet, port https-metrics=10250',
    yaml: KPS_KUBELET_SM,
    expected: [
      ['kubelet-direct', KPS_SM, 'spec.endpoints.0.port', '/metrics'],
      ['kubelet-direct', KPS_SM, 'spec.endpoints.1.path', '/metrics/cadvisor'],
      ['kubelet-direct', KPS_SM, 'spec.endpoints.2.path', '/metrics/probes'],
    ],
  },
  {
    name: 'kubelet ServiceMonitor looking in a namespace the operator does not put the kubelet Service in',
    source: 'prometheus-operator --kubelet-service=<ns>/<name>; ServiceMonitor namespaceSelector',
    yaml: `${KPS_OPERATOR}---\n${KPS_KUBELET_SM.replace('matchNames: [kube-system]', 'matchNames: [monitoring]')}`,
    expected: [],
  },
  {
    name: 'read-only http-metrics port and http scheme',
    source: 'prometheus-operator chart 8.3.3 kubelet ServiceMonitor (port http-metrics = 10255, no authorization)',
    yaml: `apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: old, namespace: monitoring}
spec:
  namespaceSelector: {matchNames: [kube-system]}
  selector: {matchLabels: {k8s-app: kubelet}}
  endpoints:
  - {port: http-metrics, scheme: http}
  - {port: https-metrics, path: /metrics/cadvisor}
`,
    expected: [],
  },
  {
    name: 'selector-less Service rendered by the chart with targetPort 10250',
    source: 'Kubernetes Services without selectors (manual Endpoints); docs/kubernetes.md#path-to-subresource /metrics/resource',
    yaml: `apiVersion: v1
kind: Service
metadata: {name: kubelet-metrics, namespace: kube-system, labels: {app: my-kubelet}}
spec:
  clusterIP: None
  ports: [{name: kubelet, port: 10250, targetPort: 10250}]
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: mine, namespace: kube-system}
spec:
  selector: {matchLabels: {app: my-kubelet}}
  endpoints: [{port: kubelet, scheme: https, path: /metrics/resource}]
`,
    expected: [['kubelet-direct', 'ServiceMonitor/mine', 'spec.endpoints.0.path', '/metrics/resource']],
  },
  {
    name: 'ScrapeConfig with Node discovery',
    source: 'prometheus-operator ScrapeConfig CRD (kubernetesSDConfigs role Node, scheme HTTPS, metricsPath)',
    yaml: `apiVersion: monitoring.coreos.com/v1alpha1
kind: ScrapeConfig
metadata: {name: kubelet-resource, namespace: monitoring}
spec:
  kubernetesSDConfigs: [{role: Node}]
  scheme: HTTPS
  metricsPath: /metrics/resource
`,
    expected: [['kubelet-direct', 'ScrapeConfig/kubelet-resource', 'spec.kubernetesSDConfigs.0.role', '/metrics/resource']],
  },
  {
    name: 'PodMonitor relabelling to the API-server proxy',
    source: 'prometheus-operator PodMonitor relabelings; docs/kubernetes.md#the-api-servers-node-proxy',
    yaml: `apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata: {name: pm, namespace: monitoring}
spec:
  podMetricsEndpoints:
  - relabelings:
    - {targetLabel: __metrics_path__, replacement: "/api/v1/nodes/\${1}/proxy/stats/summary"}
`,
    expected: [['apiserver-proxy', 'PodMonitor/pm', 'spec.podMetricsEndpoints.0.relabelings.0.replacement', '/stats/summary']],
  },
  {
    name: 'OpenTelemetryCollector v1beta1 config object with kubeletstats',
    source: 'OpenTelemetry operator OpenTelemetryCollector v1beta1; Red Hat build of OpenTelemetry docs "Kubelet Stats Receiver"',
    yaml: `apiVersion: opentelemetry.io/v1beta1
kind: OpenTelemetryCollector
metadata: {name: node, namespace: monitoring}
spec:
  mode: daemonset
  env: [{name: K8S_NODE_NAME, valueFrom: {fieldRef: {fieldPath: spec.nodeName}}}]
  config:
    receivers:
      kubeletstats:
        collection_interval: 20s
        auth_type: serviceAccount
        endpoint: "https://\${env:K8S_NODE_NAME}:10250"
        insecure_skip_verify: true
    service:
      pipelines:
        metrics: {receivers: [kubeletstats]}
`,
    expected: [['kubelet-direct', 'OpenTelemetryCollector/node', 'spec.config', '/stats/summary']],
  },
  {
    name: 'OpenTelemetryCollector v1alpha1 config string with a prometheus receiver using the proxy',
    source: 'OpenTelemetry operator OpenTelemetryCollector v1alpha1 (spec.config string); prometheus receiver',
    yaml: `apiVersion: opentelemetry.io/v1alpha1
kind: OpenTelemetryCollector
metadata: {name: cluster, namespace: monitoring}
spec:
  config: |
    receivers:
      prometheus:
        config:
          scrape_configs:
          - job_name: cadvisor
            scheme: https
            kubernetes_sd_configs: [{role: node}]
            relabel_configs:
            - {target_label: __address__, replacement: "kubernetes.default.svc:443"}
            - {source_labels: [__meta_kubernetes_node_name], target_label: __metrics_path__, replacement: "/api/v1/nodes/$$1/proxy/metrics/cadvisor"}
    service:
      pipelines:
        metrics: {receivers: [prometheus]}
`,
    expected: [['apiserver-proxy', 'OpenTelemetryCollector/cluster', 'spec.config', '/metrics/cadvisor']],
  },
  {
    name: 'OpenTelemetryCollector args map: the path names the flag',
    source: 'OpenTelemetry operator OpenTelemetryCollectorSpec.Args (map[string]string, one --key=value flag each)',
    yaml: `apiVersion: opentelemetry.io/v1beta1
kind: OpenTelemetryCollector
metadata: {name: agent, namespace: monitoring}
spec:
  args:
    feature-gates: "-some.gate"
    kubelet-url: "https://node:10250/pods"
`,
    expected: [['kubelet-direct', 'OpenTelemetryCollector/agent', 'spec.args.kubelet-url', '/pods']],
  },
  {
    name: 'VMNodeScrape relabelings apply in list order, whichever key spelling each uses: the last sets http',
    source: 'Prometheus relabel_config: rules apply in order; VictoriaMetrics accepts target_label and targetLabel',
    yaml: `apiVersion: operator.victoriametrics.com/v1beta1
kind: VMNodeScrape
metadata: {name: mixed, namespace: monitoring}
spec:
  port: "10250"
  scheme: https
  relabelConfigs:
    - {targetLabel: __scheme__, replacement: https}
    - {target_label: __scheme__, replacement: http}
`,
    expected: [],
  },
  {
    name: 'VictoriaMetrics VMNodeScrape on the kubelet port; on the read-only port nothing',
    source: 'VictoriaMetrics operator docs, VMNodeScrape (spec.port, scheme, path); docs/kubernetes.md#other-kubelet-facts',
    yaml: `apiVersion: operator.victoriametrics.com/v1beta1
kind: VMNodeScrape
metadata: {name: cadvisor, namespace: monitoring}
spec:
  port: "10250"
  scheme: https
  path: /metrics/cadvisor
---
apiVersion: operator.victoriametrics.com/v1beta1
kind: VMNodeScrape
metadata: {name: readonly, namespace: monitoring}
spec:
  port: "10255"
  path: /metrics
`,
    expected: [['kubelet-direct', 'VMNodeScrape/cadvisor', 'spec.port', '/metrics/cadvisor']],
  },
  {
    name: 'Alloy operator CR with inline River content',
    source: 'Alloy operator (collectors.grafana.com Alloy, spec.alloy.configMap.content); Alloy docs prometheus.scrape',
    yaml: `apiVersion: collectors.grafana.com/v1alpha1
kind: Alloy
metadata: {name: alloy, namespace: monitoring}
spec:
  alloy:
    configMap:
      content: |
        discovery.kubernetes "nodes" {
          role = "node"
        }
        prometheus.scrape "kubelet" {
          targets = discovery.kubernetes.nodes.targets
          scheme  = "https"
        }
`,
    expected: [['kubelet-direct', 'Alloy/alloy', 'spec.alloy.configMap.content', '/metrics']],
  },
  {
    name: 'Argo Rollout and PodTemplate pod specs',
    source: 'Argo Rollouts Rollout.spec.template; core/v1 PodTemplate.template',
    yaml: `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: r}
spec:
  template:
    spec:
      containers: [{name: c, args: ["https://n:10250/pods"]}]
---
apiVersion: v1
kind: PodTemplate
metadata: {name: t}
template:
  spec:
    containers: [{name: c, args: ["https://n:10250/healthz"]}]
`,
    expected: [
      ['kubelet-direct', 'PodTemplate/t', 'template.spec.containers.0.args.0', '/healthz'],
      ['kubelet-direct', 'Rollout/r', 'spec.template.spec.containers.0.args.0', '/pods'],
    ],
  },
  {
    name: 'trap: RBAC comments, rule expressions and CRD text are never scanned',
    source: 'newrelic-infrastructure 4.5.0 ClusterRole comments; kube-prometheus-stack 88.5.3 PrometheusRule kubelet.rules',
    yaml: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: t-newrelic-infrastructure}
rules:
  # Legacy kubelet authorization (nodes/proxy) via /api/v1/nodes/n/proxy/pods
  - apiGroups: [""]
    resources: [nodes/metrics, nodes/stats, nodes/proxy]
    verbs: [get, list]
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata: {name: t-kube-prometheus-stack-kubelet.rules}
spec:
  groups:
  - name: kubelet.rules
    rules:
    - expr: sum(rate(kubelet_pleg_relist_duration_seconds_bucket{job="kubelet", metrics_path="/metrics"}[5m]))
      record: x
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: x.example.com}
spec:
  versions:
  - name: v1
    schema: {openAPIV3Schema: {description: "e.g. https://node:10250/pods or /api/v1/nodes/n/proxy/exec"}}
`,
    expected: [],
  },
];

describe('findKubeletEvidence: workloads and CRs', () => {
  it.each([...containerCases, ...crCases])('$name ($source)', ({ yaml, expected }) => {
    expect(rows(yaml)).toEqual([...expected].sort(order));
  });

  // The same table through parseRendered: a kind the parser skips never reaches the scanner.
  it.each([...containerCases, ...crCases])('through the parser: $name', ({ yaml, expected }) => {
    expect(rows(yaml, parsedObjects)).toEqual([...expected].sort(order));
  });

  it('keeps one evidence per distinct finding and sorts deterministically (docs/design.md#outputs: deterministic output)', () => {
    const yaml = `${KPS_KUBELET_SM}---\n${KPS_KUBELET_SM.replace('t-kube-prometheus-stack-kubelet', 'a-first')}`;
    const objects = objectsFromYaml(yaml);
    const forward = findKubeletEvidence(objects);
    const backward = findKubeletEvidence([...objects].reverse());
    expect(backward).toEqual(forward);
    expect(forward.map((e) => e.object.name)).toEqual(['a-first', 'a-first', 'a-first', KPS_SM.split('/')[1], KPS_SM.split('/')[1], KPS_SM.split('/')[1]]);
  });

  it('describes the kubelet Service a ServiceMonitor endpoint reaches (kube-prometheus-stack 88.5.3)', () => {
    const [first] = findKubeletEvidence(objectsFromYaml(`${KPS_OPERATOR}---\n${KPS_KUBELET_SM}`));
    expect(first?.text).toBe('endpoint port https-metrics, path /metrics (default) → kubelet Service kube-system/t-kube-prometheus-stack-kubelet');
  });
});
