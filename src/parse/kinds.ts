// Which rendered objects are worth a full parse. Everything else is counted and skipped
// (docs/design.md#performance: "only RBAC-relevant documents and evidence-bearing objects are fully parsed").

/** The four rbac.authorization.k8s.io/v1 kinds. Matched by kind only; the rbac model checks the group. */
export const RBAC_KINDS: ReadonlySet<string> = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

/**
 * Kinds whose rendered content can show how a workload talks to the kubelet (docs/design.md#fix-advice-from-evidence):
 * - core/apps/batch: ConfigMap and Secret data; pod specs (command, args, env) in Pod, PodTemplate,
 *   ReplicationController, Deployment, DaemonSet, StatefulSet, ReplicaSet, Job, CronJob;
 * - prometheus-operator (monitoring.coreos.com): ServiceMonitor, PodMonitor, ScrapeConfig, Probe,
 *   Prometheus, PrometheusAgent (kube-prometheus-stack scrapes the kubelet through a ServiceMonitor);
 * - OpenTelemetry operator: OpenTelemetryCollector (kubeletstats receiver config);
 * - VictoriaMetrics operator: VMAgent, VMNodeScrape (kubelet scraping), VMPodScrape, VMServiceScrape,
 *   VMStaticScrape, VMScrapeConfig;
 * - Grafana: GrafanaAgent, MetricsInstance (agent operator), Alloy (alloy operator);
 * - Datadog operator: DatadogAgent; Argo Rollouts: Rollout (a pod template);
 * - Service: a selector-less Service on the kubelet port that a ServiceMonitor selects
 *   (evidence/servicemonitor.ts renderedKubeletService).
 */
const EVIDENCE_KINDS: ReadonlySet<string> = new Set([
  'ConfigMap',
  'Service',
  'Secret',
  'Pod',
  'PodTemplate',
  'ReplicationController',
  'Deployment',
  'DaemonSet',
  'StatefulSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ServiceMonitor',
  'PodMonitor',
  'ScrapeConfig',
  'Probe',
  'Prometheus',
  'PrometheusAgent',
  'OpenTelemetryCollector',
  'VMAgent',
  'VMNodeScrape',
  'VMPodScrape',
  'VMServiceScrape',
  'VMStaticScrape',
  'VMScrapeConfig',
  'GrafanaAgent',
  'MetricsInstance',
  'Alloy',
  'DatadogAgent',
  'Rollout',
]);

export function isEvidenceKind(kind: string): boolean {
  return EVIDENCE_KINDS.has(kind);
}

export function isRbacKind(kind: string): boolean {
  return RBAC_KINDS.has(kind);
}

/** Objects the parser returns: RBAC kinds and evidence kinds. */
export function isRelevantKind(kind: string): boolean {
  return RBAC_KINDS.has(kind) || EVIDENCE_KINDS.has(kind);
}

/**
 * `v1 List` and typed lists (`ClusterRoleList`, …) carry objects in `items`; kubectl unwraps both
 * (k8s.io/apimachinery meta.IsListType: any object with an `items` list).
 */
export function isListKind(kind: string): boolean {
  return kind === 'List' || (kind.length > 4 && kind.endsWith('List'));
}
