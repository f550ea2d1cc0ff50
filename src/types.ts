// Shared data shapes. Every module codes against these; keep them small and plain
// (JSON-serialisable where they appear in output).

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** How an object is identified in every output. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  name: string;
  namespace: string | null;
}

/** A position in the chart: template path relative to the chart root (or the manifest file) and a 1-based line. */
export interface SourceLocation {
  file: string | null;
  line: number | null;
}

/** Where a value inside an object sits: the rendered line and the best line in the template. */
export interface Position {
  rendered: number;
  template: number | null;
}

/** One Kubernetes object from the rendered output. */
export interface ParsedObject {
  ref: ObjectRef;
  /** The object as plain data (JSON-compatible). */
  body: Record<string, unknown>;
  /** Target id (index into the run's targets). */
  target: number;
  /** 0-based document index in the rendered text. */
  doc: number;
  /** 1-based line of the document's first content line in the rendered text. */
  renderedLine: number;
  /** Template (from `# Source:`, made chart-relative) and best line of the object itself. */
  source: SourceLocation;
  /**
   * Positions of values inside the object, keyed by dotted path (`rules.0.resources.1`).
   * Filled for RBAC kinds (every scalar under rules/subjects/roleRef/aggregationRule/metadata)
   * and for evidence-bearing strings; empty for the rest.
   */
  positions: Record<string, Position>;
  /**
   * Comments rendered beside RBAC rules (`rules.0`) and resource entries (`rules.0.resources.1`),
   * by dotted path: evidence of what a grant is for (src/parse/comments.ts). RBAC kinds only.
   */
  comments?: Record<string, string>;
}

/** A problem with the input that is not an RBAC risk: a broken document, an object the API server would reject. */
export interface InputIssue {
  target: number;
  /** The object it concerns, when one could be identified. */
  object: ObjectRef | null;
  source: SourceLocation;
  renderedLine: number | null;
  /** Dotted path inside the object, when relevant. */
  path: string | null;
  message: string;
}

// ---------------------------------------------------------------- RBAC

/** rbac.authorization.k8s.io/v1 PolicyRule with every list present (missing lists are empty). */
export interface PolicyRule {
  verbs: string[];
  apiGroups: string[];
  resources: string[];
  resourceNames: string[];
  nonResourceURLs: string[];
}

/**
 * An authorization request, as the RBAC authorizer sees its attributes.
 * A request with `path` is a non-resource request; otherwise it is a resource request.
 */
export interface AuthzRequest {
  verb: string;
  apiGroup?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  namespace?: string;
  path?: string;
}

export interface Subject {
  kind: 'ServiceAccount' | 'User' | 'Group';
  name: string;
  /** ServiceAccount namespace after defaulting; absent for User/Group. */
  namespace?: string;
}

/** The identity a request is made as (kubectl --as / --as-group). */
export interface UserInfo {
  name: string;
  groups: string[];
}

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values: string[];
}
export interface LabelSelector {
  matchLabels: Record<string, string>;
  matchExpressions: LabelSelectorRequirement[];
}

export interface Role {
  kind: 'Role' | 'ClusterRole';
  name: string;
  namespace: string | null;
  labels: Record<string, string>;
  /** The rules written in the object (for an aggregated role: what it holds before aggregation). */
  rules: PolicyRule[];
  /** Selectors of an aggregated ClusterRole, or null. */
  aggregationRule: LabelSelector[] | null;
  /** The rendered object; null for Kubernetes built-in roles (for a bound view: the binding's object). */
  object: ParsedObject | null;
  builtin: boolean;
  /**
   * Set on the view of a built-in role through one chart binding (RbacModel.boundBuiltins): the
   * built-in rules as that binding hands them out, so rules judge them as if the chart had written them.
   */
  via?: Binding;
}

export interface RoleRef {
  kind: string;
  name: string;
  apiGroup: string;
}

export interface Binding {
  kind: 'RoleBinding' | 'ClusterRoleBinding';
  name: string;
  namespace: string | null;
  roleRef: RoleRef;
  /** Subjects as written, with ServiceAccount namespaces defaulted the way the authorizer does. */
  subjects: Subject[];
  object: ParsedObject | null;
  builtin: boolean;
}

/** A rule as held by a role, remembering the role it was written in (differs when aggregated). */
export interface HeldRule {
  rule: PolicyRule;
  /** Index of the rule in `origin.rules`. */
  index: number;
  /** The role whose object contains the rule text. */
  origin: Role;
}

/**
 * How far a grant reaches (docs/design.md#severity-follows-effective-reach):
 * - `bound`: takes effect for a subject bound in the chart, through a built-in aggregate, or a broad group;
 * - `latent`: a ClusterRole nobody in the chart binds and that aggregates into nothing (others may bind it);
 * - `inert`: can never take effect (cluster-scoped resource via Role/RoleBinding, etc.).
 */
export type Reach = 'bound' | 'latent' | 'inert';

// ---------------------------------------------------------------- evidence

export type KubeletAccessKind = 'apiserver-proxy' | 'kubelet-direct';

/**
 * What an evidence entry rests on:
 * - `config`: rendered configuration of a known kubelet client proves the access (high confidence);
 * - `comment`: a comment rendered beside the grant names a kubelet path (medium);
 * - `operator`: the holder writes ClusterRoles and must hold what it grants (escalation
 *   prevention), so the grant is there to be handed on (medium);
 * - `none-found`: nothing was found; the entry says what was searched (low).
 */
