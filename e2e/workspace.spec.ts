// The exercise workspace as a learner meets it: reached by clicking, on a desktop and on a phone, signed in on two devices.
import type { Browser, Locator, Page } from "@playwright/test";
import { EXPOSE_NODEPORT, readTask } from "./expose-nodeport";
import { expect, signIn, signUp, test, uniqueEmail } from "./fixtures";

const TITLE = EXPOSE_NODEPORT.title;

/** From the home page, through the header's exercise catalogue, to the exercise's own page. */
async function openFromCatalogue(page: Page) {
  await page.goto("/en");
  await page.getByRole("banner").getByRole("link", { name: "Exercises", exact: true }).click();
  await page.getByRole("link", { name: TITLE }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
}

async function run(page: Page, command: string, expected: string | RegExp) {
  await page.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("log", { name: "Terminal output" })).toContainText(expected);
}

/** The offsets (in seconds) the flow timeline shows for the last step. */
async function offsets(flow: Locator): Promise<number[]> {
  const items = await flow.getByRole("listitem").allInnerTexts();
  return items.map((t) => Number(/^\+([\d.]+) s/.exec(t.trim())?.[1] ?? NaN));
}

test("desktop: a wide terminal, time in seconds, the line limit in English, an indenting editor that says what it saved", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await openFromCatalogue(page);
  const { ns, app, replicas } = await readTask(page);
  const log = page.getByRole("log", { name: "Terminal output" });
  const terminal = page.getByRole("group", { name: "Terminal" });

  // Wide enough for `kubectl get pods -o wide` without wrapping.
  await expect.poll(async () => Number(await terminal.getAttribute("data-cols"))).toBeGreaterThanOrEqual(120);

  // The flow timeline and the clock speak seconds: a command's steps happen within seconds, not thousands of them.
  await run(page, `kubectl create deployment ${app} -n ${ns} --image=nginx:1.27 --replicas=${replicas}`, `deployment.apps/${app} created`);
  const flow = page.getByRole("region", { name: "Flow of the last command" });
  await expect(flow.getByRole("listitem").first()).toBeVisible();
  const commandOffsets = await offsets(flow);
  expect(commandOffsets.every((s) => s >= 0 && s < 60), `offsets ${commandOffsets}`).toBe(true);
  const time = page.getByRole("region", { name: "Time" });
  const clockBefore = (await time.getByText(/^t = /).innerText()).slice(4);
  expect(clockBefore).toMatch(/^\d{1,2}:\d\d$/); // minutes and seconds: the cluster is minutes old, not hours

  await time.getByRole("spinbutton", { name: "Seconds" }).fill("30");
  await time.getByRole("button", { name: "Let time pass" }).click();
  await expect(flow).toContainText("let 30 s pass");
  await expect(page.getByRole("status").filter({ hasText: "Time moved on" })).toHaveText(/^Time moved on 30 s; the cluster clock reads \d{1,2}:\d\d\.$/);
  const toSeconds = (c: string) => c.split(":").reduce((a, x) => a * 60 + Number(x), 0);
  const clockAfter = (await time.getByText(/^t = /).innerText()).slice(4);
  // time passes as on a real cluster: the 30 s asked for, plus the think time since the previous command
  const moved = toSeconds(clockAfter) - toSeconds(clockBefore);
  expect(moved).toBeGreaterThanOrEqual(30);
  for (const s of await offsets(flow)) expect(s).toBeLessThanOrEqual(moved);

  // A 200 KB paste is refused in the terminal, in English, before anything is sent; the prompt still works.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate(() => navigator.clipboard.writeText("x".repeat(200 * 1024)));
  const sent: string[] = [];
  page.on("request", (r) => {
    if (r.url().includes("/commands")) sent.push(r.postData()?.slice(0, 40) ?? "");
  });
  await page.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.press("Control+v");
  const refused = page.getByRole("status").filter({ hasText: "Not sent" });
  await expect(refused).toHaveText(/^Not sent: this command is 200 KiB, and a command may be at most 16 KiB/);
  await expect(refused).not.toHaveText(/[가-힣]/);
  await expect(terminal.locator(".xterm-rows")).toContainText("a command may be at most 16 KiB");
  await run(page, "kubectl cluster-info", "Kubernetes control plane is running at https://");
  expect(sent.some((s) => s.includes("xxxxxxxx"))).toBe(false);

  // The screen-reader log holds the text kubectl printed, not its colour codes.
  expect(await log.innerText()).not.toMatch(/\x1b|\[0;3\dm/);

  // Shift+Tab leaves the terminal backwards (Tab alone completes).
  const input = page.getByRole("textbox", { name: "Terminal input" });
  await input.focus();
  await page.keyboard.press("Shift+Tab");
  await expect(input).not.toBeFocused();
  // Back to the last control before the terminal: the task panel's Reset (no solution button before a check).
  await expect(page.getByRole("button", { name: "Reset…" })).toBeFocused();

  // The YAML editor indents after `key:`, and a file with errors is reported as saved with them (it is written).
  await run(page, "vi app.yaml", "vi app.yaml");
  const editor = page.getByRole("region", { name: "Editing app.yaml" });
  const content = editor.getByRole("textbox", { name: "YAML editor for app.yaml" });
  await expect(content).toBeFocused();
  await page.keyboard.type("metadata:");
  await page.keyboard.press("Enter");
  await page.keyboard.type("name: web");
  await page.keyboard.press("Enter");
  await page.keyboard.type("labels:");
  await page.keyboard.press("Enter");
  await page.keyboard.type("app: [web");
  await expect(content.locator(".cm-line")).toHaveText(["metadata:", "  name: web", "  labels:", "    app: [web"]);
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status")).toHaveText(/^Saved app\.yaml as it is, with 1 error: kubectl will refuse the file/);
  await expect(page.getByRole("button", { name: "Open app.yaml in the editor" })).toBeVisible();
  await editor.getByRole("button", { name: "Close" }).click();
  await run(page, "cat app.yaml", "app: [web");
});

