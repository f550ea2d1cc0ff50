import semver from 'semver';
import { RBAC_GROUP, defineRule, isRecord, validatePolicyRule } from '../../src/rule-api/index.js';
import type { FindingDraft, InputIssue, ObjectRef, ParsedObject, Role, RuleContext } from '../../src/rule-api/index.js';

// RBAC objects the API server would refuse. Two sources: the issues found while building the
// model (src/rbac/extract.ts: wrong types, missing roleRef, bad subjects; pkg/apis/rbac/validation)
// plus any parser issue about an RBAC object, and ValidatePolicyRule run over every chart rule
// (empty verbs, resource rules without groups/resources, nonResourceURLs in a Role or mixed with
// resources). Findings, never exceptions: the input can have any shape.

const RBAC_KINDS: ReadonlySet<string> = new Set(['Role', 'ClusterRole', 'RoleBinding', 'ClusterRoleBinding']);

function isRbacRef(ref: ObjectRef | null): ref is ObjectRef {
  if (!ref) return false;
  return RBAC_KINDS.has(ref.kind) || ref.apiVersion.split('/')[0] === RBAC_GROUP;
}

const sameRef = (a: ObjectRef, b: ObjectRef): boolean =>
  a.kind === b.kind && a.name === b.name && a.namespace === b.namespace && a.apiVersion === b.apiVersion;

/**
 * The rendered object an issue is about. A parser issue may concern a document that never became
 * a ParsedObject; it is still reported, on a stand-in carrying the issue's own position.
 */
function objectOf(ctx: RuleContext, issue: InputIssue, ref: ObjectRef): ParsedObject {
  const found = ctx.objects.find((o) => o.target === issue.target && sameRef(o.ref, ref));
  if (found) return found;
  return { ref, body: {}, target: issue.target, doc: -1, renderedLine: issue.renderedLine ?? 0, source: issue.source, positions: {} };
}

function issueFindings(ctx: RuleContext): FindingDraft[] {
  const fromModel = new Set(ctx.model.issues);
  const out: FindingDraft[] = [];
  for (const issue of ctx.issues) {
    const ref = issue.object;
    if (!isRbacRef(ref)) continue;
    const consequence = fromModel.has(issue) ? ': the API server rejects the object, so installing the chart fails' : '';
    out.push({
      message: `${ref.kind} ${ref.name || '(unnamed)'}: ${issue.message}${consequence}.`,
      object: objectOf(ctx, issue, ref),
      path: issue.path,
      // Parser messages name the document's position ("document 3"); keep the key independent of order.
      key: `${issue.path ?? ''}:${issue.message.replace(/\bdocument \d+\b/g, 'document')}`,
    });
  }
  return out;
}

// rbac.authorization.k8s.io/v1beta1 and v1alpha1 stopped being served in 1.22 (Kubernetes
// deprecated API migration guide, "v1.22"); a render for an older cluster may still use them.
const REMOVED_IN = '1.22.0';

function versionFindings(ctx: RuleContext): FindingDraft[] {
  const rendered = ctx.target.kubeVersion ? semver.coerce(ctx.target.kubeVersion) : null;
  if (rendered && semver.lt(rendered, REMOVED_IN)) return [];
  return ctx.objects.flatMap((object) => {
    const [group, version] = object.ref.apiVersion.split('/');
    if (group !== RBAC_GROUP || version === 'v1') return [];
    const why = version === 'v1beta1' || version === 'v1alpha1' ? 'is no longer served since Kubernetes 1.22' : 'is not a version the API server serves';
    return [
      {
        message: `${object.ref.kind} ${object.ref.name || '(unnamed)'}: apiVersion ${object.ref.apiVersion} ${why}; use ${RBAC_GROUP}/v1, or installing the chart fails.`,
        object,
        path: 'apiVersion',
        key: `apiVersion:${object.ref.apiVersion}`,
      },
    ];
  });
}

/** `rules[2].verbs: Required value: …` → `verbs`. */
function fieldOf(message: string): string {
  return /^rules\[\d+\]\.(\w+):/.exec(message)?.[1] ?? '';
}

function ruleFindings(ctx: RuleContext, role: Role): FindingDraft[] {
  const object = role.object;
  if (!object) return [];
  const raw = object.body['rules'];
  if (!Array.isArray(raw)) return [];
  // Paths the model already reported for this object: don't say it twice (a `verbs: 5` is one problem, not two).
  const reported = ctx.issues.filter((i) => i.object && sameRef(i.object, object.ref) && i.path !== null).map((i) => i.path as string);
  const out: FindingDraft[] = [];
  role.rules.forEach((rule, i) => {
    if (!isRecord(raw[i])) return; // a non-mapping entry is already an issue of its own
    for (const message of validatePolicyRule(rule, { namespaced: role.kind === 'Role', fieldPath: `rules[${i}]` })) {
      const field = fieldOf(message);
      const path = field ? `rules.${i}.${field}` : `rules.${i}`;
      if (reported.some((p) => p === path || p.startsWith(`${path}.`))) continue;
      out.push({
        message: `${role.kind} ${role.name}: ${message}: the API server rejects the object, so installing the chart fails.`,
        object,
        path,
        key: `${path}:${message}`,
      });
    }
  });
  return out;
}

export default defineRule({
  meta: {
    id: 'malformed-rbac',
    severity: 'medium',
    category: 'hygiene',
    docs: {
      summary: 'An RBAC object the API server would reject: wrong types, missing roleRef, invalid subjects, rules without verbs or resources, a removed apiVersion.',
      rationale:
        'The API server validates Roles, ClusterRoles and their bindings (`pkg/apis/rbac/validation`): every rule needs verbs, resource rules need apiGroups and resources, ' +
        'non-resource URLs cannot appear in a Role or beside resources, a binding needs a roleRef to a Role or ClusterRole in `rbac.authorization.k8s.io`, ' +
        'and a ServiceAccount subject of a ClusterRoleBinding needs a namespace. `rbac.authorization.k8s.io/v1beta1` is not served since 1.22 (not reported for renders targeting an older version). A chart carrying such an object fails to install, or — when a template only produces it under some values — fails for the users who set them. ' +
        'helm-rbac-lint keeps analysing what the object was meant to grant (a `verbs: get` string still counts as `get`), so the risk rules still see it.',
      fix: 'Correct the object as the message says; `kubectl apply --dry-run=server -f` against a test cluster shows the API server\'s own error.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: tools
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: get
  - nonResourceURLs: ["/metrics"]
    verbs: ["get"]
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: reader
  namespace: tools
rules:
  - apiGroups: [""]
    resources: ["configmaps"]
    verbs: ["get"]
`,
      references: [
        'https://github.com/kubernetes/kubernetes/blob/master/pkg/apis/rbac/validation/validation.go',
        'https://kubernetes.io/docs/reference/kubernetes-api/authorization-resources/role-v1/',
        'https://kubernetes.io/docs/reference/using-api/deprecation-guide/#v1-22',
      ],
    },
  },
  check(ctx) {
    return [...versionFindings(ctx), ...issueFindings(ctx), ...ctx.model.roles.flatMap((r) => ruleFindings(ctx, r))];
  },
});
