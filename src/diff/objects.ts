import type { Binding, LabelSelector, Role, RoleRef, Subject } from '../types.js';
import type { RbacModel } from '../rbac/model.js';
import { compareSubjects, subjectKey } from '../rbac/subjects.js';
import { PermissionSet, diffPermissionSets, expandRule } from './permissions.js';
import type { ObjectChange, RbacKind } from './types.js';

// Per-object diff of the RBAC objects written in the chart (built-ins are never listed),
// matched by kind + namespace + name. Only semantic content counts: rule atoms, subjects,
// roleRef, aggregation; labels, annotations, order and lines do not.

interface ObjectState {
  kind: RbacKind;
  name: string;
  namespace: string | null;
  atoms: PermissionSet;
  /** Bindings: subjects by key. */
  subjects: Map<string, Subject>;
  roleRef: RoleRef | null;
  aggregationRule: LabelSelector[] | null;
  /** ClusterRoles: `key=value` of the labels aggregation selectors look at. */
  aggregationLabels: Set<string>;
}

const AGGREGATE_TO = 'rbac.authorization.k8s.io/aggregate-to-';

/** Label keys any aggregationRule (built-in or in either render) selects on. */
function selectedLabelKeys(models: readonly RbacModel[]): Set<string> {
  const keys = new Set<string>();
  for (const role of [...new Set(models.flatMap((m) => m.policy.clusterRoles)), ...models.flatMap((m) => m.roles)]) {
    for (const sel of role.aggregationRule ?? []) {
      for (const k of Object.keys(sel.matchLabels)) keys.add(k);
      for (const e of sel.matchExpressions) keys.add(e.key);
    }
  }
  return keys;
}

const keyOf = (kind: string, namespace: string | null, name: string): string => `${kind}\u0000${namespace ?? ''}\u0000${name}`;

function emptyState(kind: RbacKind, namespace: string | null, name: string): ObjectState {
  return { kind, name, namespace, atoms: new PermissionSet(), subjects: new Map(), roleRef: null, aggregationRule: null, aggregationLabels: new Set() };
}

function boundAtoms(model: RbacModel, binding: Binding): PermissionSet {
  const role = model.roleFor(binding);
  return new PermissionSet(role ? model.heldRules(role).flatMap((h) => expandRule(h.rule)) : []);
}

/** The chart's RBAC objects as comparable states; duplicates of one key are merged. */
function statesOf(model: RbacModel, labelKeys: ReadonlySet<string>): Map<string, ObjectState> {
  const states = new Map<string, ObjectState>();
  const stateFor = (kind: RbacKind, namespace: string | null, name: string): ObjectState => {
    const key = keyOf(kind, namespace, name);
    let s = states.get(key);
    if (!s) states.set(key, (s = emptyState(kind, namespace, name)));
    return s;
  };
  for (const role of model.roles) addRole(stateFor(role.kind, role.kind === 'Role' ? role.namespace : null, role.name), role, labelKeys);
  for (const b of model.bindings) {
    const s = stateFor(b.kind, b.kind === 'RoleBinding' ? b.namespace : null, b.name);
    for (const subject of b.subjects) s.subjects.set(subjectKey(subject), subject);
    // Duplicates of one key (the API server keeps only one) merge in an order-independent way.
    if (!s.roleRef || roleRefText(b.roleRef) < roleRefText(s.roleRef)) s.roleRef = b.roleRef;
    for (const atom of boundAtoms(model, b).values()) s.atoms.add(atom);
  }
  return states;
}

function addRole(s: ObjectState, role: Role, labelKeys: ReadonlySet<string>): void {
  for (const atom of role.rules.flatMap(expandRule)) s.atoms.add(atom);
  if (s.aggregationRule === null || (role.aggregationRule !== null && canonicalSelectors(role.aggregationRule) < canonicalSelectors(s.aggregationRule))) {
    s.aggregationRule = role.aggregationRule;
  }
  for (const [k, v] of Object.entries(role.labels)) {
    if (k.startsWith(AGGREGATE_TO) || labelKeys.has(k)) s.aggregationLabels.add(`${k}=${v}`);
  }
}

