// The rule API: everything a rule module in rules/ may use, and nothing else (eslint enforces it).
// A rule reads one render's RBAC model and evidence and returns finding drafts; see
// docs/architecture.md "Adding a rule".
export type * from '../types.js';
export { defineRule } from './rule.js';
export type { FindingDraft, RuleCategory, RuleContext, RuleDocs, RuleMeta, RuleModule } from './rule.js';
export { probeResource, probeScope, registeredProbes } from './probe.js';
export type { Probe, ProbeRequest, ProbeScope, RegisteredProbe } from './probe.js';
export { defineProbeRule } from './probe-rule.js';
export type { ProbeRuleSpec } from './probe-rule.js';
export { allowedOf, audience, draftFor, grantedText, hitsByRule, labelsOf, namesNote, reachSeverity, reachesClusterWide, reachesNamespace, roleLabel, rulePath } from './grant-findings.js';
export type { ProbeHit, RuleHits } from './grant-findings.js';
export { isAllWildcardRule, reasonLocation, riskOfRole, riskOfRules } from './grant-risk.js';
export type { GrantClass, GrantRisk, GrantScope } from './grant-risk.js';
export { FINE_GRAINED_KUBELET_SINCE, SUPPORT_WINDOW, assumptionText, chartKubeRange, compareMinors, kubeMinorsOf, kubeVersionsAssumed, minorOf } from './kube-version.js';
export { lower, severityRank, worst } from '../severity.js';
export { isRecord } from '../data.js';

// The exact Kubernetes semantics rules ask questions with.
export { RBAC_GROUP } from '../rbac/extract.js';
export { canI } from '../rbac/effective.js';
export { clusterCanI } from './cluster-access.js';
export { grantsFor } from '../rbac/grants.js';
export type { Grant } from '../rbac/grants.js';
export { DEAD_KUBELET_SUBRESOURCES, KUBELET_SUBRESOURCES, kubeletAuthorization, kubeletSubresourceSince, kubeletVerb } from '../rbac/kubelet.js';
export { apiGroupMatches, nonResourceURLMatches, parseResource, resourceMatches, ruleAllows, validatePolicyRule, verbMatches } from '../rbac/match.js';
export type { RbacModel } from '../rbac/model.js';
export { BUILTIN_AGGREGATES, allowedVerbs, grantedInNamespaceAnyway, isClusterScoped, reachOf, ruleAllowsSomeName } from '../rbac/reach.js';
export type { GrantReach } from '../rbac/reach.js';
export { selectorMatches } from '../rbac/selector.js';
export { ALL_SERVICE_ACCOUNTS, ANONYMOUS_USER, AUTHENTICATED, MASTERS, UNAUTHENTICATED, subjectLabel, uniqueSubjects } from '../rbac/subjects.js';
export { attributionOf, evidenceForSubjects, summarizeEvidence, summarizeOnce, unattributedEvidence } from '../evidence/index.js';
export type { Attribution, EvidenceSummary, Owner } from '../evidence/index.js';
export { ruleSet, runningOnly } from './rule-set.js';
export type { RuleSet } from './rule-set.js';
