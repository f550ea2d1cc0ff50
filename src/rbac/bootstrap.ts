// Kubernetes' built-in RBAC policy: every ClusterRole, Role, ClusterRoleBinding and RoleBinding the
// API server creates and reconciles at start-up (the rbac/bootstrap-roles post-start hook), as
// generated from Kubernetes' own golden files into src/rbac/kubernetes-data/policy/ by
// scripts/kubernetes-data.mjs (docs/builtin-policy.md). A render uses the data of its Kubernetes
// minor when there is some, else the nearest snapshot, and says which.
import type { Binding, LabelSelector, PolicyRule, Role, Subject } from '../types.js';
import { POLICY_DATA } from './kubernetes-data/policy/index.js';
import type { PolicyDataEntry } from './kubernetes-data/policy/index.js';

const RBAC_API_GROUP = 'rbac.authorization.k8s.io';

type RuleTuple = [string[], string[], string[], string[], string[]];
type SubjectTuple = [string, string, string?];

interface PolicyDataJson {
  format: number;
  id: string;
  minor: string;
  exact: boolean;
  label: string;
  sources: PolicySource[];
  clusterRoles: { name: string; labels: Record<string, string>; aggregationRule?: Partial<LabelSelector>[]; rules: RuleTuple[]; controller?: true }[];
  roles: { namespace: string; name: string; labels: Record<string, string>; rules: RuleTuple[] }[];
  clusterRoleBindings: { name: string; roleRef: [string, string]; subjects: SubjectTuple[]; controller?: true }[];
  roleBindings: { namespace: string; name: string; roleRef: [string, string]; subjects: SubjectTuple[] }[];
}

/** Where one golden file of a data set came from. */
export interface PolicySource {
  file: string;
  repository?: string;
  path?: string;
  commit?: string;
  sha256?: string;
  /** How the commit is known to be upstream, or why it is not. */
  upstream: string;
  derivedFrom?: string;
  dropNamePrefix?: string;
}

/** The built-in policy of one Kubernetes version (or of the snapshot that stands in for it). */
export interface BuiltinPolicy {
  id: string;
  /** The minor the data is, or stands in for. */
  minor: string;
  /** True when generated from the golden files at that minor's release tag. */
  exact: boolean;
  label: string;
  sources: readonly PolicySource[];
  clusterRoles: readonly Role[];
  /** Namespaced Roles (kube-system, kube-public). */
  roles: readonly Role[];
  clusterRoleBindings: readonly Binding[];
  roleBindings: readonly Binding[];
}

/** Which built-in policy a render was analysed with, for headers and JSON (`targets[].builtinPolicy`). */
export interface BuiltinPolicyChoice {
  id: string;
  minor: string;
  exact: boolean;
  label: string;
  /** The render's Kubernetes version, or null when it has none (a manifest). */
  requested: string | null;
  /** One line for a report header. */
  summary: string;
}

function rule([verbs, apiGroups, resources, resourceNames, nonResourceURLs]: RuleTuple): PolicyRule {
  return { verbs, apiGroups, resources, resourceNames, nonResourceURLs };
}

function subject([kind, name, namespace]: SubjectTuple): Subject {
  return kind === 'ServiceAccount' ? { kind, name, namespace: namespace ?? '' } : { kind: kind as 'User' | 'Group', name };
}

