# services, expose, endpoints, curl
kubectl create deployment web --image=nginx --replicas=2 --port=80
kubectl expose deployment web --port=80 --target-port=80
kubectl expose deployment web --name=web-np --type=NodePort --port=80
kubectl get svc
kubectl get endpoints web
kubectl describe svc web
kubectl create service clusterip api --tcp=8080:8080
kubectl get svc api -o jsonpath='{.spec.ports[0].name}'; echo
kubectl expose pod nosuch --port=80
kubectl run curlpod --image=busybox --restart=Never -- sleep 3600
sleep 5
kubectl exec curlpod -- wget -qO- http://web | head -4
kubectl exec curlpod -- nslookup web | tail -2
