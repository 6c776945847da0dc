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
