import { describe, expect, it } from 'vitest';
import type { PolicyRule } from '../../src/types.js';
import {
  breakdownRule,
  combineResourceGroup,
  compactRules,
  formatCanIList,
  goList,
  goTabwriter,
  KUBECTL_TABWRITER,
  policyRuleString,
  selfSubjectRulesStatus,
  sortRulesLikeKubectl,
} from '../../src/rbac/kubectl-print.js';
import { buildModel } from '../../src/rbac/model.js';
import { effectivePermissions } from '../../src/rbac/effective.js';
import { userInfoFor } from '../../src/rbac/subjects.js';

// "real kubectl" below means: kubectl v1.35.2 and v1.31.9 (the dev-dependency lambda layers) run
// with `auth can-i --list` against a loopback server answering the SelfSubjectRulesReview with
// exactly the status of the case; both printed the same bytes.

const rule = (p: Partial<PolicyRule>): PolicyRule => ({
  verbs: p.verbs ?? [],
  apiGroups: p.apiGroups ?? [],
  resources: p.resources ?? [],
  resourceNames: p.resourceNames ?? [],
  nonResourceURLs: p.nonResourceURLs ?? [],
});
const res = (verbs: string[], apiGroups: string[], resources: string[], resourceNames: string[] = []): PolicyRule =>
  rule({ verbs, apiGroups, resources, resourceNames });
const url = (verbs: string[], nonResourceURLs: string[]): PolicyRule => rule({ verbs, nonResourceURLs });
const lines = (...ls: string[]): string => ls.map((l) => `${l}\n`).join('');

describe('goList and policyRuleString (api rbac/v1 generated.pb.go (*PolicyRule).String, fmt %v)', () => {
  it.each([
    { name: 'empty list prints [] (fmt %v of nil/empty []string)', items: [], want: '[]' },
    { name: 'elements joined by one space, unquoted', items: ['get', 'list'], want: '[get list]' },
    { name: 'core group "" prints [] like no group', items: [''], want: '[]' },
    { name: 'two empty strings print one space', items: ['', ''], want: '[ ]' },
  ])('goList: $name', ({ items, want }) => {
    expect(goList(items)).toBe(want);
  });

  it.each([
    {
      name: 'resource rule',
      rule: res(['get', 'list'], [''], ['pods']),
      want: '&PolicyRule{Verbs:[get list],APIGroups:[],Resources:[pods],ResourceNames:[],NonResourceURLs:[],}',
    },
    {
      name: 'non-resource rule',
      rule: url(['get'], ['/healthz']),
      want: '&PolicyRule{Verbs:[get],APIGroups:[],Resources:[],ResourceNames:[],NonResourceURLs:[/healthz],}',
    },
    {
      name: 'names and group',
      rule: res(['use'], ['policy'], ['podsecuritypolicies'], ['restricted']),
      want: '&PolicyRule{Verbs:[use],APIGroups:[policy],Resources:[podsecuritypolicies],ResourceNames:[restricted],NonResourceURLs:[],}',
    },
  ])('policyRuleString: $name', ({ rule: r, want }) => {
    expect(policyRuleString(r)).toBe(want);
  });
});

describe('breakdownRule (kubectl pkg/util/rbac/rbac.go BreakdownRule)', () => {
  it.each([
    {
      name: 'group × resource × verb, in that nesting order',
      input: res(['get', 'list'], ['', 'apps'], ['pods']),
      want: [res(['get'], [''], ['pods']), res(['list'], [''], ['pods']), res(['get'], ['apps'], ['pods']), res(['list'], ['apps'], ['pods'])],
    },
    {
      name: 'one rule per resource name (innermost loop)',
      input: res(['get'], [''], ['secrets'], ['a', 'b']),
      want: [res(['get'], [''], ['secrets'], ['a']), res(['get'], [''], ['secrets'], ['b'])],
    },
    {
      name: 'non-resource URLs: URL × verb',
      input: url(['get', 'post'], ['/a', '/b']),
      want: [url(['get'], ['/a']), url(['post'], ['/a']), url(['get'], ['/b']), url(['post'], ['/b'])],
    },
    { name: 'a resource rule without apiGroups yields nothing (the group loop is outermost)', input: res(['get'], [], ['pods']), want: [] },
    { name: 'a rule without verbs yields nothing', input: res([], [''], ['pods']), want: [] },
  ])('$name', ({ input, want }) => {
    expect(breakdownRule(input)).toEqual(want);
  });
});

