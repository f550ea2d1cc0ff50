import type { Evidence, Finding, LabelSelector, RoleRef, Severity, Subject, TargetInfo } from '../types.js';

// Shapes of the semantic RBAC diff (docs/design.md#outputs "Diff JSON"). Everything here is plain,
// JSON-serialisable data in a deterministic order.

/**
 * One atomic grant: a rule's lists expanded to one verb × group × resource (× name), or one
 * verb × non-resource URL. Wildcards stay as written (`*` is a resource of its own); what
 * they reach is reported separately as `reach` on subjects.
 */
export interface Permission {
  apiGroup: string;
  resource: string;
  verb: string;
  resourceName?: string;
  nonResourceURL?: string;
  /**
   * Subject entries only: the grant holds only in this namespace (it comes through a
   * RoleBinding there). Absent = cluster-wide (a ClusterRoleBinding).
   */
  namespace?: string;
}

export type RbacKind = 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';
export type ObjectChangeKind = 'added' | 'removed' | 'changed';

/**
 * One RBAC object of the chart that changed, matched by kind + namespace + name.
 * - Roles: `added`/`removed` are the atoms of the rules as written (not aggregated).
 * - Bindings: `added`/`removed` are the atoms the binding hands out (the held rules of the role
 *   it references): all of them for an added/removed binding, the difference between the old and
 *   the new role when `roleRef` changed, none otherwise (a change inside the role is reported on
 *   the role). `subjects` lists subjects added/removed; `roleRef` is set when it differs.
 */
export interface ObjectChange {
  kind: RbacKind;
  name: string;
  namespace: string | null;
  change: ObjectChangeKind;
  added: Permission[];
  removed: Permission[];
  subjects?: { added: Subject[]; removed: Subject[] };
  roleRef?: { old: RoleRef | null; new: RoleRef | null };
  /** ClusterRoles: a changed aggregationRule (the controller replaces the role's rules). */
  aggregationRule?: { old: LabelSelector[] | null; new: LabelSelector[] | null };
  /** ClusterRoles: labels (`key=value`) that aggregation selectors look at, added/removed. */
  aggregationLabels?: { added: string[]; removed: string[] };
}

/**
 * What one subject may effectively do, old vs new. Two layers:
 * - `added`/`removed`: atoms of every rule in force for the subject (through ClusterRoleBindings
 *   cluster-wide, through RoleBindings per namespace), as written;
 * - `reach`: the probes of the registered rules (diffProbes) whose authorizer decision flipped,
 *   as concrete Permissions (never wildcards). Narrowing `resources: ["*"]` shows a removed `*`
 *   atom in `removed` and, in `reach.removed`, `get nodes/proxy`, `get secrets`, ….
 */
export interface SubjectChange {
  subject: Subject;
  added: Permission[];
  removed: Permission[];
  reach: { added: Permission[]; removed: Permission[] };
}

export interface EvidenceChanges {
  added: Evidence[];
  removed: Evidence[];
}

/**
 * A finding in the diff. For a finding whose fingerprint exists on both sides with another
 * severity, `severityChange` says from → to: a rise is listed as introduced (the new finding),
 * a drop as resolved (the old finding).
 */
export interface DiffFinding extends Finding {
  severityChange?: { from: Severity; to: Severity };
  /** Introduced/resolved kubelet findings: the evidence changes that explain them. */
  evidenceChanges?: EvidenceChanges;
}

export type Verdict = 'more-risk' | 'less-risk' | 'same-risk' | 'no-rbac-change';

export interface RbacDiff {
  schemaVersion: 1;
  old: TargetInfo;
  new: TargetInfo;
  objects: ObjectChange[];
  subjects: SubjectChange[];
  findings: { introduced: DiffFinding[]; resolved: DiffFinding[]; unchanged: DiffFinding[] };
  /** Kubelet-access evidence added/removed, matched by object + path + text. */
  evidence: EvidenceChanges;
  verdict: Verdict;
  /**
   * The introduced, unsuppressed missing-kubelet-permission findings: workloads whose kubelet
   * calls the new side refuses. Non-empty means the change breaks kubelet access, whatever the
   * risk verdict says (dropping nodes/proxy reads `less-risk` and may still break scraping).
   */
  breaksAccess: DiffFinding[];
}

/** The RBAC-only part of the diff (no findings, no evidence). */
export interface ModelDiff {
  objects: ObjectChange[];
  subjects: SubjectChange[];
}
