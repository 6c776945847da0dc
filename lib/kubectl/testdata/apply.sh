# apply: created / unchanged / configured, multi-doc files, directories, namespaces
mkdir manifests
cat <<EOF > manifests/app.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: shop
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: shop
data:
  mode: "prod"
EOF
kubectl apply -f manifests/app.yaml
kubectl apply -f manifests/app.yaml
sed -i 's/prod/dev/' manifests/app.yaml
kubectl apply -f manifests/
kubectl get cm settings -n shop -o jsonpath='{.data.mode}'; echo
kubectl get cm settings -n shop -o yaml | grep -c last-applied
kubectl apply -f manifests/app.yaml -n other
kubectl apply -f nothere.yaml
cat <<EOF > bad.yaml
apiVersion: v1
kind: Pod
metadata:
  name: bad
  labels: app: x
EOF
kubectl apply -f bad.yaml
cat <<EOF > old.yaml
apiVersion: batch/v1beta1
kind: CronJob
metadata:
  name: hello
EOF
kubectl apply -f old.yaml
cat <<EOF > flow.yaml
---
{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "flow", }, data: { "a.b": "1", }, }
EOF
kubectl apply -f flow.yaml
kubectl create -f flow.yaml
kubectl delete -f flow.yaml
kubectl create deployment web --image=nginx --replicas=2 --dry-run=client -o yaml > web.yaml
kubectl apply -f web.yaml
kubectl diff -f web.yaml
sed -i 's/replicas: 2/replicas: 3/' web.yaml
kubectl diff -f web.yaml | grep '^[-+] '
