# CKA-style tasks with programs inside containers: shell scripts, a sidecar on localhost, nginx
# configured from a ConfigMap, busybox timeout, exec probes running the same programs.
# busybox: ash "sh: X: not found" (127), "Permission denied" (126), "can't open" (2); timeout.c
# delivers SIGTERM to PROG (exit 128+15); ls.c long format "%-10s %4lu %-8.8s %-8.8s %9llu".
# Task 1: a script from a ConfigMap, run with sh and directly (defaultMode 0644 is not executable)
kubectl create configmap scripts --from-literal=check.sh='echo checking `hostname`; [ -f /tmp/ready ] || echo not ready; exit 3'
cat <<'YAML' > runner.yaml
apiVersion: v1
kind: Pod
metadata:
  name: runner
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: ["sh", "-c", "sleep 3600"]
    volumeMounts:
    - name: s
      mountPath: /scripts
  volumes:
  - name: s
    configMap:
      name: scripts
YAML
kubectl apply -f runner.yaml
sleep 5
kubectl exec runner -- sh /scripts/check.sh
kubectl exec runner -- sh -c '/scripts/check.sh; echo rc=$?'
kubectl exec runner -- sh -c 'cp /scripts/check.sh /tmp/c.sh; echo "echo hi" > /tmp/c.sh; chmod +x /tmp/c.sh; /tmp/c.sh; ls -l /tmp'
kubectl exec runner -- sh -c 'timeout 2 sleep 10; echo rc=$?'
kubectl exec runner -- sh -c 'nosuch; echo rc=$?'
kubectl exec runner -- sh -c '[ 3 -gt 2 -a ! -f /nope ] && echo ok; [ x -eq 1 ]; echo rc=$?'
# Task 2: nginx serves index.html and its server block from ConfigMaps; a sidecar reaches it on localhost
kubectl create configmap site --from-literal=index.html='hello from configmap'
kubectl create configmap conf --from-literal=default.conf='server { listen 8080; root /srv/www; index index.html; }'
cat <<'YAML' > web.yaml
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
  - name: nginx
    image: nginx:1.27
    ports:
    - containerPort: 8080
    volumeMounts:
    - name: site
      mountPath: /srv/www
    - name: conf
      mountPath: /etc/nginx/conf.d
    readinessProbe:
      exec:
        command: ["sh", "-c", "test -s /srv/www/index.html"]
  - name: probe
    image: busybox:1.36
    command: ["sh", "-c", "while true; do wget -qO- http://localhost:8080/; sleep 30; done"]
  volumes:
  - name: site
    configMap:
      name: site
  - name: conf
    configMap:
      name: conf
YAML
kubectl apply -f web.yaml
sleep 10
kubectl get pod web
kubectl logs web -c probe
kubectl exec web -c probe -- wget -qO- http://127.0.0.1:80/
kubectl exec web -c probe -- wget -qO- http://localhost:8080/
kubectl logs web -c nginx | tail -1
# Task 3: the sidecar logging pattern: the app appends to a file on a shared emptyDir, the sidecar tails it
cat <<'YAML' > logger.yaml
apiVersion: v1
kind: Pod
metadata:
  name: logger
spec:
  volumes:
  - name: logs
    emptyDir: {}
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "i=0; while true; do i=$((i+1)); echo \"$(date) INFO request $i\" >> /var/log/app.log; sleep 5; done"]
    volumeMounts:
    - name: logs
      mountPath: /var/log
  - name: sidecar
    image: busybox:1.36
    command: ["sh", "-c", "tail -n+1 -F /var/log/app.log"]
    volumeMounts:
    - name: logs
      mountPath: /var/log
YAML
kubectl apply -f logger.yaml
sleep 12
kubectl logs logger -c sidecar
kubectl exec logger -c sidecar -- ls /
kubectl exec web -c nginx -- ls /
# Task 4: a container command the image does not have (busybox has wget, not curl)
kubectl run fetch --image=busybox:1.36 --restart=Never -- curl -s http://web
sleep 5
kubectl get pod fetch
kubectl describe pod fetch | grep -A4 'State:'
# Task 5: kubectl exec of a program the image does not have (runc's error through the CRI)
kubectl exec logger -c app -- bash
kubectl exec logger -c app -- curl -s http://web
kubectl exec web -c nginx -- /nope
