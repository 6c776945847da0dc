# discovery, explain, version, help
kubectl api-resources --namespaced=false | head -5
kubectl api-resources | grep -w deployments
kubectl explain pod.spec.containers.ports | head -8
kubectl explain deployment.spec.nope
kubectl get all
kubectl create deployment web --image=nginx
kubectl get all
kubectl get events --field-selector reason=ScalingReplicaSet -o name | wc -l
kubectl cluster-info | head -1
kubectl api-versions | grep -c apps
