import {
  compareMinors,
  evidenceForSubjects,
  kubeMinorsOf,
  kubeletAuthorization,
  kubeletSubresourceSince,
  subjectLabel,
  summarizeEvidence,
  summarizeOnce,
  unattributedEvidence,
} from '../../src/rule-api/index.js';
import type { Evidence, EvidenceSummary, Fix, FixConfidence, ObjectRef, ParsedObject, PolicyRule, RuleContext, Subject } from '../../src/rule-api/index.js';
import { commentEvidence, commentSwitch, datadogAgentsAnnotated, noneFound, operatorSignal, type OperatorSignal } from './signals.js';

// Evidence-based advice for nodes/proxy (docs/design.md#fix-advice-from-evidence, issue #14): what the workload really
// asks the kubelet for decides what to grant instead, and the advice never breaks a workload.
// - Configuration of a known client proves the paths (confidence high).
// - A path only nodes/proxy authorizes behind a feature (container log streaming): keep it, say
//   why and name the setting that turns the feature off.
// - An operator holds nodes/proxy to hand it to the agents it creates (escalation prevention):
//   say so and name its switch (confidence medium).
// - A comment beside the grant naming a kubelet path (confidence medium).
// - Nothing found (confidence low): say what was searched, that agents call the kubelet from code,
//   and give the staged path: grant the fine-grained subresources beside nodes/proxy, watch for
//   403s, then drop nodes/proxy. Never a bare "remove it".

/** What the common kubelet clients read: /metrics*, /stats/summary, /pods. */
const COMMON_NEEDS = ['metrics', 'stats', 'pods'] as const;
const DIRECT_EXAMPLE = 'kubernetes_sd_configs role: node, scheme: https, the node address on the kubelet port (10250), metrics_path /metrics or /metrics/cadvisor';

function rule(subresources: readonly string[]): PolicyRule[] {
  if (subresources.length === 0) return [];
  const get = subresources.filter((s) => s !== 'checkpoint');
  const out: PolicyRule[] = [];
  if (get.length > 0) out.push({ apiGroups: [''], resources: get.map((s) => `nodes/${s}`), verbs: ['get'], resourceNames: [], nonResourceURLs: [] });
  if (subresources.includes('checkpoint')) out.push({ apiGroups: [''], resources: ['nodes/checkpoint'], verbs: ['create'], resourceNames: [], nonResourceURLs: [] });
  return out;
}

function minVersion(subresources: readonly string[]): string | null {
  let best: string | null = null;
  for (const s of subresources) {
    const v = kubeletSubresourceSince[s] ?? null;
    if (v && (!best || compareMinors(v, best) > 0)) best = v;
  }
  return best;
}

/** First fine-grained subresource the kubelet checks for a path: what to grant instead of proxy. */
function fineGrained(e: Evidence): string | null {
  const s = e.subresources[0];
  return s && s !== 'proxy' ? s : null;
}

const uniqSorted = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();
const grants = (subs: readonly string[]): string => subs.map((s) => `nodes/${s}`).join(', ');
const quote = (e: Evidence): string => `${e.object.kind} ${e.object.name} (${e.path}: ${e.text})`;

export interface KubeletAdvice {
  fix: Fix;
  evidence: Evidence[];
  /** How many of the render's unattributed evidence entries the advice weighed (0: none). */
  unattributedEvidence: number;
}

/** The grant the advice is about, for the comments beside it and for naming the role. */
export interface GrantAt {
  role: ObjectRef;
  object: ParsedObject | null;
  rulePath: string;
  resourcePath: string;
}

/** What kubelets older than 1.33 mean for a replacement that needs fine-grained subresources. */
function skewNote(ctx: RuleContext, needed: readonly string[]): string {
  const since = minVersion(needed);
  if (!since) return '';
  const minors = kubeMinorsOf(ctx.target);
  const older = minors.filter((m) => compareMinors(m, since) < 0);
  const fine = grants(needed.filter((s) => kubeletSubresourceSince[s]));
  if (older.length === 0) return ` ${fine} ${needed.filter((s) => kubeletSubresourceSince[s]).length === 1 ? 'needs' : 'need'} kubelets at ${since} or newer (KubeletFineGrainedAuthz), which every version this render stands for has.`;
  return (
    ` ${fine} ${needed.filter((s) => kubeletSubresourceSince[s]).length === 1 ? 'needs' : 'need'} kubelets at ${since} or newer (KubeletFineGrainedAuthz); this render stands for Kubernetes ${minors[0]}–${minors.at(-1)}, ` +
    `so keep nodes/proxy where kubelets are older: wrap it in {{- if semverCompare "<${since}-0" .Capabilities.KubeVersion.Version }} (opentelemetry-operator 0.107.1 does), or declare kubeVersion: ">=${since}.0-0" in Chart.yaml.`
  );
}

