# a static Pod on a worker: node01 has its own disk; its kubelet reads staticPodPath from its own config
ssh node01
ls /etc/kubernetes
ls /etc/kubernetes/manifests
grep staticPodPath /var/lib/kubelet/config.yaml
cat > /etc/kubernetes/manifests/static-web.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: static-web
  labels:
    role: web
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
YAML
kubectl get pods
exit
ls /etc/kubernetes/manifests
sleep 20
kubectl get pods -o wide
kubectl get pod static-web-node01 -o jsonpath='{.metadata.ownerReferences[0].kind}/{.metadata.ownerReferences[0].name} {.metadata.annotations.kubernetes\.io/config\.source}'
echo
kubectl delete pod static-web-node01
sleep 5
kubectl get pods
ssh node01 rm /etc/kubernetes/manifests/static-web.yaml
kubectl get pods
