// Evidence in ConfigMap/Secret data: Prometheus, fluent-bit, OpenTelemetry, Alloy, New Relic configs,
// and the comment / wrong-context traps around them.

import { describe, expect, it } from 'vitest';
import { findKubeletEvidence } from '../../src/evidence/index.js';
import { objectsFromYaml } from './helpers.js';

type Row = [access: string, object: string, path: string, kubeletPath: string | null];

function rows(yaml: string): Row[] {
  return findKubeletEvidence(objectsFromYaml(yaml))
    .map((e): Row => [e.access, `${e.object.kind}/${e.object.name}`, e.path, e.kubeletPath])
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const sorted = (r: Row[]): Row[] => [...r].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

const configMap = (name: string, key: string, value: string): string =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: monitoring}\ndata:\n  ${key}: |\n${value
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

interface Case {
  name: string;
  source: string;
  yaml: string;
  expected: Row[];
}

const PROM_2861 = `scrape_configs:
- job_name: kubernetes-nodes
  kubernetes_sd_configs:
  - role: node
  relabel_configs:
  - action: labelmap
    regex: __meta_kubernetes_node_label_(.+)
  - replacement: kubernetes.default.svc:443
    target_label: __address__
  - regex: (.+)
    replacement: /api/v1/nodes/$1/proxy/metrics
    source_labels:
    - __meta_kubernetes_node_name
    target_label: __metrics_path__
  scheme: https
- job_name: kubernetes-nodes-cadvisor
  kubernetes_sd_configs:
  - role: node
  relabel_configs:
  - replacement: kubernetes.default.svc:443
    target_label: __address__
  - regex: (.+)
    replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor
    source_labels:
    - __meta_kubernetes_node_name
    target_label: __metrics_path__
  scheme: https`;

const PROM_2870 = `scrape_configs:
- job_name: kubernetes-nodes
  kubernetes_sd_configs:
  - role: node
  relabel_configs:
  - action: labelmap
    regex: __meta_kubernetes_node_label_(.+)
  scheme: https
- job_name: kubernetes-nodes-cadvisor
  kubernetes_sd_configs:
  - role: node
  metrics_path: /metrics/cadvisor
  relabel_configs:
  - action: replace
    source_labels:
    - __metrics_path__
    target_label: metrics_path
  scheme: https
- job_name: kubernetes-pods
  kubernetes_sd_configs:
  - role: pod
  relabel_configs:
  - action: replace
    regex: (.+)
    source_labels:
    - __meta_kubernetes_pod_annotation_prometheus_io_path
    target_label: __metrics_path__`;

const prometheusCases: Case[] = [
  {
    name: 'API-server proxy relabelling: proxy evidence only, no direct scrape',
    source: 'prometheus 28.6.1 ConfigMap t-prometheus-server prometheus.yml (INDEX.md ground truth)',
    yaml: configMap('t-prometheus-server', 'prometheus.yml', PROM_2861),
    expected: [
      ['apiserver-proxy', 'ConfigMap/t-prometheus-server', 'data.prometheus.yml', '/metrics'],
      ['apiserver-proxy', 'ConfigMap/t-prometheus-server', 'data.prometheus.yml', '/metrics/cadvisor'],
    ],
  },
  {
    name: 'node role over https with the default and an explicit metrics_path; pod role ignored',
    source: 'prometheus 28.7.0 ConfigMap t-prometheus-server prometheus.yml (INDEX.md ground truth)',
    yaml: configMap('t-prometheus-server', 'prometheus.yml', PROM_2870),
    expected: [
      ['kubelet-direct', 'ConfigMap/t-prometheus-server', 'data.prometheus.yml', '/metrics'],
      ['kubelet-direct', 'ConfigMap/t-prometheus-server', 'data.prometheus.yml', '/metrics/cadvisor'],
    ],
  },
  {
    name: 'node role without scheme (default http) never reaches the authenticated port',
    source: 'Prometheus docs scrape_config: scheme defaults to http; docs/kubernetes.md#other-kubelet-facts',
    yaml: configMap('p', 'prometheus.yml', 'scrape_configs:\n- job_name: n\n  kubernetes_sd_configs:\n  - role: node'),
    expected: [],
  },
  {
    name: 'node role rewritten to the read-only port 10255',
    source: 'docs/kubernetes.md#other-kubelet-facts: the read-only server has no auth',
    yaml: configMap(
      'p',
      'prometheus.yml',
      'scrape_configs:\n- job_name: n\n  scheme: https\n  kubernetes_sd_configs:\n  - role: node\n  relabel_configs:\n  - source_labels: [__meta_kubernetes_node_address_InternalIP]\n    replacement: $1:10255\n    target_label: __address__',
    ),
    expected: [],
  },
  {
    name: 'node role rewritten to the kubelet port keeps direct access; path from a label stays unknown',
    source: 'Prometheus docs relabel_config (replacement with $1); docs/kubernetes.md#kubelet-authorization',
    yaml: configMap(
      'p',
      'prometheus.yml',
      'scrape_configs:\n- job_name: n\n  scheme: https\n  kubernetes_sd_configs:\n  - role: node\n  relabel_configs:\n  - source_labels: [__meta_kubernetes_node_address_InternalIP]\n    replacement: $1:10250\n    target_label: __address__\n  - source_labels: [__meta_kubernetes_node_annotation_path]\n    target_label: __metrics_path__',
    ),
    expected: [['kubelet-direct', 'ConfigMap/p', 'data.prometheus.yml', null]],
  },
  {
    name: 'static kubelet target over https',
    source: 'Prometheus docs static_config; kubelet /metrics/resource (docs/kubernetes.md#path-to-subresource)',
    yaml: configMap(
      'p',
      'prometheus.yaml',
      'scrape_configs:\n- job_name: k\n  scheme: https\n  metrics_path: /metrics/resource\n  static_configs:\n  - targets: ["localhost:10250"]',
    ),
    expected: [['kubelet-direct', 'ConfigMap/p', 'data.prometheus.yaml', '/metrics/resource']],
  },
  {
    name: 'additional scrape configs in a Secret (a bare list of jobs, base64 data)',
    source: 'prometheus-operator Prometheus.spec.additionalScrapeConfigs Secret format',
    yaml: `apiVersion: v1\nkind: Secret\nmetadata: {name: extra, namespace: monitoring}\ndata:\n  jobs.yaml: ${b64(
      '- job_name: cadvisor\n  scheme: https\n  kubernetes_sd_configs:\n  - role: node\n  relabel_configs:\n  - target_label: __address__\n    replacement: kubernetes.default.svc:443\n  - source_labels: [__meta_kubernetes_node_name]\n    target_label: __metrics_path__\n    replacement: /api/v1/nodes/${1}/proxy/metrics/cadvisor\n',
    )}\n`,
    expected: [['apiserver-proxy', 'Secret/extra', 'data.jobs.yaml', '/metrics/cadvisor']],
  },
  {
    name: 'Secret stringData script calling the kubelet',
    source: 'docs/kubernetes.md#path-to-subresource (/stats/summary → stats)',
    yaml: 'apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData:\n  probe.sh: |\n    curl -sk -H "Authorization: Bearer $T" https://$NODE:10250/stats/summary\n',
    expected: [['kubelet-direct', 'Secret/s', 'stringData.probe.sh', '/stats/summary']],
  },
  {
    name: 'binary Secret data is skipped',
    source: 'docs/design.md#robustness: inputs that cannot be read are never a crash',
    yaml: `apiVersion: v1\nkind: Secret\nmetadata: {name: tls}\ndata:\n  tls.key: ${Buffer.from([0, 159, 146, 150, 255]).toString('base64')}\n  bad: '%%%not-base64'\n`,
    expected: [],
  },
  {
    name: 'trap: commented-out proxy path and port in YAML and conf configs',
    source: 'kube-prometheus-stack 88.5.3 values.yaml "#      - nodes/proxy"; newrelic-infrastructure 4.5.0 "# --port … Default is 10255"',
    yaml:
      configMap('a', 'prometheus.yml', 'scrape_configs: []\n#   - replacement: /api/v1/nodes/$1/proxy/metrics\n#   scheme: https # https://n:10250/pods') +
      '---\n' +
      configMap('b', 'agent.conf', '# curl https://node:10250/pods\n# /api/v1/nodes/x/proxy/exec\nkey value'),
    expected: [],
  },
  {
    name: 'trap: a bare 10250 and kubelet metric label matchers in dashboards',
    source: 'INDEX.md ("A grep for 10250 alone is not enough"); kube-prometheus-stack 88.5.3 Grafana dashboards',
    yaml:
      configMap('c', 'settings.yaml', 'kubelet:\n  port: 10250') +
      '---\n' +
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dash}\ndata:\n  k8s.json: \'{"targets":[{"expr":"sum(rate(container_cpu_usage_seconds_total{job=\\"kubelet\\", metrics_path=\\"/metrics/cadvisor\\"}[5m]))\\n"}]}\'\n',
    expected: [],
  },
];

