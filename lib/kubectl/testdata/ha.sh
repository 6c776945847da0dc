# preset: ha
# A highly-available control plane (lib/sim ha.ts): three stacked-etcd control-plane nodes behind a load
# balancer; a failed leader's Lease moves to another node after 15 s; one etcd member down keeps quorum.
kubectl get nodes
kubectl get pods -n kube-system -l component=etcd -o wide
kubectl config view | grep server
grep server /etc/kubernetes/admin.conf /etc/kubernetes/controller-manager.conf
kubectl get cm kubeadm-config -n kube-system -o jsonpath='{.data.ClusterConfiguration}' | grep controlPlaneEndpoint
export ETCDCTL="etcdctl --cacert=/etc/kubernetes/pki/etcd/ca.crt --cert=/etc/kubernetes/pki/etcd/server.crt --key=/etc/kubernetes/pki/etcd/server.key"
$ETCDCTL --endpoints=https://127.0.0.1:2379 member list -w table
$ETCDCTL --endpoints=https://127.0.0.1:2379 endpoint health --cluster
$ETCDCTL --endpoints=https://127.0.0.1:2379 endpoint status --cluster -w table
kubectl get lease -n kube-system
# the controller manager holding its Lease fails: until the 15 s lease duration runs out nobody reconciles
sed -i 's/--leader-elect=true/--leader-elect=yes-please/' /etc/kubernetes/manifests/kube-controller-manager.yaml
kubectl create deployment web --image=nginx --replicas=2
sleep 8
kubectl get lease kube-controller-manager -n kube-system
kubectl get deployment web
sleep 12
kubectl get lease kube-controller-manager -n kube-system
kubectl get deployment web
kubectl describe lease kube-controller-manager -n kube-system
sed -i 's/--leader-elect=yes-please/--leader-elect=true/' /etc/kubernetes/manifests/kube-controller-manager.yaml
sleep 10
kubectl get lease kube-controller-manager -n kube-system
# the local etcd member stops: the other two keep quorum and the API answers through the load balancer
sed -i 's#--cert-file=/etc/kubernetes/pki/etcd/server.crt#--cert-file=/etc/kubernetes/pki/etcd/srv.crt#' /etc/kubernetes/manifests/etcd.yaml
sleep 20
kubectl get pods -n kube-system -l component=etcd
$ETCDCTL --endpoints=https://127.0.0.1:2379 endpoint health
$ETCDCTL --endpoints=https://127.0.0.1:2379 member list
$ETCDCTL --endpoints=https://172.30.2.2:2379 endpoint health --cluster
$ETCDCTL --endpoints=https://172.30.2.2:2379 endpoint status --cluster -w table
$ETCDCTL --endpoints=https://172.30.2.2:2379 endpoint health --cluster -w table
kubectl scale deployment web --replicas=3
sleep 5
kubectl get deployment web
# its API server has no storage: the scheduler there cannot renew either, so that Lease moves too
kubectl get lease -n kube-system
sed -i 's#--cert-file=/etc/kubernetes/pki/etcd/srv.crt#--cert-file=/etc/kubernetes/pki/etcd/server.crt#' /etc/kubernetes/manifests/etcd.yaml
sleep 10
$ETCDCTL --endpoints=https://127.0.0.1:2379 endpoint health --cluster
