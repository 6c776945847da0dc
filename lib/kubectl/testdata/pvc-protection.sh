# StorageObjectInUseProtection: every PVC and PV gets its protection finalizer; a claim a scheduled Pod
# uses stays Terminating until that Pod is gone (pvc_protection_controller.go podUsesPVC), a Bound PV
# until it is released (pv_protection_controller.go); printers.go/describe.go show Terminating
cat <<'YAML' > data.yaml
apiVersion: v1
kind: PersistentVolume
metadata:
  name: data-pv
spec:
  capacity:
    storage: 1Gi
  accessModes: ["ReadWriteOnce"]
  persistentVolumeReclaimPolicy: Retain
  storageClassName: manual
  hostPath:
    path: /mnt/data
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  accessModes: ["ReadWriteOnce"]
  storageClassName: manual
  resources:
    requests:
      storage: 1Gi
---
apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
  - name: app
    image: busybox:1.36
    command: ["sleep", "3600"]
    volumeMounts:
    - name: data
      mountPath: /data
  volumes:
  - name: data
    persistentVolumeClaim:
      claimName: data
YAML
kubectl apply -f data.yaml
kubectl get pvc data -o jsonpath='{.metadata.finalizers}'; echo
kubectl get pv data-pv -o jsonpath='{.metadata.finalizers}'; echo
kubectl delete pvc data --wait=false
kubectl get pvc
sleep 30
kubectl describe pvc data
kubectl delete pv data-pv --wait=false
kubectl get pv
kubectl describe pv data-pv | head -6
kubectl delete pod app --grace-period=0 --force
sleep 5
kubectl get pvc
kubectl get pv
kubectl create -f data.yaml
kubectl delete pod app --grace-period=0 --force
kubectl delete pvc data --wait=false
sleep 5
kubectl get pvc,pv
