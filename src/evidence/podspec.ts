// Pod templates of workload objects: where the containers are, which ServiceAccount the pods
// run as, and which ConfigMaps/Secrets they mount or read.

import type { ParsedObject } from '../types.js';
import { asArray, asRecord, asText, isRecord } from './hit.js';

/** Kinds whose pods are created from a template (or that are a pod); Rollout is Argo Rollouts'. */
const TEMPLATE_PATHS: Record<string, string> = {
  Pod: 'spec',
  PodTemplate: 'template.spec',
  Rollout: 'spec.template.spec',
  Deployment: 'spec.template.spec',
  DaemonSet: 'spec.template.spec',
  StatefulSet: 'spec.template.spec',
  ReplicaSet: 'spec.template.spec',
  ReplicationController: 'spec.template.spec',
  Job: 'spec.template.spec',
  CronJob: 'spec.jobTemplate.spec.template.spec',
};

export interface PodSpecAt {
  spec: Record<string, unknown>;
  /** Dotted path of the pod spec inside the object. */
  path: string;
}

/** TEMPLATE_PATHS split once (asked for every object of a render, several times). */
const TEMPLATE_KEYS: ReadonlyMap<string, readonly string[]> = new Map(Object.entries(TEMPLATE_PATHS).map(([kind, path]) => [kind, path.split('.')]));

function at(body: unknown, keys: readonly string[]): unknown {
  let node = body;
  for (const key of keys) node = asRecord(node)[key];
  return node;
}

/** The pod spec of a workload object, or null for other kinds. */
export function podSpecOf(obj: ParsedObject): PodSpecAt | null {
  const keys = TEMPLATE_KEYS.get(obj.ref.kind);
  if (!keys) return null;
  const spec = at(obj.body, keys);
  return isRecord(spec) ? { spec, path: TEMPLATE_PATHS[obj.ref.kind] as string } : null;
}

export interface ContainerAt {
  container: Record<string, unknown>;
  path: string;
}

/** Containers, then init and ephemeral containers, with their dotted paths. */
export function containersOf(spec: Record<string, unknown>, specPath: string): ContainerAt[] {
  const out: ContainerAt[] = [];
  for (const field of ['containers', 'initContainers', 'ephemeralContainers']) {
    asArray(spec[field]).forEach((c, i) => {
      if (isRecord(c)) out.push({ container: c, path: `${specPath}.${field}.${i}` });
    });
  }
  return out;
}

/**
 * The ServiceAccount the pods run as: `serviceAccountName`, else the deprecated `serviceAccount`
 * alias, else `default` (what the ServiceAccount admission plugin fills in).
 */
export function serviceAccountOf(spec: Record<string, unknown>): string {
  return asText(spec.serviceAccountName) || asText(spec.serviceAccount) || 'default';
}

export interface ConfigRef {
  kind: 'ConfigMap' | 'Secret';
  name: string;
}

function ref(kind: ConfigRef['kind'], name: unknown): ConfigRef[] {
  const text = asText(name);
  return text ? [{ kind, name: text }] : [];
}

function volumeRefs(volume: Record<string, unknown>): ConfigRef[] {
  const projected = asArray(asRecord(volume.projected).sources).flatMap((s) => {
    const source = asRecord(s);
    return [...ref('ConfigMap', asRecord(source.configMap).name), ...ref('Secret', asRecord(source.secret).name)];
  });
  return [
    ...ref('ConfigMap', asRecord(volume.configMap).name),
    ...ref('Secret', asRecord(volume.secret).secretName),
    ...projected,
  ];
}

/** Refs from env `valueFrom` and `envFrom` entries (container-shaped, also used for CR specs). */
export function envRefs(holder: Record<string, unknown>): ConfigRef[] {
  const fromEnv = asArray(holder.env).flatMap((e) => {
    const valueFrom = asRecord(asRecord(e).valueFrom);
    return [
      ...ref('ConfigMap', asRecord(valueFrom.configMapKeyRef).name),
      ...ref('Secret', asRecord(valueFrom.secretKeyRef).name),
    ];
  });
  const fromEnvFrom = asArray(holder.envFrom).flatMap((e) => {
    const entry = asRecord(e);
    return [...ref('ConfigMap', asRecord(entry.configMapRef).name), ...ref('Secret', asRecord(entry.secretRef).name)];
  });
  return [...fromEnv, ...fromEnvFrom];
}

/** Every ConfigMap/Secret a pod spec (or a CR shaped like one) mounts or reads. */
export function configRefsOf(spec: Record<string, unknown>, specPath = ''): ConfigRef[] {
  const fromVolumes = asArray(spec.volumes).flatMap((v) => volumeRefs(asRecord(v)));
  const fromContainers = containersOf(spec, specPath).flatMap(({ container }) => envRefs(container));
  return [...fromVolumes, ...fromContainers, ...envRefs(spec)];
}