describe('compactRules (kubectl pkg/util/rbac/rbac.go CompactRules, isSimpleResourceRule)', () => {
  it.each([
    {
      // kubernetes/kubectl 8b7900f5 "When combining PolicyRules, don't duplicate verbs" (kubectl 1.20+).
      name: 'same group/resource: verbs appended once each, first-seen order',
      input: [res(['get'], [''], ['pods']), res(['list'], [''], ['pods']), res(['get'], [''], ['pods'])],
      want: [res(['get', 'list'], [''], ['pods'])],
    },
    {
      name: 'each resource name is its own key (one row per name)',
      input: [res(['get'], [''], ['secrets'], ['a']), res(['get'], [''], ['secrets'], ['b']), res(['list'], [''], ['secrets'], ['a'])],
      want: [res(['get', 'list'], [''], ['secrets'], ['a']), res(['get'], [''], ['secrets'], ['b'])],
    },
    {
      name: 'a rule without names and one with names do not merge',
      input: [res(['get'], [''], ['secrets']), res(['list'], [''], ['secrets'], ['a'])],
      want: [res(['get'], [''], ['secrets']), res(['list'], [''], ['secrets'], ['a'])],
    },
    {
      name: 'non-resource rules are never simple: duplicates kept, and they come before merged rules',
      input: [res(['get'], [''], ['pods']), url(['get'], ['/healthz']), url(['get'], ['/healthz'])],
      want: [url(['get'], ['/healthz']), url(['get'], ['/healthz']), res(['get'], [''], ['pods'])],
    },
    {
      name: 'a rule with two resources is not simple and passes through',
      input: [res(['get'], [''], ['pods', 'secrets']), res(['get'], [''], ['pods'])],
      want: [res(['get'], [''], ['pods', 'secrets']), res(['get'], [''], ['pods'])],
    },
  ])('$name', ({ input, want }) => {
    expect(compactRules(input)).toEqual(want);
  });

  it('does not modify its input (CompactRules deep-copies the first rule of each key)', () => {
    const input = [res(['get'], [''], ['pods']), res(['list'], [''], ['pods'])];
    compactRules(input);
    expect(input[0]?.verbs).toEqual(['get']);
  });
});

describe('sortRulesLikeKubectl (rbac.go SortableRuleSlice, strings.Compare of PolicyRule.String())', () => {
  it.each([
    { name: 'verbs come first: [create] before [get]', input: [res(['get'], [''], ['a']), res(['create'], ['z'], ['z'])], first: 'create' },
    { name: '[get list] before [get] (space 0x20 < ] 0x5D)', input: [res(['get'], [''], ['a']), res(['get', 'list'], [''], ['z'])], first: 'get list' },
    { name: '[/api/*] before [/api] (/ 0x2F < ] 0x5D)', input: [url(['get'], ['/api']), url(['get'], ['/api/*'])], first: '/api/*' },
    { name: 'authentication.k8s.io before authorization.k8s.io', input: [res(['create'], ['authorization.k8s.io'], ['x']), res(['create'], ['authentication.k8s.io'], ['x'])], first: 'authentication.k8s.io' },
    { name: 'non-resource (Resources:[]) before resource rows with the same verbs', input: [res(['get'], [''], ['nodes/proxy']), url(['get'], ['/version'])], first: '/version' },
    { name: 'byte order, not UTF-16 order: U+FFFF sorts before U+1F600', input: [url(['get'], ['/😀']), url(['get'], ['/\uffff'])], first: '/\uffff' },
  ])('$name', ({ input, first }) => {
    const top = sortRulesLikeKubectl(input)[0];
    const text = [top?.verbs.join(' '), top?.apiGroups[0], top?.nonResourceURLs[0]];
    expect(text).toContain(first);
  });

  it('is stable for rules with equal strings (sort.Stable)', () => {
    const a = url(['get'], ['/healthz']);
    const b = url(['get'], ['/healthz']);
    const sorted = sortRulesLikeKubectl([a, b]);
    expect(sorted[0]).toBe(a);
    expect(sorted[1]).toBe(b);
  });
});

