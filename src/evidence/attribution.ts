// Which evidence belongs to which ServiceAccounts.
//
// - A workload's own evidence (its command/args/env) belongs to the ServiceAccount its pods run
//   as, in the workload's namespace.
// - ConfigMaps/Secrets belong to the ServiceAccounts of every workload in the same namespace that
//   mounts or reads them (volumes, projected sources, envFrom, configMapKeyRef/secretKeyRef).
// - An OpenTelemetryCollector's collector pods run as `spec.serviceAccount`, or the
//   `<name>-collector` account the OpenTelemetry operator creates; the CR and the
//   ConfigMaps/Secrets it references belong to that account.
// - prometheus-operator CRs (ServiceMonitor, PodMonitor, Probe, ScrapeConfig, Prometheus) are
//   executed by whichever Prometheus selects them, through that Prometheus's ServiceAccount,
//   which the selectors in the render cannot pin down reliably: they belong to every subject set.
//   So do ConfigMaps/Secrets a Prometheus CR pulls in (`additionalScrapeConfigs`), and the
//   scrape/agent CRs of the VictoriaMetrics, Grafana Agent/Alloy and Datadog operators.
// - Anything else nobody in the render references (a ConfigMap consumed by something outside
//   the chart) cannot be attributed: it is returned for every subject set, so advice errs on the
//   side of keeping the permission it may need.
// When a workload has no namespace in the render (the chart leaves it to `helm --namespace`),
// its ServiceAccount matches a subject by name alone.

import type { Evidence, ParsedObject } from '../types.js';
import { asArray, asRecord, asText } from './hit.js';
import { apiGroupOf, MONITORING_GROUP, OTEL_GROUP, SCRAPE_CR_GROUPS, WORKLOAD_GROUPS } from './objects.js';
import { configRefsOf, podSpecOf, serviceAccountOf } from './podspec.js';

export interface ServiceAccountRef {
  namespace: string;
  name: string;
}

/** `any` = belongs to every subject set. */
type Owners = 'any' | Array<{ namespace: string | null; name: string }>;

function objectKey(target: number, kind: string, namespace: string | null, name: string): string {
  return `${target}\u0000${kind}\u0000${namespace ?? ''}\u0000${name}`;
}

interface Consumer {
  /** Null: any ServiceAccount (monitoring CRs). */
  serviceAccount: string | null;
  refs: Array<{ kind: string; name: string }>;
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
    return { serviceAccount: null, refs: [...(secret ? [{ kind: 'Secret', name: secret }] : []), ...configMaps] };
  }
  return null;
}

function ownersByObject(objects: readonly ParsedObject[]): Map<string, Owners> {
  const owners = new Map<string, Owners>();
  const add = (key: string, owner: Owners): void => {
    const current = owners.get(key);
    if (current === 'any' || owner === 'any') owners.set(key, 'any');
    else if (current) current.push(...owner);
    else owners.set(key, [...owner]);
  };
  for (const obj of objects) {
    const consumer = consumerOf(obj);
    if (!consumer) continue;
    const { target } = obj;
    const namespace = obj.ref.namespace;
    const owner: Owners = consumer.serviceAccount === null ? 'any' : [{ namespace, name: consumer.serviceAccount }];
    add(objectKey(target, obj.ref.kind, namespace, obj.ref.name), owner);
    for (const r of consumer.refs) add(objectKey(target, r.kind, namespace, r.name), owner);
  }
  return owners;
}

/**
 * Evidence positions by the ServiceAccounts that own them, so a subject set's evidence is a few
 * lookups rather than a scan of every evidence item (nodes-proxy asks once per bound role).
 */
interface OwnerIndex {
  /** Scrape CRs, unreferenced objects and objects any ServiceAccount may run: every subject set's. */
  always: number[];
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

function ownerIndex(evidence: readonly Evidence[], objects: readonly ParsedObject[]): OwnerIndex {
  const owners = ownersByObject(objects);
  const index: OwnerIndex = { always: [], byAccount: new Map(), byName: new Map() };
  evidence.forEach((e, i) => {
    const own = SCRAPE_CR_GROUPS.has(apiGroupOf(e.object.apiVersion)) ? 'any' : owners.get(objectKey(e.target, e.object.kind, e.object.namespace, e.object.name));
    if (own === undefined || own === 'any') index.always.push(i);
    else for (const o of own) push(o.namespace === null ? index.byName : index.byAccount, o.namespace === null ? o.name : `${o.namespace}/${o.name}`, i);
  });
  return index;
}

/**
 * One index per (evidence, objects) pair of arrays, which callers pass unchanged for every subject
 * set of a render; the lengths are checked so an array that grew is indexed again.
 */
const indexes = new WeakMap<readonly Evidence[], WeakMap<readonly ParsedObject[], { lengths: string; index: OwnerIndex }>>();

function cachedOwnerIndex(evidence: readonly Evidence[], objects: readonly ParsedObject[]): OwnerIndex {
  const lengths = `${evidence.length}/${objects.length}`;
  let byObjects = indexes.get(evidence);
  if (!byObjects) indexes.set(evidence, (byObjects = new WeakMap()));
  const hit = byObjects.get(objects);
  if (hit && hit.lengths === lengths) return hit.index;
  const index = ownerIndex(evidence, objects);
  byObjects.set(objects, { lengths, index });
  return index;
}

/** The evidence relevant to workloads running as any of `serviceAccounts` (see the rules above), in input order. */
export function evidenceForSubjects(
  evidence: readonly Evidence[],
  objects: readonly ParsedObject[],
  serviceAccounts: readonly ServiceAccountRef[],
): Evidence[] {
  const index = cachedOwnerIndex(evidence, objects);
  const picked = new Set<number>(index.always);
  for (const sa of serviceAccounts) {
    for (const i of index.byAccount.get(`${sa.namespace}/${sa.name}`) ?? []) picked.add(i);
    for (const i of index.byName.get(sa.name) ?? []) picked.add(i);
  }
  return [...picked].sort((a, b) => a - b).map((i) => evidence[i] as Evidence);
}
