import type { Locator, Page } from "@playwright/test";
import { readTask } from "./expose-nodeport";
import { expect, signIn, test } from "./fixtures";

const EXERCISE = "expose-nodeport";

/** Puts the editor's cursor at the end of the line that reads `text` (CodeMirror measures its layout after mounting, so a click may land before it settles). */
async function cursorToEndOf(page: Page, editor: Locator, text: string) {
  // The first such line (`replicas: 3` is in spec and in status).
  const line = editor.locator(".cm-line").filter({ hasText: new RegExp(`^\\s*${text}$`) }).first();
  await expect(async () => {
    // Click the key's token: a line element is as wide as the longest line, and scrolling it into view would scroll sideways.
    await line.getByText(text.split(":")[0], { exact: true }).click();
    await expect(editor.locator(".cm-activeLine")).toHaveText(new RegExp(`^\\s*${text}$`), { timeout: 1000 });
  }).toPass();
  await page.keyboard.press("End");
}

/**
 * The lines CodeMirror marks with an error, each with its text and the number its line-number gutter shows
 * at the same height, and the line numbers beside the lint gutter's error markers.
 */
async function errorMarks(editor: Locator) {
  return editor.evaluate((root) => {
    const top = (el: Element) => el.getBoundingClientRect().top;
    const numberAt = (y: number) => [...root.querySelectorAll(".cm-lineNumbers .cm-gutterElement")].find((g) => Math.abs(top(g) - y) < 2)?.textContent ?? null;
    const lines = [...root.querySelectorAll(".cm-content .cm-line")].filter((l) => l.querySelector(".cm-lintRange-error"));
    const markers = [...root.querySelectorAll(".cm-gutter-lint .cm-gutterElement")].filter((g) => g.querySelector(".cm-lint-marker-error"));
    return { lines: lines.map((l) => ({ text: (l.textContent ?? "").trim(), line: numberAt(top(l)) })), markers: markers.map((m) => numberAt(top(m))) };
  });
}

/** Types a command (possibly several lines) into the terminal and waits for its output in the transcript. */
async function run(page: Page, log: Locator, command: string, expected: string | RegExp, scope: Page | Locator = page) {
  await scope.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  await expect(log).toContainText(expected);
}

