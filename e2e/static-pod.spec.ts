// A static Pod on a worker, reached by clicking: node01/node02 have their own disks (ssh there, the kubelet's
// staticPodPath, scp from the control plane), and the mirror Pod <name>-<node> passes the exercise's checks.
import { expect, openExercise, runInTerminal as run, test } from "./fixtures";

const TITLE = "Create a static Pod on a worker node";

test("a static Pod on a worker node: ssh to its own files, read staticPodPath, scp the manifest, pass", async ({ page }) => {
  const { task, text } = await openExercise(page, TITLE, "create the static Pod");
  const m = /On node (node0\d), create the static Pod (\S+), managed by the kubelet itself: one container \(named \S+, image (\S+)\)/.exec(text);
  expect(m, `task text: ${text}`).not.toBeNull();
  const [, node, name, image] = m!;
  await run(page, `kubectl run ${name} --image=${image} --dry-run=client -o yaml > /root/${name}.yaml`, "$ kubectl run");
  await run(page, `ssh ${node}`, `$ ssh ${node}`);
  // the worker's own disk: kubeadm join's files, none of the control plane's manifests
  await run(page, "ls /etc/kubernetes", "kubelet.conf  manifests  pki");
  await page.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.type("grep staticPodPath /var/lib/kubelet/config.yaml");
  await page.keyboard.press("Enter");
  const log = page.getByRole("log", { name: "Terminal output" });
  await expect(log).toContainText(/staticPodPath: \/(etc\/kubelet\.d|etc\/static-pods)/);
  const dir = /staticPodPath: (\/etc\/(?:kubelet\.d|static-pods))/.exec(await log.innerText())![1];
  await run(page, "exit", `Connection to ${node} closed.`);
  await run(page, `scp /root/${name}.yaml ${node}:${dir}/${name}.yaml`, `$ scp /root/${name}.yaml`);
  await page.getByRole("button", { name: "Fast-forward until idle" }).click();
  await run(page, `kubectl get pod ${name}-${node} -o jsonpath='{.metadata.ownerReferences[0].kind}/{.status.phase}'`, "Node/Running");
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(task.getByRole("status")).toContainText("Passed with a score of 100%.");
});
