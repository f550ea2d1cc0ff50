// The RBAC edit at a nodes-proxy finding's template line. Fine-grained subresources exist since
// KubeletFineGrainedAuthz (beta, on by default, 1.33; kubernetes pkg/kubelet/server/auth.go):
// older kubelets only check nodes/proxy for /pods, /healthz and /configz, so those are gated;
// /statusz is served and checked as nodes/statusz from 1.36 (ComponentStatusz beta).
import { describe, expect, it } from 'vitest';
import { applyEdits } from '../../src/fix/edits.js';
import { rbacLineEdit } from '../../src/fix/rbac-line.js';

const ROLE = `rules:
  - apiGroups: [""]
    resources:
      - nodes
      - nodes/proxy
      - nodes/metrics
    verbs: ["get", "list", "watch"]
`;
const edited = (text: string, line: number, needed: string[], oldest: string): string => {
  const r = rbacLineEdit(text, line, needed, oldest);
  if (r.kind !== 'edit') throw new Error(r.reason);
  return applyEdits(text, r.edits);
};

describe('rbacLineEdit', () => {
  it('deletes the line when the list already has what the workload needs', () => {
    expect(edited(ROLE, 5, ['metrics'], '1.32')).toBe(ROLE.replace('      - nodes/proxy\n', ''));
  });

  it('replaces it with what is missing, in the same style', () => {
    const quoted = ROLE.replace('- nodes/proxy', '- "nodes/proxy"');
    expect(edited(quoted, 5, ['metrics', 'stats'], '1.32')).toBe(quoted.replace('- "nodes/proxy"', '- "nodes/stats"'));
  });

  it('gates 1.33-only subresources on the KubeVersion when older clusters are in range', () => {
    expect(edited(ROLE, 5, ['metrics', 'pods'], '1.32')).toBe(
      ROLE.replace(
        '      - nodes/proxy\n',
        '      {{- if semverCompare ">=1.33-0" .Capabilities.KubeVersion.Version }}\n      - nodes/pods\n      {{- else }}\n      - nodes/proxy\n      {{- end }}\n',
      ),
    );
  });

  it('one gate per minor a subresource needs (statusz from 1.36)', () => {
    expect(edited(ROLE, 5, ['pods', 'statusz'], '1.32')).toBe(
      ROLE.replace(
        '      - nodes/proxy\n',
        '      {{- if semverCompare ">=1.33-0" .Capabilities.KubeVersion.Version }}\n      - nodes/pods\n      {{- else }}\n      - nodes/proxy\n      {{- end }}\n' +
          '      {{- if semverCompare ">=1.36-0" .Capabilities.KubeVersion.Version }}\n      - nodes/statusz\n      {{- else }}\n      - nodes/proxy\n      {{- end }}\n',
      ),
    );
  });

  it('needs no gate when the chart runs on 1.33+ only', () => {
    expect(edited(ROLE, 5, ['pods'], '1.33')).toBe(ROLE.replace('nodes/proxy', 'nodes/pods'));
  });

  it('a flow list stays a flow list without a gate', () => {
    expect(edited('    resources: ["nodes", "nodes/proxy"]\n', 1, ['metrics', 'stats'], '1.32')).toBe('    resources: ["nodes", "nodes/metrics", "nodes/stats"]\n');
    expect(edited('  - resources: [nodes/proxy, pods] # kubelet\n', 1, [], '1.33')).toBe('  - resources: [pods] # kubelet\n');
  });

  it('a flow list becomes a block list when a subresource must be gated (a template block cannot sit inside […])', () => {
    expect(edited('    resources: [nodes/proxy]\n    verbs: [get]\n', 1, ['pods', 'stats'], '1.32')).toBe(
      '    resources:\n      - nodes/stats\n      {{- if semverCompare ">=1.33-0" .Capabilities.KubeVersion.Version }}\n      - nodes/pods\n      {{- else }}\n      - nodes/proxy\n      {{- end }}\n    verbs: [get]\n',
    );
  });

  it.each([
    { name: 'a templated list', text: 'rules:\n  {{- toYaml .Values.rbac.rules | nindent 2 }}\n', line: 2, reason: /template expression/ },
    { name: 'a flow list with a template in it', text: 'resources: ["nodes", {{ .Values.x | quote }}, "nodes/proxy"]\n', line: 1, reason: /template expression/ },
    { name: 'a wildcard grant', text: 'resources: ["*"]\n', line: 1, reason: /wildcard/ },
  ])('leaves $name to a person', ({ text, line, reason }) => {
    const r = rbacLineEdit(text, line, ['metrics'], '1.32');
    expect(r.kind).toBe('manual');
    if (r.kind === 'manual') expect(r.reason).toMatch(reason);
  });
});
