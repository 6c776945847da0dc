# kubectl get componentstatuses (cs): computed by the API server on each request from its probes of the
# scheduler and controller manager on 127.0.0.1 (pkg/registry/core/componentstatus), with the deprecation warning
kubectl get cs
kubectl get componentstatuses etcd-0 -o yaml
kubectl get cs nope
sed -i 's#--kubeconfig=/etc/kubernetes/scheduler.conf#--kubeconfig=/etc/kubernetes/scheduler-missing.conf#' /etc/kubernetes/manifests/kube-scheduler.yaml
sleep 30
kubectl get cs
sed -i 's#scheduler-missing.conf#scheduler.conf#' /etc/kubernetes/manifests/kube-scheduler.yaml
sleep 60
kubectl get cs
