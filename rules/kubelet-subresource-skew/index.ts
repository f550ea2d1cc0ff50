import { assumptionText, canI, compareMinors, defineRule, grantsFor, kubeMinorsOf, kubeVersionsAssumed, kubeletSubresourceSince, lower, ruleAllows, subjectLabel } from '../../src/rule-api/index.js';
import type { AuthzRequest, FindingDraft, FindingPermission, Grant, Role, RuleContext, Subject, TargetInfo } from '../../src/rule-api/index.js';

// With KubeletFineGrainedAuthz (beta, on by default since 1.33) the kubelet checks nodes/pods,
// nodes/healthz or nodes/configz first and falls back to nodes/proxy (auth.go, server.go
// InstallAuthFilter). Older kubelets, and newer ones with the gate off, check only nodes/proxy
// for those paths, so a grant of the fine-grained subresource alone is denied there (KEP-2862
// "Version skew"; docs/kubernetes.md#path-to-subresource, #fallback-to-proxy, docs/kubernetes.md#fine-grained-kubelet-authorization). nodes/statusz and nodes/checkpoint are not
// here: before they existed the kubelet did not serve those paths by default, so there is no
// older path that nodes/proxy would have authorized instead.

const SKEWED_PATHS: Readonly<Record<string, string>> = {
  pods: '/pods, /runningpods/',
  healthz: '/healthz',
  configz: '/configz',
};
const SKEWED = Object.keys(SKEWED_PATHS);
/** All three arrived together with the gate's beta (kubeletSubresourceSince). */
const SINCE = kubeletSubresourceSince['pods'] ?? '1.33';
/** A node name no rule lists: stands for "every node" when the grant has no resourceNames. */
const ANY_NODE = '\u0000any-node';

/**
 * Why the render may meet kubelets older than SINCE; empty when nothing says so (then: no
 * report). The versions a render stands for (kubeMinorsOf): a given --kube-version; else every
 * supported minor the chart's kubeVersion admits (src/kube-versions.ts), never the helm binary's
 * default. A chart whose templates branch on `.Capabilities.KubeVersion` is rendered at both
 * ends of that window and each render stands for its own version, so a grant the template
 * switches by version is judged where it is rendered.
 */
export function olderKubeletReasons(target: Pick<TargetInfo, 'kubeVersion' | 'chartKubeVersion' | 'kubeVersionSource' | 'kubeMinors'>): string[] {
  const minors = kubeMinorsOf(target);
  const older = minors.filter((m) => compareMinors(m, SINCE) < 0);
  if (older.length === 0) return [];
  if (!kubeVersionsAssumed(target)) return [`this render targets Kubernetes ${older.join(', ')}`];
  const constraint = target.chartKubeVersion ? `Chart.yaml kubeVersion ${JSON.stringify(target.chartKubeVersion)}` : 'no kubeVersion in Chart.yaml';
  return [`no Kubernetes version was given and the chart (${constraint}) is assumed to run on ${assumptionText(minors)}`];
}

const proxyRequest = (name: string): AuthzRequest => ({ verb: 'get', apiGroup: '', resource: 'nodes', subresource: 'proxy', name });

/** Subjects of the grant that could not fall back to get nodes/proxy on some granted node. */
function withoutProxy(ctx: RuleContext, grant: Grant): { missing: boolean; subjects: Subject[] } {
  const names = grant.rule.resourceNames.length > 0 ? grant.rule.resourceNames : [ANY_NODE];
  const roleHasProxy = names.every((n) => ctx.model.heldRules(grant.role).some((h) => ruleAllows(h.rule, proxyRequest(n))));
  if (roleHasProxy) return { missing: false, subjects: [] };
  const subjects = grant.reach.subjects.filter((s) => !names.every((n) => canI(ctx.model, s, { ...proxyRequest(n), namespace: '' })));
  const missing = grant.reach.subjects.length === 0 || subjects.length > 0;
  return { missing, subjects: grant.reach.subjects.length === 0 ? [] : subjects };
}

interface RuleGroup {
  role: Role;
  ruleIndex: number;
  grants: { sub: string; grant: Grant }[];
  /** Bound subjects that hold no nodes/proxy to fall back to. */
  lacking: Subject[];
}

/** Fine-grained grants without a nodes/proxy fallback, grouped by the rule that writes them. */
function skewedGrants(ctx: RuleContext): RuleGroup[] {
  const groups = new Map<string, RuleGroup>();
  for (const sub of SKEWED) {
    for (const grant of grantsFor(ctx.model, { apiGroup: '', resource: 'nodes', subresource: sub }, ['get'])) {
      if (grant.reach.reach === 'inert' || !grant.role.object) continue; // ineffective-rule reports inert grants
      const fallback = withoutProxy(ctx, grant);
      if (!fallback.missing) continue;
      const key = `${ctx.model.roles.indexOf(grant.role)}:${grant.ruleIndex}`;
      const group = groups.get(key) ?? { role: grant.role, ruleIndex: grant.ruleIndex, grants: [], lacking: fallback.subjects };
      group.grants.push({ sub, grant });
      groups.set(key, group);
    }
  }
  return [...groups.values()];
}

