import { describe, expect, it } from 'vitest';
import { compareSeverityMultisets, diffFindings, verdictOf } from '../../src/diff/findings.js';
import type { Finding, Severity } from '../../src/types.js';

// The verdict is defined in src/diff/findings.ts (docs/design.md#outputs leaves the weighing to us):
// severities introduced vs resolved, most severe first, first difference decides.

function finding(fingerprint: string, severity: Severity, suppressed = false): Finding {
  return {
    ruleId: 'nodes-proxy',
    severity,
    message: fingerprint,
    target: 0,
    object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', name: fingerprint, namespace: null },
    source: { file: null, line: null },
    renderedLine: null,
    subjects: [],
    permissions: [],
    evidence: [],
    fix: null,
    suppressed,
    fingerprint,
  };
}

describe('compareSeverityMultisets', () => {
  const cases: { name: string; a: Severity[]; b: Severity[]; sign: -1 | 0 | 1 }[] = [
    { name: 'nothing on either side', a: [], b: [], sign: 0 },
    { name: 'one critical introduced', a: ['critical'], b: [], sign: 1 },
    { name: 'one low resolved', a: [], b: ['low'], sign: -1 },
    { name: 'critical resolved, low introduced (prometheus-style fix with a new skew warning)', a: ['low'], b: ['critical'], sign: -1 },
    { name: 'a more severe entry outweighs any number of lesser ones', a: ['high', 'high', 'high'], b: ['critical'], sign: -1 },
    { name: 'equal heads, the longer list weighs more', a: ['critical', 'low'], b: ['critical'], sign: 1 },
    { name: 'same multiset in another order', a: ['info', 'critical', 'medium'], b: ['medium', 'info', 'critical'], sign: 0 },
  ];
  it.each(cases)('$name', ({ a, b, sign }) => {
    expect(Math.sign(compareSeverityMultisets(a, b))).toBe(sign);
    expect(Math.sign(compareSeverityMultisets(b, a))).toBe(-sign || 0);
  });
});

describe('diffFindings + verdictOf', () => {
  const cases: { name: string; old: Finding[]; new: Finding[]; rbacChanged: boolean; verdict: string; introduced: string[]; resolved: string[] }[] = [
    { name: 'identical findings, no RBAC change', old: [finding('a', 'critical')], new: [finding('a', 'critical')], rbacChanged: false, verdict: 'no-rbac-change', introduced: [], resolved: [] },
    { name: 'identical findings, RBAC changed', old: [finding('a', 'critical')], new: [finding('a', 'critical')], rbacChanged: true, verdict: 'same-risk', introduced: [], resolved: [] },
    { name: 'new finding', old: [], new: [finding('a', 'low')], rbacChanged: true, verdict: 'more-risk', introduced: ['a low'], resolved: [] },
    { name: 'finding gone', old: [finding('a', 'high')], new: [], rbacChanged: true, verdict: 'less-risk', introduced: [], resolved: ['a high'] },
    { name: 'one critical swapped for another', old: [finding('a', 'critical')], new: [finding('b', 'critical')], rbacChanged: true, verdict: 'same-risk', introduced: ['b critical'], resolved: ['a critical'] },
    { name: 'severity rose on the same fingerprint (latent role now bound)', old: [finding('a', 'high')], new: [finding('a', 'critical')], rbacChanged: true, verdict: 'more-risk', introduced: ['a critical'], resolved: [] },
    { name: 'severity dropped on the same fingerprint', old: [finding('a', 'critical')], new: [finding('a', 'low')], rbacChanged: true, verdict: 'less-risk', introduced: [], resolved: ['a critical'] },
    { name: 'suppressed introduced findings do not weigh', old: [], new: [finding('a', 'critical', true)], rbacChanged: true, verdict: 'same-risk', introduced: ['a critical'], resolved: [] },
  ];
  it.each(cases)('$name', ({ old, new: next, rbacChanged, verdict, introduced, resolved }) => {
    const d = diffFindings(old, next);
    expect(d.introduced.map((f) => `${f.fingerprint} ${f.severity}`)).toEqual(introduced);
    expect(d.resolved.map((f) => `${f.fingerprint} ${f.severity}`)).toEqual(resolved);
    expect(verdictOf(d, rbacChanged)).toBe(verdict);
  });

  it('a severity change says from → to', () => {
    expect(diffFindings([finding('a', 'high')], [finding('a', 'critical')]).introduced[0]?.severityChange).toEqual({ from: 'high', to: 'critical' });
    expect(diffFindings([finding('a', 'critical')], [finding('a', 'low')]).resolved[0]?.severityChange).toEqual({ from: 'critical', to: 'low' });
  });
});
