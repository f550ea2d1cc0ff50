// Which evidence belongs to which ServiceAccounts, and which belongs to none.
//
// - A workload's own evidence (its command/args/env) belongs to the ServiceAccount its pods run
//   as, in the workload's namespace.
// - ConfigMaps/Secrets belong to the ServiceAccounts of every workload in the same namespace that
//   mounts or reads them (volumes, projected sources, envFrom, configMapKeyRef/secretKeyRef).
// - An OpenTelemetryCollector's collector pods run as `spec.serviceAccount`, or the
//   `<name>-collector` account the OpenTelemetry operator creates; the CR and the
//   ConfigMaps/Secrets it references belong to that account.
// - prometheus-operator scrape CRs (ServiceMonitor, PodMonitor, Probe, ScrapeConfig) are executed
//   by the Prometheus servers of the render: they belong to the ServiceAccount of every
//   Prometheus/PrometheusAgent CR in it (`spec.serviceAccountName`, else `default`), as do the
//   Secrets/ConfigMaps such a CR pulls in (`additionalScrapeConfigs`, `configMaps`). VictoriaMetrics
//   scrape CRs belong to the render's VMAgents (`spec.serviceAccountName`, else the
//   operator's `vmagent-<name>`).
// - Everything else (a ConfigMap nobody in the render mounts, scrape CRs with no server in the
//   render, Grafana/Datadog operator CRs) belongs to nobody the render shows: it is
//   *unattributed*, listed once per render and weighed by every piece of advice without being
//   copied into each (20,000 such ConfigMaps must not become 20,000 entries per finding).
// When a workload has no namespace in the render (the chart leaves it to `helm --namespace`),
// its ServiceAccount matches a subject by name alone.

import type { Evidence, ParsedObject } from '../types.js';
import { asArray, asRecord, asText } from './hit.js';
import { apiGroupOf, MONITORING_GROUP, OTEL_GROUP, SCRAPE_CR_GROUPS, VICTORIA_METRICS_GROUP, WORKLOAD_GROUPS } from './objects.js';
import { configRefsOf, podSpecOf, serviceAccountOf } from './podspec.js';

export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/** An owning ServiceAccount; a null namespace matches by name alone. */
export interface Owner {
  namespace: string | null;
  name: string;
}