function canonicalSelectors(selectors: LabelSelector[] | null): string {
  if (selectors === null) return 'null';
  return selectors
    .map((s) =>
      JSON.stringify([
        Object.entries(s.matchLabels).sort(),
        s.matchExpressions.map((e) => [e.key, e.operator, [...e.values].sort()]).sort(),
      ]),
    )
    .sort()
    .join('\n');
}

const roleRefText = (r: RoleRef): string => `${r.kind}\u0000${r.name}\u0000${r.apiGroup}`;

const sameRoleRef = (a: RoleRef | null, b: RoleRef | null): boolean =>
  a === b || (a !== null && b !== null && a.kind === b.kind && a.name === b.name && a.apiGroup === b.apiGroup);

function subjectDiff(before: ObjectState | undefined, after: ObjectState | undefined): { added: Subject[]; removed: Subject[] } {
  const b = before?.subjects ?? new Map<string, Subject>();
  const a = after?.subjects ?? new Map<string, Subject>();
  return {
    added: [...a].filter(([k]) => !b.has(k)).map(([, s]) => s).sort(compareSubjects),
    removed: [...b].filter(([k]) => !a.has(k)).map(([, s]) => s).sort(compareSubjects),
  };
}

function compare(before: ObjectState | undefined, after: ObjectState | undefined): ObjectChange | null {
  const s = (after ?? before) as ObjectState;
  const isBinding = s.kind === 'RoleBinding' || s.kind === 'ClusterRoleBinding';
  const roleRefChanged = isBinding && !sameRoleRef(before?.roleRef ?? null, after?.roleRef ?? null);
  // A binding whose roleRef stayed hands out what the role holds: that change is the role's.
  const atoms = isBinding && before && after && !roleRefChanged ? { added: [], removed: [] } : diffPermissionSets(before?.atoms ?? new PermissionSet(), after?.atoms ?? new PermissionSet());
  const subjects = subjectDiff(before, after);
  const aggRuleChanged = canonicalSelectors(before?.aggregationRule ?? null) !== canonicalSelectors(after?.aggregationRule ?? null);
  const labelsBefore = before?.aggregationLabels ?? new Set<string>();
  const labelsAfter = after?.aggregationLabels ?? new Set<string>();
  const labels = { added: [...labelsAfter].filter((l) => !labelsBefore.has(l)).sort(), removed: [...labelsBefore].filter((l) => !labelsAfter.has(l)).sort() };

  const change = !before ? 'added' : !after ? 'removed' : 'changed';
  const differs =
    change !== 'changed' ||
    atoms.added.length + atoms.removed.length + subjects.added.length + subjects.removed.length + labels.added.length + labels.removed.length > 0 ||
    roleRefChanged ||
    aggRuleChanged;
  if (!differs) return null;
  const out: ObjectChange = { kind: s.kind, name: s.name, namespace: s.namespace, change, added: atoms.added, removed: atoms.removed };
  if (isBinding) {
    out.subjects = subjects;
    if (roleRefChanged) out.roleRef = { old: before?.roleRef ?? null, new: after?.roleRef ?? null };
  } else if (s.kind === 'ClusterRole') {
    if (aggRuleChanged) out.aggregationRule = { old: before?.aggregationRule ?? null, new: after?.aggregationRule ?? null };
    if (labels.added.length + labels.removed.length > 0) out.aggregationLabels = labels;
  }
  return out;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

export function compareObjectChanges(a: ObjectChange, b: ObjectChange): number {
  return cmp(a.kind, b.kind) || cmp(a.namespace ?? '', b.namespace ?? '') || cmp(a.name, b.name);
}

/** Every RBAC object of either render that was added, removed or semantically changed. */
export function diffObjects(oldModel: RbacModel, newModel: RbacModel): ObjectChange[] {
  const labelKeys = selectedLabelKeys([oldModel, newModel]);
  const before = statesOf(oldModel, labelKeys);
  const after = statesOf(newModel, labelKeys);
  const out: ObjectChange[] = [];
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const change = compare(before.get(key), after.get(key));
    if (change) out.push(change);
  }
  return out.sort(compareObjectChanges);
}
