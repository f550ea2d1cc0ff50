// prometheus-operator ServiceMonitors that scrape the kubelet, and PodMonitors that cannot.
//
// The kubelet is not a pod, so a ServiceMonitor reaches it only through a selector-less Service
// whose Endpoints list the nodes. Two kinds are recognised:
// - the Service the prometheus-operator maintains when started with
//   `--kubelet-service=<ns>/<name>`: labels `k8s-app: kubelet`, `app.kubernetes.io/name: kubelet`,
//   `app.kubernetes.io/managed-by: prometheus-operator`, ports `https-metrics` 10250,
//   `http-metrics` 10255 and `cadvisor` 4194 (prometheus-operator pkg/kubelet controller,
//   syncNodeEndpoints). kube-prometheus-stack 88.5.3 passes
//   `--kubelet-service=kube-system/t-kube-prometheus-stack-kubelet` and scrapes /metrics,
//   /metrics/cadvisor and /metrics/probes (and /metrics/resource/v1alpha1 when enabled);
// - a selector-less Service rendered in the chart with a port (or targetPort) 10250. A Service
//   *with* a selector points at pods, never at kubelets: that is what keeps the
//   prometheus-operator's own webhook port 10250 (kube-prometheus-stack) out.
// An endpoint counts when the ServiceMonitor's selector and namespaceSelector pick such a Service,
// its port resolves to 10250 and the scheme (after relabelings) is https. Its path defaults to
// `/metrics`.
//
// PodMonitor targets are pods; only a relabeling that writes a literal `<host>:10250` into
// `__address__` (with https) sends one to a kubelet.

import type { LabelSelector, ParsedObject } from '../../types.js';
import { selectorMatches } from '../../rbac/selector.js';
import { asArray, asRecord, asText, isRecord, type Hit } from '../hit.js';
import { containersOf, podSpecOf } from '../podspec.js';
import { reachesKubeletDirectly, relabelRules, resolveTarget } from '../relabel.js';
import type { KubeletClient, KubeletService, ScanContext } from './client.js';

const KUBELET_PORT = 10250;

const OPERATOR_LABELS = {
  'k8s-app': 'kubelet',
  'app.kubernetes.io/name': 'kubelet',
  'app.kubernetes.io/managed-by': 'prometheus-operator',
};
const OPERATOR_PORTS: ReadonlyArray<[string, number]> = [
  ['https-metrics', 10250],
  ['http-metrics', 10255],
  ['cadvisor', 4194],
];

function operatorService(namespace: string | null, name: string | null): KubeletService {
  return { namespace, name, labels: { ...OPERATOR_LABELS }, ports: new Map(OPERATOR_PORTS) };
}

/** `--kubelet-service=<ns>/<name>` (or the value in the next arg) in any rendered container. */
function kubeletServiceArgs(objects: readonly ParsedObject[]): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  for (const obj of objects) {
    const pod = podSpecOf(obj);
    if (!pod) continue;
    for (const { container } of containersOf(pod.spec, pod.path)) {
      const args = [...asArray(container.command), ...asArray(container.args)].map((a) => asText(a) ?? '');
      args.forEach((arg, i) => {
        const value = arg === '--kubelet-service' ? args[i + 1] : /^--kubelet-service=(.*)$/.exec(arg)?.[1];
        const parts = value?.split('/');
        if (parts?.length === 2 && parts[0] && parts[1]) found.push([parts[0], parts[1]]);
      });
    }
  }
  return found;
}

function portNumber(value: unknown): number | null {
  const n = typeof value === 'number' ? value : Number(asText(value));
  return Number.isInteger(n) ? n : null;
}

function renderedKubeletService(obj: ParsedObject): KubeletService | null {
  if (obj.ref.kind !== 'Service') return null;
  const spec = asRecord(obj.body.spec);
  if (isRecord(spec.selector) && Object.keys(spec.selector).length > 0) return null;
  const ports = new Map<string, number>();
  let reachesKubelet = false;
  for (const raw of asArray(spec.ports)) {
    const port = asRecord(raw);
    const target = portNumber(port.targetPort) ?? portNumber(port.port);
    if (target === KUBELET_PORT || portNumber(port.port) === KUBELET_PORT) reachesKubelet = true;
    const name = asText(port.name);
    if (name && target !== null) ports.set(name, target);
  }
  if (!reachesKubelet) return null;
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(asRecord(obj.body.metadata).labels))) {
    const text = asText(v);
    if (text !== null) labels[k] = text;
  }
  return { namespace: obj.ref.namespace, name: obj.ref.name, labels, ports };
}

/** Every Service in the render (or managed by an operator it configures) that fronts kubelets. */
export function kubeletServices(objects: readonly ParsedObject[]): KubeletService[] {
  const fromArgs = kubeletServiceArgs(objects).map(([ns, name]) => operatorService(ns, name));
  // An operator installed outside the chart is assumed to use its usual kubelet Service labels.
  const operator = fromArgs.length > 0 ? fromArgs : [operatorService(null, null)];
  const rendered = objects.map(renderedKubeletService).filter((s): s is KubeletService => s !== null);
  return [...operator, ...rendered];
}

