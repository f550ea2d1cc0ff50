import { describe, expect, it } from 'vitest';
import { failOnFor, renderOptionsFor, ruleSeverityFor } from '../../src/config/apply.js';
import type { LintConfig } from '../../src/config/schema.js';
import type { RenderOptions } from '../../src/render/index.js';

const config: LintConfig = {
  file: '/repo/.helm-rbac-lint.yaml',
  rules: { 'nodes-proxy': 'high', 'ineffective-rule': 'off' },
  exemptions: [],
  values: ['/repo/values-prod.yaml'],
  kubeVersions: ['1.32.0', '1.35.0'],
  failOn: 'critical',
};
const base: RenderOptions = { values: ['cli.yaml'], set: [], setString: [], setFile: [], namespace: 'default', kubeVersions: [], apiVersions: [] };

// The command line wins over the repository's config (apply.ts header); values order follows helm,
// where a later -f overrides an earlier one (helm docs: "the last (right-most) file specified takes precedence").
describe('config combined with the command line', () => {
  const severities: { name: string; cfg: LintConfig | null; cli: Record<string, 'high' | 'off' | 'low'>; expected: object }[] = [
    { name: 'config alone', cfg: config, cli: {}, expected: { 'nodes-proxy': 'high', 'ineffective-rule': 'off' } },
    { name: '--rule overrides config, config off can be turned back on', cfg: config, cli: { 'ineffective-rule': 'low' }, expected: { 'nodes-proxy': 'high', 'ineffective-rule': 'low' } },
    { name: 'no config', cfg: null, cli: { 'nodes-proxy': 'off' }, expected: { 'nodes-proxy': 'off' } },
  ];
  it.each(severities)('rule severity: $name', ({ cfg, cli, expected }) => {
    expect(ruleSeverityFor(cfg, cli)).toEqual(expected);
  });

  const renders: { name: string; given: Partial<RenderOptions>; cfg: LintConfig | null; values: string[]; kubeVersions: string[] }[] = [
    { name: 'config values first, then -f', given: {}, cfg: config, values: ['/repo/values-prod.yaml', 'cli.yaml'], kubeVersions: ['1.32.0', '1.35.0'] },
    { name: '--kube-version replaces the config matrix', given: { kubeVersions: ['1.30.0'] }, cfg: config, values: ['/repo/values-prod.yaml', 'cli.yaml'], kubeVersions: ['1.30.0'] },
    { name: 'no config: unchanged', given: {}, cfg: null, values: ['cli.yaml'], kubeVersions: [] },
  ];
  it.each(renders)('render options: $name', ({ given, cfg, values, kubeVersions }) => {
    const out = renderOptionsFor({ ...base, ...given }, cfg);
    expect(out.values).toEqual(values);
    expect(out.kubeVersions).toEqual(kubeVersions);
    expect(out.namespace).toBe('default');
  });

  const failOn: { name: string; cli: 'low' | undefined; cfg: LintConfig | null; expected: string }[] = [
    { name: '--fail-on given', cli: 'low', cfg: config, expected: 'low' },
    { name: 'config failOn', cli: undefined, cfg: config, expected: 'critical' },
    { name: 'default high (docs/design.md#commands-targets-and-exit-codes)', cli: undefined, cfg: null, expected: 'high' },
  ];
  it.each(failOn)('fail-on: $name', ({ cli, cfg, expected }) => {
    expect(failOnFor(cli, cfg)).toBe(expected);
  });
});
