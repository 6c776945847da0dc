import { expect, test } from "./fixtures";

test("an anonymous visitor's attempt moves to the account they sign in to, and survives a reload", async ({ page }) => {
  await page.goto("/en/exercises/expose-nodeport");
  const task = page.getByRole("region", { name: "Task and checks" });
  await expect(task).toContainText("In namespace");
  const taskText = await task.locator("p").first().innerText();
  const log = page.getByRole("log", { name: "Terminal output" });
  await page.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.type("kubectl create namespace made-before-signin");
  await page.keyboard.press("Enter");
  await expect(log).toContainText("namespace/made-before-signin created");

  await page.getByRole("link", { name: "Sign in to keep your results" }).click();
  await expect(page).toHaveURL(/\/en\/signin\?callbackUrl=/);
  await page.getByLabel("Email").fill("admin@kubeclass.local");
  await page.getByLabel("Password").fill("kubeclass");
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();

  // Back on the exercise, signed in: the same attempt (same parameters, same history), now the account's.
  await expect(page).toHaveURL(/\/en\/exercises\/expose-nodeport/);
  await expect(log).toContainText("$ kubectl create namespace made-before-signin");
  await expect(page.getByRole("link", { name: "Sign in to keep your results" })).toBeHidden();
  await expect(task.locator("p").first()).toHaveText(taskText);

  // From the database now: a reload brings it back, and the cluster still has the namespace.
  await page.reload();
  await expect(log).toContainText("$ kubectl create namespace made-before-signin");
  await page.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.type("kubectl get namespace made-before-signin");
  await page.keyboard.press("Enter");
  await expect(log).toContainText(/made-before-signin\s+Active/);
});
