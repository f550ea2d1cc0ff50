import type {
  Binding,
  InputIssue,
  LabelSelector,
  LabelSelectorRequirement,
  ParsedObject,
  PolicyRule,
  Role,
  RoleRef,
  Subject,
} from '../types.js';
import { isRecord } from '../data.js';

// Turns rendered RBAC objects into Roles and Bindings. Anything the API server would
// reject (wrong types, missing roleRef, unknown subject kinds; pkg/apis/rbac/validation)
// becomes an InputIssue (reported by `malformed-rbac`), never an exception. What can
// still be understood is kept, so nothing the chart grants is silently dropped.

export const RBAC_GROUP = 'rbac.authorization.k8s.io';

type Issue = (path: string | null, message: string) => void;

function stringList(value: unknown, path: string, issue: Issue): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issue(path, `${path} must be a list of strings, got ${describe(value)}`);
    return typeof value === 'string' ? [value] : [];
  }
  const out: string[] = [];
  value.forEach((item, i) => {
    if (typeof item === 'string') out.push(item);
    else issue(`${path}.${i}`, `${path}[${i}] must be a string, got ${describe(item)}`);
  });
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`.slice(0, 60);
}

/** A required string field that is absent, empty or of another type (`name: 7` does not decode). */
function missingString(value: unknown, path: string): string {
  return value === undefined || value === null || value === '' ? `${path} is required` : `${path} must be a string, got ${describe(value)}`;
}

/** ObjectMeta.Labels is map[string]string: a non-string value (`aggregate-to-view: true`) does not decode. */
function labelsOf(body: Record<string, unknown>, issue?: Issue): Record<string, string> {
  const meta = body['metadata'];
  const labels = isRecord(meta) ? meta['labels'] : undefined;
  const out: Record<string, string> = {};
  if (!isRecord(labels)) return out;
  for (const [k, v] of Object.entries(labels)) {
    if (typeof v === 'string') out[k] = v;
    else issue?.(`metadata.labels.${k}`, `metadata.labels.${k} must be a string, got ${describe(v)} (quote it)`);
  }
  return out;
}

/**
 * A malformed `verbs: get` is kept as ["get"]: the API server would refuse the object,
 * but the chart author meant to grant it, and hiding the grant would be worse.
 */
function policyRule(raw: unknown, path: string, issue: Issue): PolicyRule | null {
  if (!isRecord(raw)) {
    issue(path, `${path} must be a mapping, got ${describe(raw)}`);
    return null;
  }
  return {
    verbs: stringList(raw['verbs'], `${path}.verbs`, issue),
    apiGroups: stringList(raw['apiGroups'], `${path}.apiGroups`, issue),
    resources: stringList(raw['resources'], `${path}.resources`, issue),
    resourceNames: stringList(raw['resourceNames'], `${path}.resourceNames`, issue),
    nonResourceURLs: stringList(raw['nonResourceURLs'], `${path}.nonResourceURLs`, issue),
  };
}

function rulesOf(body: Record<string, unknown>, issue: Issue): PolicyRule[] {
  const raw = body['rules'];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issue('rules', `rules must be a list, got ${describe(raw)}`);
    return [];
  }
  // Keep indexes aligned with the object so positions (rules.N) stay right: a broken rule becomes empty.
  return raw.map(
    (r, i) =>
      policyRule(r, `rules.${i}`, issue) ?? { verbs: [], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [] },
  );
}

function selector(raw: unknown, path: string, issue: Issue): LabelSelector | null {
  if (!isRecord(raw)) {
    issue(path, `${path} must be a label selector mapping`);
    return null;
  }
  const matchLabels: Record<string, string> = {};
  const ml = raw['matchLabels'];
  if (ml !== undefined && ml !== null) {
    if (!isRecord(ml)) issue(`${path}.matchLabels`, `${path}.matchLabels must be a mapping`);
    else
      for (const [k, v] of Object.entries(ml)) {
        if (typeof v === 'string') matchLabels[k] = v;
        else issue(`${path}.matchLabels.${k}`, `${path}.matchLabels.${k} must be a string`);
      }
  }
  const matchExpressions: LabelSelectorRequirement[] = [];
  const me = raw['matchExpressions'];
  if (me !== undefined && me !== null) {
    if (!Array.isArray(me)) issue(`${path}.matchExpressions`, `${path}.matchExpressions must be a list`);
    else
      me.forEach((e, i) => {
        const p = `${path}.matchExpressions.${i}`;
        if (!isRecord(e) || typeof e['key'] !== 'string' || typeof e['operator'] !== 'string') {
          issue(p, `${p} needs a string key and operator`);
          return;
        }
        const op = e['operator'];
        if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(op)) issue(`${p}.operator`, `${p}.operator ${JSON.stringify(op)} is not a valid operator`);
        const values = stringList(e['values'], `${p}.values`, issue);
        // ValidateLabelSelectorRequirement (apimachinery meta/v1/validation): In/NotIn need values,
        // Exists/DoesNotExist must have none; the API server rejects the ClusterRole otherwise.
        if ((op === 'In' || op === 'NotIn') && values.length === 0) issue(`${p}.values`, `${p}.values must be non-empty when operator is ${op}`);
        if ((op === 'Exists' || op === 'DoesNotExist') && values.length > 0) issue(`${p}.values`, `${p}.values must be empty when operator is ${op}`);
        matchExpressions.push({ key: e['key'], operator: op, values });
      });
  }
  return { matchLabels, matchExpressions };
}

function aggregationRuleOf(body: Record<string, unknown>, issue: Issue): LabelSelector[] | null {
  const raw = body['aggregationRule'];
  if (raw === undefined || raw === null) return null;
  if (!isRecord(raw)) {
    issue('aggregationRule', 'aggregationRule must be a mapping');
    return null;
  }
  const sels = raw['clusterRoleSelectors'];
  if (!Array.isArray(sels) || sels.length === 0) {
    // ValidateClusterRole: "at least one clusterRoleSelector required if aggregationRule is non-nil"
    issue('aggregationRule.clusterRoleSelectors', 'aggregationRule needs at least one clusterRoleSelector');
    return [];
  }
  return sels.flatMap((s, i) => {
    const sel = selector(s, `aggregationRule.clusterRoleSelectors.${i}`, issue);
    return sel ? [sel] : [];
  });
}

/**
 * helm installs namespaced objects without metadata.namespace into the release namespace
 * (the API server defaults it to the request's namespace: pkg/registry/rest/create.go
 * EnsureObjectNamespaceMatchesRequestNamespace), so `defaultNamespace` is the render's namespace.
 */
export function roleFrom(obj: ParsedObject, issue: Issue, defaultNamespace: string | null = null): Role {
  const kind = obj.ref.kind === 'Role' ? 'Role' : 'ClusterRole';
  const namespace = kind === 'Role' ? (obj.ref.namespace ?? defaultNamespace) : null;
  return {
    kind,
    name: obj.ref.name,
    namespace,
    labels: labelsOf(obj.body, issue),
    rules: rulesOf(obj.body, issue),
    aggregationRule: kind === 'ClusterRole' ? aggregationRuleOf(obj.body, issue) : null,
    object: obj,
    builtin: false,
  };
}

function subjectsOf(body: Record<string, unknown>, bindingNamespace: string | null, issue: Issue): Subject[] {
  const raw = body['subjects'];
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    issue('subjects', `subjects must be a list, got ${describe(raw)}`);
    return [];
  }
  const out: Subject[] = [];
  raw.forEach((s, i) => {
    const p = `subjects.${i}`;
    if (!isRecord(s)) return issue(p, `${p} must be a mapping`);
    const kind = s['kind'];
    const name = s['name'];
    if (typeof name !== 'string' || name === '') return issue(`${p}.name`, missingString(name, `${p}.name`));
    // SetDefaults_Subject fills an empty apiGroup ("" for ServiceAccount, rbac for User/Group);
    // ValidateRoleBindingSubject rejects any other value.
    const apiGroup = s['apiGroup'];
    const wantGroup = kind === 'ServiceAccount' ? '' : RBAC_GROUP;
    if (apiGroup !== undefined && apiGroup !== null && apiGroup !== '' && apiGroup !== wantGroup && (kind === 'ServiceAccount' || kind === 'User' || kind === 'Group')) {
      issue(`${p}.apiGroup`, `${p}.apiGroup must be ${JSON.stringify(wantGroup)} for a ${kind} subject, got ${describe(apiGroup)}`);
    }
    if (kind === 'ServiceAccount') {
      const ns = typeof s['namespace'] === 'string' && s['namespace'] !== '' ? s['namespace'] : bindingNamespace;
      if (!ns) {
        // ValidateRoleBindingSubject: namespace is required for a ServiceAccount in a ClusterRoleBinding.
        issue(`${p}.namespace`, `${p}: ServiceAccount subject needs a namespace in a ClusterRoleBinding`);
        return;
      }
      out.push({ kind, name, namespace: ns });
    } else if (kind === 'User' || kind === 'Group') {
      out.push({ kind, name });
    } else {
      issue(`${p}.kind`, `${p}.kind ${JSON.stringify(kind)} is not ServiceAccount, User or Group`);
    }
  });
  return out;
}

export function bindingFrom(obj: ParsedObject, issue: Issue, defaultNamespace: string | null = null): Binding | null {
  const kind = obj.ref.kind === 'RoleBinding' ? 'RoleBinding' : 'ClusterRoleBinding';
  const namespace = kind === 'RoleBinding' ? (obj.ref.namespace ?? defaultNamespace) : null;
  const rr = obj.body['roleRef'];
  const subjects = subjectsOf(obj.body, namespace, issue);
  if (!isRecord(rr)) {
    issue('roleRef', 'roleRef is required');
    return null;
  }
  const roleRef: RoleRef = {
    kind: typeof rr['kind'] === 'string' ? rr['kind'] : '',
    name: typeof rr['name'] === 'string' ? rr['name'] : '',
    // SetDefaults_RoleBinding / SetDefaults_ClusterRoleBinding (pkg/apis/rbac/v1/defaults.go): empty → rbac group.
    apiGroup: typeof rr['apiGroup'] === 'string' && rr['apiGroup'] !== '' ? rr['apiGroup'] : RBAC_GROUP,
  };
  const rawGroup = rr['apiGroup'];
  if (rawGroup !== undefined && rawGroup !== null && typeof rawGroup !== 'string') {
    issue('roleRef.apiGroup', `roleRef.apiGroup must be a string, got ${describe(rawGroup)}`);
  }
  if (!roleRef.name) issue('roleRef.name', missingString(rr['name'], 'roleRef.name'));
  const kinds = kind === 'RoleBinding' ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(roleRef.kind)) issue('roleRef.kind', `roleRef.kind must be ${kinds.join(' or ')} in a ${kind}`);
  if (roleRef.apiGroup !== RBAC_GROUP) issue('roleRef.apiGroup', `roleRef.apiGroup must be ${RBAC_GROUP}`);
  if (!roleRef.name || !kinds.includes(roleRef.kind)) return null;
  return { kind, name: obj.ref.name, namespace, roleRef, subjects, object: obj, builtin: false };
}

/**
 * `metadata`, `metadata.name` and `metadata.namespace` of the wrong type: ObjectMeta fields are
 * typed (k8s.io/apimachinery pkg/apis/meta/v1 types.go `Name string`), so `name: 7` does not
 * decode and the API server rejects the object. The parser still names the object "7".
 */
export function metadataIssues(obj: ParsedObject, issue: Issue): void {
  const meta = obj.body['metadata'];
  if (meta === undefined || meta === null) return;
  if (!isRecord(meta)) {
    issue('metadata', `metadata must be a mapping, got ${describe(meta)}`);
    return;
  }
  for (const key of ['name', 'namespace']) {
    const value = meta[key];
    if (value !== undefined && value !== null && typeof value !== 'string') issue(`metadata.${key}`, `metadata.${key} must be a string, got ${describe(value)}`);
  }
}

/** Collects issues for one object as InputIssues. */
export function issueCollector(obj: ParsedObject, into: InputIssue[]): Issue {
  return (path, message) => {
    const pos = path ? obj.positions[path] : undefined;
    into.push({
      target: obj.target,
      object: obj.ref,
      source: { file: obj.source.file, line: pos?.template ?? obj.source.line },
      renderedLine: pos?.rendered ?? obj.renderedLine,
      path,
      message,
    });
  };
}
