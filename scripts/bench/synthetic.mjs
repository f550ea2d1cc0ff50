// Synthetic rendered manifests for the scale figure (P3): `units` ClusterRoles, each with a
// ClusterRoleBinding to its own ServiceAccount and a ConfigMap holding a Prometheus config with
// kubelet scrape jobs, and a Deployment that runs as the ServiceAccount and mounts the ConfigMap
// (so the evidence is attributed to a workload, as in a real chart). Every config is distinct
// (its external label names the unit), so nothing can be reused between units.
// Deterministic: the same `units` always writes the same bytes.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const NAMESPACES = 50;

/** Four rule shapes in turn: the nodes/proxy grant, its fine-grained replacement, secrets, a wildcard. */
const RULES = [
  ['  - apiGroups: [""]', '    resources: ["nodes", "nodes/proxy", "pods"]', '    verbs: ["get", "list", "watch"]'],
  ['  - apiGroups: [""]', '    resources: ["nodes/metrics", "nodes/stats"]', '    verbs: ["get"]'],
  ['  - apiGroups: [""]', '    resources: ["secrets", "configmaps"]', '    verbs: ["get", "list"]'],
  ['  - apiGroups: ["apps"]', '    resources: ["*"]', '    verbs: ["get", "list", "watch"]'],
];

/** prometheus 28.6.1's job (API-server node proxy path) and 28.7.0's (direct kubelet over https). */
const JOBS = [
  [
    '      - job_name: kubernetes-nodes',
    '        scheme: https',
    '        kubernetes_sd_configs:',
    '          - role: node',
    '        relabel_configs:',
    '          - target_label: __address__',
    '            replacement: kubernetes.default.svc:443',
    '          - source_labels: [__meta_kubernetes_node_name]',
    '            regex: (.+)',
    '            target_label: __metrics_path__',
    '            replacement: /api/v1/nodes/$1/proxy/metrics',
  ],
  [
    '      - job_name: kubernetes-nodes-cadvisor',
    '        scheme: https',
    '        metrics_path: /metrics/cadvisor',
    '        kubernetes_sd_configs:',
    '          - role: node',
    '        tls_config:',
    '          ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt',
    '        bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token',
  ],
];

function deployment(name, ns) {
  return [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`, 'spec:', '  selector:', '    matchLabels:', `      app: ${name}`,
    '  template:', '    metadata:', '      labels:', `        app: ${name}`, '    spec:', `      serviceAccountName: ${name}`, '      containers:', '        - name: prometheus',
    '          image: quay.io/prometheus/prometheus:v3.5.0', '          args: ["--config.file=/etc/config/prometheus.yml"]', '          volumeMounts:', '            - name: config', '              mountPath: /etc/config',
    '      volumes:', '        - name: config', '          configMap:', `            name: ${name}-prometheus`,
  ];
}

function unit(i) {
  const name = `app-${i}`;
  const ns = `ns-${i % NAMESPACES}`;
  const docs = [
    ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', `  name: ${name}`, '  labels:', `    app.kubernetes.io/name: ${name}`, 'rules:', ...RULES[i % RULES.length], '  - apiGroups: [""]', '    resources: ["services", "endpoints"]', '    verbs: ["get", "list", "watch"]'],
    ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRoleBinding', 'metadata:', `  name: ${name}`, 'roleRef:', '  apiGroup: rbac.authorization.k8s.io', '  kind: ClusterRole', `  name: ${name}`, 'subjects:', '  - kind: ServiceAccount', `    name: ${name}`, `    namespace: ${ns}`],
    ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`],
    ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}-prometheus`, `  namespace: ${ns}`, 'data:', '  prometheus.yml: |', '    global:', '      scrape_interval: 1m', '      external_labels:', `        agent: ${name}`, '    scrape_configs:', ...JOBS[i % JOBS.length]],
    deployment(name, ns),
  ];
  return docs.map((lines) => `---\n${lines.join('\n')}\n`).join('');
}

/** Writes `synthetic-<units>.yaml` into `dir`; returns its path and size. */
export function writeSynthetic(dir, units) {
  const parts = [];
  for (let i = 0; i < units; i++) parts.push(unit(i));
  const text = parts.join('');
  const file = join(dir, `synthetic-${units}.yaml`);
  writeFileSync(file, text);
  return { file, bytes: Buffer.byteLength(text), documents: units * 5 };
}

/**
 * The unattributed shape (issue #14): per unit a ClusterRole, its ClusterRoleBinding and
 * ServiceAccount, and a ConfigMap holding a kubelet URL that no workload mounts. Such evidence
 * belongs to nobody in the render, so it is listed once per render and every nodes-proxy finding
 * refers to it by count: time, memory and JSON size must stay linear.
 */
function unattributedUnit(i) {
  const name = `agent-${i}`;
  const ns = `ns-${i % NAMESPACES}`;
  const docs = [
    ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'metadata:', `  name: ${name}`, 'rules:', ...RULES[i % RULES.length]],
    ['apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRoleBinding', 'metadata:', `  name: ${name}`, 'roleRef:', '  apiGroup: rbac.authorization.k8s.io', '  kind: ClusterRole', `  name: ${name}`, 'subjects:', '  - kind: ServiceAccount', `    name: ${name}`, `    namespace: ${ns}`],
    ['apiVersion: v1', 'kind: ServiceAccount', 'metadata:', `  name: ${name}`, `  namespace: ${ns}`],
    ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', `  name: ${name}-probe`, `  namespace: ${ns}`, 'data:', '  probe.sh: |', `    curl -sk -H "Authorization: Bearer $TOKEN" https://$NODE_IP:10250/stats/summary?unit=${i}`],
  ];
  return docs.map((lines) => `---\n${lines.join('\n')}\n`).join('');
}

/** Writes `synthetic-unattributed-<units>.yaml` into `dir`; returns its path and size. */
export function writeSyntheticUnattributed(dir, units) {
  const parts = [];
  for (let i = 0; i < units; i++) parts.push(unattributedUnit(i));
  const text = parts.join('');
  const file = join(dir, `synthetic-unattributed-${units}.yaml`);
  writeFileSync(file, text);
  return { file, bytes: Buffer.byteLength(text), documents: units * 4 };
}
