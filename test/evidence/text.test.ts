import { describe, expect, it } from 'vitest';
import { formatForKey, kubeletPathOfProxyPath, looksLikeRiver, scanText, stripComments } from '../../src/evidence/text.js';

describe('scanText', () => {
  const cases: Array<{ name: string; source: string; text: string; expected: Array<[string, string, string | null]> }> = [
    {
      name: 'API-server node proxy path with a relabel reference',
      source: 'prometheus 28.6.1 ConfigMap t-prometheus-server prometheus.yml, job kubernetes-nodes',
      text: 'replacement: /api/v1/nodes/$1/proxy/metrics',
      expected: [['apiserver-proxy', '/api/v1/nodes/$1/proxy/metrics', '/metrics']],
    },
    {
      name: 'proxy path to cAdvisor',
      source: 'prometheus 28.6.1 job kubernetes-nodes-cadvisor',
      text: 'replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor',
      expected: [['apiserver-proxy', '/api/v1/nodes/$1/proxy/metrics/cadvisor', '/metrics/cadvisor']],
    },
    {
      name: 'River ${1} reference inside a string',
      source: 'Alloy discovery.relabel docs: replacement = "/api/v1/nodes/${1}/proxy/metrics/cadvisor"',
      text: 'replacement = "/api/v1/nodes/${1}/proxy/metrics/cadvisor"',
      expected: [['apiserver-proxy', '/api/v1/nodes/${1}/proxy/metrics/cadvisor', '/metrics/cadvisor']],
    },
    {
      name: 'OTel collector escaped $$1',
      source: 'opentelemetry-collector config: `$$` escapes `$` in the prometheus receiver',
      text: 'replacement: /api/v1/nodes/$$1/proxy/metrics',
      expected: [['apiserver-proxy', '/api/v1/nodes/$$1/proxy/metrics', '/metrics']],
    },
    {
      name: 'legacy proxy form',
      source: 'docs/kubernetes.md#the-api-servers-node-proxy: /api/v1/proxy/nodes/{name}/… (special verb proxy)',
      text: 'curl -k https://$KUBERNETES_SERVICE_HOST/api/v1/proxy/nodes/node-1/stats/summary',
      expected: [['apiserver-proxy', '/api/v1/proxy/nodes/node-1/stats/summary', '/stats/summary']],
    },
    {
      name: 'proxy path with query string: kubelet path without it',
      source: 'docs/kubernetes.md#the-api-servers-node-proxy, node log query /api/v1/nodes/<node>/proxy/logs/?query=kubelet',
      text: '"/api/v1/nodes/node-1/proxy/logs/?query=kubelet"',
      expected: [['apiserver-proxy', '/api/v1/nodes/node-1/proxy/logs/?query=kubelet', '/logs/']],
    },
    {
      name: 'proxy root',
      source: 'nri-kubernetes src/kubelet/client/connector.go apiProxyPath "/api/v1/nodes/%s/proxy/"',
      text: 'apiProxyPath = "/api/v1/nodes/%s/proxy/"',
      expected: [['apiserver-proxy', '/api/v1/nodes/%s/proxy/', '/']],
    },
    {
      name: 'direct kubelet URL with path',
      source: 'docs/kubernetes.md#path-to-subresource table: /stats/summary on :10250',
      text: 'https://${NODE_IP}:10250/stats/summary',
      expected: [['kubelet-direct', 'https://${NODE_IP}:10250/stats/summary', '/stats/summary']],
    },
    {
      name: 'direct kubelet URL whose host holds a colon (OTel env syntax)',
      source: 'kubeletstats receiver README: endpoint "https://${env:K8S_NODE_NAME}:10250"',
      text: 'endpoint: "https://${env:K8S_NODE_NAME}:10250"',
      expected: [['kubelet-direct', 'https://${env:K8S_NODE_NAME}:10250', null]],
    },
    {
      name: 'trap: the prometheus-operator webhook listen address',
      source: 'kube-prometheus-stack 88.5.3 Deployment t-kube-prometheus-stack-operator arg (INDEX.md trap)',
      text: '--web.listen-address=:10250',
      expected: [],
    },
    {
      name: 'trap: plain http to 10250 fails TLS before authorization',
      source: 'docs/kubernetes.md#other-kubelet-facts (10250 is the authenticated TLS port)',
      text: 'http://node:10250/metrics',
      expected: [],
    },
    {
      name: 'trap: the read-only port authorizes nothing',
      source: 'docs/kubernetes.md#other-kubelet-facts ListenAndServeKubeletReadOnlyServer has no auth',
      text: 'https://node:10255/pods',
      expected: [],
    },
    {
      name: 'trap: port 102500 is not 10250',
      source: 'regex boundary',
      text: 'https://node:102500/pods',
      expected: [],
    },
    {
      name: 'trap: a bare 10250',
      source: 'INDEX.md: "A grep for 10250 alone is not enough"',
      text: 'containerPort: 10250',
      expected: [],
    },
  ];
  it.each(cases)('$name ($source)', ({ text, expected }) => {
    const hits = scanText(text, 'p').map((h) => [h.access, h.text, h.kubeletPath]);
    expect(hits).toEqual(expected);
  });
});

