# kubeadm bootstrap tokens and certificates on the control plane; join's preflight on a node that has joined already
kubeadm token create abcdef.0123456789abcdef --description golden
kubeadm token list
kubectl get secret -n kube-system bootstrap-token-abcdef -o yaml
kubeadm token create --print-join-command --ttl 1h
kubeadm token delete abcdef
kubeadm token delete abcdef
kubeadm certs check-expiration
kubeadm certs renew apiserver
ssh node01
sysctl net.ipv4.ip_forward net.bridge.bridge-nf-call-iptables
lsmod | head -4
swapon --show
kubeadm join 172.30.1.2:6443 --token abcdef.0123456789abcdef --discovery-token-ca-cert-hash sha256:0000000000000000000000000000000000000000000000000000000000000000
exit
