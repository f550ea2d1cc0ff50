// Speed: everything that makes a lint finish sooner without changing its result, in one place.
//
// The idea: helm rendering is the floor of a lint, so the CLI never sits idle while helm runs.
// 1. bin/prestart.js starts `helm template` before this bundle even loads; src/render adopts that
//    process only when its own fully resolved command is identical (render/prestarted.ts).
// 2. While the first render runs, warmUp() analyses and formats a small built-in render once, so
//    V8 has compiled the code the real render will need (a function compiles on its first call).
// 3. With several charts, EarlyAnalyses analyses each render as it arrives, while the others are
//    still rendering, and lint() takes the result when it gets to that render.
// None of this may change output: a guess that does not hold costs time, never correctness.
import type { Analysis } from '../engine/analyze.js';
import { summarize } from '../engine/summary.js';
import type { RenderResult } from '../render/index.js';
import { LINT_FORMATTERS, formatContext } from '../report/index.js';
import type { LintFormat, LintReport } from '../report/index.js';
import type { RuleSet } from '../rule-api/index.js';
import type { Severity } from '../types.js';
import { TOOL } from '../version.js';
import { analyzeRender } from './analyze.js';
import { registeredRules } from './registry.js';

export { discardPrestarted } from '../render/prestarted.js';

type RuleSeverity = Readonly<Record<string, Severity | 'off'>> | undefined;

/**
 * Analyses of renders made while other charts still render (several charts render in parallel,
 * and the analysis of the first ones then overlaps the rest). Keyed by the render's text; used
 * only for the same final target id, target and rule settings it was made with.
 */
export class EarlyAnalyses {
  private readonly made = new Map<string, { id: number; signature: string; analysis: Analysis | null }>();

  constructor(private readonly settings: { defaultBindings: boolean | undefined; rules: RuleSet }) {}

  private static signature(r: RenderResult, ruleSeverity: RuleSeverity): string {
    return JSON.stringify([{ ...r.target, id: null }, ruleSeverity ?? {}]);
  }

  /** Schedules the analysis of a render that just arrived (after the pool has started its next job). */
  schedule(r: RenderResult, ruleSeverity: RuleSeverity): void {
    setImmediate(() => {
      if (this.made.has(r.text)) return;
      let analysis: Analysis | null = null;
      try {
        analysis = analyzeRender(r, { ruleSeverity, ...this.settings });
      } catch {
        analysis = null; // analysed again, and reported, in order
      }
      this.made.set(r.text, { id: r.target.id, signature: EarlyAnalyses.signature(r, ruleSeverity), analysis });
    });
  }

  /** The analysis made early for exactly this render and these settings, or null. */
  take(r: RenderResult, ruleSeverity: RuleSeverity): Analysis | null {
    const early = this.made.get(r.text);
    this.made.set(r.text, { id: -1, signature: '', analysis: null }); // never used twice
    if (!early || early.id !== r.target.id || early.signature !== EarlyAnalyses.signature(r, ruleSeverity)) return null;
    return early.analysis;
  }
}


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
export function warmUp(format: LintFormat, rules: RuleSet = registeredRules()): void {
  try {
    const render = sampleRender();
    const analysis = analyzeRender(render, { rules });
    const report: LintReport = { tool: TOOL, targets: [render.target], findings: analysis.findings, summary: summarize(analysis.findings), warnings: [], notices: [] };
    LINT_FORMATTERS[format](report, formatContext({ repoRoot: '/', targetPaths: new Map([[0, 'warm']]), rules: rules.rules, models: new Map([[0, analysis.model]]) }));
  } catch {
    // the real run meets whatever failed here and reports it
  }
}
