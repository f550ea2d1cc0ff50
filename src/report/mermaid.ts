import type { Binding, Finding, FindingPermission, Role, Subject } from '../types.js';
import type { RbacModel } from '../rbac/model.js';
import { subjectKey, subjectLabel } from '../rbac/subjects.js';
import { objectLabel } from '../labels.js';

// The "who reaches what" picture of a PR comment: subject → binding → role → risky permission,
// drawn as a Mermaid flowchart that GitHub renders inline.

export const MAX_GRAPH_EDGES = 50;
const MAX_LABEL = 80;

type Shape = 'subject' | 'binding' | 'role' | 'permission';
interface GraphNode {
  key: string;
  label: string;
  shape: Shape;
}
interface GraphEdge {
  from: GraphNode;
  to: GraphNode;
  label: string | null;
}

/**
 * Text inside a quoted Mermaid label. Mermaid decodes `#name;` / `#123;` entity codes, so `#`
 * goes first; quotes would end the label, `<>&` reach the HTML label, a backtick would start a
 * Markdown string or end the ``` fence, `%` could form a `%%{init}%%` directive and `|` delimits
 * edge labels.
 */
export function mermaidLabel(text: string): string {
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ');
  const short = flat.length > MAX_LABEL ? `${flat.slice(0, MAX_LABEL - 1)}…` : flat;
  return short
    .replace(/#/g, '#35;')
    .replace(/"/g, '#quot;')
    .replace(/&/g, '#amp;')
    .replace(/</g, '#lt;')
    .replace(/>/g, '#gt;')
    .replace(/`/g, '#96;')
    .replace(/%/g, '#37;')
    .replace(/\|/g, '#124;');
}

export function permissionLabel(p: FindingPermission): string {
  const what = p.nonResourceURL ?? (p.apiGroup ? `${p.resource}.${p.apiGroup}` : p.resource);
  const names = p.resourceNames.length > 0 ? ` (${p.resourceNames.join(', ')})` : '';
  return `${what}${names}: ${p.verbs.join(', ')}`;
}

class GraphBuilder {
  readonly edges = new Map<string, GraphEdge>();

  constructor(private readonly target: number) {}

  node(shape: Shape, id: string, label: string): GraphNode {
    return { key: `${this.target}\u0000${shape}\u0000${id}`, label, shape };
  }
  subject(s: Subject): GraphNode {
    return this.node('subject', subjectKey(s), s.kind === 'ServiceAccount' ? `ServiceAccount ${subjectLabel(s)}` : subjectLabel(s));
  }
  binding(b: Pick<Binding, 'kind' | 'name' | 'namespace'>): GraphNode {
    return this.node('binding', `${b.kind}/${b.namespace ?? ''}/${b.name}`, objectLabel(b));
  }
  role(r: Pick<Role, 'kind' | 'name' | 'namespace'> & { builtin?: boolean }): GraphNode {
    return this.node('role', `${r.kind}/${r.namespace ?? ''}/${r.name}`, `${objectLabel(r)}${r.builtin ? ' (built-in)' : ''}`);
  }
  edge(from: GraphNode, to: GraphNode, label: string | null = null): void {
    const k = `${from.key}\u0001${to.key}`;
    if (!this.edges.has(k)) this.edges.set(k, { from, to, label });
  }
}

function findRole(model: RbacModel | undefined, f: Finding): Role | undefined {
  if (!model) return undefined;
  const o = f.object;
  return o.kind === 'ClusterRole' ? model.clusterRole(o.name) : model.role(o.namespace ?? '', o.name);
}

/** Subject → binding → (aggregating role →) role, for the finding's subjects only. */
function roleChain(g: GraphBuilder, f: Finding, roleNode: GraphNode, model: RbacModel | undefined): void {
  const role = findRole(model, f);
  if (!model || !role) {
    for (const s of f.subjects) g.edge(g.subject(s), roleNode, 'bound');
    return;
  }
  const wanted = new Set(f.subjects.map(subjectKey));
  for (const carrier of [role, ...model.aggregatorsOf(role)]) {
    const carrierNode = carrier === role ? roleNode : g.role(carrier);
    const bindings = model.bindingsOf(carrier).filter((b) => b.subjects.some((s) => wanted.has(subjectKey(s))));
    for (const b of bindings) {
      const bindingNode = g.binding(b);
      for (const s of b.subjects) if (wanted.has(subjectKey(s))) g.edge(g.subject(s), bindingNode);
      g.edge(bindingNode, carrierNode);
    }
    // A built-in aggregate (view, edit, admin) hands the rule to every holder, bound here or not.
    if (carrier !== role && (bindings.length > 0 || carrier.builtin)) g.edge(carrierNode, roleNode, 'aggregates');
  }
}

function findingEdges(g: GraphBuilder, f: Finding, model: RbacModel | undefined): void {
  const perms = f.permissions.map((p) => g.node('permission', permissionLabel(p), permissionLabel(p)));
  const o = f.object;
  if (o.kind === 'ClusterRole' || o.kind === 'Role') {
    const roleNode = g.role({ kind: o.kind, name: o.name, namespace: o.namespace });
    roleChain(g, f, roleNode, model);
    for (const p of perms) g.edge(roleNode, p);
  } else if (o.kind === 'ClusterRoleBinding' || o.kind === 'RoleBinding') {
    const bindingNode = g.binding({ kind: o.kind, name: o.name, namespace: o.namespace });
    for (const s of f.subjects) g.edge(g.subject(s), bindingNode);
    const binding = model?.bindings.find((b) => b.kind === o.kind && b.name === o.name && b.namespace === o.namespace);
    const role = binding ? model?.roleFor(binding) : undefined;
    const last = role ? g.role(role) : bindingNode;
    if (role) g.edge(bindingNode, last);
    for (const p of perms) g.edge(last, p);
  }
}

const SHAPES: Record<Shape, (id: string, label: string) => string> = {
  subject: (id, l) => `${id}(["${l}"])`,
  binding: (id, l) => `${id}{{"${l}"}}`,
  role: (id, l) => `${id}["${l}"]`,
  permission: (id, l) => `${id}>"${l}"]`,
};

export interface AccessGraph {
  /** The flowchart source (without the ``` fence), or null when no finding has an RBAC chain. */
  mermaid: string | null;
  edges: number;
  shownEdges: number;
}

/**
 * The graph of the given findings (unsuppressed, in report order). `models` (by target id)
 * names the bindings; without them subjects point straight at the role.
 */
export function accessGraph(findings: readonly Finding[], models?: ReadonlyMap<number, RbacModel>, maxEdges = MAX_GRAPH_EDGES): AccessGraph {
  const all: GraphEdge[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const g = new GraphBuilder(f.target);
    findingEdges(g, f, models?.get(f.target));
    for (const [k, e] of g.edges) {
      if (seen.has(k)) continue;
      seen.add(k);
      all.push(e);
    }
  }
  if (all.length === 0) return { mermaid: null, edges: 0, shownEdges: 0 };
  const shown = all.slice(0, maxEdges);
  const ids = new Map<string, string>();
  const lines = ['graph LR'];
  const idOf = (n: GraphNode): string => {
    let id = ids.get(n.key);
    if (!id) {
      id = `n${ids.size}`;
      ids.set(n.key, id);
      lines.push(`  ${SHAPES[n.shape](id, mermaidLabel(n.label))}`);
    }
    return id;
  };
  const edgeLines = shown.map((e) => {
    const [a, b] = [idOf(e.from), idOf(e.to)];
    return `  ${a} -->${e.label ? `|${mermaidLabel(e.label)}|` : ''} ${b}`;
  });
  return { mermaid: [...lines, ...edgeLines].join('\n'), edges: all.length, shownEdges: shown.length };
}
