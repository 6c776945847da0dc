# CustomResourceDefinitions: establishing, discovery, printer columns, validation, pruning, explain, cleanup
cat <<'YAML' > crd.yaml
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: backups.ops.example.com
spec:
  group: ops.example.com
  scope: Namespaced
  names:
    plural: backups
    singular: backup
    kind: Backup
    shortNames: [bk]
    categories: [ops]
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            required: [schedule, target]
            properties:
              schedule:
                type: string
                description: Cron schedule of the backup.
              target:
                type: string
              retentionDays:
                type: integer
                minimum: 1
                maximum: 30
                default: 7
              mode:
                type: string
                enum: [Full, Incremental]
    additionalPrinterColumns:
    - name: Schedule
      type: string
      jsonPath: .spec.schedule
    - name: Retention
      type: integer
      jsonPath: .spec.retentionDays
    - name: Mode
      type: string
      jsonPath: .spec.mode
      priority: 1
    - name: Age
      type: date
      jsonPath: .metadata.creationTimestamp
YAML
cat <<'YAML' > nightly.yaml
apiVersion: ops.example.com/v1
kind: Backup
metadata:
  name: nightly
spec:
  schedule: "0 2 * * *"
  target: db
YAML
kubectl apply -f crd.yaml -f nightly.yaml
kubectl get crd
kubectl get crd backups.ops.example.com -o jsonpath='{.status.conditions[?(@.type=="Established")].status}{"\n"}'
kubectl api-resources --api-group=ops.example.com -o wide
kubectl apply -f nightly.yaml
kubectl get backups
kubectl get bk -o wide
kubectl get backup nightly -o jsonpath='{.spec.retentionDays}{"\n"}'
kubectl describe backup nightly
cat <<'YAML' > bad.yaml
apiVersion: ops.example.com/v1
kind: Backup
metadata:
  name: weekly
spec:
  schedule: "0 3 * * 0"
  retentionDays: 90
  mode: Differential
YAML
kubectl apply -f bad.yaml
sed -i 's/retentionDays: 90/retentionDays: "ninety"/' bad.yaml
kubectl create -f bad.yaml
cat <<'YAML' > extra.yaml
apiVersion: ops.example.com/v1
kind: Backup
metadata:
  name: hourly
spec:
  schedule: "0 * * * *"
  target: cache
  compress: true
YAML
kubectl apply -f extra.yaml
kubectl apply -f extra.yaml --validate=false
kubectl get backup hourly -o jsonpath='{.spec}{"\n"}'
kubectl explain backup.spec
kubectl explain backups --recursive
kubectl delete crd backups.ops.example.com
kubectl get backups
