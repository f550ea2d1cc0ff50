// Which charts render at both ends of the assumed window (src/render/kube-branches.ts): those
// whose RBAC templates read .Capabilities.KubeVersion, directly or through included helpers.
import { describe, expect, it } from 'vitest';
import { rbacBranchesOnKubeVersion } from '../../src/render/kube-branches.js';

const ROLE_GATED = [
  'apiVersion: rbac.authorization.k8s.io/v1',
  'kind: ClusterRole',
  'rules:',
  '  - resources:',
  '{{- if semverCompare ">=1.33-0" .Capabilities.KubeVersion.Version }}',
  '      - nodes/pods',
  '{{- else }}',
  '      - nodes/proxy',
  '{{- end }}',
].join('\n');

describe('rbacBranchesOnKubeVersion', () => {
  it.each([
    { why: 'opentelemetry-operator 0.107.1 templates/clusterrole.yaml: semverCompare in the role', texts: [ROLE_GATED], expected: true },
    {
      why: 'dynatrace-operator 1.10 (v1.10.2 b4eef76b): the role includes a helper from _platform.tpl that reads the version',
      texts: [
        '{{- define "dt.fg" -}}{{- if semverCompare ">=1.36.0" .Capabilities.KubeVersion.Version -}}true{{- end -}}{{- end -}}',
        'kind: ClusterRole\nrules:\n  - resources:\n{{- if (include "dt.fg" .) }}\n      - nodes/pods\n{{- else }}\n      - nodes/proxy\n{{- end }}',
      ],
      expected: true,
    },
    {
      why: 'through a chain of helpers',
      texts: ['{{- define "a" -}}{{ include "b" . }}{{- end -}}\n{{- define "b" -}}{{ .Capabilities.KubeVersion.Version }}{{- end -}}', 'kind: Role\n{{ include "a" . }}'],
      expected: true,
    },
    {
      why: 'a helper that writes the whole ClusterRole (library charts) and reads the version',
      texts: ['{{- define "lib.role" -}}\nkind: ClusterRole\n{{- if semverCompare "<1.33-0" .Capabilities.KubeVersion.Version }}\n- nodes/proxy\n{{- end }}\n{{- end -}}', '{{ include "lib.role" . }}'],
      expected: true,
    },
    {
      why: 'prometheus 28.6.1: only the Ingress reads the version',
      texts: ['kind: Ingress\napiVersion: {{ if semverCompare ">=1.19-0" .Capabilities.KubeVersion.GitVersion }}networking.k8s.io/v1{{ end }}', 'kind: ClusterRole\nrules: []'],
      expected: false,
    },
    { why: 'no template reads the version', texts: ['kind: ClusterRole\nrules: []'], expected: false },
    {
      why: 'a helper that includes itself ends',
      texts: ['{{- define "loop" -}}{{ include "loop" . }}{{- end -}}', 'kind: ClusterRole\n{{ include "loop" . }}\n# KubeVersion mentioned elsewhere: {{/* KubeVersion */}}'],
      expected: true,
    },
  ])('$why', ({ texts, expected }) => {
    expect(rbacBranchesOnKubeVersion(texts)).toBe(expected);
  });
});
