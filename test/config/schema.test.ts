import { describe, expect, it } from 'vitest';
import { parseConfigText } from '../../src/config/load.js';
import { LintError } from '../../src/errors.js';
import { RULES } from '../../rules/index.js';
import { TEST_RULES } from '../support/rules.js';

// Rule ids of docs/design.md#severity-follows-effective-reach's table: the schema takes them from the registry, passed explicitly here
// so the messages do not depend on which rules are registered yet.
const RULE_IDS = TEST_RULES.ids;

function errorOf(text: string, ruleIds: readonly string[] = RULE_IDS): LintError {
  try {
    parseConfigText(text, '.helm-rbac-lint.yaml', '/repo', ruleIds);
  } catch (err) {
    if (err instanceof LintError) return err;
    throw err;
  }
  throw new Error('expected a config error');
}

const exemption = (lines: string): string => `exemptions:\n  - rule: nodes-proxy\n    reason: tracked in OPS-123\n${lines}`;

describe('config errors: one line, path-precise, exit 2', () => {
  // Message shapes are the documented ones (`<file>: exemptions[2].reason: is required`); YAML 1.2 typing is
  // the `yaml` package default (yaml docs: "core" schema), so `off` is a string and `1.30` a number.
  const cases: { name: string; text: string; message: string }[] = [
    { name: 'unknown exemption rule, nothing close', text: 'exemptions:\n  - rule: a\n    reason: r\n  - rule: nodes-proxy\n', message: 'exemptions[0].rule: unknown rule id "a" (helm-rbac-lint rules lists them)' },
    { name: 'missing reason (third entry)', text: 'exemptions:\n' + '  - { rule: nodes-proxy, reason: r }\n'.repeat(2) + '  - { rule: nodes-proxy }\n', message: 'exemptions[2].reason: is required' },
    { name: 'missing rule', text: 'exemptions:\n  - { reason: r }\n', message: 'exemptions[0].rule: is required' },
    { name: 'blank reason', text: exemption('').replace('tracked in OPS-123', '"  "'), message: 'exemptions[0].reason: must not be empty' },
    { name: 'bad severity', text: 'rules:\n  wildcard-grant: severe\n', message: 'rules.wildcard-grant: must be one of critical, high, medium, low, info, off (got "severe")' },
    { name: 'severity as YAML boolean', text: 'rules:\n  wildcard-grant: false\n', message: 'rules.wildcard-grant: must be one of critical, high, medium, low, info, off (got false)' },
    { name: 'unknown rule id with suggestion', text: 'rules:\n  nodes-proxie: high\n', message: 'rules.nodes-proxie: unknown rule id (did you mean nodes-proxy?)' },
    { name: 'unknown rule id, nothing close', text: 'rules:\n  privileged-pod: high\n', message: 'rules.privileged-pod: unknown rule id (helm-rbac-lint rules lists them)' },
    { name: 'unknown exemption rule with suggestion', text: 'exemptions:\n  - { rule: secret-read, reason: r }\n', message: 'exemptions[0].rule: unknown rule id "secret-read" (did you mean secrets-read?)' },
    { name: 'extra top-level key with suggestion', text: 'rulez: {}\n', message: 'rulez: unknown key (did you mean rules?)' },
    { name: 'extra top-level key, nothing close', text: 'ignore: []\n', message: 'ignore: unknown key (expected one of: rules, exemptions, values, kubeVersion, failOn, dependencies)' },
    { name: 'extra exemption key', text: exemption('    names: datadog\n'), message: 'exemptions[0].names: unknown key (did you mean name?)' },
    { name: 'exemptions not a list', text: 'exemptions: { rule: nodes-proxy }\n', message: 'exemptions: must be a list (got a mapping)' },
    { name: 'rules not a mapping', text: 'rules: [nodes-proxy]\n', message: 'rules: must be a mapping (got a list)' },
    { name: 'document not a mapping', text: '- rules\n', message: 'must be a mapping (got a list)' },
    { name: 'name not a string', text: exemption('    name: 42\n'), message: 'exemptions[0].name: must be a string (got the number 42; quote it: "42")' },
    { name: 'namespace wrong type', text: exemption('    namespace: [a]\n'), message: 'exemptions[0].namespace: must be a string or null (got a list)' },
    { name: 'kubeVersion unquoted: YAML makes 1.30 a number', text: 'kubeVersion: 1.30\n', message: 'kubeVersion: must be a string or a list of strings (got the number 1.30; quote it: "1.30")' },
    { name: 'kubeVersion list item unquoted', text: 'kubeVersion: ["1.32.0", 1.35]\n', message: 'kubeVersion[1]: must be a string (got the number 1.35; quote it: "1.35")' },
    { name: 'kubeVersion not a version', text: 'kubeVersion: latest\n', message: 'kubeVersion: must be a Kubernetes version like 1.33.0 (got "latest")' },
    { name: 'failOn typo', text: 'failOn: hihg\n', message: 'failOn: must be one of critical, high, medium, low, info, never (got "hihg")' },
    { name: 'bad date shape', text: exemption('    expires: 31/03/2027\n'), message: 'exemptions[0].expires: must be a date YYYY-MM-DD (got "31/03/2027")' },
    { name: 'date that does not exist', text: exemption('    expires: 2027-02-30\n'), message: 'exemptions[0].expires: "2027-02-30" is not a calendar date' },
    { name: 'rule "*" with no object filter', text: 'exemptions:\n  - { rule: "*", reason: r }\n', message: 'exemptions[0]: rule "*" needs at least one of kind, name, namespace, chart (to turn a rule off everywhere, use rules:)' },
    { name: 'dependencies: unknown mode', text: 'dependencies: silence\n', message: 'dependencies: must be one of report, warn, ignore (got "silence")' },
    { name: 'dependencies: unknown key', text: 'dependencies:\n  mod: warn\n', message: 'dependencies.mod: unknown key (did you mean mode?)' },
    { name: 'dependencies: chart entry without reason', text: 'dependencies:\n  charts:\n    - { chart: kube-state-metrics, mode: warn }\n', message: 'dependencies.charts[0].reason: is required' },
    { name: 'dependencies: chart entry with a bad mode', text: 'dependencies:\n  charts:\n    - { chart: ksm, mode: off, reason: r }\n', message: 'dependencies.charts[0].mode: must be one of report, warn, ignore (got "off")' },
    { name: 'dependencies: failOn with warn', text: 'dependencies:\n  mode: warn\n  failOn: high\n', message: 'dependencies.failOn: applies only with mode report (mode is warn)' },
    { name: 'dependencies: chart failOn with ignore', text: 'dependencies:\n  charts:\n    - { chart: ksm, mode: ignore, failOn: high, reason: r }\n', message: 'dependencies.charts[0].failOn: applies only with mode report (mode is ignore)' },
    { name: 'dependencies: a list', text: 'dependencies: [warn]\n', message: 'dependencies: must be a mapping (got a list)' },
    { name: 'values not a list of strings', text: 'values: [3]\n', message: 'values[0]: must be a string (got the number 3; quote it: "3")' },
  ];
  it.each(cases)('$name', ({ text, message }) => {
    const err = errorOf(text);
    expect(err.kind).toBe('config');
    expect(err.exitCode).toBe(2);
    expect(err.message).toBe(`.helm-rbac-lint.yaml: ${message}`);
  });

  // `<file>:<line>: <message>` for YAML syntax (brief); messages are the yaml package's own.
  const syntax: { name: string; text: string; message: string }[] = [
    { name: 'duplicate key', text: 'failOn: high\nfailOn: low\n', message: '.helm-rbac-lint.yaml:2: Map keys must be unique' },
    { name: 'tab indentation', text: 'rules:\n\tnodes-proxy: high\n', message: '.helm-rbac-lint.yaml:2: Tabs are not allowed as indentation' },
    { name: 'two documents', text: 'failOn: high\n---\nfailOn: low\n', message: '.helm-rbac-lint.yaml:2: expected one YAML document, found 2' },
    { name: 'unterminated quote', text: 'failOn: high\nvalues: "a.yaml\n', message: '.helm-rbac-lint.yaml:3: Missing closing "quote' },
  ];
  it.each(syntax)('YAML syntax: $name', ({ text, message }) => {
    expect(errorOf(text).message).toBe(message);
  });

  it('the default rule ids are the registry (rules/index.ts RULES)', () => {
    const ids = RULES.map((r) => r.meta.id);
    expect(ids).toContain('nodes-proxy');
    expect(parseConfigText('rules:\n  nodes-proxy: high\n', 'c.yaml', '/repo', ids).rules).toEqual({ 'nodes-proxy': 'high' });
    expect(() => parseConfigText('rules:\n  nodes-proxie: high\n', 'c.yaml', '/repo', ids)).toThrow('c.yaml: rules.nodes-proxie: unknown rule id (did you mean nodes-proxy?)');
  });
});

