// The assumed Kubernetes versions (src/kube-versions.ts). Window as of 2026-12-08: upstream
// 1.35–1.37 (kubernetes.io/releases), EKS extended support keeps 1.32 until 2027-03-23 and ended
// 1.31 on 2026-11-26 (EKS release calendar), GKE Extended channel ~24 months, AKS LTS two years.
import { describe, expect, it } from 'vitest';
import { SUPPORT_WINDOW, assumedMinors, assumedRenderVersions, kubeMinorsOf, minorOf, renderVersionFor } from '../src/kube-versions.js';

describe('the supported window', () => {
  it('reaches kubelets without fine-grained authorization (below 1.33), up to the newest release', () => {
    expect([SUPPORT_WINDOW.oldest, SUPPORT_WINDOW.newest]).toEqual(['1.32', '1.37']);
    expect(assumedMinors(null)).toEqual(['1.32', '1.33', '1.34', '1.35', '1.36', '1.37']);
  });

  it.each([
    { constraint: '>=1.19.0-0', minors: ['1.32', '1.33', '1.34', '1.35', '1.36', '1.37'], why: 'prometheus 28.6.1: the window' },
    { constraint: '>=1.33.0-0', minors: ['1.33', '1.34', '1.35', '1.36', '1.37'], why: 'the documented fix for kubelet skew' },
    { constraint: '>=1.30.0-0, <1.35.0-0', minors: ['1.32', '1.33', '1.34'], why: 'Masterminds comma = AND' },
    { constraint: '>=1.32.3', minors: ['1.32', '1.33', '1.34', '1.35', '1.36', '1.37'], why: 'a patch floor still admits 1.32 (rendered at a late patch)' },
    { constraint: 'not a range', minors: ['1.32', '1.33', '1.34', '1.35', '1.36', '1.37'], why: 'unreadable: the window' },
    { constraint: '>=1.40.0-0', minors: [], why: 'nothing of the window' },
  ])('assumedMinors($constraint): $why', ({ constraint, minors }) => {
    expect(assumedMinors(constraint)).toEqual(minors);
  });

  it.each([
    { constraint: null, branches: false, versions: ['1.37.0'], why: 'one render at the newest minor' },
    { constraint: null, branches: true, versions: ['1.37.0', '1.32.0'], why: 'RBAC that branches on the version: both ends, newest first' },
    { constraint: '>=1.33.0-0', branches: true, versions: ['1.37.0', '1.33.0'], why: 'within the chart constraint' },
    { constraint: '>=1.32.3', branches: true, versions: ['1.37.0', '1.32.100'], why: 'a late patch where .0 is refused' },
    { constraint: '>=1.40.0-0', branches: false, versions: ['1.40.0'], why: 'a chart made for later minors: its oldest' },
  ])('assumedRenderVersions: $why', ({ constraint, branches, versions }) => {
    expect(assumedRenderVersions(constraint, branches)).toEqual(versions);
  });

  it.each([
    ['1.32', '>=1.32.3', '1.32.100'],
    ['1.31', '>=1.32.0-0', null],
    ['1.33', null, '1.33.0'],
  ])('renderVersionFor(%s, %s) = %s', (minor, constraint, expected) => {
    expect(renderVersionFor(minor, constraint)).toBe(expected);
  });

  it.each([
    { target: { kubeVersion: '1.35.0', chartKubeVersion: null }, minors: ['1.35'], why: 'a given version stands for itself' },
    { target: { kubeVersion: '1.37.0', kubeVersionSource: 'assumed' as const, chartKubeVersion: '>=1.34.0-0' }, minors: ['1.34', '1.35', '1.36', '1.37'], why: 'assumed: the window within the constraint' },
    { target: { kubeVersion: null, chartKubeVersion: null }, minors: assumedMinors(null), why: 'a manifest: the window' },
    { target: { kubeVersion: '1.32.0', kubeVersionSource: 'assumed' as const, chartKubeVersion: null, kubeMinors: ['1.32'] }, minors: ['1.32'], why: 'recorded by the render planner' },
  ])('kubeMinorsOf: $why', ({ target, minors }) => {
    expect(kubeMinorsOf(target)).toEqual(minors);
  });

  it.each([
    ['v1.32.4', '1.32'],
    ['1.33.0-eks.1', '1.33'],
    ['garbage', null],
  ])('minorOf(%s) = %s', (v, m) => {
    expect(minorOf(v)).toBe(m);
  });
});
