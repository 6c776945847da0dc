# pods: run, describe, logs, exec, delete
kubectl run nginx --image=nginx --port=80 --labels=app=web
kubectl get pod nginx -o wide
kubectl describe pod nginx
kubectl run once --image=busybox --restart=Never -- sh -c 'echo hello from busybox; exit 0'
sleep 10
kubectl get pods
kubectl logs once
kubectl logs once --tail=1
kubectl logs nginx -c nope
kubectl exec nginx -- cat /etc/hostname
kubectl exec nginx -- sh -c 'echo $HOSTNAME'
kubectl exec nginx -- ls /nope
kubectl exec -it nginx -- env | grep -c KUBERNETES
kubectl cp nginx:/etc/hostname ./hostname.txt
cat hostname.txt
kubectl cp hostname.txt nginx:/tmp/x
kubectl run bad --image=nginx:no-such-tag
sleep 30
kubectl get pod bad
kubectl delete pod nginx --grace-period=0 --force
kubectl delete pod once bad
kubectl get pods
