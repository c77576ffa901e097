{{/* The pod spec parts every hook Job shares: non-root, read-only root, /tmp as an emptyDir, no API token. */}}
{{- define "nightshift.jobPod" -}}
restartPolicy: OnFailure
automountServiceAccountToken: false
{{- with .Values.global.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
securityContext:
  {{- include "nightshift.podSecurity" . | nindent 2 }}
volumes:
  - name: tmp
    emptyDir:
      sizeLimit: 512Mi
  {{- include "nightshift.kafkaVolume" . | nindent 2 }}
{{- end }}
