import { MASTERS, defineRule, draftFor, hitsByRule, labelsOf, lower, parseResource, ruleAllows } from '../../src/rule-api/index.js';
import type { Probe, ProbeHit, RbacModel, Role } from '../../src/rule-api/index.js';

// The authorization checks of user impersonation, as the API server makes them
// (staging/src/k8s.io/apiserver/pkg/endpoints/filters/impersonation/mode.go):
// - legacy mode, verb `impersonate`: `users` and `groups` in the core group, `serviceaccounts`
//   in the core group with the service account's namespace, `uids` and `userextras/<key>` in
//   authentication.k8s.io. Only service accounts are namespaced; the others carry no namespace,
//   so only ClusterRoleBindings grant them.
// - constrained mode (KEP-5284, alpha 1.35), verbs `impersonate:<mode>` on the identity —
//   `user-info` (users, groups, uids, userextras), `serviceaccount`, `arbitrary-node` and
//   `associated-node` (nodes), all in authentication.k8s.io — AND `impersonate-on:<mode>:<verb>`
//   on every request made while impersonating. The identity half alone is reported one level
//   lower: what it allows is bounded by the impersonate-on grants, and system:masters is refused.
//   The impersonate-on half alone is not reported: it allows nothing without an identity grant.
// Groups, uids and extras only add to an impersonated user name: the filter rejects them without
// Impersonate-User ("requested … without impersonating a user", processImpersonationHeaders and
// the legacy buildImpersonationRequests). So a legacy groups/uids/userextras grant is critical when
// the same role can also impersonate users or serviceaccounts, and one level lower otherwise
// (another role may supply the user part). Cross-role combinations are not looked at.
const AUTHN = 'authentication.k8s.io';
const LEGACY = 'impersonate';
// A userextras key nobody writes: it is matched only by `*`-style entries.
const ANY_EXTRA_KEY = 'example.invalid/any-key';
// Keys asked about in every chart (`scopes` is the one Kubernetes' own authenticators set).
const STATIC_EXTRA_KEYS = [ANY_EXTRA_KEY, 'scopes'];

/**
 * Extra keys are subresources (`userextras/<key>`), arbitrary strings: ask for every key written
 * anywhere in the chart (as `x/<key>` or `*\/<key>`) and for one nobody writes (caught by `*`).
 */
function extraKeys(model: RbacModel): string[] {
  const keys = new Set<string>(STATIC_EXTRA_KEYS);
  for (const role of model.roles)
    for (const rule of role.rules)
      for (const resource of rule.resources) {
        const { subresource } = parseResource(resource);
        if (subresource) keys.add(subresource);
      }
  return [...keys].sort();
}

const identity = (label: string, apiGroup: string, resource: string, verbs: string[], clusterScoped: boolean, subresource?: string): Probe => ({
  label,
  request: { apiGroup, resource, ...(subresource ? { subresource } : {}) },
  verbs,
  scope: clusterScoped ? 'cluster' : 'namespace',
  what: `impersonate ${label}`,
  // Constrained impersonation alone is bounded by the impersonate-on grants: reported one level lower.
  ...(verbs.includes(LEGACY) ? {} : { grade: 'high' as const }),
});

// What sets the impersonated user name in legacy mode (authorizeUsername).
const LEGACY_USER_NAMES: Probe[] = [
  identity('users', '', 'users', [LEGACY], true),
  identity('serviceaccounts', '', 'serviceaccounts', [LEGACY], false),
];

function probes(extraKeys: readonly string[]): Probe[] {
  const userInfo = ['impersonate:user-info'];
  return [
    ...LEGACY_USER_NAMES,
    identity('groups', '', 'groups', [LEGACY], true),
    ...[[LEGACY], userInfo].flatMap((verbs) => [
      identity('authentication.k8s.io/uids', AUTHN, 'uids', verbs, true),
      ...extraKeys.map((key) => identity('authentication.k8s.io/userextras', AUTHN, 'userextras', verbs, true, key)),
    ]),
    identity('authentication.k8s.io/users', AUTHN, 'users', userInfo, true),
    identity('authentication.k8s.io/groups', AUTHN, 'groups', userInfo, true),
    identity('authentication.k8s.io/serviceaccounts', AUTHN, 'serviceaccounts', ['impersonate:serviceaccount'], false),
    identity('authentication.k8s.io/nodes', AUTHN, 'nodes', ['impersonate:arbitrary-node', 'impersonate:associated-node'], true),
  ];
}

