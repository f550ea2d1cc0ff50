import type { Invocation, Log, Notification, ReportingDescriptor, Result, Run, Suppression } from 'sarif';
import type { Finding, Severity } from '../types.js';
import type { RuleMeta } from '../rule-api/index.js';

/** What the docs read of a rule: its metadata. */
type DocumentedRule = { meta: RuleMeta };
import { helpUri, ruleDocMarkdown, ruleDocText } from './rule-docs.js';
import { findingJson } from './json.js';
import { findingPath, isAbsolutePath, normalizePath, pathToUri } from './locations.js';
import { terminalSafe } from './sanitize.js';
import { formatContext } from './types.js';
import type { FormatContext, LintReport } from './types.js';

// SARIF 2.1.0 as GitHub code scanning ingests it: every rule described, results on the
// repo-relative template line, fingerprints that survive line moves, charts that could not be
// linted as tool execution notifications.

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const INFORMATION_URI = 'https://github.com/helm-rbac-lint/helm-rbac-lint';
export const FINGERPRINT_KEY = 'helmRbacLint/v1';
export const SRCROOT = '%SRCROOT%';

/** GitHub reads `security-severity` as a number in a string, 0.1–10 (9.0+ critical, 7.0+ high, 4.0+ medium). */
export const SECURITY_SEVERITY: Readonly<Record<Severity, string>> = {
  critical: '9.5',
  high: '8.0',
  medium: '5.5',
  low: '3.0',
  info: '1.0',
};

export const SARIF_LEVEL: Readonly<Record<Severity, 'error' | 'warning' | 'note'>> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  info: 'note',
};

/** `nodes-proxy` → `NodesProxy` (SARIF reportingDescriptor.name is an identifier-like name). */
export function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]?.toUpperCase() + w.slice(1))
    .join('');
}

/**
 * reportingDescriptor.name: the id in PascalCase. A one-word id would give a name equal to the id
 * but for case, which the SARIF Multitool flags (SARIF1001: a rule's name must differ from its
 * id), so such names get a `Rule` suffix (`impersonate` → `ImpersonateRule`).
 */
export function ruleName(id: string): string {
  const name = pascalCase(id);
  return name.toLowerCase() === id.toLowerCase() ? `${name}Rule` : name;
}

function ruleDescriptor(rule: DocumentedRule): ReportingDescriptor {
  const m = rule.meta;
  return {
    id: m.id,
    name: ruleName(m.id),
    shortDescription: { text: m.docs.summary },
    fullDescription: { text: m.docs.rationale },
    help: { text: ruleDocText(rule), markdown: ruleDocMarkdown(rule) },
    helpUri: helpUri(m.id),
    defaultConfiguration: { level: SARIF_LEVEL[m.severity] },
    properties: { tags: ['security', 'kubernetes', 'rbac', m.category], 'security-severity': SECURITY_SEVERITY[m.severity] },
  };
}

/** Findings the engine itself reports (suppression problems, …) may use ids outside the registry. */
function engineDescriptor(id: string, severity: Severity): ReportingDescriptor {
  const text = `Reported by helm-rbac-lint itself rather than by a lint rule (${id}).`;
  return {
    id,
    name: ruleName(id),
    shortDescription: { text },
    fullDescription: { text },
    help: { text, markdown: text },
    helpUri: helpUri(id),
    defaultConfiguration: { level: SARIF_LEVEL[severity] },
    properties: { tags: ['security', 'kubernetes', 'rbac'], 'security-severity': SECURITY_SEVERITY[severity] },
  };
}

function descriptors(rules: readonly DocumentedRule[], findings: readonly Finding[]): ReportingDescriptor[] {
  const known = new Set(rules.map((r) => r.meta.id));
  const extra = new Map<string, Severity>();
  for (const f of findings) if (!known.has(f.ruleId) && !extra.has(f.ruleId)) extra.set(f.ruleId, f.severity);
  const extraIds = [...extra.keys()].sort();
  return [...rules.map(ruleDescriptor), ...extraIds.map((id) => engineDescriptor(id, extra.get(id) as Severity))];
}

/**
 * Plain-text SARIF message: control characters made visible, and `[`/`]` escaped because
 * viewers read `[text](target)` as an embedded link (SARIF 2.1.0 §3.11.6).
 */
