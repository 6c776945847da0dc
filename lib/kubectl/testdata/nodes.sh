# node maintenance: labels, taints, cordon, uncordon
kubectl label node node01 disktype=ssd
kubectl label node node01 disktype=hdd
kubectl label node node01 disktype=hdd --overwrite
kubectl get nodes -l disktype=hdd -o name
kubectl label node node01 disktype-
kubectl taint node node01 app=web:NoSchedule
kubectl taint node node01 app=web:NoSchedule
kubectl taint node node01 app:NoSchedule-
kubectl taint node node01 app:NoSchedule-
kubectl taint node node01 bad
kubectl cordon node01
kubectl cordon node01
kubectl get node node01 -o jsonpath='{.spec.unschedulable}'; echo
kubectl uncordon node01
kubectl annotate node node01 note=maintenance
