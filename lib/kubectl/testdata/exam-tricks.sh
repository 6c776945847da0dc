# the shortcuts CKA candidates set up first
source <(kubectl completion bash)
complete -o default -F __start_kubectl k
export do="--dry-run=client -o yaml"
export now="--force --grace-period 0"
alias kn='kubectl config set-context --current --namespace'
k run x --image=nginx $do | head -4
k create ns dev
kn dev
k config get-contexts
k run y --image=nginx
k get po -o wide | awk '{print $1, $3}'
k delete po y $now
kn default
for i in 1 2; do k create deploy d$i --image=nginx --replicas=$i; done
k get deploy -o custom-columns=NAME:.metadata.name,REPLICAS:.spec.replicas --no-headers | sort -k2 -n
k get po -l app=d2 -o name | wc -l
k get po -o jsonpath='{range .items[*]}{.metadata.name}{" "}{.status.phase}{"\n"}{end}' | grep -c Running
