// Which parts of which rendered objects are read, by kind. Only places a workload's kubelet
// client reads its configuration from are scanned: ConfigMap/Secret data, container
// command/args/env, OpenTelemetryCollector CRs, and the `spec` of scrape/agent CRs
// (prometheus-operator, VictoriaMetrics operator, Grafana Agent/Alloy operators, Datadog operator).
// Everything else (PrometheusRule expressions with `metrics_path="/metrics"`, RBAC rules and
// their comments, CRD schemas, Service/containerPort numbers) never configures a kubelet call.

import type { ParsedObject } from '../types.js';
import { objectReaders, type ScanContext } from './clients/index.js';
import { configTreeHits, configValueHits } from './embedded.js';
import { containerEnvHits, containerTextHits } from './env.js';
import { asRecord, asText, isRecord, type Hit } from './hit.js';
import { containersOf, podSpecOf } from './podspec.js';
import { scanText } from './text.js';

export type { ScanContext };

export const MONITORING_GROUP = 'monitoring.coreos.com';
export const OTEL_GROUP = 'opentelemetry.io';
export const VICTORIA_METRICS_GROUP = 'operator.victoriametrics.com';
/** Groups of pod controllers (podspec.ts checks the kind): built-in ones and Argo Rollouts. */
export const WORKLOAD_GROUPS: ReadonlySet<string> = new Set(['', 'apps', 'batch', 'extensions', 'argoproj.io']);
/**
 * Operators whose CRs describe scrapes or agents that an operator-run pod executes:
 * prometheus-operator, VictoriaMetrics operator, Grafana Agent operator, Alloy operator,
 * Datadog operator.
 */
export const SCRAPE_CR_GROUPS: ReadonlySet<string> = new Set([
  MONITORING_GROUP,
  VICTORIA_METRICS_GROUP,
  'monitoring.grafana.com',
  'collectors.grafana.com',
  'datadoghq.com',
]);
const NOT_SCRAPES = new Set(['PrometheusRule', 'AlertmanagerConfig', 'Alertmanager', 'VMRule', 'VMAlertmanagerConfig']);

/** API group of an `apiVersion` (`apps/v1` → `apps`, `v1` → the core group `''`). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash >= 0 ? apiVersion.slice(0, slash) : '';
}

function configMapHits(obj: ParsedObject): Hit[] {
  return Object.entries(asRecord(obj.body.data)).flatMap(([key, value]) => {
    const text = asText(value);
    return text === null ? [] : configValueHits(text, key, `data.${key}`);
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Secret `data` is base64; values that are not valid base64 of UTF-8 text (certs in DER, keystores) are skipped. */
export function decodeBase64Text(value: string): string | null {
  const compact = value.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 !== 0) return null;
  const bytes = Buffer.from(compact, 'base64');
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return null;
  }
  return /[\u0000-\u0008\u000e-\u001f]/.test(text) ? null : text;
}

function secretHits(obj: ParsedObject): Hit[] {
  const fromStringData = Object.entries(asRecord(obj.body.stringData)).flatMap(([key, value]) => {
    const text = asText(value);
    return text === null ? [] : configValueHits(text, key, `stringData.${key}`);
  });
  const fromData = Object.entries(asRecord(obj.body.data)).flatMap(([key, value]) => {
    const text = typeof value === 'string' ? decodeBase64Text(value) : null;
    return text === null ? [] : configValueHits(text, key, `data.${key}`);
  });
  return [...fromStringData, ...fromData];
}

/**
 * Agents configured by env (Datadog sets the same variables on every container of its
 * DaemonSet) are reported once per pod and kubelet path, at the first container that has them:
 * every container runs as the pod's ServiceAccount, so more copies add no information.
 */
function workloadHits(obj: ParsedObject): Hit[] {
  const pod = podSpecOf(obj);
  if (!pod) return [];
  const seen = new Set<string>();
  return containersOf(pod.spec, pod.path).flatMap(({ container, path }) => [
    ...containerTextHits(container, path),
    ...containerEnvHits(container, path).filter((hit) => {
      const key = `${hit.access}\u0000${hit.kubeletPath ?? ''}\u0000${hit.text}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  ]);
}

/**
 * Every string under `spec`: single-line values text-scanned (API-server proxy paths in
 * relabelings, kubelet URLs in Probe targets), multi-line ones read as embedded configs
 * (the Alloy CR's River content, inline scrape configs).
 */
function specTextHits(spec: unknown, path: string, depth = 0): Hit[] {
  if (depth > 64) return [];
  if (typeof spec === 'string') return spec.includes('\n') ? configValueHits(spec, '', path) : scanText(spec, path);
  if (Array.isArray(spec)) return spec.flatMap((item, i) => specTextHits(item, `${path}.${i}`, depth + 1));
  if (isRecord(spec)) return Object.entries(spec).flatMap(([k, v]) => specTextHits(v, `${path}.${k}`, depth + 1));
  return [];
}

/** What the catalogue's object readers find in a CR, then every string of its spec. */
function scrapeCrHits(obj: ParsedObject, group: string, context: ScanContext): Hit[] {
  const structured = (objectReaders.get(`${group}/${obj.ref.kind}`) ?? []).flatMap((r) => r.read(obj, context));
  return [...structured, ...specTextHits(obj.body.spec, 'spec')];
}

/** OpenTelemetryCollector: `spec.config` is a YAML string (v1alpha1) or an object (v1beta1). */
function otelCollectorHits(obj: ParsedObject): Hit[] {
  const spec = asRecord(obj.body.spec);
  const config = spec.config;
  const fromConfig =
    typeof config === 'string'
      ? configValueHits(config, 'config.yaml', 'spec.config')
      : isRecord(config)
        ? configTreeHits(config, 'config.yaml', 'spec.config')
        : [];
  // The CR's `args` is a map of flag → value (paths name the flag); env is a container list.
  const container = { args: spec.args, env: spec.env };
  return [...fromConfig, ...containerTextHits(container, 'spec'), ...containerEnvHits(container, 'spec')];
}

/** Raw hits for one object. */
export function objectHits(obj: ParsedObject, context: ScanContext): Hit[] {
  const group = apiGroupOf(obj.ref.apiVersion);
  if (group === '' && obj.ref.kind === 'ConfigMap') return configMapHits(obj);
  if (group === '' && obj.ref.kind === 'Secret') return secretHits(obj);
  if (SCRAPE_CR_GROUPS.has(group) && !NOT_SCRAPES.has(obj.ref.kind)) return scrapeCrHits(obj, group, context);
  if (group === OTEL_GROUP && obj.ref.kind === 'OpenTelemetryCollector') return otelCollectorHits(obj);
  if (WORKLOAD_GROUPS.has(group)) return workloadHits(obj);
  return [];
}
