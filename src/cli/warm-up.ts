// While helm renders, the CLI has a core to spare and nothing to do. Running the analysis once
// over a small built-in chart render compiles the code the real render will need (V8 compiles a
// function on its first call), so what follows helm's output costs less. The result is thrown away;
// nothing here is printed and a failure is ignored (the real run would meet it and report it).
import type { LintRun } from '../api.js';
import { analyzeRender } from '../api.js';
import { summarize } from '../engine/summary.js';
import type { RenderResult } from '../render/index.js';
import { TOOL } from '../version.js';
import { formatLintRun } from './formats.js';
import type { LintFormat } from './formats.js';

const TEMPLATE = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: {{ include "warm.fullname" . }}
  labels:
    {{- include "warm.labels" . | nindent 4 }}
rules:
  - apiGroups: [""]
    resources: ["nodes", "nodes/proxy", "pods", "secrets"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: {{ include "warm.fullname" . }}
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: {{ include "warm.fullname" . }}
subjects:
  - kind: ServiceAccount
    name: {{ include "warm.fullname" . }}
    namespace: {{ .Release.Namespace }}
`;

const RENDER = `---
# Source: warm/templates/rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: warm
  labels:
    app.kubernetes.io/name: warm
rules:
  - apiGroups: [""]
    resources: ["nodes", "nodes/proxy", "pods", "secrets"]
    verbs: ["get", "list", "watch"]
  - apiGroups: ["*"]
    resources: ["*"]
    verbs: ["get"]
---
# Source: warm/templates/rbac.yaml
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: warm
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: warm
subjects:
  - kind: ServiceAccount
    name: warm
    namespace: default
---
# Source: warm/templates/config.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: warm
data:
  prometheus.yml: |
    scrape_configs:
      - job_name: kubernetes-nodes
        kubernetes_sd_configs:
          - role: node
        relabel_configs:
          - target_label: __address__
            replacement: kubernetes.default.svc:443
          - target_label: __metrics_path__
            replacement: /api/v1/nodes/$1/proxy/metrics
  dashboard.json: '{"panels": [{"targets": [{"expr": "up"}]}]}'
---
# Source: warm/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: warm
spec:
  template:
    spec:
      serviceAccountName: warm
      containers:
        - name: warm
          args: ["--kubelet-port=10250"]
          env:
            - name: NODE_IP
              valueFrom:
                fieldRef: { fieldPath: status.hostIP }
      volumes:
        - name: config
          configMap:
            name: warm
---
# Source: warm/templates/servicemonitor.yaml
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: warm
spec:
  endpoints:
    - port: https-metrics
      path: /metrics/cadvisor
      scheme: https
  selector:
    matchLabels: { app: warm }
`;

function sampleRender(): RenderResult {
  return {
    target: {
      id: 0, chart: 'warm', name: 'warm', version: '0.1.0', release: 'warm', namespace: 'default', values: [],
      renderer: 'helm v0.0.0', kubeVersion: '1.35.0', chartKubeVersion: '>=1.19.0-0', render: null,
    },
    text: RENDER,
    chartRoot: '/warm',
    chartName: 'warm',
    readTemplate: (p) => (p === 'templates/rbac.yaml' ? TEMPLATE : null),
    displayPath: 'warm',
  };
}

/** Analyses and formats the built-in render once, in `format`. Never throws. */
export function warmUp(format: LintFormat): void {
  try {
    const render = sampleRender();
    const analysis = analyzeRender(render);
    const run: LintRun = {
      errors: [],
      report: { tool: TOOL, targets: [render.target], findings: analysis.findings, summary: summarize(analysis.findings), warnings: [], notices: [] },
      analyses: [analysis],
      renders: [render],
      failOn: 'high',
    };
    formatLintRun(run, format, { color: false, quiet: false, failOn: 'high', repoRoot: '/', targetPaths: new Map([[0, 'warm']]) });
  } catch {
    // the real run meets whatever failed here and reports it
  }
}
