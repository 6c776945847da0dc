# typical CKA tasks end to end
kubectl create namespace prod
kubectl run web --image=nginx -n prod --dry-run=client -o yaml > web.yaml
sed -i 's/  containers:/  nodeSelector:\n    disktype: ssd\n  containers:/' web.yaml
cat web.yaml
kubectl apply -f web.yaml
kubectl get pod web -n prod
kubectl describe pod web -n prod | tail -3
kubectl label node node02 disktype=ssd
sleep 20
kubectl get pod web -n prod -o wide
kubectl get pod web -n prod -o yaml > live.yaml
kubectl apply -f live.yaml
kubectl create deployment api --image=httpd --replicas=2 -n prod
kubectl expose deployment api --port=80 --type=NodePort -n prod
kubectl get svc api -n prod -o jsonpath='{.spec.type} {.spec.ports[0].port}'; echo
kubectl create job hello --image=busybox -n prod -- sh -c 'echo done'
sleep 10
kubectl get jobs -n prod
kubectl logs job/hello -n prod
kubectl get pods -n prod --field-selector=status.phase=Succeeded -o name
kubectl get pods -A -o jsonpath='{range .items[*]}{.spec.nodeName}{"\n"}{end}' | sort | uniq -c
kubectl get nodes -o jsonpath='{.items[*].status.addresses[?(@.type=="InternalIP")].address}'; echo
kubectl delete namespace prod
kubectl get ns prod
