# A user with a client certificate, as the docs' "normal user" walk-through does it
# (kubernetes.io/docs/reference/access-authn-authz/certificate-signing-requests/#normal-user):
# openssl key and CSR, a CertificateSigningRequest, approve, the issued certificate into a kubeconfig user,
# then RBAC. A fresh kubeadm cluster lists no CSRs: the kubelets' join CSRs are deleted by csrcleaner 1 h after issue.
kubectl get csr
kubectl api-resources | grep -E "^certificatesigningrequests "
openssl genrsa -out myuser.key 2048
openssl req -new -key myuser.key -subj "/CN=myuser/O=dev" -out myuser.csr
openssl req -in myuser.csr -noout -subject
cat <<EOT > csr.yaml
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: myuser
spec:
  request: $(base64 -w0 myuser.csr)
  signerName: kubernetes.io/kube-apiserver-client
  expirationSeconds: 86400
  usages:
  - client auth
EOT
kubectl apply -f csr.yaml
kubectl get csr
kubectl certificate approve
kubectl certificate approve myuser
kubectl get csr myuser
kubectl certificate deny myuser
kubectl certificate approve myuser nosuch
kubectl get csr myuser -o jsonpath='{.status.certificate}' | base64 -d > myuser.crt
head -1 myuser.crt
openssl x509 -in myuser.crt -noout -subject -issuer
kubectl config set-credentials myuser --client-key=myuser.key --client-certificate=myuser.crt --embed-certs=true
kubectl config set-context myuser --cluster=kubernetes --user=myuser
kubectl --context myuser get pods
kubectl create role developer --verb=create --verb=get --verb=list --verb=update --verb=delete --resource=pods
kubectl create rolebinding developer-binding-myuser --role=developer --user=myuser
kubectl --context myuser get pods
kubectl --context myuser auth whoami
kubectl auth can-i delete pods --as myuser
# bad requests: not a CSR, a usage the client signer refuses, system:masters
cat <<EOT > bad.yaml
apiVersion: certificates.k8s.io/v1
kind: CertificateSigningRequest
metadata:
  name: bad
spec:
  request: $(echo hello | base64 -w0)
  signerName: kubernetes.io/kube-apiserver-client
  usages:
  - client auth
EOT
kubectl apply -f bad.yaml
openssl req -new -key myuser.key -subj "/CN=root/O=system:masters" -out root.csr
sed -e "s/name: bad/name: root/" -e "s/request: .*/request: $(base64 -w0 root.csr)/" bad.yaml | kubectl apply -f -
sed -e "s/name: bad/name: srv/" -e "s/request: .*/request: $(base64 -w0 myuser.csr)/" -e "s/- client auth/- server auth/" bad.yaml | kubectl apply -f -
kubectl certificate approve srv
kubectl get csr srv
# the manual path: sign with the cluster CA on the control plane; a certificate from another CA is refused
openssl x509 -req -in myuser.csr -CA /etc/kubernetes/pki/ca.crt -CAkey /etc/kubernetes/pki/ca.key -CAcreateserial -out manual.crt -days 30
openssl x509 -in manual.crt -noout -issuer -enddate
openssl req -x509 -new -key myuser.key -subj "/CN=kubernetes" -days 10 -out other-ca.crt
openssl x509 -req -in myuser.csr -CA other-ca.crt -CAkey myuser.key -out forged.crt -days 30
kubectl config set-credentials forged --client-key=myuser.key --client-certificate=forged.crt
kubectl config set-context forged --cluster=kubernetes --user=forged
kubectl --context forged get pods
openssl genrsa -out other.key 2048
kubectl config set-credentials forged --client-key=other.key --client-certificate=manual.crt
kubectl --context forged get pods
kubectl config set-credentials forged --client-key=other.key --client-certificate=missing.crt --embed-certs
openssl x509 -in missing.crt -noout -subject
