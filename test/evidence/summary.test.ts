import { describe, expect, it } from 'vitest';
import { evidenceForSubjects, findKubeletEvidence, summarizeEvidence, unattributedEvidence } from '../../src/evidence/index.js';
import { objectsFromYaml } from './helpers.js';

/** A Deployment running as `sa` whose container calls the kubelet at each of `paths`. */
const caller = (name: string, sa: string | null, paths: string[], extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: monitoring}
spec:
  template:
    spec:
${sa ? `      serviceAccountName: ${sa}\n` : ''}      containers:
      - name: c
        args: [${paths.map((p) => `"https://n:10250${p}"`).join(', ')}]${extra}
`;

describe('summarizeEvidence', () => {
  const cases: Array<{ name: string; source: string; yaml: string; needed: string[]; needsProxy: boolean; proxy: number; direct: number }> = [
    {
      name: 'metrics and stats only',
      source: 'docs/kubernetes.md#path-to-subresource table (/metrics/cadvisor → metrics, /stats/summary → stats)',
      yaml: caller('a', 'a', ['/metrics/cadvisor', '/stats/summary', '/metrics']),
      needed: ['metrics', 'stats'],
      needsProxy: false,
      proxy: 0,
      direct: 3,
    },
    {
      name: 'pods and healthz: the fine-grained subresource, not the proxy fallback',
      source: 'docs/kubernetes.md#fallback-to-proxy: attributes tried in order, first Allow wins',
      yaml: caller('a', 'a', ['/pods', '/healthz']),
      needed: ['healthz', 'pods'],
      needsProxy: false,
      proxy: 0,
      direct: 2,
    },
    {
      name: 'container logs and exec only work with nodes/proxy',
      source: 'docs/kubernetes.md#path-to-subresource: /containerLogs/*, /exec/* → proxy',
      yaml: caller('a', 'a', ['/containerLogs/ns/p/c', '/exec/ns/p/c', '/logs/']),
      needed: ['log'],
      needsProxy: true,
      proxy: 0,
      direct: 3,
    },
    {
      name: 'dead /spec never becomes nodes/spec',
      source: 'docs/kubernetes.md#path-to-subresource: no /spec case since v1.21, falls to proxy; docs/design.md#fix-advice-from-evidence never recommend nodes/spec',
      yaml: caller('a', 'a', ['/spec/']),
      needed: [],
      needsProxy: true,
      proxy: 0,
      direct: 1,
    },
    {
      name: 'API-server proxy evidence is reported apart and adds no direct need',
      source: 'docs/kubernetes.md#the-api-servers-node-proxy: the proxy path is always nodes/proxy; docs/design.md#fix-advice-from-evidence',
      yaml: caller('a', 'a', []).replace('args: []', 'args: ["/api/v1/nodes/$(NODE)/proxy/exec/x"]'),
      needed: [],
      needsProxy: false,
      proxy: 1,
      direct: 0,
    },
    {
      name: 'a kubelet URL without a path adds nothing either way',
      source: 'docs/design.md#fix-advice-from-evidence (advice from known paths only)',
      yaml: caller('a', 'a', ['']),
      needed: [],
      needsProxy: false,
      proxy: 0,
      direct: 1,
    },
  ];
  it.each(cases)('$name ($source)', ({ yaml, needed, needsProxy, proxy, direct }) => {
    const summary = summarizeEvidence(findKubeletEvidence(objectsFromYaml(yaml)));
    expect(summary.neededSubresources).toEqual(needed);
    expect(summary.needsProxy).toBe(needsProxy);
    expect(summary.apiserverProxy).toHaveLength(proxy);
    expect(summary.direct).toHaveLength(direct);
  });

  it('never lists spec even when handed such evidence (docs/design.md#fix-advice-from-evidence)', () => {
    const [e] = findKubeletEvidence(objectsFromYaml(caller('a', 'a', ['/stats/summary'])));
    if (!e) throw new Error('no evidence');
    expect(summarizeEvidence([{ ...e, subresources: ['spec'] }, e]).neededSubresources).toEqual(['stats']);
  });
});

const CONFIG = `apiVersion: v1
kind: ConfigMap
metadata: {name: cfg, namespace: monitoring}
data:
  agent.sh: curl https://n:10250/pods
