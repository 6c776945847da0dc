# drain with a PodDisruptionBudget that allows one disruption: the pods are evicted one at a time,
# each after the replacement of the previous one is Ready on another node
kubectl create deployment web --image=nginx --replicas=4
kubectl create pdb web --selector=app=web --max-unavailable=1
kubectl get pdb web
kubectl get pods -l app=web -o wide --sort-by=.spec.nodeName
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl get pdb web
kubectl get pods -l app=web -o wide --sort-by=.spec.nodeName
kubectl uncordon node01
kubectl drain node02 --ignore-daemonsets --delete-emptydir-data --dry-run=client
kubectl drain node02 --ignore-daemonsets --delete-emptydir-data --dry-run=server
kubectl get nodes
kubectl get pods -l app=web
