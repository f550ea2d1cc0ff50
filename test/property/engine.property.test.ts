import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TEST_RULES, diffOf as diff } from '../support/rules.js';
import { analyzeObjects } from '../../src/engine/analyze.js';
import type { Analysis } from '../../src/engine/analyze.js';
import { analyzeText } from '../../src/api/index.js';
import { applySuppressions } from '../../src/engine/suppress.js';
import { summarize } from '../../src/engine/summary.js';
import { parseRendered } from '../../src/parse/index.js';
import { refOf } from '../../src/parse/objects.js';
import { formatGithub } from '../../src/report/github.js';
import { formatJson } from '../../src/report/json.js';
import { formatMarkdown } from '../../src/report/markdown.js';
import { formatSarif } from '../../src/report/sarif.js';
import { formatText } from '../../src/report/text.js';
import type { LintReport } from '../../src/report/types.js';
import { TOOL } from '../../src/version.js';
import { RULES } from '../../rules/index.js';
import { schemaErrors } from '../report/sarif-validate.js';
import { document, k8sObject, parsedObjects, renderedText, target } from './arbitraries.js';

// docs/design.md#robustness "never a crash" for the pure core, docs/design.md#outputs output contracts (JSON, SARIF 2.1.0 schema),
// docs/design.md#commands-targets-and-exit-codes diff verdicts and "deterministic output" (docs/design.md#outputs), on random Kubernetes-ish input.

const TARGET = target();
const TARGET_PATHS = new Map<number, string | null>([[0, 'charts/chart']]);

function reportOf(a: Analysis): LintReport {
  const { findings, notices } = applySuppressions(a.findings, {
    analyses: [{ target: a.target, objects: a.objects, config: null, ruleSeverity: undefined }],
    ruleIds: TEST_RULES.ids,
    baseline: null,
    today: '2025-01-01',
  });
  return { tool: TOOL, targets: [a.target], findings, summary: summarize(findings), warnings: a.issues, notices };
}

/** Every format of a report (what `lint --format X` prints). */
function formats(a: Analysis): Record<string, string> {
  const report = reportOf(a);
  return {
    json: formatJson(report),
    sarif: formatSarif(report, { rules: RULES, targetPaths: TARGET_PATHS, repoRoot: '/repo' }),
    markdown: formatMarkdown(report, { models: new Map([[0, a.model]]) }),
    github: formatGithub(report, { targetPaths: TARGET_PATHS, repoRoot: '/repo' }),
    text: formatText(report, { color: false }),
    color: formatText(report, { color: true }),
  };
}

const objects = fc.array(k8sObject, { maxLength: 8 });
/**
 * Objects with distinct identities as the model keys them (kind, name, and the namespace of
 * namespaced kinds): a set, so document order cannot change what they mean. Two objects with one
 * identity are a different matter: the later one wins, as with `kubectl apply`.
 */
const objectSet = fc.uniqueArray(k8sObject, {
  maxLength: 8,
  selector: (o) => {
    const ref = refOf(o);
    const cluster = ref?.kind.startsWith('Cluster') ?? false;
    return `${ref?.kind}/${cluster ? '' : (ref?.namespace ?? '')}/${ref?.name}`;
  },
});

