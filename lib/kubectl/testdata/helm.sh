# helm: repositories, install with --set and -f, list/status/history/get values, upgrade, rollback, template, uninstall, errors
helm install web kubeclass/web
helm repo add kubeclass https://charts.kubeclass.dev
helm repo add kubeclass https://charts.kubeclass.dev
helm repo add other https://charts.example.org
helm repo list
helm repo update
helm search repo kubeclass
helm show values kubeclass/web | head -4
helm install web kubeclass/web --set replicaCount=2 -n shop
helm install web kubeclass/web --set replicaCount=2 -n shop --create-namespace
kubectl get deploy,svc -n shop
kubectl get secrets -n shop --show-labels
helm install web kubeclass/web -n shop
helm list -n shop
cat <<'YAML' > web-values.yaml
replicaCount: 3
service:
  type: NodePort
  nodePort: 30080
YAML
helm upgrade web kubeclass/web -n shop -f web-values.yaml --version 1.3.0
kubectl get deploy web -n shop -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0].image}{"\n"}'
kubectl get svc web -n shop -o jsonpath='{.spec.type} {.spec.ports[0].nodePort}{"\n"}'
helm get values web -n shop
helm history web -n shop
helm rollback web 1 -n shop
helm history web -n shop
helm get values web -n shop
kubectl get deploy web -n shop -o jsonpath='{.spec.replicas} {.spec.template.spec.containers[0].image}{"\n"}'
helm list -A
helm status web -n shop
helm template cache kubeclass/redis --set auth.enabled=false
helm upgrade --install cache kubeclass/redis -n shop --set auth.password=s3cret
kubectl get secret cache-redis -n shop -o jsonpath='{.data.redis-password}' | base64 -d; echo
helm uninstall web -n shop
kubectl get deploy,secrets -n shop
helm uninstall web -n shop
helm status web -n shop
helm upgrade nope kubeclass/web -n shop
helm install web kubeclass/nginx
helm install web kubeclass/web --replicas 3
kubectl create deploy site --image=nginx
helm install site kubeclass/web --set fullnameOverride=site
helm list --short
