# patch (strategic, merge, json), replace --force, edit hand-off, invalid updates
kubectl create deployment web --image=nginx --replicas=2
kubectl patch deployment web -p '{"spec":{"replicas":4}}'
kubectl patch deployment web --type=merge -p '{"metadata":{"labels":{"team":"a"}}}'
kubectl patch deployment web --type=json -p '[{"op":"replace","path":"/spec/template/spec/containers/0/image","value":"nginx:1.27"}]'
kubectl patch deployment web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'
kubectl patch deployment web -p '{"spec":{"replicas":4}}'
kubectl get deploy web -o jsonpath='{.spec.replicas} {.metadata.labels.team} {.spec.template.spec.containers[0].image}'; echo
kubectl patch deployment web -p '{"spec":{"selector":{"matchLabels":{"app":"other"}}}}'
kubectl get deploy web -o yaml > web.yaml
sed -i 's/replicas: 4/replicas: 1/' web.yaml
kubectl replace -f web.yaml
kubectl replace --force -f web.yaml
kubectl edit deployment web
kubectl run p --image=nginx
kubectl get pod p -o yaml | grep -v resourceVersion > p.yaml
sed -i 's/image: nginx/image: httpd/' p.yaml
kubectl apply -f p.yaml
sed -i 's/restartPolicy: Always/restartPolicy: Never/' p.yaml
kubectl apply -f p.yaml