function labelSelector(raw: unknown): LabelSelector {
  const sel = asRecord(raw);
  const matchLabels: Record<string, string> = {};
  for (const [k, v] of Object.entries(asRecord(sel.matchLabels))) matchLabels[k] = asText(v) ?? '';
  const matchExpressions = asArray(sel.matchExpressions).map((e) => {
    const expr = asRecord(e);
    return {
      key: asText(expr.key) ?? '',
      operator: asText(expr.operator) ?? '',
      values: asArray(expr.values).map((v) => asText(v) ?? ''),
    };
  });
  return { matchLabels, matchExpressions };
}

function namespaceAllowed(spec: Record<string, unknown>, own: string | null, target: string | null): boolean {
  if (target === null) return true;
  const nsSel = asRecord(spec.namespaceSelector);
  if (nsSel.any === true) return true;
  const names = asArray(nsSel.matchNames).map((n) => asText(n));
  if (names.length > 0) return names.includes(target);
  return own === null || own === target;
}

/** The port number an endpoint ends up on for this Service, or null when it names no port of it. */
function endpointPort(endpoint: Record<string, unknown>, service: KubeletService): number | null {
  const name = asText(endpoint.port);
  if (name !== null) return service.ports.get(name) ?? null;
  const target = endpoint.targetPort;
  const byNumber = portNumber(target);
  if (byNumber !== null) return byNumber;
  const targetName = asText(target);
  return targetName !== null ? (service.ports.get(targetName) ?? null) : null;
}

function describeService(service: KubeletService): string {
  if (service.name) return `kubelet Service ${service.namespace ?? ''}/${service.name}`;
  return 'the prometheus-operator kubelet Service';
}

function endpointHit(endpoint: Record<string, unknown>, index: number, metricsPath: string | null, service: KubeletService): Hit {
  const explicitPath = asText(endpoint.path);
  const field = explicitPath !== null ? 'path' : endpoint.port !== undefined ? 'port' : 'targetPort';
  const port = asText(endpoint.port) ?? `targetPort ${asText(endpoint.targetPort) ?? ''}`;
  const shownPath = metricsPath ?? '(from a label)';
  const defaulted = explicitPath === null && metricsPath === '/metrics' ? ' (default)' : '';
  return {
    path: `spec.endpoints.${index}.${field}`,
    text: `endpoint port ${port}, path ${shownPath}${defaulted} → ${describeService(service)}`,
    access: 'kubelet-direct',
    kubeletPath: metricsPath,
    client: 'service-monitor',
    breaks: `Prometheus's scrape of ${shownPath} gets 403 from every kubelet: those metrics are lost`,
  };
}

/** Direct kubelet scrapes declared by one ServiceMonitor. */
export function serviceMonitorHits(obj: ParsedObject, services: readonly KubeletService[]): Hit[] {
  const spec = asRecord(obj.body.spec);
  const selector = labelSelector(spec.selector);
  const selected = services.filter((s) => selectorMatches(selector, s.labels) && namespaceAllowed(spec, obj.ref.namespace, s.namespace));
  const hits: Hit[] = [];
  asArray(spec.endpoints).forEach((raw, i) => {
    const endpoint = asRecord(raw);
    const service = selected.find((s) => endpointPort(endpoint, s) === KUBELET_PORT);
    if (!service) return;
    const target = resolveTarget(
      { address: 'kubelet', scheme: (asText(endpoint.scheme) ?? 'http').toLowerCase(), metricsPath: asText(endpoint.path) ?? '/metrics' },
      relabelRules(endpoint.relabelings, 'camel'),
    );
    if (!reachesKubeletDirectly(target)) return;
    hits.push(endpointHit(endpoint, i, target.metricsPath, service));
  });
  return hits;
}

/** PodMonitor endpoints relabelled onto a literal kubelet address. */
function podMonitorHits(obj: ParsedObject): Hit[] {
  const spec = asRecord(obj.body.spec);
  const hits: Hit[] = [];
  asArray(spec.podMetricsEndpoints).forEach((raw, i) => {
    const endpoint = asRecord(raw);
    const target = resolveTarget(
      { address: 'unknown', scheme: (asText(endpoint.scheme) ?? 'http').toLowerCase(), metricsPath: asText(endpoint.path) ?? '/metrics' },
      relabelRules(endpoint.relabelings, 'camel'),
    );
    if (!reachesKubeletDirectly(target)) return;
    const shown = target.metricsPath ?? '(from a label)';
    hits.push({
      path: `spec.podMetricsEndpoints.${i}.relabelings`,
      text: `podMetricsEndpoint relabelled to a kubelet address, scheme https, path ${shown}`,
      access: 'kubelet-direct',
      kubeletPath: target.metricsPath,
      client: 'service-monitor',
      breaks: `Prometheus's scrape of ${shown} gets 403 from every kubelet: those metrics are lost`,
    });
  });
  return hits;
}

export const serviceMonitor: KubeletClient = {
  id: 'service-monitor',
  name: 'prometheus-operator ServiceMonitor and PodMonitor',
  objects: [
    { group: 'monitoring.coreos.com', kinds: ['ServiceMonitor'], read: (obj, context: ScanContext) => serviceMonitorHits(obj, context.kubeletServices) },
    { group: 'monitoring.coreos.com', kinds: ['PodMonitor'], read: podMonitorHits },
  ],
};
