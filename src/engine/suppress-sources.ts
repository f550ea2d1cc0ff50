// Where suppressions come from, read as plain data: `ignore-check.helm-rbac-lint.io/<rule-id>`
// annotations on rendered objects, and how a config exemption matches a finding.
import type { Exemption } from '../config/schema.js';
import type { Finding, ObjectRef, ParsedObject, TargetInfo } from '../types.js';
import { isRecord } from '../data.js';

/** As kube-linter's `ignore-check.kube-linter.io/<check>` (pkg/ignore/ignore.go AnnotationKeyPrefix). */
export const ANNOTATION_PREFIX = 'ignore-check.helm-rbac-lint.io/';

/** Renders of one chart (kube versions, ci values) share suppressions, as mergeRenders shares findings. */
export function groupOf(target: TargetInfo): string {
  return target.chart ?? `manifest:${target.id}`;
}

export function objectKey(group: string, ref: Pick<ObjectRef, 'kind' | 'name' | 'namespace'>, ruleId: string): string {
  return [group, ref.kind, ref.namespace ?? '', ref.name, ruleId].join('\u0000');
}

export interface AnnotationFound {
  key: string;
  /** What follows the prefix: a rule id if the author got it right. */
  ruleId: string;
  /** The trimmed value, or null when it is empty or not a string (then it is no reason). */
  reason: string | null;
  object: ObjectRef;
  target: TargetInfo;
  /** File that holds the annotation, as a user would open it, and its best line. */
  file: string;
  line: number | null;
}

function fileOf(obj: ParsedObject, target: TargetInfo): string {
  const template = obj.source.file;
  if (template && target.chart && target.renderer !== 'manifest') return `${target.chart.replace(/\/+$/, '')}/${template}`;
  return template ?? target.chart ?? target.name;
}

/** Every suppression annotation on the objects of one render. */
export function annotationsOf(objects: readonly ParsedObject[], target: TargetInfo): AnnotationFound[] {
  const out: AnnotationFound[] = [];
  for (const obj of objects) {
    const metadata = obj.body['metadata'];
    const annotations = isRecord(metadata) ? metadata['annotations'] : undefined;
    if (!isRecord(annotations)) continue;
    for (const [key, value] of Object.entries(annotations)) {
      if (!key.startsWith(ANNOTATION_PREFIX)) continue;
      const reason = typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
      const position = obj.positions[`metadata.annotations.${key}`];
      out.push({
        key,
        ruleId: key.slice(ANNOTATION_PREFIX.length),
        reason,
        object: obj.ref,
        target,
        file: fileOf(obj, target),
        line: position?.template ?? obj.source.line,
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------- exemptions

const globCache = new Map<string, RegExp>();

/** `*` matches any run of characters (also none); everything else is literal; case-sensitive. */
export function globMatches(pattern: string, text: string): boolean {
  let re = globCache.get(pattern);
  if (!re) {
    re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`, 's');
    globCache.set(pattern, re);
  }
  return re.test(text);
}

/**
 * Charts a finding belongs to: the linted chart itself, and every subchart on the way to the
 * template that produced it (`charts/datadog/templates/x.yaml` → `datadog`), so an exemption can
 * name a third-party subchart. A manifest has no chart of its own.
 */
export function chartsOf(finding: Finding, target: TargetInfo): string[] {
  const names = target.renderer === 'manifest' ? [] : [target.name];
  const parts = (finding.source.file ?? '').split('/');
  for (let i = 0; i + 1 < parts.length; i++) {
    if (parts[i] === 'charts') names.push(parts[i + 1] as string);
  }
  return names;
}

export function exemptionMatches(e: Exemption, finding: Finding, target: TargetInfo): boolean {
  const obj = finding.object;
  if (e.rule !== '*' && e.rule !== finding.ruleId) return false;
  if (e.kind !== undefined && e.kind !== obj.kind) return false;
  if (e.name !== undefined && !globMatches(e.name, obj.name)) return false;
  if (e.namespace === null && obj.namespace !== null) return false;
  if (typeof e.namespace === 'string' && (obj.namespace === null || !globMatches(e.namespace, obj.namespace))) return false;
  if (e.chart !== undefined && !chartsOf(finding, target).some((c) => globMatches(e.chart as string, c))) return false;
  return true;
}

/** `exemptions[2] (rule nodes-proxy, kind ClusterRole, name datadog)`: how messages name an exemption. */
export function exemptionText(e: Exemption): string {
  const filters = [
    `rule ${e.rule}`,
    e.kind !== undefined ? `kind ${e.kind}` : null,
    e.name !== undefined ? `name ${e.name}` : null,
    e.namespace !== undefined ? `namespace ${e.namespace ?? 'null (cluster-scoped)'}` : null,
    e.chart !== undefined ? `chart ${e.chart}` : null,
  ].filter((x): x is string => x !== null);
  return `exemptions[${e.index}] (${filters.join(', ')})`;
}