describe('the engine never throws', () => {
  it('analyzeObjects with every rule, on random objects', () => {
    fc.assert(
      fc.property(objects, (bodies) => {
        const a = analyzeObjects(parsedObjects(bodies), [], bodies.length, TARGET, { rules: TEST_RULES });
        expect(Array.isArray(a.findings)).toBe(true);
        for (const f of a.findings) expect(f.fingerprint).toMatch(/^[0-9a-f]{32}$/);
      }),
      { numRuns: 400 },
    );
  });

  it('analyzeText (parse + model + rules) and every formatter, on random rendered streams', () => {
    fc.assert(
      fc.property(fc.array(document, { maxLength: 6 }), (docs) => {
        const a = analyzeText(renderedText(docs), TARGET, { chartName: 'chart', readTemplate: () => null });
        expect(Object.values(formats(a)).every((s) => typeof s === 'string')).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('parseRendered and analyzeText on random YAML-shaped text with RBAC kinds', () => {
    const piece = fc.constantFrom(
      '---', 'apiVersion: rbac.authorization.k8s.io/v1', 'kind: ClusterRole', 'kind: RoleBinding', 'kind: List', 'items:', 'metadata:', '  name: x', 'rules:', '- verbs: [get]',
      '  resources: [nodes/proxy]', '  apiGroups: [""]', 'subjects: "x"', 'roleRef: {kind: ClusterRole, name: x}', '- &a {kind: User, name: u}', '- *a', '<<: *a', 'rules: {}',
      '  - ~', '\t', '"', '|', '{', ']', '# Source: c/templates/x.yaml', '\uFEFF', '\r', 'name: 7', 'verbs: get',
    );
    fc.assert(
      fc.property(fc.array(fc.array(piece, { maxLength: 3 }).map((p) => p.join(' ')), { maxLength: 25 }), (ls) => {
        const text = ls.join('\n');
        const parsed = parseRendered(text, { target: 0, chartName: null, manifestFile: 'm.yaml' });
        // Every returned object is counted, and every document without one has its issue reported.
        expect(parsed.objects.length).toBeLessThanOrEqual(parsed.kubernetesObjects);
        for (const issue of [...parsed.notObjects, ...parsed.unreadable]) expect(parsed.issues).toContain(issue);
        analyzeText(text, TARGET, { chartName: null, manifestFile: 'm.yaml' });
      }),
      { numRuns: 500 },
    );
  });
});

describe('diff', () => {
  it('diff(a, a) is always no-rbac-change, whatever the objects', () => {
    fc.assert(
      fc.property(objects, (bodies) => {
        const a = analyzeObjects(parsedObjects(bodies), [], bodies.length, TARGET, { rules: TEST_RULES });
        const b = analyzeObjects(parsedObjects(structuredClone(bodies)), [], bodies.length, TARGET, { rules: TEST_RULES });
        const d = diff(a, b);
        expect(d.verdict).toBe('no-rbac-change');
        expect(d.objects).toEqual([]);
        expect(d.subjects).toEqual([]);
        expect(d.findings.introduced).toEqual([]);
        expect(d.findings.resolved).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('reordering distinct objects is no-rbac-change too', () => {
    fc.assert(
      fc.property(objectSet.chain((set) => fc.tuple(fc.constant(set), fc.shuffledSubarray(set, { minLength: set.length, maxLength: set.length }))), ([set, shuffled]) => {
        const d = diff(analyzeObjects(parsedObjects(set), [], set.length, TARGET, { rules: TEST_RULES }), analyzeObjects(parsedObjects(shuffled), [], set.length, TARGET, { rules: TEST_RULES }));
        expect(d.verdict).toBe('no-rbac-change');
      }),
      { numRuns: 300 },
    );
  });
});

describe('formatters', () => {
  it('JSON always parses; SARIF always parses and validates against the SARIF 2.1.0 schema', () => {
    fc.assert(
      fc.property(objects, (bodies) => {
        const out = formats(analyzeObjects(parsedObjects(bodies), [], bodies.length, TARGET, { rules: TEST_RULES }));
        const json = JSON.parse(out.json as string) as { findings: unknown[] };
        expect(Array.isArray(json.findings)).toBe(true);
        expect(schemaErrors(JSON.parse(out.sarif as string))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('are deterministic: the same input gives the same bytes in every format', () => {
    fc.assert(
      fc.property(fc.array(document, { maxLength: 6 }), (docs) => {
        const text = renderedText(docs);
        const once = formats(analyzeText(text, TARGET, { chartName: 'chart' }));
        const again = formats(analyzeText(text, TARGET, { chartName: 'chart' }));
        expect(again).toEqual(once);
      }),
      { numRuns: 200 },
    );
  });

  // Documents that are not objects (here: `apiVersion: ""`) are left out: rules/malformed-rbac.ts
  // keys their findings on the parser's message, which names the document ordinal ("document 2
  // has no string apiVersion"), so those fingerprints do move with the document (reported).
  const objectsOnly = objectSet.map((set) => set.filter((o) => o.apiVersion !== ''));

  it('fingerprints and severity counts do not depend on document order', () => {
    fc.assert(
      fc.property(objectsOnly.chain((set) => fc.tuple(fc.constant(set), fc.shuffledSubarray(set, { minLength: set.length, maxLength: set.length }))), ([set, shuffled]) => {
        const a = analyzeText(renderedText(set), TARGET, { chartName: 'chart' });
        const b = analyzeText(renderedText(shuffled), TARGET, { chartName: 'chart' });
        expect(b.findings.map((f) => f.fingerprint).sort()).toEqual(a.findings.map((f) => f.fingerprint).sort());
        expect(summarize(b.findings)).toEqual(summarize(a.findings));
      }),
      { numRuns: 300 },
    );
  });
});
