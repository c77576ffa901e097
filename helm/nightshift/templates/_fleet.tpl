{{/*
The fleet's shared pieces: the checks that make a wrong configuration fail at render time, the image of a
component, the environment every service and Job shares (Kafka, S3), and derived figures (memory, lag threshold).
*/}}

{{/* Render-time refusals: each names the values to change. */}}
{{- define "nightshift.checks" -}}
{{- $w := .Values.worker }}
{{- $a := .Values.autoscaling }}
{{- if lt (int $w.terminationGracePeriodSeconds) (add (int $w.drainSeconds) 30 | int) }}
{{- fail (printf "worker.terminationGracePeriodSeconds (%d) must be at least worker.drainSeconds (%d) + 30: a pod killed before its drain ends abandons the jobs it was finishing" (int $w.terminationGracePeriodSeconds) (int $w.drainSeconds)) }}
{{- end }}
{{- if and (ne $a.mode "none") (gt (int $a.maxReplicaCount) (int .Values.topics.jobsPartitions)) }}
{{- fail (printf "autoscaling.maxReplicaCount (%d) exceeds topics.jobsPartitions (%d): workers beyond the partition count would idle; raise the partitions or lower the maximum" (int $a.maxReplicaCount) (int .Values.topics.jobsPartitions)) }}
{{- end }}
{{- if and (eq $a.mode "none") (gt (int $w.replicas) (int .Values.topics.jobsPartitions)) }}
{{- fail (printf "worker.replicas (%d) exceeds topics.jobsPartitions (%d): workers beyond the partition count would idle" (int $w.replicas) (int .Values.topics.jobsPartitions)) }}
{{- end }}
{{- if gt (int $a.minReplicaCount) (int $a.maxReplicaCount) }}
{{- fail "autoscaling.minReplicaCount must not exceed autoscaling.maxReplicaCount" }}
{{- end }}
{{- if and .Values.ingress.enabled (not .Values.global.apiKeySecret) (not .Values.ingress.allowWithoutApiKey) }}
{{- fail "ingress.enabled without global.apiKeySecret: anyone reaching the Ingress could submit batches; set global.apiKeySecret (recommended) or ingress.allowWithoutApiKey=true" }}
{{- end }}
{{- if and (not .Values.global.apiKeySecret) (not .Values.global.auth.open) }}
{{- fail "the services listen on the pod network: set global.apiKeySecret (a Secret with the API key) or global.auth.open=true (no key; only behind a trusted boundary)" }}
{{- end }}
{{- if not .Values.global.s3.existingSecret }}
{{- fail "global.s3.existingSecret is required: the chart never takes S3 credentials in clear" }}
{{- end }}
{{- if and (eq .Values.global.kafkaSecurity.mode "properties") (not .Values.global.kafkaSecurity.existingSecret) }}
{{- fail "global.kafkaSecurity.mode=properties needs global.kafkaSecurity.existingSecret" }}
{{- end }}
{{- end }}

{{/* image for a component: (dict "ctx" $ "image" .Values.images.worker) */}}
{{- define "nightshift.image" -}}
{{- printf "%s:%s" .image.repository (default .ctx.Chart.AppVersion .image.tag) }}
{{- end }}

{{/* The worker's memory figures in MiB: budget = limit less headroom; heap = MemoryBudget.recommendedHeapBytes
     (budget - reserve) x (56/0.9) / (56/0.9 + 32), i.e. x 0.6604. */}}
{{- define "nightshift.worker.budgetMiB" -}}
{{- div (mul (int .Values.worker.memoryMiB) (sub 100 (int .Values.worker.memoryHeadroomPercent))) 100 }}
{{- end }}
{{- define "nightshift.worker.heapMiB" -}}
{{- $budget := include "nightshift.worker.budgetMiB" . | int }}
{{- div (mul (sub $budget (int .Values.worker.memoryReserveMiB)) 6604) 10000 }}
{{- end }}

{{- define "nightshift.lagThreshold" -}}
{{- if gt (int .Values.autoscaling.keda.lagThreshold) 0 }}{{ .Values.autoscaling.keda.lagThreshold }}{{ else }}{{ .Values.worker.maxInFlight }}{{ end }}
{{- end }}

{{/* The environment every service and Job shares: the broker, the object store and its credentials. */}}
{{- define "nightshift.commonEnv" -}}
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ .Values.global.kafkaBootstrapServers | quote }}
- name: NIGHTSHIFT_S3_ENDPOINT
  value: {{ .Values.global.s3.endpoint | quote }}
- name: NIGHTSHIFT_S3_ACCESS_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.global.s3.existingSecret }}
      key: {{ .Values.global.s3.accessKeyKey }}
- name: NIGHTSHIFT_S3_SECRET_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.global.s3.existingSecret }}
      key: {{ .Values.global.s3.secretKeyKey }}
{{- if eq .Values.global.kafkaSecurity.mode "properties" }}
- name: QUARKUS_CONFIG_LOCATIONS
  value: /etc/nightshift/kafka/client.properties
{{- end }}
{{- end }}

{{/* The services' HTTP exposure: all interfaces in a pod, with the key or the explicit open setting. */}}
{{- define "nightshift.accessEnv" -}}
- name: NIGHTSHIFT_HTTP_HOST
  value: "0.0.0.0"
{{- if .Values.global.apiKeySecret }}
- name: NIGHTSHIFT_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ .Values.global.apiKeySecret }}
      key: {{ .Values.global.apiKeySecretKey }}
{{- end }}
{{- end }}

{{- define "nightshift.kafkaVolume" -}}
{{- if eq .Values.global.kafkaSecurity.mode "properties" }}
- name: kafka-client
  secret:
    secretName: {{ .Values.global.kafkaSecurity.existingSecret }}
    items:
      - key: client.properties
        path: client.properties
{{- end }}
{{- end }}

{{- define "nightshift.kafkaMount" -}}
{{- if eq .Values.global.kafkaSecurity.mode "properties" }}
- name: kafka-client
  mountPath: /etc/nightshift/kafka
  readOnly: true
{{- end }}
{{- end }}

{{- define "nightshift.podSecurity" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "nightshift.containerSecurity" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end }}
