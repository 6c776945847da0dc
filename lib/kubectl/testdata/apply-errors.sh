# kubectl apply/create -f errors as CheckErr prints them: a refused PATCH with the patch kubectl sent,
# one error vs several (an aggregate prints one line each), builder errors before the others;
# last, not an error: a strategy switch clears the defaulted rollingUpdate ($retainKeys)
cat <<EOF > storage.yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fixed
provisioner: rancher.io/local-path
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  storageClassName: fixed
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
EOF
kubectl apply -f storage.yaml
sed -i 's/storage: 1Gi/storage: 2Gi/' storage.yaml
kubectl apply -f storage.yaml
cat <<EOF > web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app: web
spec:
  replicas: 1
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        env:
        - name: MODE
          value: blue
        - name: LEVEL
          value: "1"
EOF
kubectl apply -f web.yaml
sed -i 's/replicas: 1/replicas: -1/; s/value: blue/value: green/' web.yaml
kubectl apply -f web.yaml
cat storage.yaml web.yaml | sed 's/^apiVersion: apps/---\napiVersion: apps/' > both.yaml
kubectl apply -f both.yaml
cat <<EOF > three.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: one
data:
  a: b
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: two
spec:
  selector:
    matchLabels: {app: two}
  template:
    metadata:
      labels: {app: two}
    spec:
      containers:
      - name: c
---
apiVersion: v1
kind: Service
metadata:
  name: three
spec:
  ports:
  - port: 80
    targetPorts: 8080
EOF
kubectl apply -f three.yaml
kubectl create -f three.yaml
kubectl apply -f three.yaml -o yaml
kubectl get cm one -o jsonpath='{.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}'
cat <<EOF > mixed.yaml
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: old
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: fresh
EOF
kubectl apply -f mixed.yaml
kubectl delete cm fresh
cat <<EOF >> mixed.yaml
---
apiVersion: v1
kind: Secret
metadata:
  name: s
data:
  k: "not base64!"
---
apiVersion: v1
kind: ConfigMap
metadata:
  generateName: gen-
EOF
kubectl apply -f mixed.yaml
cat <<EOF > ns.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: elsewhere
  namespace: kube-public
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: one
EOF
kubectl create -f ns.yaml -n default
kubectl create -f mixed.yaml
kubectl apply --server-side -f storage.yaml
sed -i 's/^spec:/spec:\n  strategy:\n    type: Recreate/' web.yaml
sed -i 's/replicas: -1/replicas: 1/' web.yaml
kubectl apply -f web.yaml
kubectl get deploy web -o jsonpath='{.spec.strategy}{"\n"}'