export default defineRule({
  meta: {
    id: 'impersonate',
    severity: 'critical',
    category: 'privilege-escalation',
    docs: {
      summary: 'Grants impersonate on users, groups, serviceaccounts, uids or userextras (or the constrained `impersonate:<mode>` verbs): acts as other identities.',
      rationale:
        'With `impersonate` a client sends `Impersonate-User`/`Impersonate-Group` headers and the API server treats its requests as coming from that identity. ' +
        'Impersonating a group such as `system:masters`, a cluster administrator or a powerful ServiceAccount gives all of their rights, and the audit log records the impersonated user. ' +
        'The API server checks `impersonate` on `users` and `groups` (core group), on `serviceaccounts` in the account\'s namespace, and on `uids` and `userextras/<key>` in `authentication.k8s.io`; `resourceNames` restrict which identities, but the finding keeps its severity because one powerful identity is enough. ' +
        'Groups, uids and extras can only be added to an impersonated user name (the API server rejects them without `Impersonate-User`), so a role that grants them without `users` or `serviceaccounts` is reported one level lower. ' +
        'Constrained impersonation (KEP-5284, alpha in 1.35) uses `impersonate:user-info`, `impersonate:serviceaccount`, `impersonate:arbitrary-node` and `impersonate:associated-node` on those resources in `authentication.k8s.io`, plus `impersonate-on:<mode>:<verb>` for each action; those identity grants are reported one level lower because the actions are limited by the `impersonate-on` grants and `system:masters` cannot be impersonated.',
      fix:
        'Do not give workloads impersonation rights. Where a proxy or gateway really must impersonate, restrict it with `resourceNames` to the identities it serves and, on clusters with constrained impersonation, use `impersonate:<mode>` with `impersonate-on:<mode>:<verb>` limited to the actions it needs instead of `impersonate`.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: gateway
rules:
  - apiGroups: [""]
    resources: ["users", "groups", "serviceaccounts"]
    verbs: ["impersonate"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: gateway
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gateway }
subjects:
  - { kind: ServiceAccount, name: gateway, namespace: gateway }
`,
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: gateway
rules:
  - apiGroups: ["authorization.k8s.io"]
    resources: ["subjectaccessreviews"]
    verbs: ["create"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: gateway
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: gateway }
subjects:
  - { kind: ServiceAccount, name: gateway, namespace: gateway }
`,
      references: [
        'https://kubernetes.io/docs/concepts/security/rbac-good-practices/#impersonate-verb',
        'https://kubernetes.io/docs/reference/access-authn-authz/authentication/#user-impersonation',
        'https://github.com/kubernetes/enhancements/tree/master/keps/sig-auth/5284-constrained-impersonation',
      ],
    },
  },
  probes: probes(STATIC_EXTRA_KEYS),
  check(ctx) {
    const severity = this.meta.severity;
    const groups = hitsByRule(ctx.model, probes(extraKeys(ctx.model)));
    const namesUsers = new Set(groups.filter((g) => g.hits.some((h) => LEGACY_USER_NAMES.includes(h.probe))).map((g) => g.role));
    const severityOf = (role: Role) => (hit: ProbeHit) => {
      if (!hit.grant.verbs.includes(LEGACY)) return lower(severity);
      return LEGACY_USER_NAMES.includes(hit.probe) || namesUsers.has(role) ? severity : lower(severity);
    };
    return groups.map((group) => {
      const legacy = group.hits.some((h) => h.grant.verbs.includes(LEGACY));
      const masters = ruleAllows(group.rule, { verb: LEGACY, apiGroup: '', resource: 'groups', name: MASTERS });
      const userPart = namesUsers.has(group.role) ? '' : ' once some other grant lets it impersonate a user name';
      const impact = legacy
        ? `the holder can act as those identities${userPart} and gets all of their rights${masters ? ' (the group system:masters included, which bypasses RBAC entirely)' : ''}`
        : 'constrained impersonation: the holder can act as those identities for the actions its impersonate-on grants allow';
      // With legacy impersonation granted, the constrained identities it also matches add nothing to say.
      const labels = legacy ? labelsOf(group.hits.filter((h) => h.grant.verbs.includes(LEGACY))) : undefined;
      return draftFor(group, severityOf(group.role), impact, { names: namesOf(group.rule.resourceNames), ...(labels ? { labels } : {}) });
    });
  },
});

function namesOf(names: readonly string[]): string {
  return names.length > 0 ? ` (only ${names.join(', ')})` : '';
}
