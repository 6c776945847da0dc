// bash compound commands in the workspace terminal: an open `for` asks for more with bash's `> ` prompt and
// runs whole once `done` arrives; a pipe into `while read` walks kubectl's lines.
import { expect, test } from "./fixtures";
import { EXPOSE_NODEPORT, readTask } from "./expose-nodeport";

test("a multi-line for loop waits for its done, then runs; kubectl's lines piped into while read", async ({ page }) => {
  await page.goto("/en");
  await page.getByRole("banner").getByRole("link", { name: "Exercises", exact: true }).click();
  await page.getByRole("link", { name: EXPOSE_NODEPORT.title }).click();
  await readTask(page);
  const log = page.getByRole("log", { name: "Terminal output" });
  const input = page.getByRole("textbox", { name: "Terminal input" });
  const line = async (text: string) => {
    await input.focus();
    await page.keyboard.type(text);
    await page.keyboard.press("Enter");
  };
  await line("for i in 1 2");
  await line("do");
  await line('  echo "turn=$i"');
  // nothing ran yet: the loop is still open
  await expect(log).not.toContainText("turn=1");
  await line("done");
  await expect(log).toContainText("turn=1");
  await expect(log).toContainText("turn=2");
  await line('kubectl get ns -o name | while read n; do echo "seen:$n"; done');
  await expect(log).toContainText("seen:namespace/default");
  await line("if true; then echo yes; fi fi");
  await expect(log).toContainText("bash: syntax error near unexpected token `fi'");
});
