// Adversarial review: semantic RBAC diff on pairs the authors' tables do not have. What a subject
// may do is decided by the authorizer (rule.go VisitRulesFor + rbac.go RuleAllows); the diff must
// follow effective reach, not text. Sources per case; design = docs/design.md#outputs (the diff's atomic permissions)
// ("wildcards stay as written and are also matched semantically").
import { describe, expect, it } from 'vitest';
import type { Permission } from '../../src/diff/index.js';
import { diffOf as diff } from '../support/rules.js';
import { analysisOf } from '../diff/support.js';
import { clusterRole, crb, rb, rule } from '../support/objects.js';

const get = (resource: string, namespace?: string): Permission => ({ apiGroup: '', resource, verb: 'get', ...(namespace ? { namespace } : {}) });
const SA = { kind: 'ServiceAccount', name: 'sa', namespace: 'monitoring' };
const labelled = (name: string, rules: string, label: string) => clusterRole(name, rules, `  labels: { ${label}: "true" }\n`);
const aggregating = (name: string, label: string) =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\naggregationRule:\n  clusterRoleSelectors:\n    - matchLabels: { ${label}: "true" }\nrules: []\n---\n`;

describe('diff: effective reach, not text', () => {
  it('narrowing resources ["*"] to a list without nodes/proxy removes get nodes/proxy and get secrets from the subject (design: atomic permissions, wildcards matched semantically; helpers ResourceMatches "*")', () => {
    const d = diff(analysisOf(clusterRole('r', rule(['*'], ['*'], ['get'])) + crb('b', 'r')), analysisOf(clusterRole('r', rule([''], ['pods', 'nodes'], ['get'])) + crb('b', 'r')));
    const subject = d.subjects.find((s) => s.subject.name === 'sa');
    expect(subject?.reach.removed).toEqual(expect.arrayContaining([get('nodes/proxy'), get('secrets')]));
    expect(subject?.reach.added).toEqual([]);
    expect(d.verdict).toBe('less-risk');
  });

  it('narrowing ["*"] to a list that keeps nodes/proxy does not report nodes/proxy as removed (helpers ResourceMatches exact entry)', () => {
    const d = diff(analysisOf(clusterRole('r', rule([''], ['*'], ['get'])) + crb('b', 'r')), analysisOf(clusterRole('r', rule([''], ['nodes/proxy', 'pods'], ['get'])) + crb('b', 'r')));
    const reach = d.subjects.find((s) => s.subject.name === 'sa')?.reach;
    expect(reach?.removed).toContainEqual(get('secrets'));
    expect(reach?.removed).not.toContainEqual(get('nodes/proxy'));
  });

  it('"*" → "*/proxy" keeps nodes/proxy but drops nodes/metrics and secrets (helpers ResourceMatches "*/" + subresource)', () => {
    const d = diff(analysisOf(clusterRole('r', rule([''], ['*'], ['get'])) + crb('b', 'r')), analysisOf(clusterRole('r', rule([''], ['*/proxy'], ['get'])) + crb('b', 'r')));
    const reach = d.subjects.find((s) => s.subject.name === 'sa')?.reach;
    expect(reach?.removed).toEqual(expect.arrayContaining([get('nodes/metrics'), get('secrets')]));
    expect(reach?.removed).not.toContainEqual(get('nodes/proxy'));
  });

  it('splitting one rule into two with the same atoms is no RBAC change (rbac.go RulesAllow ORs rules)', () => {
    const d = diff(
      analysisOf(clusterRole('r', rule([''], ['nodes', 'nodes/metrics'], ['get', 'list'])) + crb('b', 'r')),
      analysisOf(clusterRole('r', rule([''], ['nodes'], ['get', 'list']) + rule([''], ['nodes/metrics'], ['list', 'get'])) + crb('b', 'r')),
    );
    expect({ objects: d.objects, subjects: d.subjects, verdict: d.verdict }).toEqual({ objects: [], subjects: [], verdict: 'no-rbac-change' });
  });

  it('reordering documents is no RBAC change', () => {
    const role = clusterRole('r', rule([''], ['nodes/proxy'], ['get']));
    const d = diff(analysisOf(role + crb('b', 'r')), analysisOf(crb('b', 'r') + role));
    expect({ objects: d.objects, subjects: d.subjects, verdict: d.verdict }).toEqual({ objects: [], subjects: [], verdict: 'no-rbac-change' });
  });

  it('moving a grant into an aggregated source role leaves the subject unchanged (clusterroleaggregation_controller syncClusterRole)', () => {
    const d = diff(
      analysisOf(clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r')),
      analysisOf(aggregating('r', 'example.com/agg') + labelled('src', rule([''], ['nodes/proxy'], ['get']), 'example.com/agg') + crb('b', 'r')),
    );
    expect(d.subjects).toEqual([]);
    expect(d.objects.find((o) => o.name === 'r')?.aggregationRule?.new).toEqual([{ matchLabels: { 'example.com/agg': 'true' }, matchExpressions: [] }]);
  });

  it('renaming a role and its binding (remove + add) leaves the subject unchanged (rule.go: effective rules only)', () => {
    const d = diff(
      analysisOf(clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r')),
      analysisOf(clusterRole('r2', rule([''], ['nodes/proxy'], ['get'])) + crb('b2', 'r2')),
    );
    expect(d.subjects).toEqual([]);
    expect(d.objects.map((o) => `${o.change} ${o.kind}/${o.name}`).sort()).toEqual(['added ClusterRole/r2', 'added ClusterRoleBinding/b2', 'removed ClusterRole/r', 'removed ClusterRoleBinding/b']);
  });

  it('changing only the subject namespace moves the grant to another identity (rule.go appliesToUser: MatchesUsername(ns, name))', () => {
    const role = clusterRole('r', rule([''], ['nodes/proxy'], ['get']));
    const d = diff(analysisOf(role + crb('b', 'r')), analysisOf(role + crb('b', 'r', '  - { kind: ServiceAccount, name: sa, namespace: other }')));
    expect(d.subjects.map((s) => ({ who: `${s.subject.namespace}/${s.subject.name}`, added: s.reach.added, removed: s.reach.removed }))).toEqual([
      { who: 'monitoring/sa', added: [], removed: [get('nodes/proxy')] },
      { who: 'other/sa', added: [get('nodes/proxy')], removed: [] },
    ]);
  });

  it('moving a RoleBinding to another namespace moves the namespaced grant (rule.go VisitRulesFor: RoleBindings of the request namespace)', () => {
    const role = clusterRole('r', rule([''], ['secrets'], ['get']));
    const subject = '  - { kind: ServiceAccount, name: sa, namespace: monitoring }';
    const d = diff(analysisOf(role + rb('a', 'b', 'ClusterRole', 'r', subject)), analysisOf(role + rb('c', 'b', 'ClusterRole', 'r', subject)));
    expect(d.subjects.map((s) => ({ subject: s.subject, added: s.reach.added, removed: s.reach.removed }))).toEqual([
      { subject: SA, added: [get('secrets', 'c')], removed: [get('secrets', 'a')] },
    ]);
  });

  it('adding get to a list/watch-only nodes/proxy grant is more risk (docs/design.md#severity-follows-effective-reach nodes-proxy: list/watch alone low)', () => {
    const d = diff(analysisOf(clusterRole('r', rule([''], ['nodes/proxy'], ['list'])) + crb('b', 'r')), analysisOf(clusterRole('r', rule([''], ['nodes/proxy'], ['list', 'get'])) + crb('b', 'r')));
    expect(d.subjects.find((s) => s.subject.name === 'sa')?.reach.added).toEqual([get('nodes/proxy')]);
    expect(d.verdict).toBe('more-risk');
  });

  it('turning a ClusterRoleBinding into a RoleBinding removes node reach (rule.go VisitRulesFor: nodes have namespace "")', () => {
    const role = clusterRole('r', rule([''], ['nodes/proxy'], ['get']));
    const d = diff(analysisOf(role + crb('b', 'r')), analysisOf(role + rb('monitoring', 'b', 'ClusterRole', 'r')));
    expect(d.subjects.find((s) => s.subject.name === 'sa')?.reach.removed).toContainEqual(get('nodes/proxy'));
    expect(d.verdict).toBe('less-risk');
  });

  it('narrowing verbs ["*"] to ["get"] on nodes/proxy removes create but keeps get (helpers VerbMatches "*")', () => {
    const d = diff(analysisOf(clusterRole('r', rule([''], ['nodes/proxy'], ['*'])) + crb('b', 'r')), analysisOf(clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r')));
    const reach = d.subjects.find((s) => s.subject.name === 'sa')?.reach;
    expect(reach?.removed).toContainEqual({ apiGroup: '', resource: 'nodes/proxy', verb: 'create' });
    expect(reach?.removed).not.toContainEqual(get('nodes/proxy'));
    expect(reach?.added).toEqual([]);
  });

  it('narrowing apiGroups ["*"] to [""] for nodes/proxy changes atoms but not reach (helpers APIGroupMatches: nodes are core)', () => {
    const d = diff(analysisOf(clusterRole('r', rule(['*'], ['nodes/proxy'], ['get'])) + crb('b', 'r')), analysisOf(clusterRole('r', rule([''], ['nodes/proxy'], ['get'])) + crb('b', 'r')));
    const subject = d.subjects.find((s) => s.subject.name === 'sa');
    expect(subject?.removed).toEqual([{ apiGroup: '*', resource: 'nodes/proxy', verb: 'get' }]);
    expect(subject?.reach).toEqual({ added: [], removed: [] });
  });
});
