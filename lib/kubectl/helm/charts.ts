// The built-in chart repository the simulated `helm` reaches (no network): kubeclass's own
// small charts, written for the lessons (not copies of public charts). Repository URL
// https://charts.kubeclass.dev; `helm repo add kubeclass https://charts.kubeclass.dev`.

export interface Chart {
  name: string;
  version: string;
  appVersion: string;
  description: string;
  /** values.yaml as shipped */
  values: string;
  /** templates/<file> -> Go template source (NOTES.txt included) */
  templates: Record<string, string>;
}

export const KUBECLASS_REPO_URL = "https://charts.kubeclass.dev";

const HELPERS = (n: string) => `{{- define "${n}.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else if contains .Chart.Name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "${n}.labels" -}}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{ include "${n}.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "${n}.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}
`;

const SERVICE = (n: string, port: string) => `apiVersion: v1
kind: Service
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
spec:
  type: {{ .Values.service.type }}
  ports:
    - port: {{ .Values.service.port }}
      targetPort: ${port}
      protocol: TCP
      name: ${port}
      {{- if and (eq .Values.service.type "NodePort") .Values.service.nodePort }}
      nodePort: {{ .Values.service.nodePort }}
      {{- end }}
  selector:
    {{- include "${n}.selectorLabels" . | nindent 4 }}
`;

const DEPLOYMENT = (n: string, containerPort: number, portName: string, extra = "") => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "${n}.fullname" . }}
  labels:
    {{- include "${n}.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicaCount }}
  selector:
    matchLabels:
      {{- include "${n}.selectorLabels" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "${n}.selectorLabels" . | nindent 8 }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
          imagePullPolicy: {{ .Values.image.pullPolicy }}
          ports:
            - name: ${portName}
              containerPort: ${containerPort}
              protocol: TCP${extra}
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
`;

function web(version: string, appVersion: string): Chart {
  return {
    name: "web", version, appVersion, description: "A small nginx web server",
    values: `# Default values for web.
replicaCount: 1

image:
  repository: nginx
  pullPolicy: IfNotPresent
  # Overrides the image tag whose default is the chart appVersion.
  tag: ""

fullnameOverride: ""

service:
  type: ClusterIP
  port: 80
  # used when type is NodePort
  nodePort: ""

resources: {}
`,
    templates: {
      "_helpers.tpl": HELPERS("web"),
      "deployment.yaml": DEPLOYMENT("web", 80, "http"),
      "service.yaml": SERVICE("web", "http"),
      "NOTES.txt": `{{ .Chart.Name }} {{ .Chart.AppVersion }} runs as release {{ .Release.Name }} in namespace {{ .Release.Namespace }}.
Inside the cluster: http://{{ include "web.fullname" . }}.{{ .Release.Namespace }}.svc.cluster.local:{{ .Values.service.port }}
`,
    },
  };
}

const REDIS: Chart = {
  name: "redis", version: "2.1.0", appVersion: "7.4", description: "Redis key-value store (standalone, one replica)",
  values: `# Default values for redis.
replicaCount: 1

image:
  repository: redis
  pullPolicy: IfNotPresent
  tag: ""

fullnameOverride: ""

auth:
  # a password makes the chart create a Secret and start redis with --requirepass
  enabled: true
  password: changeme

service:
  type: ClusterIP
  port: 6379
  nodePort: ""

resources: {}
`,
  templates: {
    "_helpers.tpl": HELPERS("redis"),
    "secret.yaml": `{{- if .Values.auth.enabled }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ include "redis.fullname" . }}
  labels:
    {{- include "redis.labels" . | nindent 4 }}
type: Opaque
data:
  redis-password: {{ .Values.auth.password | b64enc | quote }}
{{- end }}
`,
    "deployment.yaml": DEPLOYMENT("redis", 6379, "redis", `
          {{- if .Values.auth.enabled }}
          env:
            - name: REDIS_PASSWORD
              valueFrom:
                secretKeyRef:
                  name: {{ include "redis.fullname" . }}
                  key: redis-password
          {{- end }}`),
    "service.yaml": SERVICE("redis", "redis"),
    "NOTES.txt": `Redis {{ .Chart.AppVersion }} is reachable at {{ include "redis.fullname" . }}.{{ .Release.Namespace }}.svc.cluster.local:{{ .Values.service.port }}
{{- if .Values.auth.enabled }}
The password is in Secret {{ include "redis.fullname" . }}, key redis-password.
{{- end }}
`,
  },
};

const DEMO: Chart = {
  name: "demo", version: "0.3.0", appVersion: "1.0", description: "The kubeclass demo app, optionally behind an Ingress",
  values: `# Default values for demo.
replicaCount: 2

image:
  repository: kubeclass/demo-app
  pullPolicy: IfNotPresent
  tag: ""

fullnameOverride: ""

# the text the app answers with on /
message: hello from the demo chart

service:
  type: ClusterIP
  port: 80
  nodePort: ""

ingress:
  enabled: false
  className: nginx
  host: demo.example.com

resources: {}
`,
  templates: {
    "_helpers.tpl": HELPERS("demo"),
    "deployment.yaml": DEPLOYMENT("demo", 8080, "http", `
          env:
            - name: DEMO_MESSAGE
              value: {{ .Values.message | quote }}`),
    "service.yaml": SERVICE("demo", "http"),
    "ingress.yaml": `{{- if .Values.ingress.enabled }}
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: {{ include "demo.fullname" . }}
  labels:
    {{- include "demo.labels" . | nindent 4 }}
spec:
  ingressClassName: {{ .Values.ingress.className }}
  rules:
    - host: {{ .Values.ingress.host | quote }}
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: {{ include "demo.fullname" . }}
                port:
                  number: {{ .Values.service.port }}
{{- end }}
`,
    "NOTES.txt": `The demo app answers "{{ .Values.message }}" on http://{{ include "demo.fullname" . }}.{{ .Release.Namespace }}.svc.cluster.local:{{ .Values.service.port }}/
{{- if .Values.ingress.enabled }}
Through the Ingress: http://{{ .Values.ingress.host }}/
{{- end }}
`,
  },
};

/** Repository URL -> charts (every version; newest first per name). */
export const REPOSITORIES: Record<string, Chart[]> = {
  [KUBECLASS_REPO_URL]: [web("1.4.0", "1.27"), web("1.3.0", "1.26"), REDIS, DEMO],
};
