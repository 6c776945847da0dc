import type { Page } from "@playwright/test";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import { expect, signUp, test, uniqueEmail } from "./fixtures";
import { answerItem, bankItems } from "./quiz-solver";

const PASSWORD = "Copper-lantern-58-ridge";

async function newLearnerInEnglish(page: Page, tag: string) {
  await signUp(page, { email: uniqueEmail(tag), name: "Quizzer", password: PASSWORD });
  await expect(page).toHaveURL(/\/ko$/);
  await page.getByRole("group", { name: "언어" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en$/);
}

async function openLesson(page: Page, title: RegExp) {
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.lessons }).click();
  await page.getByRole("main").getByRole("link", { name: title }).first().click();
}

test("check-questions of every type are answered in lessons, graded on the server, and stay answered", async ({ page }) => {
  test.setTimeout(180_000);
  await newLearnerInEnglish(page, "quiz-lessons");
  const seen = new Set<string>();
  // etcd: multi, numeric, match, order · services: predict, single, short · RBAC: command, predict, single, multi
  for (const title of [/^etcd/i, /^Services/, /^Namespaces/]) {
    await openLesson(page, title);
    const items = page.getByTestId("quiz-item");
    await expect(items.first()).toBeVisible();
    const n = await items.count();
    expect(n).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < n; i++) {
      const section = items.nth(i);
      const item = await answerItem(page, section, { submitWithEnter: i === 0 && title.source.includes("Services") });
      seen.add(item.type);
      const feedback = section.getByTestId("quiz-feedback");
      await expect(feedback, `${item.id}`).toContainText(en.quiz.verdict.correct);
      await expect(feedback.getByRole("link", { name: en.quiz.readLesson })).toBeVisible();
    }
    // Answers persist: after a reload every item shows its verdict, and a new variant can be asked for.
    await page.reload();
    await expect(page.getByTestId("quiz-feedback").filter({ hasText: en.quiz.verdict.correct })).toHaveCount(n);
  }
  expect([...seen].sort()).toEqual(["command", "match", "multi", "numeric", "order", "predict", "short", "single"]);

  // Another variant: the form comes back empty, the verdict goes.
  const first = page.getByTestId("quiz-item").first();
  await first.getByRole("button", { name: en.quiz.another }).click();
  await expect(first.getByTestId("quiz-feedback")).toHaveCount(0);
  await expect(first.getByRole("button", { name: en.quiz.submit })).toBeVisible();
});

test("a wrong answer explains each option, becomes a review card, and comes back in Review with new values", async ({ page }) => {
  test.setTimeout(120_000);
  await newLearnerInEnglish(page, "quiz-review");
  await openLesson(page, /^Services/);
  const single = page.locator('[data-testid="quiz-item"][data-item-id="dns-cross-namespace-name"]');
  // Submitting nothing is a field error that changes nothing.
  await single.getByRole("button", { name: en.quiz.submit }).click();
  await expect(single.getByTestId("quiz-error")).toHaveText(en.quiz.errors.pick);
  // Keyboard: number keys pick; this one picks a wrong option through the solver instead.
  await answerItem(page, single, { wrong: true });
  const feedback = single.getByTestId("quiz-feedback");
  await expect(feedback).toContainText(en.quiz.verdict.incorrect);
  const item = bankItems().get("dns-cross-namespace-name")!;
  await expect(single.getByText(`${en.quiz.right}:`)).toHaveCount(item.options!.filter((o) => o.correct).length);
  await expect(single.getByText(`${en.quiz.wrong}:`)).toHaveCount(item.options!.filter((o) => !o.correct).length);

  // A command item answered wrongly: graded on the simulator's state, with the check's explanation.
  await openLesson(page, /^Namespaces/);
  const command = page.locator('[data-testid="quiz-item"][data-item-id="rbac-create-role-cmd"]');
  await answerItem(page, command, { wrong: true });
  await expect(command.getByTestId("quiz-feedback")).toContainText(en.quiz.verdict.incorrect);
  await expect(command.getByRole("list", { name: en.quiz.checks })).toContainText("✗");

  // Review, from the header: both misses are due within the sitting, each in a fresh variant.
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.review }).click();
  await expect(page.getByTestId("review-summary")).toContainText("2 due now");
  const cards = page.getByTestId("quiz-item");
  await expect(cards).toHaveCount(2);
  // Each right answer pushes a card further (Hard right after the miss, then Good): a card in its short learning
  // steps may come back within the sitting, and after a few right answers it leaves today's queue for days.
  let rounds = 0;
  while ((await cards.count()) > 0) {
    rounds += 1;
    expect(rounds, "the cards should leave today's queue after a few right answers").toBeLessThanOrEqual(4);
    const n = await cards.count();
    for (let i = 0; i < n; i++) {
      await answerItem(page, cards.nth(i));
      await expect(cards.nth(i).getByTestId("quiz-feedback")).toContainText(en.quiz.verdict.correct);
    }
    await page.reload();
    await expect(page.getByTestId("review-summary")).toBeVisible();
  }
  expect(rounds).toBeGreaterThanOrEqual(2); // one right answer right after a miss is not enough
  await expect(page.getByTestId("review-summary")).toContainText("0 due now · 2 cards in all");

  // An exam date is a field: a past date is refused with a field error.
  await page.getByLabel(en.review.examDate).fill("2001-01-01");
  await page.getByRole("button", { name: en.review.saveDate }).click();
  await expect(page.getByTestId("examDate-error")).toHaveText(en.review.errors.date);
});

