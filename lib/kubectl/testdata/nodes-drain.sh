# drain with daemonsets, unmanaged pods and metrics-server's emptyDir, top, describe node
kubectl create deployment web --image=nginx --replicas=4
kubectl run lone --image=nginx --dry-run=client -o yaml | sed 's/^spec:/spec:\n  nodeName: node01/' > lone.yaml
kubectl apply -f lone.yaml
kubectl get pods -o wide --sort-by=.spec.nodeName
kubectl drain node01
kubectl drain node01 --ignore-daemonsets
kubectl drain node01 --ignore-daemonsets --force
kubectl drain node01 --ignore-daemonsets --force --delete-emptydir-data
kubectl get nodes
kubectl get pods -o wide
kubectl uncordon node01
kubectl top nodes
kubectl top pods -A --sort-by=memory | head -4
kubectl describe node node02 | grep -A6 ^Conditions
