# kubectl logs --timestamps / --since / --since-time, with --tail and --previous.
# The kubelet (pkg/kubelet/kuberuntime/logs/logs.go ReadLogs) picks the last --tail lines, then skips the
# lines older than since (a line written exactly at since is kept: !timestamp.Before(since)), and with
# --timestamps prefixes each with its time as types.RFC3339NanoFixed; the sim's clock has whole ms.
# kubectl (pkg/cmd/logs/logs.go): --since is a Duration flag rounded to seconds, --since-time goes
# through util.ParseRFC3339 (Go time.Parse errors), Validate rejects both together.
# --since=0.4s rounds to sinceSeconds=0, which the API server's ValidatePodLogOptions rejects; --since-time is
# parsed (ToLogOptions) before the pod is looked up.
kubectl run ticker --image=busybox:1.36 -- sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 10; done'
sleep 60
kubectl logs ticker --timestamps
kubectl logs ticker --since=25s --timestamps
kubectl logs ticker --since=25s
kubectl logs ticker --tail=3 --since=25s --timestamps
kubectl logs ticker --tail=1 --timestamps=true
kubectl logs ticker --since-time=2026-01-01T00:00:40Z --timestamps
kubectl logs ticker --since-time=2026-01-01T09:00:40+09:00 --tail=2
kubectl logs ticker --since=2h
kubectl logs ticker -f --since=15s
kubectl logs ticker --limit-bytes=40 --timestamps
# a container that restarted: --previous with --timestamps and --since
kubectl run crasher --image=busybox:1.36 -- sh -c 'echo starting; sleep 5; echo failing; exit 1'
sleep 30
kubectl get pod crasher
kubectl logs crasher --previous --timestamps
kubectl logs crasher --previous --since=17s --timestamps
# nginx: its start lines and one access line per request carry their times
kubectl run web --image=nginx:1.27
sleep 10
kubectl exec ticker -- wget -qO- http://$(kubectl get pod web -o jsonpath='{.status.podIP}') > /dev/null
sleep 5
kubectl logs web --timestamps --tail=2
kubectl logs web --since=6s
# errors: pflag's Duration parse, Go's time.Parse for RFC3339, LogsOptions.Validate
kubectl logs ticker --since=5
kubectl logs ticker --since=5d
kubectl logs ticker --since=yesterday
kubectl logs ticker --since=-5s
kubectl logs ticker --since-time=2026-01-01
kubectl logs ticker --since-time='2026-01-01 00:00:40'
kubectl logs ticker --since-time=2026-01-01T00:00:40
kubectl logs ticker --since-time=2026-13-01T00:00:40Z
kubectl logs ticker --since-time=2026-02-30T00:00:40Z
kubectl logs ticker --since-time=2026-01-01T00:00:40Zjunk
kubectl logs ticker --since=10s --since-time=2026-01-01T00:00:40Z
kubectl logs ticker --tail=-2
kubectl logs ticker --limit-bytes=-1
kubectl logs ticker --since=0.4s
kubectl logs nope --since-time=bad
