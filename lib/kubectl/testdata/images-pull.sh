# CKA-style image tasks: mirrors, real tags, a wrong tag and its fix, a private registry, digests.
# Texts: kubelet pkg/kubelet/images/image_manager.go (Pulling, Failed to pull image, Back-off pulling
# image, the 1.32+ waiting message "<Back-off ...>: ErrImagePull: <error>"); containerd remotes/docker
# resolver ("failed to resolve reference ...: not found"); distribution/reference parse errors.
# Task 1 (Killercoda style): run httpd from the ECR Public mirror of Docker Hub's official images
kubectl run web --image=public.ecr.aws/docker/library/httpd:trixie --port=80
kubectl run db --image=mariadb:11 --env=MARIADB_ROOT_PASSWORD=secret
sleep 15
kubectl get pods
# Task 2: a Deployment with a tag that does not exist; find out why and fix it
kubectl create deployment shop --image=nginx:1.27-bad --replicas=2
sleep 20
kubectl get pods -l app=shop
kubectl describe pod -l app=shop | grep -A2 'State:'
kubectl events --for deployment/shop | tail -2
kubectl set image deployment/shop nginx=nginx:1.27
kubectl rollout status deployment/shop --timeout=60s
# Task 3: a bare Pod in ImagePullBackOff: fixing its image starts it at once (back-off is per image)
kubectl run cache --image=redis:7.99
sleep 120
kubectl get pod cache
kubectl set image pod/cache cache=redis:7.4
sleep 5
kubectl get pod cache
# Task 4: references the runtime refuses or cannot reach
kubectl run upper --image=Nginx
kubectl run private --image=registry.local/team/api:1.0
kubectl run pinned --image=nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
kubectl run kc --image=bitnami/kubectl:1.30 --command -- sleep 3600
sleep 10
kubectl get pods upper private pinned kc
kubectl get pod upper -o jsonpath='{.status.containerStatuses[0].state.waiting.message}{"\n"}'
kubectl get pod private -o jsonpath='{.status.containerStatuses[0].state.waiting.message}{"\n"}'
kubectl get pod kc -o jsonpath='{.status.containerStatuses[0].state.waiting.message}{"\n"}'