function parse(entry: PolicyDataEntry): BuiltinPolicy {
  const data = JSON.parse(entry.text) as PolicyDataJson;
  const role = (kind: 'Role' | 'ClusterRole', namespace: string | null, r: { name: string; labels: Record<string, string>; rules: RuleTuple[] }, aggregation?: Partial<LabelSelector>[]): Role => ({
    kind,
    name: r.name,
    namespace,
    labels: r.labels,
    rules: r.rules.map(rule),
    aggregationRule: aggregation ? aggregation.map((s) => ({ matchLabels: s.matchLabels ?? {}, matchExpressions: s.matchExpressions ?? [] })) : null,
    object: null,
    builtin: true,
  });
  const binding = (kind: 'RoleBinding' | 'ClusterRoleBinding', namespace: string | null, b: { name: string; roleRef: [string, string]; subjects: SubjectTuple[] }): Binding => ({
    kind,
    name: b.name,
    namespace,
    roleRef: { kind: b.roleRef[0], name: b.roleRef[1], apiGroup: RBAC_API_GROUP },
    subjects: b.subjects.map(subject),
    object: null,
    builtin: true,
  });
  return {
    id: data.id,
    minor: data.minor,
    exact: data.exact,
    label: data.label,
    sources: data.sources,
    clusterRoles: data.clusterRoles.map((r) => role('ClusterRole', null, r, r.aggregationRule)),
    roles: data.roles.map((r) => role('Role', r.namespace, r)),
    clusterRoleBindings: data.clusterRoleBindings.map((b) => binding('ClusterRoleBinding', null, b)),
    roleBindings: data.roleBindings.map((b) => binding('RoleBinding', b.namespace, b)),
  };
}

const loaded = new Map<string, BuiltinPolicy>();

/** The data set with this id (`1.35`, `master-2025-05`), parsed once and only when asked for. */
export function builtinPolicy(id: string): BuiltinPolicy {
  const cached = loaded.get(id);
  if (cached) return cached;
  const entry = POLICY_DATA.find((e) => e.id === id);
  if (!entry) throw new Error(`no built-in policy data ${JSON.stringify(id)}; have ${POLICY_DATA.map((e) => e.id).join(', ')}`);
  const policy = parse(entry);
  loaded.set(id, policy);
  return policy;
}

/** The data sets there are, newest minor first (without parsing them). */
export function builtinPolicyIds(): { id: string; minor: string; exact: boolean; label: string }[] {
  return POLICY_DATA.map(({ id, minor, exact, label }) => ({ id, minor, exact, label }));
}

/** `1.35` from `1.35.2`, `v1.35`, `1.33.0-eks.1`; null when the text names no minor. */
export function minorOf(version: string | null | undefined): string | null {
  const m = /^v?(\d+)\.(\d+)(?:[.+-]|$)/.exec(version ?? '');
  return m ? `${Number(m[1])}.${Number(m[2])}` : null;
}

const minorNumber = (minor: string): number => {
  const [major, min] = minor.split('.').map(Number);
  return (major ?? 0) * 1000 + (min ?? 0);
};

/**
 * The data for a Kubernetes version: that minor's when generated, else the nearest data set
 * (the newer one on a tie); without a version, the newest.
 */
export function choosePolicy(kubeVersion: string | null | undefined): BuiltinPolicyChoice {
  const requested = minorOf(kubeVersion);
  const entries = POLICY_DATA;
  let best = entries[0] as PolicyDataEntry;
  if (requested) {
    const want = minorNumber(requested);
    for (const e of entries) {
      const d = Math.abs(minorNumber(e.minor) - want);
      const bestD = Math.abs(minorNumber(best.minor) - want);
      if (d < bestD || (d === bestD && e.exact && !best.exact)) best = e;
    }
  }
  // Short enough for a header; the kube version printed beside it shows when it is not an exact match.
  const summary = best.exact ? `built-in RBAC ${best.minor}` : `built-in RBAC: snapshot ${best.id} (≈${best.minor})`;
  return { id: best.id, minor: best.minor, exact: best.exact, label: best.label, requested: kubeVersion ?? null, summary };
}

/** The policy a render of this Kubernetes version runs against. */
export function policyFor(kubeVersion: string | null | undefined): BuiltinPolicy {
  return builtinPolicy(choosePolicy(kubeVersion).id);
}

/** The newest data set: what the library uses when no version is given. */
export function defaultPolicy(): BuiltinPolicy {
  return builtinPolicy((POLICY_DATA[0] as PolicyDataEntry).id);
}
