# kubectl wait and kubectl events on the virtual clock; -o kyaml
kubectl create deployment web --image=nginx --replicas=2
kubectl wait --for=condition=Available deployment/web --timeout=60s
kubectl wait --for=jsonpath='{.status.readyReplicas}'=2 deployment/web
kubectl create deployment broken --image=nginx:no-such-tag
kubectl wait --for=condition=Available deployment/broken --timeout=10s
kubectl wait --for=condition=Ready pod/nosuch
kubectl events --types=Warning | head -3
kubectl events --for deployment/web
kubectl get deploy web -o kyaml | head -8
kubectl set image deployment/web nginx=nginx:bad
kubectl rollout status deployment/web --timeout=20s
kubectl rollout status deployment/web
kubectl rollout undo deployment/web
kubectl rollout status deployment/web
