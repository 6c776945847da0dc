# kubectl kustomize and -k: a base with generators, an overlay with patches, errors
mkdir -p shop/base shop/overlays/prod
cat <<'YAML' > shop/base/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  replicas: 1
  selector:
    matchLabels:
      app: shop
  template:
    metadata:
      labels:
        app: shop
    spec:
      containers:
      - name: shop
        image: nginx:1.25
        env:
        - name: COLOR
          valueFrom:
            configMapKeyRef:
              name: shop-settings
              key: color
        envFrom:
        - secretRef:
            name: shop-creds
        volumeMounts:
        - name: conf
          mountPath: /etc/shop
      volumes:
      - name: conf
        configMap:
          name: shop-files
YAML
cat <<'YAML' > shop/base/service.yaml
apiVersion: v1
kind: Service
metadata:
  name: shop
spec:
  selector:
    app: shop
  ports:
  - port: 80
    targetPort: 80
YAML
printf 'listen 80;\n' > shop/base/site.conf
printf '# comment\nUSER=admin\n  PASS=s3cret\n\n' > shop/base/creds.env
cat <<'YAML' > shop/base/kustomization.yaml
resources:
- service.yaml
- deployment.yaml
configMapGenerator:
- name: shop-settings
  literals:
  - color=blue
  - 'greeting="hello world"'
- name: shop-files
  files:
  - site.conf
  - nginx.conf=site.conf
secretGenerator:
- name: shop-creds
  envs:
  - creds.env
YAML
kubectl kustomize shop/base
cat <<'YAML' > shop/overlays/prod/replica-patch.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: shop
spec:
  template:
    spec:
      containers:
      - name: shop
        resources:
          limits:
            memory: 256Mi
YAML
cat <<'YAML' > shop/overlays/prod/kustomization.yaml
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
namespace: shop-prod
namePrefix: prod-
resources:
- ../../base
- namespace.yaml
labels:
- pairs:
    env: prod
  includeSelectors: true
- pairs:
    team: web
commonAnnotations:
  owner: platform
replicas:
- name: shop
  count: 3
images:
- name: nginx
  newName: registry.local/nginx
  newTag: "1.27"
configMapGenerator:
- name: shop-settings
  behavior: merge
  literals:
  - color=green
patches:
- path: replica-patch.yaml
- target:
    kind: Service
    name: shop
  patch: |-
    - op: replace
      path: /spec/ports/0/port
      value: 8080
YAML
cat <<'YAML' > shop/overlays/prod/namespace.yaml
apiVersion: v1
kind: Namespace
metadata:
  name: anything
YAML
kubectl kustomize shop/overlays/prod
kubectl apply -k shop/overlays/prod
kubectl get deploy,svc,cm,secret -n shop-prod
kubectl apply -k shop/overlays/prod
kubectl get -k shop/overlays/prod
kubectl delete -k shop/overlays/prod
# errors
kubectl kustomize shop
kubectl kustomize shop/missing
kubectl apply -k shop/base -f shop/base/service.yaml
printf 'resources:\n- nothere.yaml\n' > shop/kustomization.yaml
kubectl kustomize shop
printf 'resources:\n- base\n' > shop/kustomization.yaml
mkdir -p shop/empty
printf 'resources:\n- empty\n' > shop/kustomization.yaml
kubectl kustomize shop
printf 'resource:\n- base\n' > shop/kustomization.yaml
kubectl kustomize shop
printf 'patches:\n- patch: |-\n    apiVersion: v1\n    kind: Service\n    metadata:\n      name: nope\nresources:\n- base\n' > shop/kustomization.yaml
kubectl kustomize shop
kubectl create -k shop/base --dry-run=client -o name
kubectl apply -k shop/base --dry-run=client -o yaml | head -12
# diff -k, -k with -R, a file given as the directory
mkdir -p d
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  a: "1"\n' > d/c.yaml
printf 'resources:\n- c.yaml\n' > d/kustomization.yaml
kubectl apply -k d
sed -i 's/"1"/"2"/' d/c.yaml
kubectl diff -k d
kubectl apply -R -k d
kubectl kustomize d/c.yaml
