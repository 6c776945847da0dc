import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { splitFrontmatter } from "../lib/content/lesson-schema";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import ko from "../lib/i18n/messages/ko.json" with { type: "json" };
import { expect, signUp, test, uniqueEmail } from "./fixtures";

/** A lesson's title and order in a language, read from its frontmatter, so the test follows the content. */
function lesson(dir: string, locale: "ko" | "en"): { title: string; order: number } {
  const source = fs.readFileSync(path.join(import.meta.dirname, "..", "content", "lessons", dir, `${locale}.mdx`), "utf8");
  return parseYaml(splitFrontmatter(source)!.yaml) as { title: string; order: number };
}

test("an anonymous visitor reads a lesson in Korean, is invited to sign in, and switches to the same lesson in English", async ({ page }) => {
  const response = await page.goto("/ko/lessons/cluster-architecture");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: lesson("01-cluster-architecture", "ko").title })).toBeVisible();
  await expect(page).toHaveTitle(new RegExp(lesson("01-cluster-architecture", "ko").title.replace(/[()[\]]/g, ".")));
  await expect(page.getByRole("heading", { name: ko.lesson.objectives })).toBeVisible();
  await expect(page.getByText(ko.lesson.signInToSave)).toBeVisible();
  await expect(page.getByRole("button", { name: ko.lesson.markComplete })).toHaveCount(0);

  // Table of contents: its links jump to the headings.
  const toc = page.getByRole("navigation", { name: ko.lesson.toc });
  const firstEntry = toc.getByRole("link").first();
  const target = await firstEntry.getAttribute("href");
  await firstEntry.click();
  await expect.poll(() => decodeURIComponent(new URL(page.url()).hash)).toBe(target);
  await expect(page.locator(`[id="${target!.slice(1)}"]`)).toBeInViewport();

  // A glossary term shows its definition on keyboard focus.
  const term = page.getByRole("main").getByRole("term").first();
  await term.focus();
  await expect(page.getByRole("tooltip")).toBeVisible();
  await expect(term).toHaveAccessibleDescription(/.{10,}/);

  // Code is highlighted on the server and can be copied.
  await page.context().grantPermissions(["clipboard-read", "clipboard-write"]);
  const block = page.locator("[data-code-block]").first();
  await expect(block.locator("pre.shiki")).toBeVisible();
  await block.getByRole("button", { name: ko.lesson.code.copy }).click();
  await expect(block.getByRole("button", { name: ko.lesson.code.copied })).toBeVisible();
  const code = (await block.locator("pre code").textContent())!;
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(code.replace(/\n$/, ""));

  // Next lesson link.
  await expect(page.getByRole("navigation", { name: ko.lesson.pager }).getByRole("link", { name: new RegExp(lesson("02-etcd", "ko").title.slice(0, 10)) })).toBeVisible();

  await page.getByRole("group", { name: ko.nav.language }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en\/lessons\/cluster-architecture$/);
  await expect(page.getByRole("heading", { level: 1, name: lesson("01-cluster-architecture", "en").title })).toBeVisible();
  await expect(page.getByRole("navigation", { name: en.lesson.toc })).toBeVisible();
  await expect(page.getByText(en.lesson.signInToSave)).toBeVisible();

  await page.getByRole("main").getByRole("link", { name: en.lesson.signInLink, exact: true }).click();
  await expect(page).toHaveURL(/\/en\/signin\?callbackUrl=%2Fen%2Flessons%2Fcluster-architecture$/);
});

test("a learner's reading is saved and shows on the catalogue and on My progress; the lesson waits for its exercises", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("reader"), name: "Reader", password: "reading-is-fun" });
  await expect(page).toHaveURL(/\/ko$/);

  // The page reports reading every 15 s: a fake clock stands in for the wait.
  await page.clock.install();
  const pods = lesson("20-ecosystem", "ko");
  await page.goto("/ko/lessons/ecosystem");
  await expect(page.getByRole("heading", { level: 1, name: pods.title })).toBeVisible();
  await expect(page.getByTestId("lesson-status")).toHaveCount(0);
  await page.getByRole("heading", { level: 2 }).nth(3).scrollIntoViewIfNeeded();
  const report = page.waitForResponse((r) => r.request().method() === "POST" && r.url().includes("/ko/lessons/ecosystem"));
  await page.clock.runFor(16_000);
  expect((await report).status()).toBe(200);
  await page.reload();
  await expect(page.getByTestId("lesson-status")).toHaveText(/^\d+% 읽음$/);
  const percent = Number((await page.getByTestId("lesson-status").textContent())!.replace(/\D/g, ""));
  expect(percent).toBeGreaterThan(0);

  await page.goto("/ko");
  await expect(page.getByTestId("status-ecosystem")).toHaveText(ko.catalogue.status.IN_PROGRESS);

  // Reading alone does not complete a lesson with exercises: the page names what is still needed.
  await page.goto("/ko/lessons/ecosystem");
  await expect(page.getByTestId("completion-blocked")).toHaveText(/개 중 0개 통과/);
  await expect(page.getByRole("button", { name: ko.lesson.markComplete })).toHaveCount(0);
  await expect(page.getByTestId("lesson-exercises").getByRole("listitem").first()).toContainText(ko.exerciseStatus.NOT_STARTED);

  await page.getByRole("navigation", { name: ko.nav.primary }).getByRole("link", { name: ko.nav.me }).click();
  const row = page.getByTestId("me-lesson-ecosystem");
  await expect(row.getByRole("cell", { name: ko.catalogue.status.IN_PROGRESS })).toBeVisible();
  await expect(row.getByRole("cell", { name: `${percent}%` })).toBeVisible();
  await expect(row).toContainText("0/");
});

test("an unknown lesson is a 404 in the visitor's language", async ({ page }) => {
  const response = await page.goto("/en/lessons/no-such-lesson");
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: en.errors.notFoundTitle })).toBeVisible();
});

test("without JavaScript a lesson still reads, with glossary definitions on hover and no dead buttons", async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto("/en/lessons/etcd");
  await expect(page.getByRole("heading", { level: 1, name: lesson("02-etcd", "en").title })).toBeVisible();
  await expect(page.locator("pre.shiki").first()).toBeVisible();
  await page.getByRole("main").getByRole("term").first().hover();
  await expect(page.getByRole("tooltip")).toBeVisible();
  await expect(page.getByRole("button", { name: en.lesson.code.copy })).toHaveCount(0);
  await context.close();
});