const FLUENT_BIT = `[FILTER]
    Name kubernetes
    Match kube.*
    Merge_Log On
    Use_Kubelet On
    Kubelet_Port 10250
    Buffer_Size 0`;

const agentCases: Case[] = [
  {
    name: 'fluent-bit kubernetes filter reading pods from the kubelet',
    source: 'fluent-bit 0.58.1 with fluent-bit-0.58.1.values.yaml, ConfigMap t-fluent-bit fluent-bit.conf (INDEX.md)',
    yaml: configMap('t-fluent-bit', 'fluent-bit.conf', `[SERVICE]\n    Flush 1\n${FLUENT_BIT}`),
    expected: [['kubelet-direct', 'ConfigMap/t-fluent-bit', 'data.fluent-bit.conf', '/pods']],
  },
  {
    name: 'fluent-bit filter without Use_Kubelet, with it Off, or commented out',
    source: 'fluent-bit 0.58.1 default render; fluent-bit docs kubernetes filter (Use_Kubelet default Off)',
    yaml:
      configMap('off', 'fluent-bit.conf', '[FILTER]\n    Name kubernetes\n    Use_Kubelet Off\n    Kubelet_Port 10250') +
      '---\n' +
      configMap('commented', 'fluent-bit.conf', '[FILTER]\n    Name kubernetes\n#    Use_Kubelet On') +
      '---\n' +
      configMap('other', 'fluent-bit.conf', '[FILTER]\n    Name modify\n    Use_Kubelet On'),
    expected: [],
  },
  {
    name: 'fluent-bit YAML format',
    source: 'fluent-bit docs pipeline/filters/kubernetes.md (fluent-bit.yaml tab)',
    yaml: configMap('fb', 'fluent-bit.yaml', 'pipeline:\n  filters:\n    - name: kubernetes\n      match: kube.*\n      use_kubelet: on'),
    expected: [['kubelet-direct', 'ConfigMap/fb', 'data.fluent-bit.yaml', '/pods']],
  },
  {
    name: 'kubeletstats receiver: stats, plus pods for extra_metadata_labels; unused receivers and auth_type none ignored',
    source: 'opentelemetry-collector-contrib receiver/kubeletstatsreceiver README (Extra metadata labels, Role-based access control)',
    yaml: configMap(
      'otel',
      'relay',
      `receivers:
  kubeletstats:
    auth_type: serviceAccount
    endpoint: https://\${env:K8S_NODE_NAME}:10250
    insecure_skip_verify: true
  kubeletstats/meta:
    auth_type: serviceAccount
    endpoint: \${env:K8S_NODE_NAME}:10250
    extra_metadata_labels: [container.id]
  kubeletstats/readonly:
    auth_type: none
    endpoint: http://\${env:K8S_NODE_NAME}:10255
  kubeletstats/unused:
    auth_type: serviceAccount
    endpoint: https://\${env:K8S_NODE_NAME}:10250/stats/summary
service:
  pipelines:
    metrics:
      receivers: [kubeletstats, kubeletstats/meta, kubeletstats/readonly]`,
    ),
    expected: [
      ['kubelet-direct', 'ConfigMap/otel', 'data.relay', '/pods'],
      ['kubelet-direct', 'ConfigMap/otel', 'data.relay', '/stats/summary'],
      ['kubelet-direct', 'ConfigMap/otel', 'data.relay', '/stats/summary'],
    ],
  },
  {
    name: 'kubeletstats utilization metrics need pods; kubeConfig auth goes through the API-server proxy',
    source: 'kubeletstats README (RBAC: {request|limit}_utilization; auth_type kubeConfig uses the API server proxy)',
    yaml: configMap(
      'otel',
      'config.yaml',
      `receivers:
  kubeletstats:
    auth_type: kubeConfig
    endpoint: \${env:K8S_NODE_NAME}
    metrics:
      k8s.pod.cpu_limit_utilization:
        enabled: true`,
    ),
    expected: [
      ['apiserver-proxy', 'ConfigMap/otel', 'data.config.yaml', '/pods'],
      ['apiserver-proxy', 'ConfigMap/otel', 'data.config.yaml', '/stats/summary'],
    ],
  },
  {
    name: 'nri-kubernetes kubelet scraper; the commented 10255 example ignored',
    source: 'newrelic-infrastructure 4.5.0 ConfigMaps t-nrk8s-kubelet and t-nrk8s-integrations-cfg (INDEX.md)',
    yaml:
      configMap('t-nrk8s-kubelet', 'nri-kubernetes.yml', 'interval: 15s\nkubelet:\n  enabled: true\n  timeout: 10s') +
      '---\n' +
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: t-nrk8s-integrations-cfg}\ndata:\n  #      # --port: Port used to connect to the kubelet. Default is 10255\n  #      exec: /var/db/newrelic-infra/nri-discovery-kubernetes --port PORT --tls\n',
    expected: [
      ['kubelet-direct', 'ConfigMap/t-nrk8s-kubelet', 'data.nri-kubernetes.yml', '/healthz'],
      ['kubelet-direct', 'ConfigMap/t-nrk8s-kubelet', 'data.nri-kubernetes.yml', '/metrics/cadvisor'],
      ['kubelet-direct', 'ConfigMap/t-nrk8s-kubelet', 'data.nri-kubernetes.yml', '/pods'],
      ['kubelet-direct', 'ConfigMap/t-nrk8s-kubelet', 'data.nri-kubernetes.yml', '/stats/summary'],
    ],
  },
];

