import { test as base, expect, type Page } from "@playwright/test";

/** Fails the test if the page logs a CSP violation or an uncaught error: the app must work under its own CSP. */
export const test = base.extend<{ page: Page }>({
  page: async ({ page }, use) => {
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error" && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
    });
    page.on("pageerror", (e) => problems.push(String(e)));
    await use(page);
    expect(problems, "CSP violations or page errors").toEqual([]);
  },
});
export { expect };

export const DEMO_PASSWORD = "kubeclass";

let counter = 0;
/** A unique email per call, so tests never share accounts or rate-limit buckets. */
export function uniqueEmail(tag: string): string {
  counter += 1;
  return `${tag}-${Date.now().toString(36)}-${counter}@example.test`;
}

export async function signIn(page: Page, email: string, password = DEMO_PASSWORD, locale: "ko" | "en" = "en") {
  await page.goto(`/${locale}/signin`);
  const labels = locale === "en" ? { email: "Email", password: "Password", submit: "Sign in" } : { email: "이메일", password: "비밀번호", submit: "로그인" };
  await page.getByLabel(labels.email).fill(email);
  await page.getByLabel(labels.password).fill(password);
  await page.getByRole("main").getByRole("button", { name: labels.submit }).click();
}

export async function signUp(page: Page, { email, name, password }: { email: string; name: string; password: string }) {
  await page.goto("/ko/signup");
  await page.getByLabel("이메일").fill(email);
  await page.getByLabel("이름").fill(name);
  await page.getByLabel("비밀번호").fill(password);
  await page.getByRole("button", { name: "계정 만들기" }).click();
}

/** Types a command into the workspace terminal and waits for `expected` in its output. */
export async function runInTerminal(page: Page, command: string, expected: string | RegExp) {
  await page.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("log", { name: "Terminal output" })).toContainText(expected);
}

/**
 * Opens an exercise by clicking from the home page (header "Exercises", then its title) and waits until its task,
 * which holds `marker`, is drawn. Returns the task region and its text with white space collapsed.
 */
export async function openExercise(page: Page, title: string, marker: string) {
  await page.goto("/en");
  await page.getByRole("banner").getByRole("link", { name: "Exercises", exact: true }).click();
  await page.getByRole("link", { name: title }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  const task = page.getByRole("region", { name: "Task and checks" });
  await expect(task).toContainText(marker, { timeout: 60_000 });
  return { task, text: (await task.innerText()).replace(/\s+/g, " ") };
}