describe('combineResourceGroup (kubectl pkg/describe/describe.go CombineResourceGroup)', () => {
  it.each([
    { name: 'core subresource', resources: ['nodes/proxy'], groups: [''], want: 'nodes/proxy' },
    { name: 'group goes before the subresource', resources: ['deployments/scale'], groups: ['apps'], want: 'deployments.apps/scale' },
    { name: 'wildcards', resources: ['*'], groups: ['*'], want: '*.*' },
    { name: 'no resources: empty column (non-resource rows)', resources: [], groups: [], want: '' },
    { name: 'no groups', resources: ['pods'], groups: [], want: 'pods' },
    { name: 'SplitN(…, 2): only the first slash splits', resources: ['a/b/c'], groups: ['x'], want: 'a.x/b/c' },
  ])('$name', ({ resources, groups, want }) => {
    expect(combineResourceGroup(resources, groups)).toBe(want);
  });
});

describe('goTabwriter (github.com/liggitt/tabwriter tabwriter.go; tabwriter_test.go)', () => {
  it.each([
    {
      name: 'tabwriter_test.go "9a": columns sized to the widest cell + padding, last cell unpadded',
      rows: [['1', '2', '3', '4'], ['11', '222', '3333', '44444']],
      opts: { minwidth: 1, tabwidth: 0, padding: 0, padchar: '.' },
      want: lines('1.2..3...4', '11222333344444'),
    },
    {
      name: 'tabwriter_test.go "12c": a column ends where a line has no cell in it',
      rows: [['a', 'b', 'c'], ['aa', 'bbb', 'cccc'], ['aaa', 'bbbb']],
      opts: { minwidth: 8, tabwidth: 0, padding: 1, padchar: '_' },
      want: lines('a_______b_______c', 'aa______bbb_____cccc', 'aaa_____bbbb'),
    },
    {
      name: 'tabwriter_test.go "11": width counts code points (本 is one)',
      rows: [['本', 'b', 'c'], ['aa', '本本本', 'cccc', 'ddddd'], ['aaa', 'bbbb']],
      opts: { minwidth: 8, tabwidth: 0, padding: 1, padchar: '.' },
      want: lines('本.......b.......c', 'aa......本本本.....cccc....ddddd', 'aaa.....bbbb'),
    },
    {
      name: 'tabwriter_test.go TestMultiWrite: kubectl settings; an empty last cell leaves trailing padding of earlier cells',
      rows: [['First', 'Middle', 'Last'], ['a', 'bb', 'ccc'], ['ddd', 'eeeeeeeeeeeeee', 'f'], ['g', 'h', 'i'], ['j', '', ''], ['', 'k', ''], ['', '', 'l']],
      opts: KUBECTL_TABWRITER,
      want: lines(
        'First   Middle           Last',
        'a       bb               ccc',
        'ddd     eeeeeeeeeeeeee   f',
        'g       h                i',
        'j                        ',
        '        k                ',
        '                         l',
      ),
    },
    {
      name: 'RememberWidths (TestMultiWrite): once a single-cell line has flushed, later blocks never get narrower columns, but can widen them',
      rows: [['aaaaaaaaaa', 'b', 'c'], ['sep'], ['x', 'y', 'z'], ['sep'], ['mmmmmmmmmmmmmmm', 'n', 'o'], ['sep'], ['x', 'y', 'z']],
      opts: KUBECTL_TABWRITER,
      want: lines(
        'aaaaaaaaaa   b     c',
        'sep',
        'x            y     z',
        'sep',
        'mmmmmmmmmmmmmmm   n     o',
        'sep',
        'x                 y     z',
      ),
    },
    {
      name: 'padchar \\t pads with tabs to the next multiple of tabwidth (writePadding)',
      rows: [['a', 'b'], ['aaaaaaaaa', 'c']],
      opts: { minwidth: 0, tabwidth: 8, padding: 1, padchar: '\t' },
      want: lines('a\t\tb', 'aaaaaaaaa\tc'),
    },
    {
      name: 'header only: minwidth 6 does not bind when cells + 3 are wider',
      rows: [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs']],
      opts: KUBECTL_TABWRITER,
      want: lines('Resources   Non-Resource URLs   Resource Names   Verbs'),
    },
    { name: 'no rows, no output', rows: [], opts: KUBECTL_TABWRITER, want: '' },
  ])('$name', ({ rows, opts, want }) => {
    expect(goTabwriter(rows, opts)).toBe(want);
  });
});

describe('selfSubjectRulesStatus (plugin/pkg/auth/authorizer/rbac/rbac.go (*RBACAuthorizer).RulesFor)', () => {
  it.each([
    { name: 'resource rule goes to resourceRules only', input: [res(['get'], [''], ['pods'])], resourceRules: 1, nonResourceRules: 0 },
    { name: 'non-resource rule goes to nonResourceRules only', input: [url(['get'], ['/healthz'])], resourceRules: 0, nonResourceRules: 1 },
    { name: 'a rule with both lands in both (two independent ifs)', input: [rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/x'] })], resourceRules: 1, nonResourceRules: 1 },
    { name: 'duplicates are kept (rule.go DefaultRuleResolver.RulesFor only appends)', input: [url(['get'], ['/a']), url(['get'], ['/a'])], resourceRules: 0, nonResourceRules: 2 },
    { name: 'a rule with neither lands nowhere', input: [rule({ verbs: ['get'] })], resourceRules: 0, nonResourceRules: 0 },
  ])('$name', ({ input, resourceRules, nonResourceRules }) => {
    const status = selfSubjectRulesStatus(input);
    expect([status.resourceRules.length, status.nonResourceRules.length]).toEqual([resourceRules, nonResourceRules]);
  });

  it('keeps only the fields of each status type (ResourceRule has no URLs, NonResourceRule no groups)', () => {
    const status = selfSubjectRulesStatus([rule({ verbs: ['get'], apiGroups: [''], resources: ['pods'], nonResourceURLs: ['/x'] })]);
    expect(status.resourceRules[0]).toEqual(res(['get'], [''], ['pods']));
    expect(status.nonResourceRules[0]).toEqual(url(['get'], ['/x']));
  });
});

describe('formatCanIList (kubectl pkg/cmd/auth/cani.go printStatus)', () => {
  it.each([
    {
      name: 'cani_test.go TestRunAccessList expectedOutput',
      resourceRules: [res(['get', 'list'], ['*'], ['pod', 'job'], ['test-resource'])],
      nonResourceRules: [url(['get'], ['/apis/*', '/version'])],
      want: lines(
        'Resources   Non-Resource URLs   Resource Names    Verbs',
        'job.*       []                  [test-resource]   [get list]',
        'pod.*       []                  [test-resource]   [get list]',
        '            [/apis/*]           []                [get]',
        '            [/version]          []                [get]',
      ),
    },
    {
      name: 'no rules: the header alone (printAccessHeaders)',
      resourceRules: [],
      nonResourceRules: [],
      want: lines('Resources   Non-Resource URLs   Resource Names   Verbs'),
    },
    {
      name: 'real kubectl: two bindings granting get pods print [get list] once; URL duplicates stay',
      resourceRules: [res(['get', 'list'], [''], ['pods']), res(['get'], [''], ['pods'])],
      nonResourceRules: [url(['get'], ['/healthz']), url(['get'], ['/healthz'])],
      want: lines(
        'Resources   Non-Resource URLs   Resource Names   Verbs',
        'pods        []                  []               [get list]',
        '            [/healthz]          []               [get]',
        '            [/healthz]          []               [get]',
      ),
    },
    {
      name: 'real kubectl: group naming, one row per resource name, verbs sort first',
      resourceRules: [res(['create', 'update'], ['apps'], ['deployments/scale', 'deployments'], ['a', 'b']), res(['*'], ['*'], ['*']), res(['get'], [''], ['nodes/proxy'])],
      nonResourceRules: [url(['*'], ['*'])],
      want: lines(
        'Resources                Non-Resource URLs   Resource Names   Verbs',
        '*.*                      []                  []               [*]',
        '                         [*]                 []               [*]',
        'deployments.apps/scale   []                  [a]              [create update]',
        'deployments.apps/scale   []                  [b]              [create update]',
        'deployments.apps         []                  [a]              [create update]',
        'deployments.apps         []                  [b]              [create update]',
        'nodes/proxy              []                  []               [get]',
      ),
    },
    {
      // Names are printed raw, so control characters reach the tab writer: '\n' breaks lines (a
      // single-cell line flushes), '\t' adds cells, '\f' breaks and flushes, widths count code points.
      name: 'real kubectl: tab writer edge cases through raw resource names and URLs',
      resourceRules: [
        res(['get'], [''], ['pods'], ['line1\nx']),
        res(['get'], [''], ['secrets'], ['a\tbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb\tc']),
        res(['get'], [''], ['configmaps'], ['ff\fgg']),
        res(['get'], [''], ['services'], ['vv\vww']),
        res(['list'], ['x.io'], ['😀things'], ['名前']),
        res(['watch'], [''], ['endpoints'], ['\n\n\nzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz\tq\n']),
      ],
      nonResourceRules: [url(['get'], ['/x\ny\tz'])],
      want:
        'Resources    Non-Resource URLs   Resource Names   Verbs\n             [/x\ny            z]                  []               [get]\n' +
        'configmaps   []                  [ff\ngg]            [get]\npods           []                  [line1\nx]             [get]\n' +
        'secrets        []                  [a               bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb   c]    [get]\n' +
        'services       []                  [vv              ww]                                   [get]\n' +
        '😀things.x.io   []                  [名前]             [list]\n' +
        'endpoints      []                  [\n\n\nzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz   q\n]                                                       [watch]\n',
    },
  ])('$name', ({ resourceRules, nonResourceRules, want }) => {
    expect(formatCanIList(resourceRules, nonResourceRules)).toBe(want);
  });

  it('--no-headers leaves the header out and sizes columns from the rows alone (cani.go NoHeaders)', () => {
    expect(formatCanIList([res(['get'], [''], ['pods'])], [], { noHeaders: true })).toBe(lines('pods   []    []    [get]'));
  });
});

describe('formatCanIList golden: docs/kubernetes.md#what-kubectl-auth-can-i-list-prints (Helton write-up, SA with only get nodes/proxy)', () => {
  // Input: the default bindings of the built-in policy (src/rbac/kubernetes-data/policy) that a service account
  // matches (groups from serviceaccount util.go MakeGroupNames + system:authenticated), plus the chart's rule.
  const defaultRules = effectivePermissions(buildModel([], { defaultBindings: true }), userInfoFor('system:serviceaccount:monitoring:sa'), { namespace: 'monitoring' }).map((e) => e.rule);
  const status = selfSubjectRulesStatus([res(['get'], [''], ['nodes/proxy']), ...defaultRules]);
  const output = formatCanIList(status.resourceRules, status.nonResourceRules);

  it('reproduces every line quoted in docs/kubernetes.md, in order', () => {
    const quoted = [
      'Resources                                       Non-Resource URLs                      Resource Names   Verbs',
      'selfsubjectreviews.authentication.k8s.io        []                                     []               [create]',
      'selfsubjectaccessreviews.authorization.k8s.io   []                                     []               [create]',
      'selfsubjectrulesreviews.authorization.k8s.io    []                                     []               [create]',
      '                                                [/.well-known/openid-configuration/]   []               [get]',
      '                                                [/version]                             []               [get]',
      'nodes/proxy                                     []                                     []               [get]',
    ];
    const got = output.split('\n');
    expect(got.slice(0, 5)).toEqual(quoted.slice(0, 5));
    expect(got.slice(-3, -1)).toEqual(quoted.slice(5));
  });

  it('fills the elided rows per policy.go (real kubectl prints the same)', () => {
    const get = (u: string): string => `${' '.repeat(48)}${`[${u}]`.padEnd(39)}[]               [get]`;
    expect(output).toBe(
      lines(
        'Resources                                       Non-Resource URLs                      Resource Names   Verbs',
        'selfsubjectreviews.authentication.k8s.io        []                                     []               [create]',
        'selfsubjectaccessreviews.authorization.k8s.io   []                                     []               [create]',
        'selfsubjectrulesreviews.authorization.k8s.io    []                                     []               [create]',
        ...[
          '/.well-known/openid-configuration/',
          '/.well-known/openid-configuration',
          '/api/*',
          '/api',
          '/apis/*',
          '/apis',
          '/healthz', // system:discovery
          '/healthz', // system:public-info-viewer
          '/livez',
          '/livez',
          '/openapi/*',
          '/openapi',
          '/openid/v1/jwks/',
          '/openid/v1/jwks',
          '/readyz',
          '/readyz',
          '/version/',
          '/version/',
          '/version',
          '/version',
        ].map(get),
        'nodes/proxy                                     []                                     []               [get]',
      ),
    );
  });
});