test("a practice set by lesson: answer, finish, and read the result per competency; readiness shows on My progress", async ({ page }) => {
  test.setTimeout(180_000);
  await newLearnerInEnglish(page, "quiz-practice");
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.quiz }).click();
  await page.getByRole("button", { name: /^Start: \d+\. etcd/i }).click();
  await expect(page).toHaveURL(/\/en\/quiz\/[a-z0-9]+$/);
  const items = page.getByTestId("quiz-item");
  const n = await items.count();
  expect(n).toBeGreaterThanOrEqual(5);
  for (let i = 0; i < n; i++) {
    // The last one is left unanswered on purpose: it counts 0.
    if (i === n - 1) break;
    await answerItem(page, items.nth(i));
    await expect(items.nth(i).getByTestId("quiz-feedback")).toContainText(en.quiz.verdict.correct);
  }
  await page.getByRole("button", { name: en.quiz.finish }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Result");
  await expect(page.getByTestId("practice-score")).toHaveText(`Score: ${Math.round(((n - 1) / n) * 100)}%`);
  await expect(page.getByTestId("per-competency").getByRole("row")).not.toHaveCount(1);
  await expect(page.getByText(en.quiz.notAnswered)).toHaveCount(1);

  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.me }).click();
  await expect(page.getByTestId("readiness-cluster-architecture")).toContainText("100%");
});

test("an anonymous reader can answer a check-question (nothing is saved); number keys pick options", async ({ page }) => {
  await page.goto("/en");
  await openLesson(page, /^Services/);
  const choice = page.locator('[data-testid="quiz-item"][data-item-id="dns-cross-namespace-name"]');
  await choice.getByRole("radio").first().focus();
  await page.keyboard.press("2");
  await expect(choice.getByRole("radio").nth(1)).toBeChecked();
  await page.keyboard.press("1");
  await expect(choice.getByRole("radio").first()).toBeChecked();
  await expect(choice.getByRole("radio").nth(1)).not.toBeChecked();
  const section = page.locator('[data-testid="quiz-item"][data-item-id="dns-service-fqdn"]');
  await answerItem(page, section);
  await expect(section.getByTestId("quiz-feedback")).toContainText(en.quiz.verdict.correct);
  await page.reload();
  await expect(section.getByTestId("quiz-feedback")).toHaveCount(0);
});

test("no answer key, reason or explanation reaches the browser before answering: page responses and the client bundle", async ({ page }) => {
  const bodies: string[] = [];
  page.on("response", async (r) => {
    const type = r.headers()["content-type"] ?? "";
    if (/html|javascript|json|x-component|text/.test(type)) bodies.push(await r.text().catch(() => ""));
  });
  await page.goto("/en");
  await openLesson(page, /^etcd/i);
  await expect(page.getByTestId("quiz-item").first()).toBeVisible();
  await page.waitForLoadState("networkidle");
  const ids = await page.getByTestId("quiz-item").evaluateAll((els) => els.map((e) => e.getAttribute("data-item-id")!));
  expect(ids.length).toBeGreaterThanOrEqual(3);
  const all = bodies.join("\n");
  const secret = (s: string) => s.replace(/\{\{[^}]*\}\}.*$/s, "").replace(/`/g, "").slice(0, 40);
  for (const id of ids) {
    const item = bankItems().get(id)!;
    const texts = [item.explanation.en, ...(item.options ?? []).map((o) => o.why.en)].map(secret).filter((s) => s.length >= 20);
    expect(texts.filter((t) => all.includes(t)), id).toEqual([]);
  }
  // The client bundle holds no bank at all.
  const fs = await import("node:fs");
  const path = await import("node:path");
  const dist = path.join(import.meta.dirname, "..", process.env.NEXT_DIST_DIR ?? ".next", "static");
  const chunks = fs.readdirSync(dist, { recursive: true }).filter((f) => String(f).endsWith(".js")).map((f) => fs.readFileSync(path.join(dist, String(f)), "utf8")).join("\n");
  expect(chunks.length).toBeGreaterThan(10_000);
  const leaked = [...bankItems().values()].map((item) => [item.id, secret(item.explanation.en)] as const).filter(([, s]) => s.length >= 20 && chunks.includes(s));
  expect(leaked).toEqual([]);
});
