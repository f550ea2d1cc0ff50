{{/*
Whether RBAC uses KubeletFineGrainedAuthz (nodes/pods) instead of nodes/proxy: automatic on
Kubernetes >= 1.36, or forced with rbac.kubeletFineGrainedAuthz.
*/}}
{{- define "gated.kubeletFineGrainedAuthz" -}}
    {{- if kindIs "bool" .Values.rbac.kubeletFineGrainedAuthz -}}
        {{- if .Values.rbac.kubeletFineGrainedAuthz -}}
            {{- "true" -}}
        {{- end -}}
    {{- else if semverCompare ">=1.36.0" .Capabilities.KubeVersion.Version -}}
        {{- "true" -}}
    {{- end -}}
{{- end -}}