export type EvidenceKind = 'config' | 'comment' | 'operator' | 'none-found';

/** A kubelet path that only nodes/proxy authorizes, behind a feature the configuration turns on. */
export interface ProxyOnlyFeature {
  /** The feature, as its documentation names it (`container log collection through the kubelet API`). */
  name: string;
  /** The setting that turns it off, as the chart or agent spells it. */
  off: string;
}

/** One piece of rendered configuration showing how a workload talks to the kubelet. */
export interface Evidence {
  object: ObjectRef;
  target: number;
  /** Dotted path to the value inside the object (`data.prometheus.yml`, `spec.template.spec.containers.0.args.3`). */
  path: string;
  /** The text that justifies it (a path such as `/api/v1/nodes/$1/proxy/metrics`, or `Kubelet_Port 10250`). */
  text: string;
  access: KubeletAccessKind;
  /** Kubelet path it reaches (`/metrics/cadvisor`, `/pods`), when known. */
  kubeletPath: string | null;
  /** Subresources the kubelet checks for it with fine-grained authz on, in order (from kubeletAuthorization). */
  subresources: string[];
  /** HTTP verb used (`get` unless known otherwise). */
  verb: string;
  source: SourceLocation;
  kind: EvidenceKind;
  /** The kubelet client of the catalogue that reads this configuration (`prometheus`, `otel-kubeletstats`, …; docs/kubelet-clients.md). */
  client?: string;
  /** What stops working when this request is refused; absent when the client tolerates a refusal (a probe that accepts 403). */
  breaks?: string;
  /** Set when the path is only authorized as nodes/proxy and a feature of the client needs it. */
  feature?: ProxyOnlyFeature;
}

// ---------------------------------------------------------------- findings

/** Permission as shown in a finding: one rule's matching part. */
export interface FindingPermission {
  apiGroup: string;
  resource: string;
  verbs: string[];
  resourceNames: string[];
  nonResourceURL?: string;
}

/** The vendored subchart a finding's template belongs to. */
export interface FindingDependency {
  /** Its chart name (Chart.yaml `name`). */
  name: string;
  /** Its Chart.yaml `version`, null when unreadable. */
  version: string | null;
  /** Where it sits in the linted chart (`charts/kube-state-metrics`). */
  path: string;
  /** The reason of the config's `dependencies.charts` entry that decided how it counts. */
  reason?: string;
}

/** How sure a fix is about what the workload needs: `high` config proves the paths, `medium` comments or operator patterns, `low` nothing found. */
export type FixConfidence = 'high' | 'medium' | 'low';

export interface Fix {
  summary: string;
  /** Replacement rules, ready to paste. */
  rules: PolicyRule[];
  minKubernetesVersion: string | null;
  /** Absent: the fix follows from the grant alone (reported as `high`). */
  confidence?: FixConfidence;
}

export interface Finding {
  ruleId: string;
  severity: Severity;
  message: string;
  target: number;
  object: ObjectRef;
  source: SourceLocation;
  /** 1-based line in the rendered output (for manifests this is the file line). */
  renderedLine: number | null;
  subjects: Subject[];
  permissions: FindingPermission[];
  evidence: Evidence[];
  /**
   * How many entries of the render's unattributed evidence (listed once per render, JSON
   * `targets[].unattributedEvidence`) the advice also weighed; absent when none.
   */
  unattributedEvidence?: number;
  fix: Fix | null;
  suppressed: boolean;
  /** Why it is suppressed (annotation, config exemption, baseline). */
  suppression?: { by: 'annotation' | 'config' | 'baseline'; reason: string };
  /** Render labels it appears in, when a target was rendered more than once (kube versions, ci values). */
  renders?: string[];
  /** Set when the template is in a vendored subchart (`charts/<dep>/…`): the innermost one. */
  dependency?: FindingDependency;
  /** A threshold of its own (config `dependencies:`): `never` for warn-only; absent = the run's. */
  failOn?: Severity | 'never';
  /** Stable identity: rule + chart + object + permission; survives line moves and re-ordering. */
  fingerprint: string;
}

// ---------------------------------------------------------------- targets

export interface TargetInfo {
  id: number;
  /** Chart path as given (or its root), null for manifests and stdin. */
  chart: string | null;
  name: string;
  version: string | null;
  release: string;
  namespace: string;
  values: string[];
  /** `helm v4.1.4` or `manifest`. */
  renderer: string;
  /** Kubernetes version the chart was rendered for (`.Capabilities.KubeVersion`), null for manifests. */
  kubeVersion: string | null;
  /**
   * Where `kubeVersion` came from: `given` (--kube-version, config `kubeVersion`) or `assumed`
   * (picked from the supported window, src/kube-versions.ts). Absent: treated as given.
   */
  kubeVersionSource?: 'given' | 'assumed';
  /**
   * The Kubernetes minors this render stands for (`["1.32", …, "1.37"]`): a given version's
   * minor; without one, every supported minor the chart's kubeVersion admits, or only the
   * rendered minor when the templates branch on `.Capabilities.KubeVersion` (rendered at each
   * end of the window). Absent: worked out by kubeMinorsOf (src/kube-versions.ts).
   */
  kubeMinors?: string[];
  /** The chart's `kubeVersion` constraint from Chart.yaml, if any. */
  chartKubeVersion: string | null;
  /** What distinguishes this render from the chart's other renders (`kube 1.32.0`, `ci/ha-values.yaml`), or null. */
  render: string | null;
}
