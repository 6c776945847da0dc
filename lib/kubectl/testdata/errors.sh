# kubectl usage errors and API errors, byte for byte
kubectl gett pods
kubectl get
kubectl get foo
kubectl get pods --bogus
kubectl get pods -z
kubectl get pod nosuch
kubectl get deploy nosuch -o yaml
kubectl delete pod
kubectl delete pod nosuch
kubectl create namespace dev
kubectl create namespace dev
kubectl scale deploy nosuch --replicas=2
kubectl scale deploy nosuch
kubectl get pods -o foo
kubectl logs
kubectl exec nosuch ls
kubectl create deployment web
kubectl run
kubectl run x
kubectl config use-context nope
kubectl get pods --replicas=abc
kubectl scale deploy x --replicas=abc
