# static pods: manifests in /etc/kubernetes/manifests become mirror pods <name>-controlplane
kubectl run static-web --image=nginx --dry-run=client -o yaml > /etc/kubernetes/manifests/static-web.yaml
kubectl get pods -o wide
kubectl delete pod static-web-controlplane
kubectl get pods
sed -i 's/image: nginx/image: httpd/' /etc/kubernetes/manifests/static-web.yaml
kubectl get pods
kubectl get pod static-web-controlplane -o jsonpath='{.spec.containers[0].image}'; echo
kubectl get pods
rm /etc/kubernetes/manifests/static-web.yaml
kubectl get pods
