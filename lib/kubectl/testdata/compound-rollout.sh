# preset: single
# time: real
# bash compound commands against the cluster, in real time (each kubectl takes its round trip, sleep lets
# more pass): an until loop waits for a Deployment's rollout, if/else on a command's status, a for loop
# over kubectl's names piped on, and a group redirected to a file.
kubectl create deployment web --image=nginx:1.27 --replicas=2
until [ "$(kubectl get deploy web -o jsonpath='{.status.readyReplicas}')" = "2" ]; do kubectl get deploy web --no-headers; sleep 2; done; echo rolled out
kubectl get deploy web
if kubectl get svc web >/dev/null 2>&1; then echo exists; else echo "no service yet"; fi
until kubectl get svc web 2>/dev/null; do kubectl expose deploy web --port 80; sleep 1; done
for p in $(kubectl get pods -l app=web -o name); do echo "$p"; done | wc -l
{ kubectl get deploy web -o jsonpath='{.spec.replicas}'; echo; kubectl get svc web -o jsonpath='{.spec.ports[0].port}'; echo; } > /tmp/summary.txt
cat /tmp/summary.txt
while true; do kubectl get pods --no-headers | grep -q ContainerCreating || break; sleep 1; done; echo "all started: $?"
for i in 1 2 3