async function signedInPage(browser: Browser, email: string, password: string) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signIn(page, email, password);
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeHidden();
  return page;
}

test("signed in: the attempt, its scrollback and its pass follow the learner to another device; a new attempt stays possible", async ({ page, browser }) => {
  const email = uniqueEmail("devices");
  const password = "correct horse";
  await signUp(page, { email, name: "Two devices", password });
  await expect(page).toHaveURL(/\/ko$/);
  await openFromCatalogue(page);
  const { ns, app, replicas, svc, port } = await readTask(page);
  await run(page, `kubectl create deployment ${app} -n ${ns} --image=nginx:1.27 --replicas=${replicas}`, `deployment.apps/${app} created`);
  await run(page, `kubectl expose deployment ${app} -n ${ns} --name=${svc} --type=NodePort --port=80`, `service/${svc} exposed`);
  await run(page, `kubectl patch service ${svc} -n ${ns} -p '{"spec":{"ports":[{"port":80,"nodePort":${port}}]}}'`, `service/${svc} patched`);
  await page.getByRole("button", { name: "Fast-forward until idle" }).click();
  await run(page, `kubectl get pods -n ${ns}`, /Running/);
  await page.getByRole("button", { name: "Check", exact: true }).click();
  const status = page.getByRole("region", { name: "Task and checks" }).getByRole("status");
  await expect(status).toContainText("Passed with a score of 100%.");
  const attemptId = new URL(page.url()).searchParams.get("attempt");
  expect(attemptId).toBeTruthy();

  // Another browser: the same attempt, with each command's output in the terminal as it was shown, and the pass.
  const other = await signedInPage(browser, email, password);
  await openFromCatalogue(other);
  await expect(other).toHaveURL(new RegExp(`attempt=${attemptId}$`));
  const otherLog = other.getByRole("log", { name: "Terminal output" });
  await expect(otherLog).toContainText(`$ kubectl create deployment ${app}`);
  await expect(otherLog).toContainText(`deployment.apps/${app} created`);
  await expect(otherLog).toContainText(`service/${svc} patched`);
  await expect(otherLog).toContainText(new RegExp(`${app}-\\S+\\s+1/1\\s+Running`));
  const rows = other.getByRole("group", { name: "Terminal" }).locator(".xterm-rows");
  await expect(rows).toContainText(`service/${svc} exposed`);
  await expect(rows).toContainText(`controlplane:~$ kubectl get pods -n ${ns}`);
  await expect(other.getByRole("region", { name: "Task and checks" }).getByRole("status")).toContainText("Passed with a score of 100%.");

  // A reload there restores the scrollback again.
  await other.reload();
  await expect(otherLog).toContainText(`service/${svc} exposed`);

  // And a new attempt can still be started: a fresh cluster, no grade, an empty terminal.
  await other.getByRole("button", { name: "Reset…" }).click();
  await other.getByRole("button", { name: "New parameters" }).click();
  await expect(other).not.toHaveURL(new RegExp(`attempt=${attemptId}$`));
  await expect(other.getByRole("region", { name: "Task and checks" }).getByRole("status")).toBeEmpty();
  await expect(otherLog).not.toContainText("kubectl create deployment");
  await other.context().close();
});

test("phone: the terminal spans the screen and scrolls sideways rather than wrap, the task stays readable", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/en/lessons/services");
  const exercise = page.getByRole("region", { name: "Exercise" }).filter({ has: page.getByRole("heading", { level: 2, name: TITLE }) });
  await exercise.getByRole("link", { name: "Open on its own page (wider terminal)" }).click();
  await expect(page.getByRole("heading", { level: 1, name: TITLE })).toBeVisible();
  await readTask(page);
  const terminal = page.getByRole("group", { name: "Terminal" });
  await expect.poll(async () => Number(await terminal.getAttribute("data-cols"))).toBeGreaterThanOrEqual(80);
  const box = (await terminal.boundingBox())!;
  expect(box.width).toBeGreaterThan(390 - 60);
  // The terminal's own scroller is wider inside than out; the page itself does not scroll sideways.
  const scroll = await terminal.evaluate((el) => {
    const s = el.firstElementChild as HTMLElement;
    return { inner: s.scrollWidth, outer: s.clientWidth, page: document.documentElement.scrollWidth, viewport: window.innerWidth };
  });
  expect(scroll.inner).toBeGreaterThan(scroll.outer);
  expect(scroll.page).toBeLessThanOrEqual(scroll.viewport);
  const fontSize = await page.getByRole("region", { name: "Task and checks" }).getByText("In namespace").evaluate((el) => parseFloat(getComputedStyle(el).fontSize));
  expect(fontSize).toBeGreaterThanOrEqual(14);
});
