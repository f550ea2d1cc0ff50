// Builds Analyses straight from YAML for the diff tests (real model, evidence and rules; no helm).
import { analyzeObjects } from '../../src/engine/analyze.js';
import type { Analysis } from '../../src/engine/analyze.js';
import type { RuleModule } from '../../src/rule-api/index.js';
import type { TargetInfo } from '../../src/types.js';
import apiserverNodeProxyPath from '../../rules/apiserver-node-proxy-path/index.js';
import ineffectiveRule from '../../rules/ineffective-rule/index.js';
import nodesProxy from '../../rules/nodes-proxy/index.js';
import { objectsFromYaml, testTarget } from '../support/objects.js';
import { only } from '../support/rules.js';

/**
 * A fixed rule set, so that the diff tables do not change whenever a rule is added to the
 * registry: the two kubelet rules whose findings evidence explains, and one that reports
 * grants that never take effect.
 */
export const DIFF_TEST_RULES: RuleModule[] = [nodesProxy, apiserverNodeProxyPath, ineffectiveRule];

export function analysisOf(yaml: string, target: Partial<TargetInfo> = {}): Analysis {
  const t = testTarget(target);
  return analyzeObjects(objectsFromYaml(yaml, t.id), [], 0, t, { rules: only(...DIFF_TEST_RULES) });
}

/** A Prometheus-style scraper like charts-fixtures/scraper-apiserver-proxy (prometheus 28.6.1) and scraper-direct-kubelet (28.7.0). */
export function scraper(opts: { resources: string[]; config: string }): string {
  const config = opts.config
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n');
  return `apiVersion: v1
kind: ServiceAccount
metadata: { name: prometheus-server, namespace: monitoring }
---
apiVersion: v1
kind: ConfigMap
metadata: { name: prometheus-server, namespace: monitoring }
data:
  prometheus.yml: |
${config}
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: prometheus-server, namespace: monitoring }
spec:
  selector: { matchLabels: { app: prometheus-server } }
  template:
    metadata: { labels: { app: prometheus-server } }
    spec:
      serviceAccountName: prometheus-server
      containers:
        - name: prometheus
          image: quay.io/prometheus/prometheus:v3.5.0
          args: ["--config.file=/etc/config/prometheus.yml"]
          volumeMounts: [{ name: config, mountPath: /etc/config }]
      volumes:
        - { name: config, configMap: { name: prometheus-server } }
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: { name: prometheus-server }
rules:
  - apiGroups: [""]
    resources: ${JSON.stringify(opts.resources)}
    verbs: ["get", "list", "watch"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: { name: prometheus-server }
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: prometheus-server }
subjects:
  - { kind: ServiceAccount, name: prometheus-server, namespace: monitoring }
`;
}

export const PROXY_SCRAPE = `scrape_configs:
  - job_name: kubernetes-nodes
    scheme: https
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    kubernetes_sd_configs:
      - role: node
    relabel_configs:
      - target_label: __address__
        replacement: kubernetes.default.svc:443
      - source_labels: [__meta_kubernetes_node_name]
        regex: (.+)
        target_label: __metrics_path__
        replacement: /api/v1/nodes/$1/proxy/metrics`;

export const DIRECT_SCRAPE = `scrape_configs:
  - job_name: kubernetes-nodes
    scheme: https
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    kubernetes_sd_configs:
      - role: node`;