---
apiVersion: v1
kind: ConfigMap
metadata: {name: orphan, namespace: monitoring}
data:
  agent.sh: curl https://n:10250/metrics
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata: {name: kubelet, namespace: monitoring}
spec:
  selector: {matchLabels: {k8s-app: kubelet}}
  namespaceSelector: {any: true}
  endpoints: [{port: https-metrics, scheme: https, path: /metrics/cadvisor}]
`;

const mounting = (name: string, sa: string | null, how: string): string => `apiVersion: apps/v1
kind: DaemonSet
metadata: {name: ${name}, namespace: monitoring}
spec:
  template:
    spec:
${sa ? `      serviceAccount: ${sa}\n` : ''}      containers:
      - name: c
${how}
`;

describe('evidenceForSubjects', () => {
  const VOLUME = '        volumeMounts: [{name: v, mountPath: /etc/x}]\n      volumes: [{name: v, configMap: {name: cfg}}]';
  const PROJECTED = '      volumes: [{name: v, projected: {sources: [{configMap: {name: cfg}}]}}]';
  const ENV_FROM = '        envFrom: [{configMapRef: {name: cfg}}]';
  const KEY_REF = '        env: [{name: X, valueFrom: {configMapKeyRef: {name: cfg, key: agent.sh}}}]';

  const cases: Array<{ name: string; source: string; yaml: string; subjects: Array<{ namespace: string; name: string }>; expected: string[] }> = [
    {
      name: 'a workload’s own evidence belongs to its ServiceAccount',
      source: 'Pod spec serviceAccountName (core/v1 PodSpec)',
      yaml: caller('own', 'agent', ['/stats/summary']) + '---\n' + caller('other', 'other', ['/pods']),
      subjects: [{ namespace: 'monitoring', name: 'agent' }],
      expected: ['Deployment/own /stats/summary'],
    },
    {
      name: 'no serviceAccountName means the default ServiceAccount',
      source: 'ServiceAccount admission plugin defaults serviceAccountName to "default"',
      yaml: caller('d', null, ['/pods']),
      subjects: [{ namespace: 'monitoring', name: 'default' }],
      expected: ['Deployment/d /pods'],
    },
    {
      name: 'a mounted ConfigMap belongs to the mounting workload’s ServiceAccount (volume); unreferenced config and ServiceMonitors without a Prometheus to nobody',
      source: 'fluent-bit 0.58.1 DaemonSet mounts ConfigMap t-fluent-bit; issue #14: unattributed evidence is listed once per render',
      yaml: `${CONFIG}---\n${mounting('ds', 'agent', VOLUME)}`,
      subjects: [{ namespace: 'monitoring', name: 'agent' }],
      expected: ['ConfigMap/cfg /pods'],
    },
    {
      name: 'the same config is not evidence for another ServiceAccount',
      source: 'attribution rule: ConfigMaps belong to the workloads that read them',
      yaml: `${CONFIG}---\n${mounting('ds', 'agent', VOLUME)}`,
      subjects: [{ namespace: 'monitoring', name: 'someone-else' }],
      expected: [],
    },
    {
      name: 'projected volume, with the deprecated serviceAccount alias',
      source: 'core/v1 ProjectedVolumeSource; PodSpec.serviceAccount (deprecated alias of serviceAccountName)',
      yaml: `${CONFIG}---\n${mounting('a', 'p', PROJECTED)}`,
      subjects: [{ namespace: 'monitoring', name: 'p' }],
      expected: ['ConfigMap/cfg /pods'],
    },
    {
      name: 'a ServiceAccount of the same name in another namespace does not match',
      source: 'RBAC ServiceAccount subjects are namespaced (docs/kubernetes.md#which-bindings-apply)',
      yaml: caller('own', 'agent', ['/stats/summary']),
      subjects: [{ namespace: 'kube-system', name: 'agent' }],
      expected: [],
    },
    {
      name: 'OpenTelemetryCollector runs as <name>-collector unless spec.serviceAccount is set',
      source: 'OpenTelemetry operator: default collector ServiceAccount "<name>-collector"',
      yaml: `apiVersion: opentelemetry.io/v1beta1
