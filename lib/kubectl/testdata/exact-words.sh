# kubectl's exact words (issue 15 §5): create errors as each create_*.go wraps them, quota and limit range
# tables, the limit-ranger annotation, env from resourceFieldRef, the node Lease, StatefulSet rollout status,
# a local PV's node affinity, curl -s/-S/-f, port-forward and debug argument errors, explain descriptions
kubectl create deployment web --image=nginx
kubectl create deployment web --image=nginx
kubectl create configmap cfg --from-literal=a=1
kubectl create configmap cfg --from-literal=a=1
kubectl create secret docker-registry reg --docker-server=r.example.com --docker-username=u --docker-password=p
kubectl create secret docker-registry reg --docker-server=r.example.com --docker-username=u --docker-password=p
kubectl create service clusterip web --tcp=80:80
kubectl create service clusterip web --tcp=80:80
kubectl create namespace dev
kubectl create namespace dev
kubectl create role reader --verb=get --resource=pods
kubectl create role reader --verb=get --resource=pods
kubectl create quota counts --hard=pods=10,services=5
kubectl create quota compute --hard=requests.cpu=1,requests.memory=1Gi,limits.cpu=2,limits.memory=2Gi -n dev
sleep 5
kubectl get quota
kubectl describe quota counts
cat <<YAML > lr.yaml
apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: dev
spec:
  limits:
  - type: Container
    default:
      cpu: 500m
      memory: 256Mi
    defaultRequest:
      cpu: 250m
      memory: 128Mi
    max:
      cpu: "1"
YAML
kubectl apply -f lr.yaml
kubectl describe limitrange defaults -n dev
cat <<YAML > envpod.yaml
apiVersion: v1
kind: Pod
metadata:
  name: envpod
  namespace: dev
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    resources:
      requests:
        memory: 64Mi
    env:
    - name: CPU_LIMIT
      valueFrom:
        resourceFieldRef:
          resource: limits.cpu
    - name: MEM_REQUEST_MI
      valueFrom:
        resourceFieldRef:
          resource: requests.memory
          divisor: 1Mi
    - name: POD_NAME
      valueFrom:
        fieldRef:
          fieldPath: metadata.name
    - name: NODE
      valueFrom:
        fieldRef:
          fieldPath: spec.nodeName
YAML
kubectl apply -f envpod.yaml
kubectl get pod envpod -n dev -o jsonpath='{.metadata.annotations.kubernetes\.io/limit-ranger}{"\n"}'
kubectl describe pod envpod -n dev | grep -A5 Environment
kubectl get quota -n dev
kubectl describe namespace dev
kubectl describe node node01 | grep -A3 ^Lease
cat <<YAML > sts.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  serviceName: db
  replicas: 2
  selector:
    matchLabels:
      app: db
  template:
    metadata:
      labels:
        app: db
    spec:
      containers:
      - name: db
        image: nginx
YAML
kubectl apply -f sts.yaml
kubectl rollout status statefulset db
cat <<YAML > pv.yaml
apiVersion: v1
kind: PersistentVolume
metadata:
  name: local-pv
spec:
  capacity:
    storage: 1Gi
  accessModes: [ReadWriteOnce]
  storageClassName: local-storage
  local:
    path: /mnt/disk
  nodeAffinity:
    required:
      nodeSelectorTerms:
      - matchExpressions:
        - key: kubernetes.io/hostname
          operator: In
          values: [node01, node02]
YAML
kubectl apply -f pv.yaml
kubectl describe pv local-pv
curl -s http://10.96.0.1:81/
curl -sS http://10.96.0.1:81/
kubectl expose deployment web --port=80 --name=web2
sleep 5
IP=$(kubectl get svc web2 -o jsonpath='{.spec.clusterIP}')
curl -s -f http://$IP/missing
curl -sS -f http://$IP/missing
curl -s -o /dev/null -w '%{http_code}\n' http://$IP/missing
curl -sI http://$IP/
curl -s http://web2.default.svc.cluster.local/
kubectl port-forward
kubectl port-forward pod/nothere 8080:80
kubectl debug
kubectl debug web
kubectl debug nothere --image=busybox
kubectl explain deployment.spec.replicas