test("solve an exercise in the terminal and the editor, fail and pass a check, reload to the same attempt", async ({ page }) => {
  await page.goto(`/en/exercises/${EXERCISE}`);
  await expect(page.getByRole("heading", { level: 1, name: "Create a Deployment and expose it with a NodePort" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in to keep your results" })).toBeVisible();
  const { ns, app, replicas, svc, port } = await readTask(page);
  await expect(page).toHaveURL(/\?attempt=/);
  const attemptUrl = page.url();

  const log = page.getByRole("log", { name: "Terminal output" });
  const status = page.getByRole("region", { name: "Task and checks" }).getByRole("status");
  const checks = page.getByRole("list", { name: "Check results" });

  await run(page, log, "kubectl get nodes", /node01\s+Ready/);
  await run(page, log, `kubectl create deployment ${app} -n ${ns} --image=nginx:1.27 --replicas=${replicas}`, `deployment.apps/${app} created`);

  // A heredoc: the terminal keeps reading lines until the terminator. The Service targets the wrong port on purpose.
  await page.keyboard.type(
    [
      "cat <<EOF > svc.yaml",
      "# The Service for the task",
      "apiVersion: v1",
      "kind: Service",
      "metadata:",
      `  name: ${svc}`,
      `  namespace: ${ns}`,
      "spec:",
      "  type: NodePort",
      "  selector:",
      `    app: ${app}`,
      "  ports:",
      "  - port: 80",
      "    targetPort: 8080",
      `    nodePort: ${port}`,
      "EOF",
    ].join("\n"),
  );
  await page.keyboard.press("Enter");
  await expect(page.getByRole("button", { name: "Open svc.yaml in the editor" })).toBeVisible();
  await run(page, log, "kubectl apply -f svc.yaml", `service/${svc} created`);
  // The timeline shows what the apply set off (the API server storing the Service, controllers reacting).
  await expect(page.getByRole("region", { name: "Flow of the last command" })).toContainText("kubectl apply -f svc.yaml");
  await expect(page.getByRole("region", { name: "Flow of the last command" }).getByRole("listitem").first()).toBeVisible();
  await page.getByRole("button", { name: "Fast-forward until idle" }).click();

  // The cluster view follows: the Deployment's pods on the worker nodes, the Service in the table.
  const cluster = page.getByRole("region", { name: "Cluster" });
  await expect(cluster.getByRole("list", { name: /^Pods on / }).getByRole("listitem").filter({ hasText: new RegExp(`${ns}/${app}-\\S+ Running 1/1`) })).toHaveCount(replicas);
  await expect(cluster.getByRole("cell", { name: `${ns}/${svc}`, exact: true })).toBeVisible();

  // First check: the Service exists but routes to a port nothing listens on; the gap is explained.
  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(status).toContainText("Not yet");
  const routes = checks.getByRole("listitem").filter({ hasText: "The Service routes to the pods" });
  await expect(routes).toContainText("Not yet");
  await expect(routes).toContainText("8080");
  await expect(checks.getByRole("listitem").filter({ hasText: "Deployment image and replicas" })).toContainText("Passed");

  // Fix the file in the YAML editor (vi hands it to the editor), save, apply.
  await run(page, log, "vi svc.yaml", "vi svc.yaml");
  const editor = page.getByRole("region", { name: "Editing svc.yaml" });
  const content = editor.getByRole("textbox", { name: "YAML editor for svc.yaml" });
  await expect(content).toContainText("targetPort: 8080");
  // A syntax error comes back pinned to its line: line 8, counting the comment line the file starts with.
  await cursorToEndOf(page, content, "type: NodePort");
  await page.keyboard.type(": x");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("list", { name: "Validation errors" })).toHaveText(/^line 8: Nested mappings are not allowed/);
  await expect.poll(() => errorMarks(editor)).toEqual({ lines: [{ text: "type: NodePort: x", line: "8" }], markers: ["8"] });
  await cursorToEndOf(page, content, "type: NodePort: x");
  for (let i = 0; i < ": x".length; i++) await page.keyboard.press("Backspace");
  await cursorToEndOf(page, content, "targetPort: 8080");
  await page.keyboard.press("Backspace");
  await page.keyboard.press("Backspace");
  await expect(content).toContainText(/targetPort: 80\s+nodePort/);
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status")).toContainText("Saved svc.yaml.");
  // A misspelt field is valid YAML, so the save passes; kubectl apply rejects it, and the open editor marks its line.
  await cursorToEndOf(page, content, "type: NodePort");
  await page.keyboard.press("Enter");
  await page.keyboard.type("sessionAffinityy: None");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status")).toContainText("Saved svc.yaml.");
  await run(page, log, "kubectl apply -f svc.yaml", 'unknown field "spec.sessionAffinityy"');
  await expect(editor.getByRole("list", { name: "Validation errors" })).toHaveText(/^line 9: unknown field "spec.sessionAffinityy"/);
  await expect.poll(() => errorMarks(editor)).toEqual({ lines: [{ text: "sessionAffinityy: None", line: "9" }], markers: ["9"] });
  await cursorToEndOf(page, content, "sessionAffinityy: None");
  await page.keyboard.press("Control+Shift+K");
  await expect(content).not.toContainText("sessionAffinityy");
  await editor.getByRole("button", { name: "Save" }).click();
  await expect(editor.getByRole("status")).toContainText("Saved svc.yaml.");
  await editor.getByRole("button", { name: "Close" }).click();
  await expect(editor).toBeHidden();
  await run(page, log, "kubectl apply -f svc.yaml", `service/${svc} configured`);

  await page.getByRole("button", { name: "Check", exact: true }).click();
  await expect(status).toContainText("Passed with a score of 100%.");
  await page.getByRole("button", { name: "Show the solution" }).click();
  await expect(page.getByRole("region", { name: "Solution" })).toContainText(`kubectl create deployment ${app} -n ${ns}`);

  // Reload: the same attempt comes back with its history, cluster and grades.
  await page.reload();
  await expect(page).toHaveURL(attemptUrl);
  await expect(log).toContainText(`kubectl create deployment ${app}`);
  await expect(log).toContainText("kubectl apply -f svc.yaml");
  await expect(cluster.getByRole("list", { name: /^Pods on / }).getByRole("listitem").filter({ hasText: new RegExp(`${ns}/${app}-\\S+ Running 1/1`) })).toHaveCount(replicas);
  await expect(status).toContainText("Passed with a score of 100%.");
  await expect(page.getByText("Earlier checks of this attempt (2 in all)")).toBeVisible();
  // History recall: the up arrow brings back the last command.
  await page.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("Enter");
  await expect(log.getByText(`service/${svc} unchanged`)).toBeVisible();
});

test("Tab completion, Ctrl-C, hints and a kubectl edit whose validation errors show in the editor", async ({ page }) => {
  await page.goto(`/en/exercises/${EXERCISE}`);
  const { ns, app, replicas } = await readTask(page);
  const log = page.getByRole("log", { name: "Terminal output" });
  const input = page.getByRole("textbox", { name: "Terminal input" });

  // Tab completes from the server's candidates; Ctrl-C drops the line being typed.
  await input.focus();
  await page.keyboard.type("kubectl get nod");
  await page.keyboard.press("Tab");
  await page.keyboard.type("-o wide");
  await page.keyboard.press("Enter");
  await expect(log).toContainText("$ kubectl get nodes -o wide");
  await page.keyboard.type("kubectl delete namespace kube-system");
  await page.keyboard.press("Control+c");
  await run(page, log, `kubectl create deployment ${app} -n ${ns} --image=nginx:1.27 --replicas=${replicas}`, `deployment.apps/${app} created`);
  await expect(log).not.toContainText("delete namespace");

  // Pasting several lines runs them in order, a heredoc included.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.evaluate(() => navigator.clipboard.writeText("cat <<'EOF' > note.txt\npasted $HOME\nEOF\ncat note.txt\n"));
  await input.focus();
  await page.keyboard.press("Control+v");
  await expect(log).toContainText("$ cat note.txt");
  await expect(log.locator("pre").last()).toHaveText("pasted $HOME");

  // Hints come one at a time.
  await page.getByRole("button", { name: "Show hint 1 of 2" }).click();
  await expect(page.getByRole("region", { name: "Hints" })).toContainText(`kubectl create deployment ${app}`);
  await page.getByRole("button", { name: "Show hint 2 of 2" }).click();
  await expect(page.getByRole("region", { name: "Hints" }).getByRole("listitem")).toHaveCount(2);
  await expect(page.getByRole("button", { name: /^Show hint/ })).toBeHidden();

  // kubectl edit hands the live object to the editor; an invalid value comes back as kubectl's error.
  await run(page, log, `kubectl edit deployment ${app} -n ${ns}`, `kubectl edit deployment ${app}`);
  const editor = page.getByRole("region", { name: /^kubectl edit:/ });
  const content = editor.getByRole("textbox", { name: /^YAML editor for/ });
  await cursorToEndOf(page, content, `replicas: ${replicas}`);
  await page.keyboard.press("Backspace");
  await page.keyboard.type("many");
  await editor.getByRole("button", { name: "Save and apply" }).click();
  await expect(editor.getByRole("list", { name: "Validation errors" })).toContainText("cannot unmarshal string");
  await expect(editor.getByRole("status")).toHaveText(/^Not applied: kubectl found 1 error, so the object is unchanged\./);
  // The mark is on the edited line of the buffer as shown (kubectl's comment header counted), and the message names that line.
  await expect.poll(async () => (await errorMarks(editor)).lines.map((l) => l.text)).toEqual(["replicas: many"]);
  const { lines, markers } = await errorMarks(editor);
  expect(markers).toEqual([lines[0].line]);
  expect(Number(lines[0].line)).toBeGreaterThan(4);
  await expect(editor.getByRole("list", { name: "Validation errors" })).toHaveText(`line ${lines[0].line}: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`);

  await cursorToEndOf(page, content, "replicas: many");
  for (let i = 0; i < "many".length; i++) await page.keyboard.press("Backspace");
  await page.keyboard.type(String(replicas + 1));
  await editor.getByRole("button", { name: "Save and apply" }).click();
  await expect(editor).toBeHidden();
  await run(page, log, `kubectl get deployment ${app} -n ${ns} -o jsonpath='{.spec.replicas}'`, `kubectl get deployment ${app}`);
  await expect(log.locator("pre").last()).toHaveText(String(replicas + 1));

  // Time passes on request; the timeline says what it shows.
  await page.getByRole("button", { name: "Let time pass" }).click();
  await expect(page.getByRole("region", { name: "Flow of the last command" })).toContainText("let 30 s pass");

  // Keyboard users leave the terminal with Esc, Tab (Tab alone completes).
  await input.focus();
  await page.keyboard.press("Escape");
  await page.keyboard.press("Tab");
  await expect(input).not.toBeFocused();

  // Reset with the same parameters: a new attempt on a fresh cluster, same task.
  const before = page.url();
  await page.getByRole("button", { name: "Reset…" }).click();
  await page.getByRole("button", { name: "Same task" }).click();
  await expect(page).not.toHaveURL(before);
  await expect(page.getByRole("region", { name: "Task and checks" })).toContainText(`create a Deployment ${app} with image nginx:1.27 and ${replicas} replicas`);
  await expect(log).not.toContainText("kubectl edit");
  await expect(page.getByRole("region", { name: "Cluster" }).getByRole("list", { name: /^Pods on / })).toHaveCount(0);
});

test("a signed-in learner passes, and the attempt with its grade comes back from the database", async ({ page }) => {
  await signIn(page, "learner@kubeclass.local");
  await expect(page).toHaveURL(/\/ko$/);
  await page.goto(`/en/exercises/${EXERCISE}`);
  const { ns, app, replicas, svc, port } = await readTask(page);
  await expect(page.getByRole("link", { name: "Sign in to keep your results" })).toBeHidden();
  const log = page.getByRole("log", { name: "Terminal output" });
  await run(page, log, `kubectl create deployment ${app} -n ${ns} --image=nginx:1.27 --replicas=${replicas}`, `deployment.apps/${app} created`);
  await run(page, log, `kubectl expose deployment ${app} -n ${ns} --name=${svc} --type=NodePort --port=80`, `service/${svc} exposed`);
  await run(page, log, `kubectl patch service ${svc} -n ${ns} -p '{"spec":{"ports":[{"port":80,"nodePort":${port}}]}}'`, `service/${svc} patched`);
  await page.getByRole("button", { name: "Fast-forward until idle" }).click();
  await page.getByRole("button", { name: "Check", exact: true }).click();
  const status = page.getByRole("region", { name: "Task and checks" }).getByRole("status");
  await expect(status).toContainText("Passed with a score of 100%.");

  // Without ?attempt= the page asks the server for the latest attempt, replayed from SQLite.
  await page.goto(`/en/exercises/${EXERCISE}`);
  await expect(log).toContainText(`$ kubectl patch service ${svc}`);
  await expect(status).toContainText("Passed with a score of 100%.");
});

test("the exercise page answers 404 for an unknown id and never ships checks or the solution", async ({ page }) => {
  const missing = await page.goto("/en/exercises/no-such-exercise");
  expect(missing?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();

  const res = await page.goto(`/ko/exercises/${EXERCISE}`);
  const html = await res!.text();
  for (const secret of ["curl-nodeport", "service-routes", "bodyContains", "Welcome to nginx", "targetPort: 80"]) expect(html).not.toContain(secret);
  await expect(page.getByRole("heading", { level: 1, name: "Deployment를 만들고 NodePort로 노출하기" })).toBeVisible();
  await expect(page.getByRole("region", { name: "과제와 채점" })).toContainText("네임스페이스");
});

test("the workspace is embedded in its lesson and keeps the attempt across a reload", async ({ page }) => {
  await page.goto("/en/lessons/services");
  // The lesson embeds more than one exercise: pick this one by its title.
  const title = page.getByRole("heading", { level: 2, name: "Create a Deployment and expose it with a NodePort" });
  const exercise = page.getByRole("region", { name: "Exercise" }).filter({ has: title });
  await expect(exercise.getByRole("heading", { level: 2, name: "Create a Deployment and expose it with a NodePort" })).toBeVisible();
  const { ns, app, replicas } = await readTask(exercise);
  const log = exercise.getByRole("log", { name: "Terminal output" });
  await run(page, log, `kubectl create deployment ${app} -n ${ns} --image=nginx:1.27 --replicas=${replicas}`, `deployment.apps/${app} created`, exercise);
  await exercise.getByRole("button", { name: "Check", exact: true }).click();
  const checks = exercise.getByRole("list", { name: "Check results" });
  await expect(checks.getByRole("listitem").filter({ hasText: "Deployment image and replicas" })).toContainText("Passed");
  await expect(checks.getByRole("listitem").filter({ hasText: "NodePort Service" })).toContainText("Not yet");
  // The lesson's typography does not leak into the workspace: its lists carry no bullets.
  await expect(exercise.getByRole("list", { name: "Check results" })).toHaveCSS("list-style-type", "none");

  await page.reload();
  await expect(log).toContainText(`kubectl create deployment ${app}`);
  await expect(exercise.getByRole("list", { name: /^Pods on / }).first()).toBeVisible();
});