function draftFor(group: RuleGroup, reasons: readonly string[]): FindingDraft | null {
  const first = group.grants[0];
  const object = group.role.object;
  if (!first || !object) return null;
  const { grant } = first;
  const subs = group.grants.map((g) => g.sub);
  const names = grant.rule.resourceNames;
  const lacking = group.lacking;
  const to = lacking.length > 0 ? ` to ${lacking.map(subjectLabel).join(', ')}` : '';
  const permissions: FindingPermission[] = group.grants.map(({ grant: g }) => ({
    apiGroup: g.apiGroup,
    resource: g.resource,
    verbs: g.ruleVerbs,
    resourceNames: g.rule.resourceNames,
  }));
  return {
    severity: grant.reach.reach === 'latent' ? lower('low') : 'low',
    message:
      `${group.role.kind} ${group.role.name} rule ${group.ruleIndex + 1} grants get on ${subs.map((s) => `nodes/${s}`).join(', ')}${to} without nodes/proxy, ` +
      `but ${reasons.join(' and ')}: kubelets older than ${SINCE} (or with KubeletFineGrainedAuthz off) check only nodes/proxy for ${subs.map((s) => SKEWED_PATHS[s]).join(', ')}, so those requests are denied there.`,
    object,
    path: `rules.${grant.ruleIndex}.resources.${grant.resourceIndex}`,
    subjects: grant.reach.subjects,
    permissions,
    fix: {
      summary:
        `Either declare \`kubeVersion: ">=${SINCE}.0-0"\` in Chart.yaml, or grant get on nodes/proxy only where the fine-grained subresources do not exist: ` +
        `wrap the rule below in \`{{- if semverCompare "<${SINCE}-0" .Capabilities.KubeVersion.Version }}\` (opentelemetry-operator 0.107.1 branches the same way). ` +
        `nodes/proxy is kubelet exec on every node, so prefer the constraint; and remember that kubelets may lag the control plane by up to three minor versions.`,
      rules: [{ apiGroups: [''], resources: ['nodes/proxy'], verbs: ['get'], resourceNames: [...names], nonResourceURLs: [] }],
      minKubernetesVersion: SINCE,
    },
    key: `skew:${[...subs].sort().join(',')}:${[...names].sort().join(',')}`,
  };
}

export default defineRule({
  meta: {
    id: 'kubelet-subresource-skew',
    severity: 'low',
    category: 'kubelet',
    docs: {
      summary: 'Grants nodes/pods, nodes/healthz or nodes/configz without nodes/proxy while the chart may run against kubelets older than 1.33.',
      rationale:
        'Kubernetes 1.33 turned on fine-grained kubelet authorization (KEP-2862, `KubeletFineGrainedAuthz`, GA in 1.36): the kubelet checks `nodes/pods` for `/pods` and `/runningpods/`, `nodes/healthz` for `/healthz` and `nodes/configz` for `/configz`, and falls back to `nodes/proxy`. ' +
        'Older kubelets (and newer ones with the gate off) know only `nodes/proxy` for these paths, so a workload granted just `nodes/pods` gets 403 there. ' +
        'The rule reports when the chart may meet such kubelets: a given `--kube-version` (or config `kubeVersion`) below 1.33, or, when none is given, a chart whose Chart.yaml `kubeVersion` admits a supported minor below 1.33; ' +
        'a chart without `kubeVersion` is assumed to run on every minor still supported upstream or by EKS, GKE or AKS extended support (1.32–1.37 as of 2026-12-08), never on whatever the helm binary renders by default. ' +
        'A chart whose templates branch on `.Capabilities.KubeVersion` is rendered at both ends of that window, so a grant the template already switches by version is not reported. ' +
        'Note that `.Capabilities.KubeVersion` is the API server\'s version; kubelets may be up to three minor versions older during upgrades.',
      fix:
        'Declare `kubeVersion: ">=1.33.0-0"` in Chart.yaml, or keep `nodes/proxy` for older clusters only: ' +
        '`{{- if semverCompare ">=1.33-0" .Capabilities.KubeVersion.Version }} nodes/pods {{- else }} nodes/proxy {{- end }}` (opentelemetry-operator 0.107.1). ' +
        'Since `get nodes/proxy` is kubelet exec, the constraint is the safer fix.',
      bad: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: log-agent
rules:
  - apiGroups: [""]
    resources: ["nodes/pods", "nodes/metrics"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: log-agent
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: log-agent }
subjects:
  - { kind: ServiceAccount, name: log-agent, namespace: monitoring }
`,
      // Rendered for 1.32 by a template that grants nodes/proxy only below 1.33 (it renders nodes/pods alone on 1.33+).
      good: `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: log-agent
rules:
  - apiGroups: [""]
    resources: ["nodes/pods", "nodes/proxy", "nodes/metrics"]
    verbs: ["get"]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: log-agent
roleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: log-agent }
subjects:
  - { kind: ServiceAccount, name: log-agent, namespace: monitoring }
`,
      exampleKubeVersion: '1.32.0',
      references: [
        'https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/2862-fine-grained-kubelet-authz',
        'https://kubernetes.io/docs/reference/access-authn-authz/kubelet-authn-authz/#fine-grained-authorization',
        'https://kubernetes.io/releases/version-skew-policy/#kubelet',
        'https://helm.sh/docs/topics/charts/#the-chartyaml-file',
      ],
    },
  },
  check(ctx) {
    const reasons = olderKubeletReasons(ctx.target);
    if (reasons.length === 0) return [];
    return skewedGrants(ctx).flatMap((g) => draftFor(g, reasons) ?? []);
  },
});
