// The "expose-nodeport" exercise as the workspace specs meet it (not a spec: no tests here).
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

export const EXPOSE_NODEPORT = { title: "Create a Deployment and expose it with a NodePort" };

/** The attempt's parameters, read from the task text the way a learner reads them. */
export async function readTask(scope: Page | Locator) {
  const task = scope.getByRole("region", { name: "Task and checks" });
  // The first exercise of a fresh server bundles and starts the exercise workers: slow on a busy machine.
  await expect(task).toContainText("In namespace", { timeout: 60_000 });
  const text = (await task.innerText()).replace(/\s+/g, " ");
  const m = /In namespace (\S+), create a Deployment (\S+) with image nginx:1\.27 and (\d+) replicas\. Expose its pods as Service (\S+) \(type NodePort, port 80, nodePort (\d+)\)/.exec(text);
  expect(m, `task text: ${text}`).not.toBeNull();
  const [, ns, app, replicas, svc, port] = m!;
  return { ns, app, replicas: Number(replicas), svc, port: Number(port) };
}

/** Passes the exercise in the workspace's terminal as a learner would (create, expose, set the nodePort, fast-forward, check); returns its parameters. */
export async function passExposeNodeport(page: Page) {
  const task = await readTask(page);
  const { ns, app, replicas, svc, port } = task;
  const log = page.getByRole("log", { name: "Terminal output" });
  const run = async (command: string, expected: string) => {
    await page.getByRole("textbox", { name: "Terminal input" }).focus();
    await page.keyboard.type(command);
    await page.keyboard.press("Enter");
    await expect(log).toContainText(expected);
  };
  await run(`kubectl create deployment ${app} -n ${ns} --image=nginx:1.27 --replicas=${replicas}`, `deployment.apps/${app} created`);
  await run(`kubectl expose deployment ${app} -n ${ns} --name=${svc} --type=NodePort --port=80`, `service/${svc} exposed`);
  await run(`kubectl patch service ${svc} -n ${ns} -p '{"spec":{"ports":[{"port":80,"nodePort":${port}}]}}'`, `service/${svc} patched`);
  await page.getByRole("button", { name: "Fast-forward until idle" }).click();
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(page.getByRole("region", { name: "Task and checks" }).getByRole("status")).toContainText("Passed with a score of 100%.");
  return task;
}
