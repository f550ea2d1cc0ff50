// The catalogue of kubelet clients: one module each, read by src/evidence (embedded configs,
// container environments, whole objects). docs/kubelet-clients.md describes each in words;
// docs/architecture.md "Adding a kubelet client" says how to add one.
import { alloy } from './alloy.js';
import type { KubeletClient } from './client.js';
import { datadog } from './datadog.js';
import { dynatrace } from './dynatrace.js';
import { fluentBit } from './fluent-bit.js';
import { kepler } from './kepler.js';
import { netdata } from './netdata.js';
import { newRelic } from './new-relic.js';
import { otelKubeletStats } from './otel-kubeletstats.js';
import { prometheus } from './prometheus.js';
import { serviceMonitor } from './service-monitor.js';
import { sysdig } from './sysdig.js';
import { urls } from './urls.js';
import { vmNodeScrape } from './vm-node-scrape.js';

export type { EnvEntry, KubeletClient, KubeletService, ScanContext, TreeInput } from './client.js';

export const KUBELET_CLIENTS: readonly KubeletClient[] = [
  prometheus,
  serviceMonitor,
  vmNodeScrape,
  alloy,
  otelKubeletStats,
  datadog,
  newRelic,
  netdata,
  fluentBit,
  sysdig,
  dynatrace,
  kepler,
  urls,
];

const withTree = KUBELET_CLIENTS.filter((c) => c.configTree);
const withText = KUBELET_CLIENTS.filter((c) => c.configText);
const withEnv = KUBELET_CLIENTS.filter((c) => c.env);

export const treeReaders = withTree.map((c) => c.configTree as NonNullable<KubeletClient['configTree']>);
export const textReaders = withText.map((c) => c.configText as NonNullable<KubeletClient['configText']>);
export const envReaders = withEnv.map((c) => c.env as NonNullable<KubeletClient['env']>);

/** Object readers by `group/kind`. */
export const objectReaders: ReadonlyMap<string, NonNullable<KubeletClient['objects']>[number][]> = (() => {
  const out = new Map<string, NonNullable<KubeletClient['objects']>[number][]>();
  for (const c of KUBELET_CLIENTS) {
    for (const reader of c.objects ?? []) {
      for (const kind of reader.kinds) {
        const key = `${reader.group}/${kind}`;
        out.set(key, [...(out.get(key) ?? []), reader]);
      }
    }
  }
  return out;
})();