const STAGED = (subs: readonly string[]): string =>
  `Safe path: grant ${grants(subs)} beside nodes/proxy (the kubelet tries the fine-grained subresource first and falls back to nodes/proxy, KEP-2862), ` +
  `run a release and watch the workload's logs and the kubelet/API server audit for 403s, then drop nodes/proxy.`;

function fix(summary: string, subs: readonly string[], confidence: FixConfidence): Fix {
  return { summary, rules: rule(subs), minKubernetesVersion: minVersion(subs), confidence };
}

function apiserverProxyFix(ctx: RuleContext, summary: EvidenceSummary, whose: string, confidence: FixConfidence): Fix {
  const wanted = uniqSorted(summary.apiserverProxy.map(fineGrained).filter((s): s is string => s !== null));
  const direct = wanted.length > 0 ? wanted : ['metrics'];
  const first = summary.apiserverProxy[0] as Evidence;
  return fix(
    `nodes/proxy is still needed while ${whose}${quote(first)} scrapes the kubelet through the API server's node proxy, ` +
      `which is always authorized as nodes/proxy (fine-grained kubelet authorization cannot help there). ` +
      `Scrape the kubelet directly instead (${DIRECT_EXAMPLE}), as the prometheus chart did in 28.7.0, ` +
      `then replace nodes/proxy with ${grants(direct)}. Change both together or scraping breaks.${skewNote(ctx, direct)}`,
    direct,
    confidence,
  );
}

function proxyOnlyFix(summary: EvidenceSummary): Fix {
  const features = new Map<string, Evidence>();
  for (const e of summary.proxyOnly) if (e.feature && !features.has(e.feature.name)) features.set(e.feature.name, e);
  const other = summary.proxyOnly.filter((e) => !e.feature);
  const after = summary.neededSubresources;
  const parts = [...features.values()].map(
    (e) => `${e.feature?.name} reads ${e.kubeletPath} (${quote(e)}), which only nodes/proxy authorizes (no fine-grained subresource covers it): keep nodes/proxy while it is on. To turn it off: ${e.feature?.off}.`,
  );
  if (other.length > 0) {
    const first = other[0] as Evidence;
    parts.push(`The workload calls ${uniqSorted(other.map((e) => e.kubeletPath ?? '')).join(', ')} (${quote(first)}), which only nodes/proxy authorizes: it really needs nodes/proxy; restrict it with resourceNames where possible and keep the verbs to get.`);
  }
  if (after.length > 0) parts.push(`Once no such feature is on, ${grants(after)} ${after.length === 1 ? 'is' : 'are'} all the rest of its kubelet calls need${features.size > 0 ? ' (the rules below)' : ''}.`);
  return { summary: parts.join(' '), rules: features.size > 0 ? rule(after) : [], minKubernetesVersion: features.size > 0 ? minVersion(after) : null, confidence: 'high' };
}

function directFix(ctx: RuleContext, summary: EvidenceSummary, evidence: readonly Evidence[], comments: readonly Evidence[]): Fix {
  const needed = summary.neededSubresources;
  const unknown = summary.unknownPaths;
  const nriFallback = evidence.some((e) => e.client === 'new-relic')
    ? ' nri-kubernetes retries through the API-server node proxy when its direct connection probe fails; without nodes/proxy that retry fails too, so the probe path must be granted.'
    : '';
  // A comment beside the grant naming a path the configuration does not show (netdata: nodes/proxy
  // "when querying Kubelet /pods endpoint", a call its cgroup script makes from code).
  const said = comments.filter((e) => e.kubeletPath && !evidence.some((c) => c.kubeletPath === e.kubeletPath));
  const saidSubs = uniqSorted(said.map(fineGrained).filter((s): s is string => s !== null && !needed.includes(s)));
  if (unknown.length > 0 || saidSubs.length > 0) {
    const subs = uniqSorted([...needed, ...saidSubs, ...(unknown.length > 0 ? COMMON_NEEDS : [])]);
    const why = [
      ...(unknown.length > 0 ? [`it also calls the kubelet at paths its configuration does not show (${quote(unknown[0] as Evidence)})`] : []),
      ...(saidSubs.length > 0 ? [`a comment beside this grant says it is used for ${uniqSorted(said.map((e) => e.kubeletPath ?? '')).join(', ')} (${said[0]?.text ?? ''}), which ${grants(saidSubs)} would serve`] : []),
    ];
    return fix(`The configuration shows calls that need ${grants(needed)}; ${why.join('; and ')}. ${STAGED(subs)}${skewNote(ctx, subs)}${nriFallback}`, subs, 'medium');
  }
  return fix(
    `The workload talks to the kubelet directly and only needs ${grants(needed)}; replace nodes/proxy with ${needed.length === 1 ? 'it' : 'them'}.${skewNote(ctx, needed)}${nriFallback}`,
    needed,
    'high',
  );
}

