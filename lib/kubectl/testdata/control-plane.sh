# The control plane as kubeadm's static pods: break kube-scheduler's manifest, see why with
# crictl and the kubelet's journal, fix it; the API server down; the namespaces that stay.
ls /etc/kubernetes/manifests
grep -e '- --' /etc/kubernetes/manifests/kube-scheduler.yaml
kubectl get pods -n kube-system -l tier=control-plane
sed -i 's/- --leader-elect=true/- --leader-elect=true\n    - --port=10251/' /etc/kubernetes/manifests/kube-scheduler.yaml
kubectl run web --image=nginx
sleep 30
kubectl get pods
kubectl describe pod web | tail -2
kubectl get pods -n kube-system kube-scheduler-controlplane
crictl ps -a --name kube-scheduler
crictl logs $(crictl ps -a --name kube-scheduler -q | head -1)
journalctl -u kubelet | grep pod_workers | tail -1
sed -i '/--port=10251/d' /etc/kubernetes/manifests/kube-scheduler.yaml
sleep 5
kubectl get pods -o wide
crictl ps --name kube-scheduler
sed -i 's#--etcd-servers=https://127.0.0.1:2379#--etcd-servers=https://127.0.0.1:2380#' /etc/kubernetes/manifests/kube-apiserver.yaml
kubectl get nodes
kubectl version
crictl logs --tail 1 $(crictl ps -a --name kube-apiserver -q | head -1)
sed -i 's#127.0.0.1:2380#127.0.0.1:2379#' /etc/kubernetes/manifests/kube-apiserver.yaml
kubectl get nodes
kubectl delete ns kube-public
crictl pods --name etcd
