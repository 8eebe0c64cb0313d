{{/* The application's name: spring.application.name, Service and Deployment name. */}}
{{- define "service.name" -}}
{{- default .Release.Name .Values.app.name | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The image tag: from the values, else the chart's appVersion; never "latest". */}}
{{- define "service.tag" -}}
{{- $tag := toString (default .Chart.AppVersion .Values.image.tag) -}}
{{- if or (eq $tag "latest") (eq $tag "") -}}
{{- fail (printf "image.tag must be a release version or a git SHA, not %q" $tag) -}}
{{- end -}}
{{- $tag -}}
{{- end -}}

{{/* The image: tenantry/<name> unless the values name another repository. */}}
{{- define "service.image" -}}
{{- $repository := default (printf "tenantry/%s" (include "service.name" .)) .Values.image.repository -}}
{{- printf "%s:%s" $repository (include "service.tag" .) -}}
{{- end -}}

{{- define "service.selectorLabels" -}}
app.kubernetes.io/name: {{ include "service.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "service.labels" -}}
{{ include "service.selectorLabels" . }}
app.kubernetes.io/version: {{ include "service.tag" . | quote }}
app.kubernetes.io/part-of: tenantry
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{- end -}}

{{- define "service.port" -}}
{{- default .Values.app.port .Values.service.port -}}
{{- end -}}

{{/* Applications with credentials refuse to render without their Secret. */}}
{{- define "service.checkSecret" -}}
{{- if and .Values.app.requiresSecret (not .Values.existingSecret) -}}
{{- fail (printf "%s needs existingSecret: the name of a Secret with its credentials (docs/deployment.md)" (include "service.name" .)) -}}
{{- end -}}
{{- end -}}