describe('valid configs', () => {
  it('the README example parses: YAML 1.2 keeps `off` a string, values resolve against the config dir', () => {
    const text = [
      'rules:',
      '  wildcard-grant: medium',
      '  dead-kubelet-subresource: off',
      'exemptions:',
      '  - rule: nodes-proxy',
      '    kind: ClusterRole',
      '    name: datadog',
      '    namespace: null',
      '    chart: datadog',
      '    reason: "Datadog agent < 7.60 needs it; tracked in OPS-123"',
      '    expires: 2027-03-31',
      'values: [values-prod.yaml]',
      'kubeVersion: ["1.32.0", "1.35.0"]',
      'failOn: high',
      '',
    ].join('\n');
    expect(parseConfigText(text, '/repo/.helm-rbac-lint.yaml', '/repo', RULE_IDS)).toEqual({
      file: '/repo/.helm-rbac-lint.yaml',
      rules: { 'wildcard-grant': 'medium', 'dead-kubelet-subresource': 'off' },
      exemptions: [
        {
          rule: 'nodes-proxy', kind: 'ClusterRole', name: 'datadog', namespace: null, chart: 'datadog',
          reason: 'Datadog agent < 7.60 needs it; tracked in OPS-123', expires: '2027-03-31', index: 0, line: 5,
        },
      ],
      values: ['/repo/values-prod.yaml'],
      kubeVersions: ['1.32.0', '1.35.0'],
      failOn: 'high',
    });
  });

  const small: { name: string; text: string; expected: object }[] = [
    { name: 'empty file = defaults', text: '', expected: { rules: {}, exemptions: [], values: [], kubeVersions: [], failOn: null } },
    { name: 'comments only = defaults', text: '# nothing yet\n', expected: { rules: {}, exemptions: [], values: [], kubeVersions: [], failOn: null } },
    { name: 'kubeVersion as one string', text: 'kubeVersion: "1.33"\n', expected: { kubeVersions: ['1.33'] } },
    { name: 'values as one string, nested dir', text: 'values: ci/prod.yaml\n', expected: { values: ['/repo/ci/prod.yaml'] } },
    { name: 'sections left empty (entries commented out) are absent', text: 'rules:\n#  nodes-proxy: high\nexemptions:\nfailOn: low\n', expected: { rules: {}, exemptions: [], failOn: 'low' } },
    { name: 'BOM is ignored', text: '\uFEFFfailOn: never\n', expected: { failOn: 'never' } },
    { name: 'dependencies: one word', text: 'dependencies: warn\n', expected: { dependencies: { mode: 'warn', failOn: null, charts: [] } } },
    {
      name: 'dependencies: per subchart, with a reason',
      text: 'dependencies:\n  failOn: critical\n  charts:\n    - { chart: kube-state-metrics, mode: warn, reason: "kube_secret_* metrics; kube-state-metrics\' call" }\n',
      expected: { dependencies: { mode: 'report', failOn: 'critical', charts: [{ chart: 'kube-state-metrics', mode: 'warn', failOn: null, reason: "kube_secret_* metrics; kube-state-metrics' call", index: 0, line: 4 }] } },
    },
    { name: 'absent namespace stays absent (any namespace)', text: exemption(''), expected: { exemptions: [{ rule: 'nodes-proxy', reason: 'tracked in OPS-123', expires: null, index: 0, line: 2 }] } },
  ];
  it.each(small)('$name', ({ text, expected }) => {
    expect(parseConfigText(text, 'c.yaml', '/repo', RULE_IDS)).toMatchObject(expected);
  });
});
