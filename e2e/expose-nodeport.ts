// The "expose-nodeport" exercise as the workspace specs meet it (not a spec: no tests here).
import type { Locator, Page } from "@playwright/test";
import { expect } from "./fixtures";

export const EXPOSE_NODEPORT = { title: "Create a Deployment and expose it with a NodePort" };

/** The attempt's parameters, read from the task text the way a learner reads them. */
export async function readTask(scope: Page | Locator) {
  const task = scope.getByRole("region", { name: "Task and checks" });
  await expect(task).toContainText("In namespace");
  const text = (await task.innerText()).replace(/\s+/g, " ");
  const m = /In namespace (\S+), create a Deployment (\S+) with image nginx:1\.27 and (\d+) replicas\. Expose its pods as Service (\S+) \(type NodePort, port 80, nodePort (\d+)\)/.exec(text);
  expect(m, `task text: ${text}`).not.toBeNull();
  const [, ns, app, replicas, svc, port] = m!;
  return { ns, app, replicas: Number(replicas), svc, port: Number(port) };
}
