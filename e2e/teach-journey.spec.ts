import fs from "node:fs";
import type { Page } from "@playwright/test";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import ko from "../lib/i18n/messages/ko.json" with { type: "json" };
import { EXPOSE_NODEPORT, passExposeNodeport } from "./expose-nodeport";
import { expect, signIn, signUp, test, uniqueEmail } from "./fixtures";
import { answerItem } from "./quiz-solver";

// The journey with the instructor in Korean and the learner in English: create a cohort, join it from a
// second browser, pass an exercise and answer a check-question, then follow it on the dashboard down to the replay's
// steps and the cluster after each, the cohort's item statistics and a CSV export.

const PASSWORD = "Harbor-velvet-31-quill";
const LEARNER = "Journey Learner";
const ITEM = "dns-cross-namespace-name";
const EXPOSE_NODEPORT_KO = "Deployment를 만들고 NodePort로 노출하기";

/** Teach, from the home page's main menu, in Korean. */
async function openTeach(page: Page) {
  await page.goto("/ko");
  await page.getByRole("navigation", { name: ko.nav.primary }).getByRole("link", { name: ko.nav.teach }).click();
}

test("create a cohort, a learner joins and passes an exercise, the instructor follows it to the replay's cluster state, item statistics and CSV (ko)", async ({ page, browser }) => {
  test.setTimeout(300_000);
  // The instructor creates a cohort in Korean.
  await signIn(page, "instructor@kubeclass.local", undefined, "ko");
  await expect(page).toHaveURL(/\/(ko|en)$/);
  await openTeach(page);
  const name = `여정 반 ${Date.now().toString(36)}`;
  await page.getByLabel(ko.teach.name).fill(name);
  await page.getByRole("button", { name: ko.teach.create }).click();
  const created = page.getByRole("status").filter({ hasText: name });
  await expect(created).toBeVisible();
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec((await created.textContent()) ?? "")![1];

  // A learner signs up in a second browser, switches to English and joins with the code on My progress.
  const learnerContext = await browser.newContext();
  const lp = await learnerContext.newPage();
  const email = uniqueEmail("journey");
  await signUp(lp, { email, name: LEARNER, password: PASSWORD });
  await expect(lp).toHaveURL(/\/ko$/);
  await lp.getByRole("group", { name: ko.nav.language }).getByRole("link", { name: "English" }).click();
  await expect(lp).toHaveURL(/\/en$/);
  const nav = lp.getByRole("navigation", { name: en.nav.primary });
  await nav.getByRole("link", { name: en.nav.me }).click();
  await lp.getByLabel(en.me.joinCode).fill(code);
  await lp.getByRole("button", { name: en.me.join, exact: true }).click();
  await expect(lp.getByTestId("my-cohorts")).toContainText(name);

  // ... passes expose-nodeport from the exercise catalogue ...
  await nav.getByRole("link", { name: en.nav.exercises }).click();
  await lp.getByRole("main").getByRole("link", { name: EXPOSE_NODEPORT.title }).first().click();
  const { app, svc, port } = await passExposeNodeport(lp);

  // ... and answers one check-question of the Services lesson (wrongly).
  await nav.getByRole("link", { name: en.nav.lessons }).click();
  await lp.getByRole("main").getByRole("link", { name: /^Services/ }).first().click();
  const question = lp.locator(`[data-testid="quiz-item"][data-item-id="${ITEM}"]`);
  await answerItem(lp, question, { wrong: true });
  await expect(question.getByTestId("quiz-feedback")).toContainText(en.quiz.verdict.incorrect);
  await learnerContext.close();

  // The instructor: Teach -> the cohort -> the exercises heat map shows the pass.
  await openTeach(page);
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  await expect(page.getByTestId("heatmap-lessons").getByRole("row").filter({ hasText: LEARNER })).toHaveCount(1);
  const views = page.getByRole("navigation", { name: ko.teach.dashboard.views });
  await views.getByRole("link", { name: ko.teach.dashboard.view.exercises, exact: true }).click();
  const row = page.getByTestId("heatmap-exercises").getByRole("row").filter({ hasText: LEARNER });
  await expect(row.getByRole("cell").filter({ hasText: "✔" })).toHaveCount(1);

  // The learner's page -> the replay: each step's output, and the cluster after it.
  await row.getByRole("link", { name: LEARNER }).click();
  await expect(page.getByRole("heading", { level: 1, name: LEARNER })).toBeVisible();
  // The Services lesson started an attempt of its embedded exercise too: the passed one is replayed.
  const passed = page.getByTestId("learner-attempts").getByRole("row").filter({ hasText: EXPOSE_NODEPORT_KO }).filter({ hasText: ko.teach.learner.passed });
  await passed.getByRole("link", { name: ko.teach.learner.replayLink }).click();
  const replay = page.getByTestId("replay");
  const cluster = page.getByTestId("replay-state");
  await expect(replay.getByRole("listitem")).toHaveCount(1);
  await expect(replay).toContainText(`deployment.apps/${app} created`);
  await expect(cluster.getByRole("heading", { name: ko.teach.replay.stateAfter.replace("{n}", "1") })).toBeVisible();
  await expect(cluster).toContainText(`deployment.apps/${app}`);
  await expect(cluster).not.toContainText(`service/${svc}`);

  await page.getByRole("button", { name: ko.teach.replay.next }).click();
  await expect(replay).toContainText(`service/${svc} exposed`);
  await expect(cluster.getByRole("heading", { name: ko.teach.replay.stateAfter.replace("{n}", "2") })).toBeVisible();
  await expect(cluster).toContainText(new RegExp(`service/${svc}\\s+NodePort`));
  await expect(cluster).not.toContainText(`80:${port}/TCP`);

  await page.getByRole("button", { name: ko.teach.replay.all }).click();
  await expect(replay).toContainText(`service/${svc} patched`);
  // The fast-forward button is a step of its own (the log's `idle` entry): 4 steps.
  await expect(replay).toContainText(ko.teach.replay.idle);
  await expect(page.getByText(ko.teach.replay.step.replace("{total}", "4").replace("{n}", "4"))).toBeVisible();
  await expect(cluster).toContainText(`80:${port}/TCP`);

  // Back to the start: the exercise's starting cluster, no Deployment yet; then a jump by the step list.
  await page.getByRole("button", { name: ko.teach.replay.first }).click();
  await expect(cluster.getByRole("heading", { name: ko.teach.replay.stateStart })).toBeVisible();
  await expect(cluster).not.toContainText(`deployment.apps/${app}`);
  await expect(replay.getByRole("listitem")).toHaveCount(0);
  await page.getByLabel(ko.teach.replay.jump).selectOption("2");
  await expect(replay.getByRole("listitem")).toHaveCount(2);
  await expect(cluster).toContainText(new RegExp(`service/${svc}\\s+NodePort`));

  // Back on the dashboard: the cohort's item statistics count this cohort's one answer (other specs' learners answer
  // the same item, but they are not members).
  await page.getByRole("link", { name: ko.teach.replay.back }).click();
  await page.getByRole("link", { name: ko.teach.learner.back }).click();
  await views.getByRole("link", { name: ko.teach.dashboard.view.items, exact: true }).click();
  const itemRow = page.getByTestId("item-analytics").getByRole("row").filter({ hasText: ITEM });
  await expect(itemRow.getByRole("cell").nth(1)).toHaveText("1");
  await expect(itemRow.getByRole("cell").nth(2)).toHaveText("0.0");

  // The exercise results per check as CSV (UTF-8 with BOM): every check of the attempt passed at the last grading.
  const download = page.waitForEvent("download");
  await page.getByRole("listitem").filter({ hasText: ko.teach.dashboard.export.exercises }).getByRole("link", { name: "CSV" }).click();
  const csv = fs.readFileSync((await (await download).path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split("\r\n").filter(Boolean);
  expect(lines[0]).toBe("name,email,exercise,check,gradings,failures,first_passed,latest_passed,latest_failure_explanation");
  const mine = lines.filter((l) => l.startsWith(`${LEARNER},${email},expose-nodeport,`));
  expect(mine.length).toBeGreaterThanOrEqual(2);
  for (const l of mine) expect(l.split(",").slice(4, 8)).toEqual(["1", "0", "true", "true"]);
});
