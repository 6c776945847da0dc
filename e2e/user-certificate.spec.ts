// A user with a client certificate, reached by clicking: openssl on the control plane, a CertificateSigningRequest,
// kubectl certificate approve, the issued certificate into a kubeconfig user, Forbidden until RBAC allows, then the
// exercise's checks pass.
import { expect, openExercise, runInTerminal as run, test } from "./fixtures";

const TITLE = "A user with a client certificate";

test("a user with a client certificate: openssl, CSR, approve, kubeconfig, Forbidden then allowed, pass", async ({ page }) => {
  const { task, text } = await openExercise(page, TITLE, "Give the new developer");
  const m = /Give the new developer (\S+) \(group dev\).*Pods in namespace (\S+):/.exec(text);
  expect(m, `task text: ${text}`).not.toBeNull();
  const [, user, ns] = m!;
  await run(page, `openssl genrsa -out /root/${user}.key 2048`, `$ openssl genrsa`);
  await run(page, `openssl req -new -key /root/${user}.key -subj "/CN=${user}/O=dev" -out /root/${user}.csr`, `$ openssl req -new`);
  await run(page, `openssl req -in /root/${user}.csr -noout -subject`, `subject=CN = ${user}, O = dev`);
  await run(
    page,
    `printf 'apiVersion: certificates.k8s.io/v1\\nkind: CertificateSigningRequest\\nmetadata:\\n  name: ${user}\\nspec:\\n  request: %s\\n  signerName: kubernetes.io/kube-apiserver-client\\n  usages: [client auth]\\n' "$(base64 -w0 /root/${user}.csr)" > /root/csr.yaml`,
    "$ printf",
  );
  await run(page, "kubectl apply -f /root/csr.yaml", `certificatesigningrequest.certificates.k8s.io/${user} created`);
  await run(page, `kubectl certificate approve ${user}`, `certificatesigningrequest.certificates.k8s.io/${user} approved`);
  await page.getByRole("button", { name: "Fast-forward until idle" }).click();
  await run(page, `kubectl get csr ${user}`, "Approved,Issued");
  await run(page, `kubectl get csr ${user} -o jsonpath='{.status.certificate}' | base64 -d > /root/${user}.crt`, "base64 -d");
  await run(page, `openssl x509 -in /root/${user}.crt -noout -issuer`, "issuer=CN = kubernetes");
  await run(page, `kubectl config set-credentials ${user} --client-key=/root/${user}.key --client-certificate=/root/${user}.crt --embed-certs=true`, `User "${user}" set.`);
  await run(page, `kubectl config set-context ${user} --cluster=kubernetes --user=${user}`, `Context "${user}" created.`);
  await run(page, `kubectl --context ${user} get pods -n ${ns}`, `User "${user}" cannot list resource "pods"`);
  await run(page, `kubectl create role pod-viewer -n ${ns} --verb=get,list --resource=pods`, "role.rbac.authorization.k8s.io/pod-viewer created");
  await run(page, `kubectl create rolebinding ${user}-pod-viewer -n ${ns} --role=pod-viewer --user=${user}`, `rolebinding.rbac.authorization.k8s.io/${user}-pod-viewer created`);
  await run(page, `kubectl --context ${user} get pods -n ${ns}`, `No resources found in ${ns} namespace.`);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(task.getByRole("status")).toContainText("Passed with a score of 100%.");
});