kind: OpenTelemetryCollector
metadata: {name: node, namespace: monitoring}
spec:
  config:
    receivers: {kubeletstats: {auth_type: serviceAccount}}
`,
      subjects: [{ namespace: 'monitoring', name: 'node-collector' }],
      expected: ['OpenTelemetryCollector/node /stats/summary'],
    },
  ];

  it.each(cases)('$name ($source)', ({ yaml, subjects, expected }) => {
    const objects = objectsFromYaml(yaml);
    const evidence = findKubeletEvidence(objects);
    const got = evidenceForSubjects(evidence, objects, subjects).map((e) => `${e.object.kind}/${e.object.name} ${e.kubeletPath}`);
    expect(got.sort()).toEqual([...expected].sort());
  });

  it.each([
    ['envFrom', 'e'],
    ['configMapKeyRef', 'k'],
  ])('config read through %s belongs to that workload (core/v1 EnvFromSource / ConfigMapKeySelector)', (_how, sa) => {
    const objects = objectsFromYaml(`${CONFIG}---\n${mounting('b', 'e', ENV_FROM)}---\n${mounting('c', 'k', KEY_REF)}`);
    const evidence = findKubeletEvidence(objects);
    const names = evidenceForSubjects(evidence, objects, [{ namespace: 'monitoring', name: sa }]).map((e) => e.object.name);
    expect(names).toContain('cfg');
    expect(evidenceForSubjects(evidence, objects, [{ namespace: 'monitoring', name: 'nobody' }]).map((e) => e.object.name)).not.toContain('cfg');
  });

  it('keeps targets apart: a workload in one render does not claim config of another (types.ts ParsedObject.target)', () => {
    const first = objectsFromYaml(CONFIG, 0);
    const second = objectsFromYaml(mounting('ds', 'agent', VOLUME), 1);
    const objects = [...first, ...second];
    const evidence = findKubeletEvidence(objects);
    expect(evidenceForSubjects(evidence, objects, [{ namespace: 'monitoring', name: 'agent' }]).map((e) => e.object.name)).not.toContain('cfg');
    expect(unattributedEvidence(evidence, objects).map((e) => e.object.name)).toContain('cfg');
  });

  it('unattributed evidence: config nobody mounts and scrape CRs without a server in the render, one array per render', () => {
    const objects = objectsFromYaml(`${CONFIG}---\n${mounting('ds', 'agent', VOLUME)}`);
    const evidence = findKubeletEvidence(objects);
    const first = unattributedEvidence(evidence, objects);
    expect(first.map((e) => `${e.object.kind}/${e.object.name} ${e.kubeletPath}`).sort()).toEqual(['ConfigMap/orphan /metrics', 'ServiceMonitor/kubelet /metrics/cadvisor']);
    expect(unattributedEvidence(evidence, objects)).toBe(first);
  });

  it('ServiceMonitors belong to the ServiceAccounts of the Prometheus servers of the render (spec.serviceAccountName, else default)', () => {
    const prometheus = (name: string, sa: string | null) =>
      `apiVersion: monitoring.coreos.com/v1\nkind: Prometheus\nmetadata: {name: ${name}, namespace: monitoring}\nspec:\n  serviceMonitorSelector: {}\n${sa ? `  serviceAccountName: ${sa}\n` : ''}`;
    const objects = objectsFromYaml(`${CONFIG}---\n${prometheus('k', 't-kube-prometheus-stack-prometheus')}---\n${prometheus('d', null)}`);
    const evidence = findKubeletEvidence(objects);
    const of = (name: string) => evidenceForSubjects(evidence, objects, [{ namespace: 'monitoring', name }]).map((e) => `${e.object.kind}/${e.object.name}`);
    expect(of('t-kube-prometheus-stack-prometheus')).toEqual(['ServiceMonitor/kubelet']);
    expect(of('default')).toEqual(['ServiceMonitor/kubelet']);
    expect(of('agent')).toEqual([]);
  });
});
