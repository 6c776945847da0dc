// The instructor's exam views as they are used during a class: a learner (Korean UI for joining and /me, English for
// the exam) sits a timed exam; the instructor, from the home page, finds them in the live monitor with the task they
// have open, gives them extra time (the learner's deadline moves), and after the submit reads the result in the
// exam views, the exam heat map and the export; the learner reads the trend on /me.
import fs from "node:fs";
import type { Page } from "@playwright/test";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import ko from "../lib/i18n/messages/ko.json" with { type: "json" };
import { expect, signUp, test, uniqueEmail } from "./fixtures";
import { createCohortAsInstructor } from "./teach-helpers";

const PASSWORD = "Lantern-moss-58-quarry";
const LEARNER = "Monitor Learner";

async function run(page: Page, command: string, expected: string | RegExp) {
  await page.getByRole("textbox", { name: "Command line" }).focus();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  await expect(page.getByRole("log", { name: "Terminal output" })).toContainText(expected);
}

test("live monitor, extra time, exam results, exam heat map and export; the learner's trend on /me", async ({ page, browser }) => {
  test.setTimeout(240_000);
  // The instructor creates a cohort from Teach.
  const { name, code } = await createCohortAsInstructor(page, "Exam class");
  const teachNav = () => page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.teach });

  // The learner signs up (Korean), joins from /me by clicking, and starts a timed named exam in English.
  const learnerContext = await browser.newContext();
  const lp = await learnerContext.newPage();
  const email = uniqueEmail("monitor");
  await signUp(lp, { email, name: LEARNER, password: PASSWORD });
  await expect(lp).toHaveURL(/\/ko$/);
  await lp.getByRole("navigation", { name: ko.nav.primary }).getByRole("link", { name: ko.nav.me }).click();
  await lp.getByLabel(ko.me.joinCode).fill(code);
  await lp.getByRole("button", { name: ko.me.join, exact: true }).click();
  await expect(lp.getByTestId("my-cohorts")).toContainText(name);
  await expect(lp.getByRole("heading", { level: 2, name: ko.me.examsTitle })).toBeVisible();
  await expect(lp.getByText(ko.me.examsEmpty)).toBeVisible();
  await lp.goto("/en");
  await lp.getByRole("banner").getByRole("link", { name: en.nav.exam, exact: true }).click();
  await lp.getByRole("button", { name: "Start CKA mock exam A" }).click();
  await expect(lp.getByRole("heading", { level: 2, name: /^Task 1 of 17:/ })).toBeVisible({ timeout: 30_000 });
  await expect(lp.getByRole("timer")).toHaveText(/^1:5\d:\d\d$|^2:00:00$/);
  await run(lp, "kubectl config use-context k8s-a", 'Switched to context "k8s-a".');
  await lp.getByRole("button", { name: "Task 2, not started" }).click();
  await run(lp, "kubectl config current-context", "k8s-a");

  // The instructor, from the home page: Teach -> the cohort -> Live exams: the learner, task 2, the time left.
  await page.goto("/en");
  await teachNav().click();
  await page.getByRole("link", { name }).click();
  const views = page.getByRole("navigation", { name: en.teach.dashboard.views });
  await views.getByRole("link", { name: en.teach.dashboard.view.live }).click();
  await expect(page.getByRole("heading", { level: 2, name: "In an exam now (1)" })).toBeVisible();
  const card = page.getByTestId("live-exams").getByRole("listitem", { name: LEARNER });
  await expect(card.getByTestId("live-task")).toHaveText(/^Task 2: .+ \(\d+ commands so far\)$/);
  await expect(card.getByRole("timer", { name: `Time left for ${LEARNER}` })).toHaveText(/^1:5\d:\d\d$/);

  // A multiplier outside 1..2 is refused and changes nothing; 1.5 moves the deadline by an hour.
  const multiplier = card.getByLabel(`Time multiplier for ${LEARNER}`);
  await multiplier.fill("2.5");
  await card.getByRole("button", { name: en.teach.live.extend }).click();
  await expect(card.getByRole("alert")).toHaveText(en.teach.errors.badExtension);
  await multiplier.fill("1.5");
  await card.getByRole("button", { name: en.teach.live.extend }).click();
  await expect(card.getByRole("status")).toHaveText(en.teach.live.extended);
  await expect(card).toContainText("extra time ×1.5");
  await expect(card.getByRole("timer", { name: `Time left for ${LEARNER}` })).toHaveText(/^2:5\d:\d\d$/);

  // The learner sees the new deadline (the page reads it from the server on load) and submits.
  await lp.reload();
  await expect(lp.getByRole("heading", { level: 2, name: /^Task 1 of 17:/ })).toBeVisible({ timeout: 30_000 });
  await expect(lp.getByRole("timer")).toHaveText(/^2:5\d:\d\d$/);
  lp.once("dialog", (d) => void d.accept());
  await lp.getByRole("button", { name: en.exam.submit }).click();
  await expect(lp.getByRole("heading", { level: 1, name: "Mock exam result" })).toBeVisible({ timeout: 30_000 });

  // The instructor: nobody in an exam now; the result per learner, per domain and per task; the exam heat map.
  await views.getByRole("link", { name: en.teach.dashboard.view.live }).click();
  await expect(page.getByText(en.teach.live.none)).toBeVisible();
  await views.getByRole("link", { name: en.teach.dashboard.view.exams }).click();
  const row = page.getByTestId("exam-learners").getByRole("row").filter({ hasText: LEARNER });
  await expect(row).toContainText("1 timed, 0 practice");
  await expect(row).toContainText(/\d+(\.\d)?%, not passed \(timed\)/);
  await expect(page.getByTestId("exam-domains")).toContainText("Troubleshooting");
  await expect(page.getByTestId("exam-tasks").getByRole("region")).toHaveCount(17);
  // The learner's page lists the exam with its score, extension and each task's points.
  await row.getByRole("link", { name: LEARNER }).click();
  const exams = page.getByTestId("learner-exams");
  await expect(exams).toContainText(/CKA mock exam A · timed · .+ UTC · \d+(\.\d)?%, not passed · extra time ×1\.5/);
  await exams.getByText("CKA mock exam A").click();
  await expect(exams.getByRole("row")).toHaveCount(18);
  await page.getByRole("link", { name: en.teach.learner.back }).click();
  await views.getByRole("link", { name: en.teach.dashboard.view.examTasks }).click();
  const heat = page.getByTestId("heatmap-exam-tasks").getByRole("row").filter({ hasText: LEARNER });
  await expect(heat.getByRole("cell").filter({ hasText: /^\d+(\.\d)?\/\d+$/ })).toHaveCount(17);
  await expect(heat.getByRole("cell").first()).toHaveAttribute("title", new RegExp(`^${LEARNER}, .+: (not sat yet|[\\d.]+ of \\d+ points at the latest sitting \\(1 sittings\\))$`));

  // The exams export: a row per task of the learner's exam, with the extension.
  const download = page.waitForEvent("download");
  await page.getByRole("listitem").filter({ hasText: en.teach.dashboard.export.exams }).getByRole("link", { name: "CSV" }).click();
  const csv = fs.readFileSync((await (await download).path())!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split("\r\n").filter((l) => l.startsWith(`${LEARNER},${email},`));
  expect(lines).toHaveLength(17);
  expect(lines[0].split(",")[3]).toBe("timed");
  expect(lines[0].split(",")[7]).toBe("1.5");

  // The learner's /me (Korean): the trend and the exam linked to its result.
  await lp.goto("/ko");
  await lp.getByRole("navigation", { name: ko.nav.primary }).getByRole("link", { name: ko.nav.me }).click();
  await expect(lp.getByTestId("exam-trend")).toContainText(new RegExp(`${ko.me.examsTimed}\\s*\\d+(\\.\\d)?%`));
  await expect(lp.getByTestId("exam-trend")).toContainText(`${ko.me.examsPractice}${ko.me.examsNone}`);
  await expect(lp.getByRole("img", { name: /시간에 따른 모의시험 점수/ })).toBeVisible();
  await expect(lp.getByTestId("readiness-domains")).toContainText(ko.readiness.combined);
  await lp.getByTestId("exam-history").getByRole("link", { name: /%, 결과 보기$/ }).click();
  await expect(lp.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(lp).toHaveURL(/\/ko\/exam\/[^/]+\/result$/);
  await learnerContext.close();
});
