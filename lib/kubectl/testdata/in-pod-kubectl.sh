# kubectl inside a Pod with its ServiceAccount (CKA: ServiceAccount + Role/RoleBinding, bitnami/kubectl).
# client-go tools/clientcmd/client_config.go: inClusterClientConfig.Possible() needs KUBERNETES_SERVICE_HOST,
# KUBERNETES_SERVICE_PORT and the token file; its Namespace() is POD_NAMESPACE, else the namespace file.
# Without it kubectl falls back to http://localhost:8080. RBAC denials are the authorizer's Forbidden text.
# Task 1: a ServiceAccount that may list Pods in its namespace, used by a kubectl Pod
kubectl create namespace team
kubectl -n team create serviceaccount pod-reader
kubectl -n team create role read-pods --verb=get,list,watch --resource=pods
kubectl -n team create rolebinding read-pods --role=read-pods --serviceaccount=team:pod-reader
cat <<'YAML' > client.yaml
apiVersion: v1
kind: Pod
metadata:
  name: client
  namespace: team
spec:
  serviceAccountName: pod-reader
  containers:
  - name: kubectl
    image: bitnami/kubectl
    command: ["sh", "-c", "sleep 3600"]
YAML
kubectl apply -f client.yaml
sleep 10
kubectl -n team exec client -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl -n team exec client -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace
kubectl -n team exec client -- kubectl get pods
kubectl -n team exec client -- kubectl get secrets
kubectl -n team exec client -- kubectl get pods -n default
kubectl -n team exec client -- kubectl auth can-i list pods
kubectl -n team exec client -- sh -c 'kubectl get pods -o name; echo rc=$?'
# Task 2: a container whose command lists Pods; its output is in the logs
cat <<'YAML' > lister.yaml
apiVersion: v1
kind: Pod
metadata:
  name: lister
  namespace: team
spec:
  serviceAccountName: pod-reader
  restartPolicy: Never
  containers:
  - name: kubectl
    image: registry.k8s.io/kubectl:v1.35.0
    command: ["kubectl", "get", "pods", "-o", "name"]
YAML
kubectl apply -f lister.yaml
sleep 10
kubectl -n team logs lister
kubectl -n team get pod lister
# args without command follow the image's ENTRYPOINT (bitnami/kubectl: ENTRYPOINT [ "kubectl" ])
kubectl -n team run args --image=bitnami/kubectl --restart=Never --overrides='{"spec":{"serviceAccountName":"pod-reader"}}' -- get pods -o name
sleep 10
kubectl -n team logs args
# Task 3: automountServiceAccountToken: false leaves no token, so kubectl has no in-cluster config
cat <<'YAML' > nomount.yaml
apiVersion: v1
kind: Pod
metadata:
  name: nomount
  namespace: team
spec:
  serviceAccountName: pod-reader
  automountServiceAccountToken: false
  containers:
  - name: kubectl
    image: bitnami/kubectl
    command: ["sh", "-c", "sleep 3600"]
YAML
kubectl apply -f nomount.yaml
sleep 10
kubectl -n team exec nomount -- ls /var/run/secrets/kubernetes.io/serviceaccount
kubectl -n team exec nomount -- kubectl get pods
# Task 4: images without kubectl
kubectl run bb --image=busybox:1.36 --command -- sh -c 'sleep 3600'
sleep 10
kubectl exec bb -- sh -c 'kubectl get pods; echo rc=$?'
kubectl exec bb -- kubectl get pods
