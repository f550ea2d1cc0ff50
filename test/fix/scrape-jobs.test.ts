// The standard kubelet scrape jobs, from the API-server proxy form to scraping the kubelet
// directly. Shapes: the prometheus-community prometheus chart's values (28.6.1 → 28.7.0, a map of
// jobs), Prometheus' own documentation/examples/prometheus-kubernetes.yml (a list of jobs), and
// VictoriaMetrics' #2678 (the same change). Relabel semantics: prometheus model/relabel (action
// replace and regex (.*) by default).
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/fix/edits.js';
import { proxyPathLines, rewriteScrapeJob } from '../../src/fix/scrape-jobs.js';

function rewrite(text: string): { text: string; results: ReturnType<typeof rewriteScrapeJob>[] } {
  const results = proxyPathLines(text).map((line) => rewriteScrapeJob(text, line));
  const edits = results.flatMap((r) => (r.kind === 'rewrite' ? r.job.edits : []));
  return { text: applyEdits(text, edits), results };
}

const MAP_FORM = `scrapeConfigs:
  kubernetes-nodes:
    enabled: true
    scheme: https
    tls_config:
      ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token
    kubernetes_sd_configs:
      - role: node
    relabel_configs:
      - action: labelmap
        regex: __meta_kubernetes_node_label_(.+)
      - target_label: __address__
        replacement: kubernetes.default.svc:443
      - source_labels: [__meta_kubernetes_node_name]
        regex: (.+)
        target_label: __metrics_path__
        replacement: /api/v1/nodes/$1/proxy/metrics/cadvisor
  other:
    enabled: true
`;

const LIST_FORM = `scrape_configs:
- job_name: 'kubernetes-nodes'
  scheme: https
  tls_config:
    ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
  authorization:
    credentials_file: /var/run/secrets/kubernetes.io/serviceaccount/token
  kubernetes_sd_configs:
  - role: node
  relabel_configs:
  - action: labelmap
    regex: __meta_kubernetes_node_label_(.+)
  - target_label: __address__
    replacement: kubernetes.default.svc:443
  - source_labels: [__meta_kubernetes_node_name]
    regex: (.+)
    target_label: __metrics_path__
    replacement: /api/v1/nodes/\${1}/proxy/metrics
- job_name: 'next'
  static_configs:
  - targets: [localhost:9090]
`;

describe('rewriteScrapeJob', () => {
  it('map form (prometheus chart 28.6.1 → 28.7.0): drops the two rewrites, adds metrics_path for cAdvisor', () => {
    const { text, results } = rewrite(MAP_FORM);
    expect(results.map((r) => (r.kind === 'rewrite' ? `${r.job.name} ${r.job.kubeletPath}` : r.manual.reason))).toEqual(['kubernetes-nodes /metrics/cadvisor']);
    expect(text).not.toMatch(/__address__|proxy/);
    expect(text).toMatch(/\n {4}bearer_token_file: \/var\/run\/secrets\/kubernetes.io\/serviceaccount\/token\n {4}metrics_path: \/metrics\/cadvisor\n {4}kubernetes_sd_configs:/);
    expect(text).toMatch(/regex: __meta_kubernetes_node_label_\(\.\+\)\n {2}other:/);
  });

  it('list form (Prometheus example config) with ${1}: /metrics is the default path, nothing is added', () => {
    const { text, results } = rewrite(LIST_FORM);
    expect(results[0]?.kind).toBe('rewrite');
    expect(text).not.toMatch(/__address__|\/proxy\//);
    expect(text).not.toMatch(/metrics_path/);
    expect(text).toMatch(/regex: __meta_kubernetes_node_label_\(\.\+\)\n- job_name: 'next'/);
  });

  it('adds scheme, CA and token when the proxy form had none (the kubelet needs TLS and a token)', () => {
    const job = LIST_FORM.replace("  scheme: https\n", '').replace(/ {2}tls_config:\n.*\n {2}authorization:\n.*\n/, '');
    const { text } = rewrite(job);
    expect(text).toContain("- job_name: 'kubernetes-nodes'\n  scheme: https\n  tls_config:\n    ca_file: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n  bearer_token_file: /var/run/secrets/kubernetes.io/serviceaccount/token\n  kubernetes_sd_configs:");
  });

  it.each([
    { name: 'template directives in the job', text: MAP_FORM.replace('enabled: true\n    scheme', 'enabled: {{ .Values.x }}\n    scheme'), reason: /template directives/ },
    { name: 'a non-node role', text: MAP_FORM.replace('role: node', 'role: endpoints'), reason: /does not discover nodes/ },
    { name: 'an address that is not the API server', text: MAP_FORM.replace('kubernetes.default.svc:443', 'proxy.example:8443'), reason: /not the standard proxy form/ },
    { name: 'a path rewrite from another label', text: MAP_FORM.replace('[__meta_kubernetes_node_name]', '[__meta_kubernetes_node_label_host]'), reason: /node name the standard way/ },
    { name: 'a proxy path outside relabel_configs', text: 'url: https://kubernetes.default.svc/api/v1/nodes/n1/proxy/metrics\n', reason: /not in a relabel_configs list/ },
  ])('leaves $name to a person, with the lines', ({ text, reason }) => {
    const results = proxyPathLines(text).map((line) => rewriteScrapeJob(text, line));
    expect(results).toHaveLength(1);
    const r = results[0];
    expect(r?.kind).toBe('manual');
    if (r?.kind === 'manual') {
      expect(r.manual.reason).toMatch(reason);
      expect(r.manual.lines.join('\n')).toMatch(/proxy/);
    }
  });
});