export function sarifText(text: string): string {
  return terminalSafe(text).replace(/[[\]]/g, (c) => `\\${c}`);
}

function messageText(f: Finding): string {
  const parts = [f.message.trim()];
  if (f.fix) {
    parts.push(`Fix: ${f.fix.summary.trim()}`);
    if (f.fix.minKubernetesVersion) parts.push(`(needs Kubernetes ${f.fix.minKubernetesVersion}+ kubelets)`);
  }
  return sarifText(parts.join(' '));
}

function suppressionOf(f: Finding): Suppression[] | undefined {
  if (!f.suppressed) return undefined;
  const by = f.suppression?.by;
  const justification = f.suppression?.reason ?? '';
  return [{ kind: by === 'annotation' ? 'inSource' : 'external', status: 'accepted', ...(justification ? { justification } : {}) }];
}

function resultOf(f: Finding, ruleIndex: number, path: string): Result {
  const absolute = isAbsolutePath(path);
  const json = findingJson(f);
  const lineKnown = f.source.line !== null && f.source.line >= 1;
  const o = f.object;
  const suppressions = suppressionOf(f);
  return {
    ruleId: f.ruleId,
    ruleIndex,
    level: SARIF_LEVEL[f.severity],
    message: { text: messageText(f) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: absolute ? { uri: pathToUri(path) } : { uri: pathToUri(path), uriBaseId: SRCROOT },
          region: { startLine: lineKnown ? (f.source.line as number) : 1 },
        },
        logicalLocations: [
          {
            kind: 'resource',
            name: o.name,
            fullyQualifiedName: `${o.kind}/${o.namespace ? `${o.namespace}/` : ''}${o.name}`,
            properties: { apiVersion: o.apiVersion, kind: o.kind, namespace: o.namespace },
          },
        ],
      },
    ],
    partialFingerprints: { [FINGERPRINT_KEY]: f.fingerprint },
    ...(suppressions ? { suppressions } : {}),
    properties: {
      severity: f.severity,
      subjects: json.subjects,
      permissions: json.permissions,
      renders: f.renders ?? [],
      suppressed: f.suppressed,
      ...(lineKnown ? {} : { lineUnknown: true }),
      ...(f.renderedLine !== null ? { renderedLine: f.renderedLine } : {}),
      ...(f.evidence.length > 0 ? { evidence: json.evidence } : {}),
      ...(json.fix ? { fix: json.fix } : {}),
    },
  };
}

function originalUriBaseIds(repoRoot: string | null | undefined): NonNullable<Run['originalUriBaseIds']> {
  const root = repoRoot ? normalizePath(repoRoot) : null;
  // Only an absolute root can be a URI; a relative one would mean nothing to the consumer.
  if (root && isAbsolutePath(root)) return { [SRCROOT]: { uri: `${pathToUri(root).replace(/\/$/, '')}/` } };
  return { [SRCROOT]: { description: { text: 'The repository root: result paths are relative to it.' } } };
}

function invocationOf(report: LintReport): Invocation {
  const failed = report.failed ?? [];
  const notifications: Notification[] = failed.map((f) => ({
    level: f.status === 'error' ? 'error' : 'note',
    message: { text: sarifText(f.message) },
    properties: { target: f.target.id, chart: f.target.chart, render: f.target.render, status: f.status },
  }));
  return {
    executionSuccessful: !failed.some((f) => f.status === 'error'),
    ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}),
  };
}

export function formatSarif(report: LintReport, given: Partial<FormatContext> = {}): string {
  const options = formatContext(given);
  const rules = descriptors(options.rules, report.findings);
  const index = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.findings.map((f) =>
    resultOf(f, index.get(f.ruleId) as number, findingPath(f, report.targets, options.targetPaths, options.repoRoot)),
  );
  const log: Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            informationUri: INFORMATION_URI,
            rules,
          },
        },
        // A chart that could not be linted is a tool execution error, not a silent absence (SARIF §3.20.21).
        invocations: [invocationOf(report)],
        originalUriBaseIds: originalUriBaseIds(options.repoRoot),
        results,
        columnKind: 'utf16CodeUnits',
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