const ALLOY_DIRECT = `discovery.kubernetes "nodes" {
  role = "node"
}
discovery.relabel "cadvisor" {
  targets = discovery.kubernetes.nodes.targets
  rule {
    target_label = "job"
    replacement  = "integrations/kubernetes/cadvisor"
  }
}
prometheus.scrape "cadvisor" {
  targets      = discovery.relabel.cadvisor.output
  scheme       = "https"
  metrics_path = "/metrics/cadvisor"
  bearer_token_file = "/var/run/secrets/kubernetes.io/serviceaccount/token"
}`;

const ALLOY_PROXY = `discovery.kubernetes "nodes" {
  role = "node"
}
discovery.relabel "kubelet" {
  targets = discovery.kubernetes.nodes.targets
  rule {
    target_label = "__address__"
    replacement  = "kubernetes.default.svc.cluster.local:443"
  }
  rule {
    source_labels = ["__meta_kubernetes_node_name"]
    regex         = "(.+)"
    replacement   = "/api/v1/nodes/\${1}/proxy/metrics"
    target_label  = "__metrics_path__"
  }
}
prometheus.scrape "kubelet" {
  targets = discovery.relabel.kubelet.output
  scheme  = "https"
}`;

const riverCases: Case[] = [
  {
    name: 'Alloy node discovery → relabel → scrape over https',
    source: 'Alloy docs prometheus.scrape / discovery.kubernetes (role "node"); docs/kubernetes.md#path-to-subresource',
    yaml: configMap('alloy', 'config.alloy', ALLOY_DIRECT),
    expected: [['kubelet-direct', 'ConfigMap/alloy', 'data.config.alloy', '/metrics/cadvisor']],
  },
  {
    name: 'Alloy relabelling to the API-server proxy: proxy evidence only',
    source: 'Alloy docs discovery.relabel; docs/kubernetes.md#the-api-servers-node-proxy',
    yaml: configMap('alloy', 'config.alloy', ALLOY_PROXY),
    expected: [['apiserver-proxy', 'ConfigMap/alloy', 'data.config.alloy', '/metrics']],
  },
  {
    name: 'Alloy default config: node discovery that feeds no scrape',
    source: 'alloy 1.5.2 ConfigMap t-alloy config.alloy (INDEX.md: no kubelet path)',
    yaml: configMap('t-alloy', 'config.alloy', 'logging {\n\tlevel  = "info"\n}\n\ndiscovery.kubernetes "nodes" {\n\trole = "node"\n}'),
    expected: [],
  },
  {
    name: 'Alloy comments: commented-out scrape and proxy path',
    source: 'Alloy config syntax (// and /* */ comments)',
    yaml: configMap(
      'alloy',
      'config',
      'discovery.kubernetes "nodes" {\n  role = "node"\n}\n// prometheus.scrape "k" {\n//   targets = discovery.kubernetes.nodes.targets\n//   scheme = "https"\n// }\n/* replacement = "/api/v1/nodes/${1}/proxy/metrics" */',
    ),
    expected: [],
  },
];