describe('stripComments', () => {
  const cases: Array<{ name: string; source: string; format: Parameters<typeof stripComments>[1]; text: string; kept: string[]; dropped: string[] }> = [
    {
      name: 'YAML/conf line comment',
      source: 'newrelic-infrastructure 4.5.0 ConfigMap t-nrk8s-integrations-cfg',
      format: 'hash',
      text: '  #      # --port: Port used to connect to the kubelet. Default is 10255\n  key: value',
      kept: ['key: value'],
      dropped: ['10255'],
    },
    {
      name: 'trailing comment after whitespace, # inside a word kept',
      source: 'YAML 1.2 spec 6.6: a comment is preceded by white space',
      format: 'hash',
      text: 'url: https://x/#/frag # see /api/v1/nodes/a/proxy/pods',
      kept: ['https://x/#/frag'],
      dropped: ['/api/v1/nodes'],
    },
    {
      name: 'River line and block comments, URL inside a string kept',
      source: 'Alloy config syntax: // and /* */ comments',
      format: 'river',
      text: 'url = "https://n:10250/pods" // https://n:10250/exec\n/* replacement = "/api/v1/nodes/${1}/proxy/metrics" */',
      kept: ['"https://n:10250/pods"'],
      dropped: ['/exec', '/api/v1/nodes'],
    },
    {
      name: 'JSON has no comments',
      source: 'RFC 8259',
      format: 'json',
      text: '{"a": "# /api/v1/nodes/n/proxy/pods"}',
      kept: ['# /api/v1/nodes/n/proxy/pods'],
      dropped: [],
    },
  ];
  it.each(cases)('$name ($source)', ({ format, text, kept, dropped }) => {
    const out = stripComments(text, format);
    for (const k of kept) expect(out).toContain(k);
    for (const d of dropped) expect(out).not.toContain(d);
  });
});

describe('formats and paths', () => {
  it.each([
    ['prometheus.yml', 'yaml'],
    ['alerting_rules.yaml', 'yaml'],
    ['dashboard.json', 'json'],
    ['config.alloy', 'river'],
    ['fluent-bit.conf', 'hash'],
    ['custom_parsers.conf', 'hash'],
    ['run.sh', 'hash'],
    ['relay', 'plain'],
  ])('key %s is %s (ConfigMap key names of prometheus 28.6.1, alloy 1.5.2, fluent-bit 0.58.1)', (key, format) => {
    expect(formatForKey(key)).toBe(format);
  });

  it.each([
    ['/api/v1/nodes/$1/proxy/metrics/cadvisor', '/metrics/cadvisor'],
    ['/api/v1/nodes/n/proxy', '/'],
    ['/api/v1/proxy/nodes/n/healthz', '/healthz'],
  ])('kubelet path of %s is %s (docs/kubernetes.md#the-api-servers-node-proxy: the kubelet path is /<rest>)', (proxy, path) => {
    expect(kubeletPathOfProxyPath(proxy)).toBe(path);
  });

  it.each([
    ['discovery.kubernetes "nodes" {\n\trole = "node"\n}', true],
    ['logging {\n  level = "info"\n}\nprometheus.scrape "k" {\n}', true],
    ['scrape_configs:\n- job_name: x', false],
  ])('River detection of %j is %s (alloy 1.5.2 config.alloy)', (text, river) => {
    expect(looksLikeRiver(text)).toBe(river);
  });
});
