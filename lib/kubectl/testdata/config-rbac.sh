# configmaps, secrets, RBAC and can-i
kubectl create configmap app --from-literal=mode=prod --from-literal=level=3
kubectl get cm app -o yaml | grep -A3 ^data
echo -n 'key=value' > env.txt
kubectl create configmap fromfile --from-file=env.txt --from-file=renamed=env.txt
kubectl describe cm fromfile
kubectl create secret generic db --from-literal=user=admin --from-literal=password='p@ss w0rd'
kubectl get secret db
kubectl get secret db -o jsonpath='{.data.password}' | base64 -d; echo
kubectl create serviceaccount robot
kubectl create role pod-reader --verb=get,list --resource=pods
kubectl create rolebinding robot-reads --role=pod-reader --serviceaccount=default:robot
kubectl auth can-i list pods --as=system:serviceaccount:default:robot
kubectl auth can-i delete pods --as=system:serviceaccount:default:robot
kubectl auth can-i list pods --as=jane
kubectl get pods --as=jane
kubectl create clusterrole node-reader --verb=get,list --resource=nodes
kubectl create clusterrolebinding jane-nodes --clusterrole=node-reader --user=jane
kubectl auth can-i list nodes --as=jane
kubectl get nodes --as=jane -o name
kubectl describe role pod-reader
kubectl get rolebinding robot-reads -o wide
kubectl auth can-i --list --as=system:serviceaccount:default:robot | head -4
kubectl auth whoami