function operatorFix(ctx: RuleContext, op: OperatorSignal): Fix {
  const holder = subjectLabel(op.subject);
  const why =
    `${holder} is an operator that writes ClusterRoles for the agents it creates; Kubernetes' RBAC escalation prevention lets a subject without the escalate verb grant only permissions it holds itself, ` +
    `so it holds nodes/proxy to hand it on. Removing it from this role makes the operator's writes of its agents' ClusterRoles fail (forbidden: attempting to grant RBAC permissions not currently held), which breaks those agents.`;
  if (op.kind === 'datadog') {
    const { annotated, missing } = datadogAgentsAnnotated(ctx.objects);
    const shown =
      missing.length > 0
        ? ` This render's DatadogAgent ${missing.join(', ')} ${missing.length === 1 ? 'lacks' : 'lack'} the annotation.`
        : annotated.length > 0
          ? ` Every DatadogAgent in this render (${annotated.join(', ')}) has it already.`
          : '';
    return fix(
      `${why} The switch: annotate every DatadogAgent with agent.datadoghq.com/fine-grained-kubelet-authorization-enabled: "true" (Datadog Operator 1.20+), so the agents get nodes/pods, nodes/healthz and nodes/configz instead, ` +
        `then set clusterRole.kubeletFineGrainedAuthorization=true on the datadog-operator chart (operator.clusterRole.kubeletFineGrainedAuthorization in the datadog chart), which drops nodes/proxy from this role. Both need kubelets at 1.33 or newer.${shown}`,
      ['pods', 'healthz', 'configz'],
      'medium',
    );
  }
  if (op.kind === 'opentelemetry') {
    const auto = op.writesRoles
      ? 'It writes a ClusterRole per collector (automatic RBAC, manager.createRbacPermissions) and gives kubelet stats receivers that read /pods (extra_metadata_labels, *_utilization metrics) get on nodes/proxy.'
      : 'It writes collectors\' ClusterRoles only with manager.createRbacPermissions=true (then it needs this grant to hand on to kubelet stats receivers); in this render it cannot write ClusterRoles, so the grant is unused by the operator until that is turned on.';
    return fix(
      `${why} ${auto} The switch: opentelemetry-operator chart 0.107.1 and later grant nodes/pods instead of nodes/proxy on Kubernetes 1.33+ (its clusterrole.yaml branches on .Capabilities.KubeVersion); ` +
        `kubelet stats receivers need nodes/pods (1.33+) and nodes/stats.`,
      ['pods', 'stats'],
      'medium',
    );
  }
  return fix(
    `${why} Find the operator's setting that makes its agents use the fine-grained kubelet subresources (nodes/metrics, nodes/stats, nodes/pods, …), turn it on, and only then drop nodes/proxy from this role. ${STAGED([...COMMON_NEEDS])}`,
    [...COMMON_NEEDS],
    'medium',
  );
}

function commentFix(ctx: RuleContext, comments: readonly Evidence[], switchHint: string | null): Fix {
  const proxyOnly = comments.filter((e) => e.subresources[0] === 'proxy');
  const subs = uniqSorted(comments.map(fineGrained).filter((s): s is string => s !== null));
  const said = `A comment beside this grant says what it is for (${comments[0]?.text ?? ''})`;
  const hint = switchHint ? ` The comment names a setting: ${switchHint}.` : '';
  if (proxyOnly.length > 0 && subs.length === 0) {
    return fix(`${said}: ${uniqSorted(proxyOnly.map((e) => e.kubeletPath ?? '')).join(', ')}, which only nodes/proxy authorizes; keep it while that is used.${hint}`, [], 'medium');
  }
  return fix(`${said}: ${grants(subs)} would serve ${uniqSorted(comments.map((e) => e.kubeletPath ?? '')).join(', ')}. The configuration does not show the call, so: ${STAGED(subs)}${skewNote(ctx, subs)}${hint}`, subs, 'medium');
}

