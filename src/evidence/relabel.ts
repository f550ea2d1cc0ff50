// Where a Prometheus-style scrape goes once relabelling is done, read statically. Shared by every
// client that speaks Prometheus service discovery: Prometheus and vmagent scrape configs, the
// prometheus-operator's ScrapeConfig/ServiceMonitor/PodMonitor, VictoriaMetrics' VMNodeScrape and
// VMScrapeConfig, Alloy's discovery.relabel, the OTel prometheus receiver.
//
// `role: node` discovery yields `__address__` = node address + the kubelet port from the Node
// object (normally 10250; prometheus discovery/kubernetes/node.go, the same in VictoriaMetrics'
// lib/promscrape/discovery/kubernetes). `__scheme__` starts as `scheme` (default http) and
// `__metrics_path__` as `metrics_path` (default /metrics). A `replace` rule (the default action,
// replacement `$1`, regex `(.*)`; model/relabel/relabel.go DefaultRelabelConfig) with no source
// labels always matches, so a literal replacement is unconditional. The scrape URL is
// `__scheme__://__address____metrics_path__`: only rules targeting those three labels matter.

import { asArray, asRecord, asText } from './hit.js';
import { isApiserverProxyPath } from './text.js';

/** A relabel rule reduced to what decides where a scrape goes. */
export interface RelabelRule {
  action: string;
  targetLabel: string;
  replacement: string;
}

export type AddressKind = 'kubelet' | 'apiserver' | 'readonly' | 'unknown';

/** Where a scrape ends up once relabelling is done. */
export interface ScrapeTarget {
  address: AddressKind;
  /** Lower-case scheme, or null when a relabel sets it from a label. */
  scheme: string | null;
  /** Metrics path, or null when a relabel sets it from a label. */
  metricsPath: string | null;
}

/** Classifies a literal `__address__` replacement by the port or host it names. */
export function classifyAddress(address: string): AddressKind {
  if (/kubernetes\.default(\.svc)?|:6443$|:443$/.test(address)) return 'apiserver';
  if (/:10250$/.test(address)) return 'kubelet';
  if (/:10255$/.test(address)) return 'readonly';
  return 'unknown';
}

/** A replacement made only of group references (`$1`, `${1}`, OTel's escaped `$$1`) takes its value from a label. */
function isDynamic(replacement: string): boolean {
  return /^(\$\$?\{?\w+\}?)+$/.test(replacement.trim());
}

/** Applies the rules that rewrite `__address__`, `__scheme__` and `__metrics_path__`, in order. */
export function resolveTarget(start: ScrapeTarget, rules: readonly RelabelRule[]): ScrapeTarget {
  const target = { ...start };
  for (const rule of rules) {
    if (rule.action.toLowerCase() !== 'replace') continue;
    const value = rule.replacement;
    if (rule.targetLabel === '__address__') {
      target.address = isDynamic(value) ? 'unknown' : classifyAddress(value);
    } else if (rule.targetLabel === '__scheme__') {
      target.scheme = isDynamic(value) ? null : value.toLowerCase();
    } else if (rule.targetLabel === '__metrics_path__') {
      target.metricsPath = isDynamic(value) ? null : value;
    }
  }
  return target;
}

/**
 * True when the resolved scrape reaches the kubelet's authenticated port directly: https to the
 * kubelet address (plain http to 10250 fails the TLS handshake before any authorization; the
 * read-only port 10255 authorizes nothing), and not an API-server proxy path (the text scan
 * reports those).
 */
export function reachesKubeletDirectly(target: ScrapeTarget): boolean {
  if (target.address !== 'kubelet' || target.scheme !== 'https') return false;
  return target.metricsPath === null || !isApiserverProxyPath(target.metricsPath);
}

/** `camel`: the camelCase key (`targetLabel`); `either`: whichever each entry uses, camelCase first. */
export function relabelRules(raw: unknown, keys: 'snake' | 'camel' | 'either'): RelabelRule[] {
  return asArray(raw).map((r) => {
    const rule = asRecord(r);
    const label = keys === 'snake' ? rule.target_label : keys === 'camel' ? rule.targetLabel : (rule.targetLabel ?? rule.target_label);
    return {
      action: asText(rule.action) ?? 'replace',
      targetLabel: asText(label) ?? '',
      replacement: asText(rule.replacement) ?? '$1',
    };
  });
}
