# contexts: k8s-b
# several clusters per session; use-context changes the target
kubectl config get-contexts
kubectl create namespace only-in-default
kubectl config use-context k8s-b
kubectl config current-context
kubectl get ns only-in-default
kubectl --context=kubernetes-admin@kubernetes get ns only-in-default -o name
kubectl config use-context kubernetes-admin@kubernetes
kubectl get ns only-in-default -o name
