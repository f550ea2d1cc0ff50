import { describe, expect, it } from 'vitest';
import { parseRendered } from '../../src/parse/index.js';

// The brief for src/parse: a synthetic manifest of 20k ClusterRoles must lint in <= 2 s, linearly
// (PRODUCT.md §7: "only RBAC-relevant documents and evidence-bearing objects are fully parsed").

function manifest(roles: number): string {
  const docs: string[] = [];
  for (let i = 0; i < roles; i++) {
    docs.push(
      [
        '---',
        'apiVersion: rbac.authorization.k8s.io/v1',
        'kind: ClusterRole',
        'metadata:',
        `  name: role-${i}`,
        '  labels:',
        '    app.kubernetes.io/name: big',
        'rules:',
        '  - apiGroups: [""]',
        '    resources: ["nodes", "nodes/proxy", "pods"]',
        '    verbs: ["get", "list", "watch"]',
        '---',
        'apiVersion: v1',
        'kind: ServiceAccount',
        'metadata:',
        `  name: sa-${i}`,
      ].join('\n'),
    );
  }
  return `${docs.join('\n')}\n`;
}

function fastest(text: string, runs: number): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    const result = parseRendered(text, { target: 0, chartName: null, manifestFile: 'big.yaml' });
    best = Math.min(best, performance.now() - started);
    if (result.issues.length > 0) throw new Error(result.issues[0]?.message);
  }
  return best;
}

describe('performance', () => {
  it('parses 20k ClusterRoles (plus 20k skipped ServiceAccounts) well inside the 2 s lint budget, linearly', () => {
    const small = manifest(5_000);
    const large = manifest(20_000);
    fastest(manifest(500), 2); // warm up the JIT
    const smallMs = fastest(small, 2);
    const largeMs = fastest(large, 2);
    console.log(`parse: 5k roles ${smallMs.toFixed(0)} ms, 20k roles ${largeMs.toFixed(0)} ms`);
    expect(largeMs).toBeLessThan(1500);
    expect(largeMs / smallMs).toBeLessThan(8); // 4 would be exactly linear; quadratic would be 16
    const result = parseRendered(large, { target: 0, chartName: null, manifestFile: 'big.yaml' });
    expect(result.documents).toBe(40_000);
    expect(result.objects).toHaveLength(20_000);
  });
});
