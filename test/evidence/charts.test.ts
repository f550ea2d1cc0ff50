// Integration: real charts from ../shared/charts rendered with helm, checked against the
// ground truth in shared/charts/INDEX.md.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { defaultHelm } from '../../scripts/dev-helm.mjs';
import { evidenceForSubjects, findKubeletEvidence, summarizeEvidence } from '../../src/evidence/index.js';
import type { Evidence, ParsedObject } from '../../src/types.js';
import { objectsFromYaml } from './helpers.js';

const SHARED = resolve(dirname(fileURLToPath(import.meta.url)), '../../../shared');
const helm = defaultHelm();
const skipReason = !existsSync(join(SHARED, 'charts', 'INDEX.md'))
  ? `${SHARED}/charts is absent`
  : helm === null
    ? 'no helm binary (HELM_BIN, PATH or dev dependency)'
    : null;
if (skipReason) console.warn(`evidence chart integration tests skipped: ${skipReason}`);

/** `helm template t <chart> --namespace monitoring …`, as in INDEX.md (run from shared/). */
function render(chart: string, ...extra: string[]): ParsedObject[] {
  const out = execFileSync(helm as string, ['template', 't', `charts/${chart}`, '--namespace', 'monitoring', ...extra], {
    cwd: SHARED,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return objectsFromYaml(out);
}

const where = (e: Evidence): string => `${e.access} ${e.object.kind}/${e.object.name} ${e.path} ${e.kubeletPath}`;

describe.skipIf(skipReason !== null)('kubelet evidence in real charts (shared/charts/INDEX.md)', () => {
  it('prometheus 28.6.1: API-server proxy paths in ConfigMap t-prometheus-server prometheus.yml, nothing direct', () => {
    const evidence = findKubeletEvidence(render('prometheus-28.6.1'));
    expect(evidence.map((e) => [e.access, e.object.kind, e.object.name, e.path, e.text, e.subresources])).toEqual([
      ['apiserver-proxy', 'ConfigMap', 't-prometheus-server', 'data.prometheus.yml', '/api/v1/nodes/$1/proxy/metrics', ['metrics']],
      ['apiserver-proxy', 'ConfigMap', 't-prometheus-server', 'data.prometheus.yml', '/api/v1/nodes/$1/proxy/metrics/cadvisor', ['metrics']],
    ]);
  });

  it('prometheus 28.6.1: the ConfigMap is evidence for the server ServiceAccount that mounts it', () => {
    const objects = render('prometheus-28.6.1');
    const evidence = findKubeletEvidence(objects);
    const subjects = [{ namespace: 'monitoring', name: 't-prometheus-server' }];
    expect(evidenceForSubjects(evidence, objects, subjects)).toEqual(evidence);
    expect(evidenceForSubjects(evidence, objects, [{ namespace: 'monitoring', name: 't-alertmanager' }])).toEqual([]);
  });

  it('prometheus 28.7.0: only direct scrapes of kubelet metrics', () => {
    const summary = summarizeEvidence(findKubeletEvidence(render('prometheus-28.7.0')));
    expect(summary.apiserverProxy).toEqual([]);
    expect(summary.direct.map(where)).toEqual([
      'kubelet-direct ConfigMap/t-prometheus-server data.prometheus.yml /metrics',
      'kubelet-direct ConfigMap/t-prometheus-server data.prometheus.yml /metrics/cadvisor',
    ]);
    expect(summary.neededSubresources).toEqual(['metrics']);
    expect(summary.needsProxy).toBe(false);
  });

  it('kube-prometheus-stack 88.5.3: the kubelet ServiceMonitor, nothing from the operator’s :10250', () => {
    const evidence = findKubeletEvidence(render('kube-prometheus-stack-88.5.3'));
    expect(evidence.map(where)).toEqual([
      'kubelet-direct ServiceMonitor/t-kube-prometheus-stack-kubelet spec.endpoints.0.port /metrics',
      'kubelet-direct ServiceMonitor/t-kube-prometheus-stack-kubelet spec.endpoints.1.path /metrics/cadvisor',
      'kubelet-direct ServiceMonitor/t-kube-prometheus-stack-kubelet spec.endpoints.2.path /metrics/probes',
    ]);
    expect(evidence.every((e) => e.text.includes('kube-system/t-kube-prometheus-stack-kubelet'))).toBe(true);
  });

  it('fluent-bit 0.58.1 with the values file: direct /pods from ConfigMap t-fluent-bit; default render: none', () => {
    const objects = render('fluent-bit-0.58.1', '-f', 'charts/fluent-bit-0.58.1.values.yaml');
    const evidence = findKubeletEvidence(objects);
    expect(evidence.map((e) => [where(e), e.text, e.subresources])).toEqual([
      ['kubelet-direct ConfigMap/t-fluent-bit data.fluent-bit.conf /pods', 'Use_Kubelet On, Kubelet_Port 10250', ['pods', 'proxy']],
    ]);
    expect(summarizeEvidence(evidence).neededSubresources).toEqual(['pods']);
    expect(evidenceForSubjects(evidence, objects, [{ namespace: 'monitoring', name: 't-fluent-bit' }])).toEqual(evidence);
    expect(findKubeletEvidence(render('fluent-bit-0.58.1'))).toEqual([]);
  });

  it('newrelic-infrastructure 4.5.0: direct kubelet access, no proxy path, the 10255 comment ignored', () => {
    const objects = render(
      'newrelic-infrastructure-4.5.0',
      '--set',
      'licenseKey=0000000000000000000000000000000000000000',
      '--set',
      'cluster=test-cluster',
    );
    const evidence = findKubeletEvidence(objects);
    const summary = summarizeEvidence(evidence);
    expect(summary.apiserverProxy).toEqual([]);
    expect(summary.direct.length).toBeGreaterThan(0);
    expect(new Set(evidence.map((e) => `${e.object.kind}/${e.object.name}`))).toEqual(
      new Set(['ConfigMap/t-nrk8s-kubelet', 'DaemonSet/t-nrk8s-kubelet']),
    );
    expect(evidence.some((e) => e.text.includes('10255') || e.object.name === 't-nrk8s-integrations-cfg')).toBe(false);
    const kubeletSa = evidenceForSubjects(evidence, objects, [{ namespace: 'monitoring', name: 't-newrelic-infrastructure' }]);
    expect(kubeletSa).toEqual(evidence);
  });

  it('datadog 3.240.0: direct kubelet access from the agent DaemonSet only', () => {
    const objects = render('datadog-3.240.0', '--set', 'datadog.apiKey=00000000000000000000000000000000');
    const evidence = findKubeletEvidence(objects);
    const summary = summarizeEvidence(evidence);
    expect(summary.apiserverProxy).toEqual([]);
    expect(new Set(evidence.map((e) => `${e.access} ${e.object.kind}/${e.object.name}`))).toEqual(
      new Set(['kubelet-direct DaemonSet/t-datadog']),
    );
    expect(evidence.map((e) => e.kubeletPath)).toContain('/pods');
    expect(summary.needsProxy).toBe(false);
    expect(evidenceForSubjects(evidence, objects, [{ namespace: 'monitoring', name: 't-operator' }])).toEqual([]);
  });

  it.each([
    ['argo-cd-10.1.1', []],
    ['alloy-1.5.2', []],
    ['alloy-1.5.3', []],
    ['opentelemetry-operator-0.107.0', ['--kube-version', '1.33.0']],
    ['opentelemetry-operator-0.107.1', ['--kube-version', '1.33.0']],
  ])('%s: no kubelet access in the render (INDEX.md: "No kubelet paths")', (chart, extra) => {
    expect(findKubeletEvidence(render(chart, ...extra)).map(where)).toEqual([]);
  });
});
