# get with output formats, selectors and sorting
kubectl create deployment web --image=nginx --replicas=2
kubectl create deployment api --image=httpd
kubectl label deploy web tier=frontend
kubectl label deploy api tier=backend env=prod
kubectl get deploy -o name
kubectl get deploy --show-labels -o name
kubectl get deploy -l tier=frontend -o name
kubectl get deploy -l 'tier in (frontend,backend),env!=prod' -o name
kubectl get deploy -l '!env' -o name
kubectl get deploy -l env -o name
kubectl get deploy -o jsonpath='{.items[*].metadata.name}'; echo
kubectl get deploy -o jsonpath='{range .items[*]}{.metadata.name}{"\t"}{.spec.replicas}{"\n"}{end}'
kubectl get deploy -o custom-columns=NAME:.metadata.name,IMAGE:.spec.template.spec.containers[0].image
kubectl get deploy --sort-by=.spec.replicas -o name
kubectl get deploy web -o jsonpath='{.metadata.labels}'; echo
kubectl get ns --no-headers | wc -l
kubectl get nodes -o custom-columns=NODE:.metadata.name --no-headers
kubectl get nodes
