// A realistic lint report for the formatter tests: the prometheus 28.6.1 shape (server ClusterRole
// with nodes/proxy, bound to its ServiceAccount, scrape config through the API-server proxy) run
// through the real engine with every registered rule, plus hand-made findings for the edges a
// formatter must survive (suppressions of each kind, unknown lines, hostile strings).
import { analyzeObjects } from '../../src/engine/analyze.js';
import { summarize } from '../../src/engine/summary.js';
import { sortFindings } from '../../src/engine/run.js';
import type { RbacModel } from '../../src/rbac/model.js';
import type { LintReport } from '../../src/report/types.js';
import type { Finding, ParsedObject, TargetInfo } from '../../src/types.js';
import { clusterRole, crb, objectsFromYaml, rb, rule, testTarget } from '../support/objects.js';
import { TEST_RULES } from '../support/rules.js';

export const HOSTILE = 'x`y|z <img src=x onerror=alert(1)> @octocat #123 [a](https://evil.example) ::error::pwned\r\n%0A,:"q" \u001b[31mred\u0007';

const PROMETHEUS_YAML =
  clusterRole('prometheus-server', rule([''], ['nodes', 'nodes/proxy', 'nodes/metrics'], ['get', 'list', 'watch'])) +
  crb('prometheus-server', 'prometheus-server', '  - { kind: ServiceAccount, name: prometheus-server, namespace: monitoring }') +
  `apiVersion: v1
kind: ConfigMap
metadata:
  name: prometheus-server
  namespace: monitoring
data:
  prometheus.yml: |
    scrape_configs:
      - job_name: kubernetes-nodes
        kubernetes_sd_configs: [{ role: node }]
        relabel_configs:
          - target_label: __metrics_path__
            replacement: /api/v1/nodes/$1/proxy/metrics
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: prometheus-server
  namespace: monitoring
spec:
  template:
    spec:
      serviceAccountName: prometheus-server
      containers: [{ name: prometheus, image: quay.io/prometheus/prometheus }]
      volumes: [{ name: config, configMap: { name: prometheus-server } }]
---
` +
  // nodes/proxy through a RoleBinding grants nothing: ineffective-rule (docs/design.md#severity-follows-effective-reach).
  clusterRole('latent-proxy', rule([''], ['nodes/proxy'], ['get'])) +
  rb('monitoring', 'latent-proxy', 'ClusterRole', 'latent-proxy');

/** Template file and line per object name, as `# Source:` mapping would give them. */
const SOURCES: Record<string, { file: string; line: number }> = {
  'ClusterRole/prometheus-server': { file: 'templates/server/clusterrole.yaml', line: 12 },
  'ClusterRoleBinding/prometheus-server': { file: 'templates/server/clusterrolebinding.yaml', line: 3 },
  'ConfigMap/prometheus-server': { file: 'templates/server/cm.yaml', line: 40 },
  'Deployment/prometheus-server': { file: 'templates/server/deploy.yaml', line: 1 },
  'ClusterRole/latent-proxy': { file: 'templates/extra.yaml', line: 7 },
  'RoleBinding/latent-proxy': { file: 'templates/extra.yaml', line: 20 },
};

function placed(objects: ParsedObject[], lineOffset: number): ParsedObject[] {
  return objects.map((o) => {
    const at = SOURCES[`${o.ref.kind}/${o.ref.name}`];
    return { ...o, source: at ? { file: at.file, line: at.line + lineOffset } : o.source };
  });
}

export const PROMETHEUS_TARGET: TargetInfo = testTarget({
  id: 0,
  chart: 'charts/prometheus',
  name: 'prometheus',
  version: '28.6.1',
  release: 'prometheus',
  namespace: 'monitoring',
  renderer: 'helm v4.1.4',
  kubeVersion: '1.35.0',
});

const MANIFEST_TARGET: TargetInfo = testTarget({ id: 1, chart: null, name: 'my manifest #1.yaml', version: null, release: '', renderer: 'manifest' });

function handMade(base: Finding): Finding[] {
  const hostile: Finding = {
    ...base,
    ruleId: 'nodes-proxy',
    severity: 'high',
    message: `Hostile ${HOSTILE}`,
    target: 1,
    object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: `evil ${HOSTILE}`, namespace: null },
    source: { file: 'deploy/my manifest #1.yaml', line: null },
    subjects: [{ kind: 'User', name: `@admin ${HOSTILE}` }],
    fix: base.fix ? { ...base.fix, summary: `Do not ${HOSTILE}` } : null,
    fingerprint: 'f'.repeat(32),
  };
  const suppressed = (by: 'annotation' | 'config' | 'baseline', n: string): Finding => ({
    ...base,
    severity: 'medium',
    suppressed: true,
    suppression: { by, reason: `accepted by ${by} ${n}` },
    fingerprint: n.repeat(32),
  });
  return [hostile, suppressed('annotation', 'a'), suppressed('config', 'b'), suppressed('baseline', 'c')];
}

export interface FixtureReport {
  report: LintReport;
  models: Map<number, RbacModel>;
  targetPaths: Map<number, string | null>;
}

/**
 * `lineOffset` moves every template line and `prefixYaml` puts documents before the chart's,
 * as an unrelated template edit would: the identity of each finding must not change.
 */
export function realisticReport(options: { lineOffset?: number; prefixYaml?: string } = {}): FixtureReport {
  const objects = objectsFromYaml((options.prefixYaml ?? '') + PROMETHEUS_YAML);
  const analysis = analyzeObjects(placed(objects, options.lineOffset ?? 0), [], 0, PROMETHEUS_TARGET, { rules: TEST_RULES });
  const base = analysis.findings.find((f) => f.ruleId === 'nodes-proxy' && f.object.name === 'prometheus-server');
  if (!base) throw new Error('fixture: the engine no longer reports nodes-proxy on prometheus-server');
  const findings = sortFindings([...analysis.findings, ...handMade(base)]);
  const report: LintReport = {
    tool: { name: 'helm-rbac-lint', version: '0.1.0' },
    targets: [PROMETHEUS_TARGET, MANIFEST_TARGET],
    findings,
    summary: summarize(findings),
    warnings: [{ target: 0, object: null, source: { file: 'templates/broken.yaml', line: 3 }, renderedLine: 9, path: null, message: `could not parse ${HOSTILE}` }],
    notices: [],
  };
  return { report, models: new Map([[0, analysis.model]]), targetPaths: new Map<number, string | null>([[0, 'charts/prometheus'], [1, null]]) };
}

/** A finding with plain defaults, for table tests of one field at a time. */
export function finding(overrides: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'nodes-proxy',
    severity: 'critical',
    message: 'ClusterRole r grants get on nodes/proxy.',
    target: 0,
    object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: 'r', namespace: null },
    source: { file: 'templates/clusterrole.yaml', line: 5 },
    renderedLine: 5,
    subjects: [{ kind: 'ServiceAccount', name: 'sa', namespace: 'monitoring' }],
    permissions: [{ apiGroup: '', resource: 'nodes/proxy', verbs: ['get'], resourceNames: [] }],
    evidence: [],
    fix: null,
    suppressed: false,
    fingerprint: '0'.repeat(32),
    ...overrides,
  };
}

/** A report around the given findings, one chart target (id 0) unless told otherwise. */
export function reportOf(findings: Finding[], targets: TargetInfo[] = [testTarget({ id: 0, chart: 'charts/test', renderer: 'helm v4.1.4' })]): LintReport {
  return { tool: { name: 'helm-rbac-lint', version: '0.1.0' }, targets, findings, summary: summarize(findings), warnings: [], notices: [] };
}
