# generators: --dry-run=client -o yaml prints what kubectl prints
kubectl run nginx --image=nginx --dry-run=client -o yaml
kubectl run busy --image=busybox --restart=Never --labels=app=busy,tier=be --env=A=1 --port=8080 --dry-run=client -o yaml -- sleep 3600
kubectl run cmd --image=busybox --command --dry-run=client -o yaml -- sh -c 'echo hi'
kubectl create deployment web --image=nginx:1.25 --replicas=3 --port=80 --dry-run=client -o yaml
kubectl create service clusterip web --tcp=80:8080 --dry-run=client -o yaml
kubectl create service nodeport web --tcp=80:80 --node-port=30080 --dry-run=client -o yaml
kubectl create configmap app-config --from-literal=mode=prod --from-literal=level=3 --dry-run=client -o yaml
kubectl create secret generic db --from-literal=password=s3cr3t --dry-run=client -o yaml
kubectl create namespace dev --dry-run=client -o yaml
kubectl create job pi --image=perl:5.34 --dry-run=client -o yaml -- perl -Mbignum=bpi -wle 'print bpi(200)'
kubectl create cronjob hello --image=busybox --schedule='*/1 * * * *' --dry-run=client -o yaml -- date
kubectl create role pod-reader --verb=get,list,watch --resource=pods --dry-run=client -o yaml
kubectl create rolebinding rb --role=pod-reader --user=jane --dry-run=client -o yaml
kubectl create clusterrole deploy-admin --verb=* --resource=deployments.apps,pods --dry-run=client -o yaml
kubectl create clusterrolebinding crb --clusterrole=deploy-admin --serviceaccount=default:robot --dry-run=client -o yaml
kubectl create serviceaccount robot --dry-run=client -o yaml
kubectl create ingress web --rule=web.example.com/=web:80 --class=nginx --dry-run=client -o yaml
kubectl create deployment web --image=nginx --dry-run=client -o name
kubectl create namespace dev --dry-run=client
