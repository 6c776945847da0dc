# drain blocked by a PodDisruptionBudget whose minAvailable equals the replicas: kubectl evicts through
# pods/eviction, gets 429 and retries every 5 s until --timeout; the node stays cordoned
kubectl create deployment web --image=nginx --replicas=2
kubectl create pdb web --selector=app=web --min-available=2
kubectl get pdb web
kubectl get pods -l app=web -o wide
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data --timeout=30s
kubectl get nodes node01
kubectl get pods -l app=web
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data --disable-eviction
kubectl get pods -l app=web -o wide
