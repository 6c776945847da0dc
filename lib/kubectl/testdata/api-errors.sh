# API server errors rendered like kubectl
cat <<EOF > typo.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
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
        imagee: nginx
EOF
kubectl apply -f typo.yaml
kubectl create -f typo.yaml
sed -i 's/imagee/image/; s/replicas: 1/replicas: "3"/' typo.yaml
kubectl apply -f typo.yaml
sed -i 's/replicas: "3"/replicas: 3/; s/^        app: web$/        app: other/' typo.yaml
kubectl apply -f typo.yaml
kubectl create deployment My_App --image=nginx
kubectl create namespace Bad_NS
kubectl run nginx --image=nginx --port=99999
kubectl create service nodeport np --tcp=80:80 --node-port=8080
cat <<EOF > nons.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: c
  namespace: missing
EOF
kubectl apply -f nons.yaml
cat <<EOF > noname.yaml
apiVersion: v1
kind: ConfigMap
data:
  a: b
EOF
kubectl create -f noname.yaml
kubectl apply -f noname.yaml
echo 'kind: ConfigMap' > nokind.yaml; echo 'metadata: {name: x}' >> nokind.yaml
kubectl apply -f nokind.yaml
cat <<EOF > extra.yaml
apiVersion: v1
kind: ConfigMap
metadata:
  name: extra
data:
  a: b
foo: bar
EOF
kubectl apply -f extra.yaml
kubectl apply -f extra.yaml --validate=warn
kubectl apply -f extra.yaml --validate=nonsense
kubectl run o --image=nginx --overrides='{"spec":{"nodeName":"node02"}}' --dry-run=client -o jsonpath='{.spec.nodeName}'; echo
kubectl run o --image=nginx --overrides='notjson'
