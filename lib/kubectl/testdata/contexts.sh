# kubeconfig contexts
kubectl config current-context
kubectl config get-contexts
kubectl config set-context --current --namespace=kube-system
kubectl config get-contexts
kubectl config set-context --current --namespace=default
kubectl config use-context nope
kubectl version
kubectl auth can-i create deployments
