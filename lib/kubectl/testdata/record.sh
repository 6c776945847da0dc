# --record (deprecated) writes kubernetes.io/change-cause: cli-runtime record_flags.go parseCommandArguments
# (base name, positional words, then each flag as --name=value in command-line order); rollout history shows it
cat <<'YAML' > web.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
YAML
kubectl apply -f web.yaml --record
kubectl get deploy web -o jsonpath='{.metadata.annotations.kubernetes\.io/change-cause}'; echo
kubectl set image deployment/web nginx=nginx:1.28 --record
kubectl -n default set image deploy web nginx=nginx:1.29 --record=true
kubectl rollout history deployment/web
kubectl scale deployment web --replicas=3 --record
kubectl get deploy web -o jsonpath='{.metadata.annotations.kubernetes\.io/change-cause}'; echo
kubectl set image deployment/web nginx=nginx:1.27
kubectl rollout history deployment/web
kubectl annotate deployment web kubernetes.io/change-cause="image back to 1.27" --overwrite
kubectl rollout history deployment/web
sed 's/name: web/name: web2/' web.yaml > web2.yaml
kubectl create -f web2.yaml --record -o jsonpath='{.metadata.annotations.kubernetes\.io/change-cause}'; echo
kubectl rollout undo deployment/web --record
kubectl create deployment other --image=nginx --record
kubectl set env deployment/web A=b --record
