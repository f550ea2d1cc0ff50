import { describe, expect, it } from 'vitest';
import { applyDependencyPolicy, failsAt, thresholdFor } from '../../src/engine/dependencies.js';
import type { DependencyPolicy } from '../../src/config/schema.js';
import type { Finding } from '../../src/types.js';
import { testTarget } from '../support/objects.js';
import { finding } from '../report/fixture.js';

const inSubchart = (file: string, name: string, overrides: Partial<Finding> = {}): Finding =>
  finding({ source: { file, line: 3 }, dependency: { name, version: '1.0.0', path: file.slice(0, file.indexOf('/templates/')) }, ...overrides });
const render = (dependencies: DependencyPolicy) => [{ target: testTarget({ id: 0, renderer: 'helm v4.1.4' }), config: { file: '/repo/.helm-rbac-lint.yaml', dependencies } }];
const policy = (p: Partial<DependencyPolicy>): DependencyPolicy => ({ mode: 'report', failOn: null, charts: [], ...p });
const rule = (chart: string, mode: 'report' | 'warn' | 'ignore', reason = 'r', failOn: 'critical' | null = null) => ({ chart, mode, failOn, reason, index: 0, line: 3 });

describe('thresholdFor / failsAt: a dependency threshold only ever loosens the run', () => {
  const cases: { own: Finding['failOn']; run: 'high' | 'critical' | 'low' | 'never'; expected: string }[] = [
    { own: undefined, run: 'high', expected: 'high' },
    { own: 'never', run: 'high', expected: 'never' },
    { own: 'critical', run: 'high', expected: 'critical' },
    { own: 'low', run: 'high', expected: 'high' },
    { own: 'low', run: 'never', expected: 'never' },
  ];
  it.each(cases)('own $own, run $run → $expected', ({ own, run, expected }) => {
    expect(thresholdFor({ failOn: own }, run)).toBe(expected);
  });

  it('suppressed findings never fail', () => {
    expect(failsAt({ suppressed: true, severity: 'critical' }, 'info')).toBe(false);
    expect(failsAt({ suppressed: false, severity: 'high', failOn: 'never' }, 'info')).toBe(false);
    expect(failsAt({ suppressed: false, severity: 'high' }, 'high')).toBe(true);
  });
});

describe('applyDependencyPolicy', () => {
  const own = finding();
  const ksm = inSubchart('charts/kube-state-metrics/templates/role.yaml', 'kube-state-metrics');
  const nested = inSubchart('charts/stack/charts/agent/templates/role.yaml', 'agent', { fingerprint: '5'.repeat(32) });

  it('leaves the chart\'s own findings alone and applies the default mode to subcharts', () => {
    const { findings } = applyDependencyPolicy([own, ksm], render(policy({ mode: 'warn' })));
    expect(findings[0]).toBe(own);
    expect(findings[1]?.failOn).toBe('never');
  });

  it('a per-subchart entry wins over the default, matches any subchart on the way, and records its reason', () => {
    const { findings } = applyDependencyPolicy([ksm, nested], render(policy({ mode: 'ignore', charts: [rule('stack', 'warn', 'vendored stack')] })));
    expect(findings[0]?.suppression).toEqual({ by: 'config', reason: 'dependencies: ignore in /repo/.helm-rbac-lint.yaml' });
    expect(findings[1]?.failOn).toBe('never');
    expect(findings[1]?.dependency?.reason).toBe('vendored stack');
  });

  it('report with a threshold of its own', () => {
    const { findings } = applyDependencyPolicy([ksm], render(policy({ failOn: 'critical' })));
    expect(findings[0]?.failOn).toBe('critical');
  });

  it('an entry that matched nothing is a notice, once per config file', () => {
    const { notices } = applyDependencyPolicy([ksm], render(policy({ charts: [rule('kube-state-metrics', 'warn'), { ...rule('missing', 'warn'), index: 1, line: 4 }] })));
    expect(notices.map((n) => `${n.line} ${n.message}`)).toEqual(['4 dependencies.charts[1] (chart missing, mode warn) matched no finding of a vendored subchart; remove it']);
  });
});
