# preset: single
# the single preset: one untainted node
kubectl get nodes
kubectl create deployment web --image=nginx --replicas=2
kubectl get pods -o wide --no-headers | awk '{print $7}' | sort -u
kubectl drain node01 --ignore-daemonsets --delete-emptydir-data
kubectl get pods --no-headers | awk '{print $3}' | sort | uniq -c
kubectl uncordon node01
