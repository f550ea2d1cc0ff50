// What a kubelet client of the catalogue is: the places its configuration can be rendered, and
// for each a reader that returns the kubelet calls that configuration makes (docs/kubelet-clients.md,
// docs/architecture.md "Adding a kubelet client"). A reader only answers for configuration it
// recognises by its structure (keys, CR kinds, environment variable names): unknown config stays
// unknown, words alone prove nothing.
import type { ParsedObject } from '../../types.js';
import type { Hit } from '../hit.js';
import type { TextFormat } from '../text.js';

/** A structured config (YAML/JSON) from a ConfigMap, a Secret or a CR field. */
export interface TreeInput {
  tree: unknown;
  /** The ConfigMap/Secret key (`prometheus.yml`, `nri-kubernetes.yml`) or a hint (`config.yaml`), '' for nested configs. */
  key: string;
  /** Dotted path of the value inside its object. */
  path: string;
  /** Subtrees a client has fully read: the generic URL scan skips them (a URL of an unused receiver must not count). */
  interpreted: Set<unknown>;
}

export interface EnvEntry {
  index: number;
  value: string | null;
  /** `valueFrom.fieldRef.fieldPath`, when set. */
  fieldPath: string | null;
}

/** One container's environment, by variable name. */
export interface EnvInput {
  env: ReadonlyMap<string, EnvEntry>;
  /** Dotted path of the container inside its object. */
  path: string;
}

/** Render-wide facts some readers need (the Services that front kubelets). */
export interface KubeletService {
  /** Where the Service lives; null when unknown (operator outside the chart). */
  namespace: string | null;
  name: string | null;
  labels: Record<string, string>;
  /** Port name → port number the endpoints serve. */
  ports: Map<string, number>;
}

export interface ScanContext {
  kubeletServices: readonly KubeletService[];
}

/** Objects of one API group and kinds, read whole. */
export interface ObjectReader {
  group: string;
  kinds: readonly string[];
  read(obj: ParsedObject, context: ScanContext): Hit[];
}

export interface KubeletClient {
  /** Stable id, written into evidence (`Evidence.client`). */
  id: string;
  /** The product, as its documentation names it. */
  name: string;
  /** Structured configs embedded in ConfigMaps, Secrets and CR fields. */
  configTree?(input: TreeInput): Hit[];
  /** Text configs that are not YAML/JSON (fluent-bit classic format, River), comments already removed for `format`. */
  configText?(text: string, format: TextFormat, path: string): Hit[];
  /** A container's environment. */
  env?(input: EnvInput): Hit[];
  /** Whole objects (scrape CRs, agent CRs). */
  objects?: readonly ObjectReader[];
}

/** Where an env entry's value sits, for evidence paths. */
export function envPath(path: string, entry: EnvEntry): string {
  return `${path}.env.${entry.index}.${entry.value !== null ? 'value' : 'name'}`;
}

/** `NAME=value`, `NAME from status.hostIP`, or the name. */
export function describeEnv(name: string, entry: EnvEntry): string {
  if (entry.value !== null) return `${name}=${entry.value}`;
  return entry.fieldPath ? `${name} from ${entry.fieldPath}` : name;
}
