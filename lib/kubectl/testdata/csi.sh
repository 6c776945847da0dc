# storage.k8s.io CSI kinds: every kubelet registers a CSINode (no drivers on a kubeadm cluster without a CSI
# driver; local-path is not one), no CSIDriver or VolumeAttachment until someone creates one
kubectl api-resources | grep -E "^(csidrivers|csinodes|csistoragecapacities|volumeattachments) "
kubectl get csinodes
kubectl get csidrivers
kubectl get volumeattachments
kubectl get csistoragecapacities -A
kubectl get csinode node01 -o yaml
kubectl describe csinode node01
cat <<'YAML' > driver.yaml
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: hostpath.csi.k8s.io
spec:
  attachRequired: false
  podInfoOnMount: true
  volumeLifecycleModes:
  - Persistent
  - Ephemeral
YAML
kubectl apply -f driver.yaml
kubectl get csidriver
kubectl get csidriver hostpath.csi.k8s.io -o yaml
kubectl describe csidriver hostpath.csi.k8s.io
kubectl explain csidriver.spec.attachRequired
# attachRequired and volumeLifecycleModes are immutable; other fields may change
sed -i 's/attachRequired: false/attachRequired: true/' driver.yaml
kubectl apply -f driver.yaml
kubectl patch csidriver hostpath.csi.k8s.io --type=merge -p '{"spec":{"podInfoOnMount":false}}'
kubectl get csidriver hostpath.csi.k8s.io -o jsonpath='{.spec.podInfoOnMount}{"\n"}'
cat <<'YAML' > bad-driver.yaml
apiVersion: storage.k8s.io/v1
kind: CSIDriver
metadata:
  name: Bad_Driver
spec:
  fsGroupPolicy: Always
  volumeLifecycleModes:
  - Inline
YAML
kubectl create -f bad-driver.yaml
cat <<'YAML' > va.yaml
apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata:
  name: csi-0123abcd
spec:
  attacher: hostpath.csi.k8s.io
  nodeName: node01
  source:
    persistentVolumeName: pv-data
YAML
kubectl create -f va.yaml
kubectl get volumeattachment
kubectl describe volumeattachment csi-0123abcd
cat <<'YAML' > bad-va.yaml
apiVersion: storage.k8s.io/v1
kind: VolumeAttachment
metadata:
  name: bad-va
spec:
  nodeName: node01
  source: {}
YAML
kubectl create -f bad-va.yaml
kubectl delete volumeattachment csi-0123abcd
kubectl delete csidriver hostpath.csi.k8s.io
kubectl get csidrivers