function unattributedFix(ctx: RuleContext, summary: EvidenceSummary, count: number, who: string): Fix {
  const where = `${count} kubelet-access ${count === 1 ? 'entry' : 'entries'} of this render ${count === 1 ? 'belongs' : 'belong'} to no workload of the chart (JSON: targets[].unattributedEvidence)`;
  if (summary.apiserverProxy.length > 0) return { ...apiserverProxyFix(ctx, summary, `whatever runs it (${where}; if ${who} does) `, 'low'), confidence: 'low' };
  const subs = uniqSorted([...summary.neededSubresources, ...COMMON_NEEDS]);
  return fix(`Nothing the chart runs as ${who} shows kubelet calls, but ${where}; if ${who} runs them, it needs ${grants(summary.neededSubresources.length > 0 ? summary.neededSubresources : [...COMMON_NEEDS])}. ${STAGED(subs)}${skewNote(ctx, subs)}`, subs, 'low');
}

function noneFoundFix(ctx: RuleContext, who: string): Fix {
  const subs = [...COMMON_NEEDS];
  return fix(
    `No rendered configuration shows how ${who} uses the kubelet, but agents often call it from code (some fall back to the API-server node proxy in code, where no configuration shows it), so removing nodes/proxy could break them. ` +
      `${STAGED(subs)} (nodes/metrics serves /metrics*, nodes/stats /stats/summary, nodes/pods /pods.)${skewNote(ctx, subs)}`,
    subs,
    'low',
  );
}

function subresourcesOf(path: string): string[] {
  return kubeletAuthorization(path, 'GET', { fineGrained: true }).subresources;
}

/** The advice for one nodes/proxy grant held by `subjects` (a latent role: none). */
export function nodesProxyAdvice(ctx: RuleContext, subjects: readonly Subject[], grant: GrantAt): KubeletAdvice {
  const sas = subjects.filter((s) => s.kind === 'ServiceAccount').map((s) => ({ namespace: s.namespace ?? '', name: s.name }));
  const attributed = sas.length > 0 ? evidenceForSubjects(ctx.evidence, ctx.objects, sas) : [];
  const summary = summarizeEvidence(attributed);
  const who = subjects.length > 0 ? subjects.map(subjectLabel).join(', ') : 'whoever binds this role';
  const comments = commentEvidence(grant.object, grant.rulePath, grant.resourcePath, subresourcesOf);
  const op = subjects.length > 0 ? operatorSignal(ctx.model, subjects, grant.role, grant.object, grant.rulePath) : null;
  const base = { evidence: [...attributed, ...comments, ...(op ? [op.evidence] : [])], unattributedEvidence: 0 };

  if (summary.apiserverProxy.length > 0) return { ...base, fix: apiserverProxyFix(ctx, summary, '', 'high') };
  if (summary.needsProxy) return { ...base, fix: proxyOnlyFix(summary) };
  if (summary.neededSubresources.length > 0) return { ...base, fix: directFix(ctx, summary, attributed, comments) };
  if (op) return { ...base, fix: operatorFix(ctx, op) };
  if (summary.unknownPaths.length > 0) return { ...base, fix: directFix(ctx, summary, attributed, comments) };
  if (comments.length > 0) return { ...base, fix: commentFix(ctx, comments, commentSwitch(grant.object, grant.rulePath, grant.resourcePath)) };

  const unattributed = unattributedEvidence(ctx.evidence, ctx.objects);
  const shared = summarizeOnce(unattributed);
  if (shared.apiserverProxy.length + shared.direct.length > 0) {
    return { ...base, unattributedEvidence: unattributed.length, fix: unattributedFix(ctx, shared, unattributed.length, who) };
  }
  return { ...base, evidence: [...base.evidence, noneFound(grant.role, grant.object, grant.rulePath, subjects)], fix: noneFoundFix(ctx, who) };
}

