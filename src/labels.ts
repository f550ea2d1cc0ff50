// How objects are named in every message and report: `Kind namespace/name`.

/** `namespace/name`, or `name` for a cluster-scoped object. */
export function namespacedName(o: { namespace?: string | null; name: string }): string {
  return `${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** `ClusterRole name`, `RoleBinding namespace/name`. */
export function objectLabel(o: { kind: string; namespace?: string | null; name: string }): string {
  return `${o.kind} ${namespacedName(o)}`;
}
