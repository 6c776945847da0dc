# deployments, scaling, rollouts, describe
kubectl create deployment web --image=nginx:1.27 --replicas=3
kubectl get deploy web
kubectl get rs
kubectl get pods -o wide
kubectl scale deployment web --replicas=5
kubectl get deploy web
kubectl set image deployment/web nginx=nginx:1.28
kubectl rollout status deployment/web
kubectl rollout history deployment/web
kubectl rollout undo deployment/web
kubectl rollout history deployment/web
kubectl get deploy web -o jsonpath='{.spec.template.spec.containers[0].image}'; echo
kubectl rollout undo deployment/web --to-revision=9
kubectl rollout pause deployment/web
kubectl rollout pause deployment/web
kubectl rollout undo deployment/web
kubectl rollout resume deployment/web
kubectl rollout restart deployment/web
kubectl set env deployment/web MODE=prod
kubectl set resources deployment/web --limits=cpu=200m,memory=256Mi --requests=cpu=100m
kubectl set image deployment/web nosuch=nginx
kubectl describe deployment web
kubectl autoscale deployment web --min=2 --max=6 --cpu=50%
kubectl get hpa
kubectl delete deployment web
kubectl get rs
