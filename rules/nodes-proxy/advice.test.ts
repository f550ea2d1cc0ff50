import { describe, expect, it } from 'vitest';
import nodesProxy from './index.js';
import { analyzeObjects } from '../../src/engine/analyze.js';
import { parseRendered } from '../../src/parse/index.js';
import type { Finding, TargetInfo } from '../../src/types.js';
import { testTarget } from '../../test/support/objects.js';
import { only } from '../../test/support/rules.js';

// The nodes-proxy advice (issue #14): which evidence decides it, how sure it is, and that it never
// says "remove it" where that breaks a workload. Objects go through the real parser, so comments
// beside grants are seen as helm renders them.

function lint(yaml: string, target: Partial<TargetInfo> = {}): Finding[] {
  const parsed = parseRendered(yaml, { target: 0, chartName: null, manifestFile: 'm.yaml' });
  return analyzeObjects(parsed.objects, [], 0, testTarget(target), { rules: only(nodesProxy) }).findings;
}

const ROLE = (name: string, rules: string) => `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: ${name}}\nrules:\n${rules}\n---\n`;
const BIND = (name: string, sa: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: ${name}}\nroleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${name}}\nsubjects:\n  - {kind: ServiceAccount, name: ${sa}, namespace: monitoring}\n---\n`;
const PROXY_RULE = '  - apiGroups: [""]\n    resources: ["nodes", "nodes/proxy"]\n    verbs: ["get", "list", "watch"]';
const DS = (sa: string, body: string) =>
  `apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ${sa}, namespace: monitoring}\nspec:\n  template:\n    spec:\n      serviceAccountName: ${sa}\n${body}\n---\n`;
const MOUNT = (cm: string) => `      containers: [{name: c, image: x, volumeMounts: [{name: v, mountPath: /etc/c}]}]\n      volumes: [{name: v, configMap: {name: ${cm}}}]`;
const CM = (name: string, key: string, value: string) =>
  `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${name}, namespace: monitoring}\ndata:\n  ${key}: |\n${value.split('\n').map((l) => `    ${l}`).join('\n')}\n---\n`;

const KUBELETSTATS = (type: string) =>
  `receivers:\n  ${type}:\n    auth_type: serviceAccount\n    endpoint: \${env:K8S_HOST_IP}:10250\n    extra_metadata_labels: [container.id, k8s.volume.type]\nservice:\n  pipelines:\n    metrics:\n      receivers: [${type}]`;

const agent = (extra: string) => ROLE('agent', PROXY_RULE) + BIND('agent', 'agent') + extra;

const NEVER_BARE_REMOVE = /remove it|Nothing in the rendered chart was found/i;

describe('nodes-proxy advice', () => {
  it.each([
    {
      why: 'SigNoz k8s-infra 0.16.0 (67522344): kubeletstats with extra_metadata_labels → nodes/stats and nodes/pods, from config',
      yaml: agent(CM('otel', 'otel-agent-config.yaml', KUBELETSTATS('kubeletstats')) + DS('agent', MOUNT('otel'))),
      confidence: 'high',
      grants: ['nodes/pods', 'nodes/stats'],
      summary: /only needs nodes\/pods, nodes\/stats; replace nodes\/proxy with them\. .*semverCompare "<1\.33-0"/,
      kinds: ['config'],
    },
    {
      why: 'the same with the canonical receiver name kubelet_stats (opentelemetry-collector-contrib #47957)',
      yaml: agent(CM('otel', 'otel-agent-config.yaml', KUBELETSTATS('kubelet_stats')) + DS('agent', MOUNT('otel'))),
      confidence: 'high',
      grants: ['nodes/pods', 'nodes/stats'],
      summary: /only needs nodes\/pods, nodes\/stats/,
      kinds: ['config'],
    },
    {
      why: 'prometheus 28.6.1: scraping through the API server keeps nodes/proxy until the config changes',
      yaml: agent(CM('prom', 'prometheus.yml', 'scrape_configs:\n  - job_name: kubernetes-nodes\n    scheme: https\n    kubernetes_sd_configs: [{role: node}]\n    relabel_configs:\n      - target_label: __address__\n        replacement: kubernetes.default.svc:443\n      - source_labels: [__meta_kubernetes_node_name]\n        target_label: __metrics_path__\n        replacement: /api/v1/nodes/$1/proxy/metrics') + DS('agent', MOUNT('prom'))),
      confidence: 'high',
      grants: ['nodes/metrics'],
      summary: /still needed while .*Change both together or scraping breaks/,
      kinds: ['config'],
    },
    {
      why: 'datadog 3.240.0 with DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API: keep nodes/proxy for log streaming, name the switch',
      yaml: agent(DS('agent', '      containers:\n      - name: agent\n        image: x\n        env:\n        - {name: DD_KUBERNETES_KUBELET_HOST, value: "10.0.0.1"}\n        - {name: DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API, value: "true"}')),
      confidence: 'high',
      grants: ['nodes/metrics', 'nodes/pods', 'nodes/stats'],
      summary: /keep nodes\/proxy while it is on\. To turn it off: leave DD_LOGS_CONFIG_K8S_CONTAINER_USE_KUBELET_API unset/,
      kinds: ['config'],
    },
    {
      why: 'sysdig shield 1.49.4 live logs: keep nodes/proxy, name features.investigations.live_logs.enabled',
      yaml: agent(CM('dragent', 'dragent.yaml', 'live_logs:\n  enabled: true') + DS('agent', MOUNT('dragent'))),
      confidence: 'high',
      grants: [],
      summary: /Sysdig live logs .*only nodes\/proxy authorizes.*features\.investigations\.live_logs\.enabled=false/,
      kinds: ['config'],
    },
    {
      why: 'netdata 3.7.172: the comment beside the grant names the kubelet /pods endpoint',
      yaml:
        ROLE('agent', '  - apiGroups: [""]\n    resources:\n      - "nodes/metrics"  # used by go.d/k8s_kubelet when querying Kubelet HTTPS endpoint\n      - "nodes/proxy"    # used by netdata (cgroup-name.sh) when querying Kubelet /pods endpoint\n    verbs: [get, list, watch]') +
        BIND('agent', 'agent'),
      confidence: 'medium',
      grants: ['nodes/pods'],
      summary: /A comment beside this grant says what it is for .*nodes\/pods would serve \/pods.*Safe path: grant nodes\/pods beside nodes\/proxy/,
      kinds: ['comment'],
    },
    {
      why: 'nothing found: say what was searched, that agents call the kubelet from code, the staged path',
      yaml: agent(''),
      confidence: 'low',
      grants: ['nodes/metrics', 'nodes/pods', 'nodes/stats'],
      summary: /agents often call it from code.*Safe path: grant nodes\/metrics, nodes\/stats, nodes\/pods beside nodes\/proxy.*then drop nodes\/proxy/,
      kinds: ['none-found'],
    },
    {
      why: 'datadog-operator 2.25.0: holds nodes/proxy to hand it to the agents (escalation prevention), names its switch',
      yaml:
        ROLE('agent', `${PROXY_RULE}\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles, clusterrolebindings]\n    verbs: [create, get, list, update, delete]\n  - apiGroups: [datadoghq.com]\n    resources: [datadogagents]\n    verbs: [get, list, watch, update]`) +
        BIND('agent', 'agent'),
      confidence: 'medium',
      grants: ['nodes/configz', 'nodes/healthz', 'nodes/pods'],
      summary: /escalation prevention.*agent\.datadoghq\.com\/fine-grained-kubelet-authorization-enabled: "true".*clusterRole\.kubeletFineGrainedAuthorization=true/,
      kinds: ['operator'],
    },
    {
      why: 'opentelemetry-operator 0.107.0 default (no clusterroles create): explains escalation prevention and the 0.107.1 switch',
      yaml:
        ROLE('agent', `${PROXY_RULE}\n  - apiGroups: [opentelemetry.io]\n    resources: [opentelemetrycollectors]\n    verbs: [get, list, watch, update, patch]`) + BIND('agent', 'agent'),
      confidence: 'medium',
      grants: ['nodes/pods', 'nodes/stats'],
      summary: /escalation prevention.*manager\.createRbacPermissions=true.*0\.107\.1 and later grant nodes\/pods instead/,
      kinds: ['operator'],
    },
    {
      why: 'any operator that writes ClusterRoles without escalate',
      yaml: ROLE('agent', `${PROXY_RULE}\n  - apiGroups: [rbac.authorization.k8s.io]\n    resources: [clusterroles]\n    verbs: [create, update]`) + BIND('agent', 'agent'),
      confidence: 'medium',
      grants: ['nodes/metrics', 'nodes/pods', 'nodes/stats'],
      summary: /escalation prevention.*Find the operator's setting.*Safe path/,
      kinds: ['operator'],
    },
  ])('$why', ({ yaml, confidence, grants, summary, kinds }) => {
    const [f] = lint(yaml).filter((x) => x.object.name === 'agent');
    expect(f?.fix?.confidence).toBe(confidence);
    expect(f?.fix?.rules.flatMap((r) => r.resources).sort()).toEqual(grants);
    expect(f?.fix?.summary).toMatch(summary);
    expect(f?.fix?.summary).not.toMatch(NEVER_BARE_REMOVE);
    expect([...new Set(f?.evidence.map((e) => e.kind))]).toEqual(kinds);
  });

  it('a given Kubernetes 1.33+ needs no fallback for nodes/pods', () => {
    const [f] = lint(agent(CM('otel', 'c.yaml', KUBELETSTATS('kubelet_stats')) + DS('agent', MOUNT('otel'))), { kubeVersion: '1.35.0' });
    expect(f?.fix?.summary).toMatch(/which every version this render stands for has/);
  });

  it('evidence nobody in the render runs is referenced, not copied, and lowers the confidence', () => {
    const orphans = Array.from({ length: 50 }, (_, i) => CM(`orphan-${i}`, 'agent.sh', `curl https://n:10250/stats/summary`)).join('');
    const findings = lint(ROLE('a', PROXY_RULE) + BIND('a', 'a') + ROLE('b', PROXY_RULE) + BIND('b', 'b') + orphans);
    expect(findings).toHaveLength(2);
    for (const f of findings) {
      expect(f.evidence).toEqual([]);
      expect(f.unattributedEvidence).toBe(50);
      expect(f.fix?.confidence).toBe('low');
      expect(f.fix?.summary).toMatch(/50 kubelet-access entries of this render belong to no workload of the chart \(JSON: targets\[\]\.unattributedEvidence\)/);
    }
  });
});
