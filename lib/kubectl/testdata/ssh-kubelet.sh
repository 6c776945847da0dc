# node troubleshooting: ssh to a node, systemctl for the kubelet
ssh node01
hostname
systemctl stop kubelet
systemctl status kubelet
kubectl get nodes
exit
sleep 60
kubectl get nodes
ssh node01 systemctl start kubelet
kubectl get nodes
ssh nodeX
