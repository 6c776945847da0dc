# Init containers that wait for Services the learner creates afterwards (the init-containers page of the
# Kubernetes docs, "Init containers in use": https://kubernetes.io/docs/concepts/workloads/pods/init-containers/).
# The init containers' nslookup runs every 2 s and sees the cluster as it is then: once myservice exists the
# first one exits 0 (Init:1/2), once mydb exists the app starts. STATUS as kubectl's printPod prints it
# (pkg/printers/internalversion/printers.go: "Init:%d/%d" while init containers run).
cat <<'YAML' > myapp.yaml
apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app.kubernetes.io/name: MyApp
spec:
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
  initContainers:
  - name: init-myservice
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done"]
  - name: init-mydb
    image: busybox:1.28
    command: ['sh', '-c', "until nslookup mydb.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for mydb; sleep 2; done"]
YAML
kubectl apply -f myapp.yaml
sleep 5
kubectl get -f myapp.yaml
kubectl logs myapp-pod -c init-myservice | tail -6
kubectl logs myapp-pod -c init-mydb
cat <<'YAML' > services.yaml
apiVersion: v1
kind: Service
metadata:
  name: myservice
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9376
---
apiVersion: v1
kind: Service
metadata:
  name: mydb
spec:
  ports:
  - protocol: TCP
    port: 80
    targetPort: 9377
YAML
kubectl create -f services.yaml --dry-run=client -o name
kubectl create service clusterip myservice --tcp=80:9376
sleep 3
kubectl get pod myapp-pod
kubectl logs myapp-pod -c init-myservice | tail -5
kubectl logs myapp-pod -c init-mydb | tail -2
kubectl create service clusterip mydb --tcp=80:9377
sleep 3
kubectl get pod myapp-pod
kubectl logs myapp-pod -c myapp-container
kubectl get pod myapp-pod -o jsonpath='{range .status.initContainerStatuses[*]}{.name}={.state.terminated.reason}{"\n"}{end}'
# A Pod whose kubectl polls until a Deployment it waits for is available (bitnami/kubectl, its ServiceAccount may read)
kubectl create serviceaccount watcher
kubectl create role read-deploy --verb=get,list --resource=deployments
kubectl create rolebinding watcher --role=read-deploy --serviceaccount=default:watcher
cat <<'YAML' > waiter.yaml
apiVersion: v1
kind: Pod
metadata:
  name: waiter
spec:
  serviceAccountName: watcher
  containers:
  - name: kubectl
    image: bitnami/kubectl
    command: ['sh', '-c', 'until kubectl get deploy web -o jsonpath={.status.availableReplicas} | grep 2; do echo not yet; sleep 5; done; echo web is available; sleep 3600']
YAML
kubectl apply -f waiter.yaml
sleep 10
kubectl logs waiter | tail -2
kubectl create deployment web --image=nginx:1.27 --replicas=2
sleep 15
kubectl logs waiter | tail -4
kubectl get pod waiter