function objectKey(target: number, kind: string, namespace: string | null, name: string): string {
  return `${target}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

interface Consumer {
  serviceAccount: string;
  refs: Array<{ kind: string; name: string }>;
}

/** Prometheus servers and VMAgents of a render, by target: who runs its scrape CRs. */
interface Servers {
  prometheus: Map<number, Owner[]>;
  vmagent: Map<number, Owner[]>;
}

function addTo(map: Map<number, Owner[]>, target: number, owner: Owner): void {
  const list = map.get(target);
  if (list) list.push(owner);
  else map.set(target, [owner]);
}

function serversOf(objects: readonly ParsedObject[]): Servers {
  const servers: Servers = { prometheus: new Map(), vmagent: new Map() };
  for (const obj of objects) {
    const group = apiGroupOf(obj.ref.apiVersion);
    const spec = asRecord(obj.body.spec);
    if (group === MONITORING_GROUP && (obj.ref.kind === 'Prometheus' || obj.ref.kind === 'PrometheusAgent')) {
      addTo(servers.prometheus, obj.target, { namespace: obj.ref.namespace, name: asText(spec.serviceAccountName) || 'default' });
    } else if (group === VICTORIA_METRICS_GROUP && obj.ref.kind === 'VMAgent') {
      addTo(servers.vmagent, obj.target, { namespace: obj.ref.namespace, name: asText(spec.serviceAccountName) || `vmagent-${obj.ref.name}` });
    }
  }
  return servers;
}

function consumerOf(obj: ParsedObject): Consumer | null {
  const group = apiGroupOf(obj.ref.apiVersion);
  const pod = podSpecOf(obj);
  if (pod && WORKLOAD_GROUPS.has(group)) {
    return { serviceAccount: serviceAccountOf(pod.spec), refs: configRefsOf(pod.spec, pod.path) };
  }
  const spec = asRecord(obj.body.spec);
  if (group === OTEL_GROUP && obj.ref.kind === 'OpenTelemetryCollector') {
    const serviceAccount = asText(spec.serviceAccount) || `${obj.ref.name}-collector`;
    return { serviceAccount, refs: configRefsOf(spec) };
  }
  if (group === MONITORING_GROUP && ['Prometheus', 'PrometheusAgent'].includes(obj.ref.kind)) {
    const secret = asText(asRecord(spec.additionalScrapeConfigs).name);
    const configMaps = asArray(spec.configMaps).map((n) => ({ kind: 'ConfigMap', name: asText(n) ?? '' }));
    return { serviceAccount: asText(spec.serviceAccountName) || 'default', refs: [...(secret ? [{ kind: 'Secret', name: secret }] : []), ...configMaps] };
  }
  return null;
}

function ownersByObject(objects: readonly ParsedObject[]): Map<string, Owner[]> {
  const owners = new Map<string, Owner[]>();
  const add = (key: string, owner: Owner): void => {
    const list = owners.get(key);
    if (list) list.push(owner);
    else owners.set(key, [owner]);
  };
  for (const obj of objects) {
    const consumer = consumerOf(obj);
    if (!consumer) continue;
    const { target } = obj;
    const namespace = obj.ref.namespace;
    const owner: Owner = { namespace, name: consumer.serviceAccount };
    add(objectKey(target, obj.ref.kind, namespace, obj.ref.name), owner);
    for (const r of consumer.refs) add(objectKey(target, r.kind, namespace, r.name), owner);
  }
  return owners;
}

/** Owners of scrape CRs: the servers of their kind in the same render, or nobody. */
function scrapeCrOwners(e: Evidence, servers: Servers): Owner[] {
  const group = apiGroupOf(e.object.apiVersion);
  if (group === MONITORING_GROUP) return servers.prometheus.get(e.target) ?? [];
  if (group === VICTORIA_METRICS_GROUP) return servers.vmagent.get(e.target) ?? [];
  return [];
}

/** Who runs each piece of evidence, worked out once per render. */
export interface Attribution {
  /** Owners of `evidence[i]`; empty when nobody in the render is known to run it. */
  owners: Owner[][];
  /** Positions of unattributed evidence, in input order. */
  unattributed: number[];
  /** `namespace/name` of an owning ServiceAccount → evidence positions. */
  byAccount: Map<string, number[]>;
  /** Owners without a namespace in the render match a subject by name alone. */
  byName: Map<string, number[]>;
}

function push(map: Map<string, number[]>, key: string, i: number): void {
  const list = map.get(key);
  if (list) list.push(i);
  else map.set(key, [i]);
}

function attribute(evidence: readonly Evidence[], objects: readonly ParsedObject[]): Attribution {
  const owners = ownersByObject(objects);
  const servers = serversOf(objects);
  const out: Attribution = { owners: [], unattributed: [], byAccount: new Map(), byName: new Map() };
  evidence.forEach((e, i) => {
    const own = SCRAPE_CR_GROUPS.has(apiGroupOf(e.object.apiVersion)) ? scrapeCrOwners(e, servers) : (owners.get(objectKey(e.target, e.object.kind, e.object.namespace, e.object.name)) ?? []);
    out.owners.push(own);
    if (own.length === 0) out.unattributed.push(i);
    for (const o of own) push(o.namespace === null ? out.byName : out.byAccount, o.namespace === null ? o.name : `${o.namespace}/${o.name}`, i);
  });
  return out;
}

/**
 * One attribution per (evidence, objects) pair of arrays, which callers pass unchanged for every
 * subject set of a render; the lengths are checked so an array that grew is attributed again.
 */
const cache = new WeakMap<readonly Evidence[], WeakMap<readonly ParsedObject[], { lengths: string; attribution: Attribution; unattributed: Evidence[] }>>();

function cached(evidence: readonly Evidence[], objects: readonly ParsedObject[]): { attribution: Attribution; unattributed: Evidence[] } {
  const lengths = `${evidence.length}/${objects.length}`;
  let byObjects = cache.get(evidence);
  if (!byObjects) cache.set(evidence, (byObjects = new WeakMap()));
  const hit = byObjects.get(objects);
  if (hit && hit.lengths === lengths) return hit;
  const attribution = attribute(evidence, objects);
  const entry = { lengths, attribution, unattributed: attribution.unattributed.map((i) => evidence[i] as Evidence) };
  byObjects.set(objects, entry);
  return entry;
}

/** The attribution of a render's evidence (cached per pair of arrays). */
export function attributionOf(evidence: readonly Evidence[], objects: readonly ParsedObject[]): Attribution {
  return cached(evidence, objects).attribution;
}

/** The evidence run by workloads of `serviceAccounts` (see the rules above), in input order; never unattributed evidence. */
export function evidenceForSubjects(
  evidence: readonly Evidence[],
  objects: readonly ParsedObject[],
  serviceAccounts: readonly ServiceAccountRef[],
): Evidence[] {
  const index = attributionOf(evidence, objects);
  const picked = new Set<number>();
  for (const sa of serviceAccounts) {
    for (const i of index.byAccount.get(`${sa.namespace}/${sa.name}`) ?? []) picked.add(i);
    for (const i of index.byName.get(sa.name) ?? []) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b).map((i) => evidence[i] as Evidence);
}

/** The evidence nobody in the render is known to run: the same array for every call on the same render. */
export function unattributedEvidence(evidence: readonly Evidence[], objects: readonly ParsedObject[]): readonly Evidence[] {
  return cached(evidence, objects).unattributed;
}
