// Builds ParsedObjects straight from YAML for unit tests of the pure core (no helm, no parse module).
import { parseAllDocuments } from 'yaml';
import type { ParsedObject, TargetInfo } from '../../src/types.js';

export function objectsFromYaml(text: string, target = 0): ParsedObject[] {
  const out: ParsedObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const body = doc.toJS() as Record<string, unknown> | null;
    if (!body || typeof body !== 'object') return;
    const meta = (body['metadata'] ?? {}) as Record<string, unknown>;
    out.push({
      ref: {
        apiVersion: String(body['apiVersion'] ?? ''),
        kind: String(body['kind'] ?? ''),
        name: String(meta['name'] ?? ''),
        namespace: typeof meta['namespace'] === 'string' ? meta['namespace'] : null,
      },
      body,
      target,
      doc: i,
      renderedLine: 1,
      source: { file: 'templates/test.yaml', line: 1 },
      positions: {},
    });
  });
  return out;
}

export function testTarget(overrides: Partial<TargetInfo> = {}): TargetInfo {
  return {
    id: 0,
    chart: 'charts/test',
    name: 'test',
    version: '0.1.0',
    release: 'test',
    namespace: 'monitoring',
    values: [],
    renderer: 'manifest',
    kubeVersion: null,
    chartKubeVersion: null,
    render: null,
    ...overrides,
  };
}

// Small YAML builders keep the tables readable.
export const clusterRole = (name: string, rules: string, extra = ''): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: ${name}\n${extra}rules:\n${rules}\n---\n`;
export const role = (ns: string, name: string, rules: string): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nrules:\n${rules}\n---\n`;
export const crb = (name: string, roleName: string, subjects = '  - { kind: ServiceAccount, name: sa, namespace: monitoring }'): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata:\n  name: ${name}\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: ${roleName} }\nsubjects:\n${subjects}\n---\n`;
export const rb = (ns: string, name: string, kind: 'Role' | 'ClusterRole', roleName: string, subjects = '  - { kind: ServiceAccount, name: sa }'): string =>
  `apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nroleRef: { apiGroup: rbac.authorization.k8s.io, kind: ${kind}, name: ${roleName} }\nsubjects:\n${subjects}\n---\n`;
export const rule = (groups: string[], resources: string[], verbs: string[], names: string[] = []): string =>
  `  - apiGroups: ${JSON.stringify(groups)}\n    resources: ${JSON.stringify(resources)}\n    verbs: ${JSON.stringify(verbs)}\n${names.length ? `    resourceNames: ${JSON.stringify(names)}\n` : ''}`;