describe('findKubeletEvidence: config data', () => {
  it.each([...prometheusCases, ...agentCases, ...riverCases])('$name ($source)', ({ yaml, expected }) => {
    expect(rows(yaml)).toEqual(sorted(expected));
  });

  it('survives hostile embedded configs: alias bombs, deep nesting, unterminated River strings (docs/design.md#robustness)', () => {
    // Billion laughs: each level repeats the previous anchor nine times.
    const levels = 'abcdefghij'.split('');
    const bomb = levels
      .map((name, i) => (i === 0 ? `a: &a [x, x, x, x, x, x, x, x, x]` : `${name}: &${name} [${Array(9).fill(`*${levels[i - 1]}`).join(', ')}]`))
      .concat('u: https://n:10250/pods')
      .join('\n');
    const deepJson = `${'['.repeat(3000)}"https://n:10250/stats/summary"${']'.repeat(3000)}`;
    const deepYaml = `- ${'['.repeat(5000)}x\nk: https://n:10250/pods`;
    const river = `discovery.kubernetes "n" {\n  role = "node\n}\nprometheus.scrape "s" {\n  scheme = "https"\n${'{'.repeat(500)}`;
    const objects = objectsFromYaml(
      [
        configMap('bomb', 'bomb.yaml', bomb),
        configMap('deep', 'deep.json', deepJson),
        configMap('river', 'config.alloy', river),
        configMap('deepyaml', 'x.yaml', deepYaml),
      ].join('---\n'),
    );
    const found = findKubeletEvidence(objects).map((e) => `${e.object.name} ${e.kubeletPath}`);
    expect(found).toEqual(['bomb /pods', 'deep /stats/summary', 'deepyaml /pods']);
  });

  it('records subresources of the direct form and the GET verb for proxy evidence (docs/kubernetes.md#path-to-subresource, #the-api-servers-node-proxy)', () => {
    const [first] = findKubeletEvidence(objectsFromYaml(configMap('p', 'prometheus.yml', PROM_2861)));
    expect(first).toMatchObject({
      access: 'apiserver-proxy',
      text: '/api/v1/nodes/$1/proxy/metrics',
      kubeletPath: '/metrics',
      subresources: ['metrics'],
      verb: 'get',
      path: 'data.prometheus.yml',
    });
  });

  it('prefers the template line of the value when the parser recorded one (types.ts Position)', () => {
    const [obj] = objectsFromYaml(`# Source: fluent-bit/templates/configmap.yaml\n${configMap('t-fluent-bit', 'fluent-bit.conf', FLUENT_BIT)}`);
    if (!obj) throw new Error('no object');
    const withPosition = { ...obj, positions: { 'data.fluent-bit.conf': { rendered: 40, template: 12 } } };
    expect(findKubeletEvidence([withPosition])[0]?.source).toEqual({ file: 'fluent-bit/templates/configmap.yaml', line: 12 });
    expect(findKubeletEvidence([obj])[0]?.source).toEqual({ file: 'fluent-bit/templates/configmap.yaml', line: obj.source.line });
  });
});
