# PersistentVolumeClaim updates: spec immutable except resources.requests (bound claims), resize admission
# without the preset's default StorageClass, so a claim can be created without a class and get one later
kubectl delete storageclass local-path
cat <<EOF > storage.yaml
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: expandable
provisioner: rancher.io/local-path
allowVolumeExpansion: true
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fixed
provisioner: rancher.io/local-path
EOF
cat <<EOF > data.yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: data
spec:
  storageClassName: expandable
  accessModes:
  - ReadWriteOnce
  resources:
    requests:
      storage: 1Gi
EOF
cat <<EOF > broken.yaml
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: broken
spec:
  accessModes:
  - ReadWriteMany
  resources:
    requests:
      storage: 1Gi
EOF
kubectl apply -f storage.yaml
kubectl apply -f data.yaml
kubectl apply -f broken.yaml
kubectl get pvc
kubectl patch pvc broken -p '{"spec":{"accessModes":["ReadWriteOnce"]}}'
kubectl patch pvc broken -p '{"spec":{"storageClassName":"fixed"}}'
kubectl patch pvc broken --type=merge -p '{"spec":{"storageClassName":"expandable"}}'
kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"500Mi"}}}}'
kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}'
kubectl get pvc data -o jsonpath='{.spec.resources.requests.storage} {.status.capacity.storage}{"\n"}'
kubectl patch sc expandable -p '{"allowVolumeExpansion":false}'
kubectl patch pvc data -p '{"spec":{"resources":{"requests":{"storage":"3Gi"}}}}'
sed -i 's/ReadWriteOnce/ReadWriteMany/' data.yaml
kubectl apply -f data.yaml
kubectl replace -f broken.yaml
kubectl get pvc broken -o jsonpath='{.spec.accessModes} {.spec.storageClassName}{"\n"}'
