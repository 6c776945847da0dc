import fs from "node:fs";
import type { Locator, Page } from "@playwright/test";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import { readTask } from "./expose-nodeport";
import { expect, signUp, test, uniqueEmail } from "./fixtures";
import { createCohortAsInstructor } from "./teach-helpers";

const PASSWORD = "Harbor-velvet-31-quill";

async function run(page: Page, log: Locator, command: string, expected: string | RegExp) {
  await page.getByRole("textbox", { name: "Terminal input" }).focus();
  await page.keyboard.type(command);
  await page.keyboard.press("Enter");
  await expect(log).toContainText(expected);
}

test("an instructor follows a learner from joining to a passed exercise: heat map, command replay, CSV export", async ({ page, browser }) => {
  // Two browsers, a terminal session and a replay: more than the default minute on a loaded 2-core machine.
  test.setTimeout(180_000);
  // The instructor creates a cohort from Teach.
  const { name, code } = await createCohortAsInstructor(page, "Replay class");

  // A learner joins in a second browser and passes expose-nodeport in the terminal.
  const learnerContext = await browser.newContext();
  const lp = await learnerContext.newPage();
  const email = uniqueEmail("teach");
  await signUp(lp, { email, name: "Teach Learner", password: PASSWORD });
  await expect(lp).toHaveURL(/\/ko$/);
  await lp.goto("/en/me");
  await lp.getByLabel(en.me.joinCode).fill(code);
  await lp.getByRole("button", { name: en.me.join, exact: true }).click();
  await expect(lp.getByTestId("my-cohorts")).toContainText(name);
  await lp.goto("/en/exercises/expose-nodeport");
  // The first exercise of a fresh server starts the exercise workers: slow on a busy machine.
  await expect(lp.getByRole("region", { name: "Task and checks" })).toContainText("In namespace", { timeout: 60_000 });
  const { ns, app, replicas, svc, port } = await readTask(lp);
  const log = lp.getByRole("log", { name: "Terminal output" });
  await run(lp, log, `kubectl create deployment ${app} -n ${ns} --image=nginx:1.27 --replicas=${replicas}`, `deployment.apps/${app} created`);
  await run(lp, log, `kubectl expose deployment ${app} -n ${ns} --name=${svc} --type=NodePort --port=80`, `service/${svc} exposed`);
  await run(lp, log, `kubectl patch service ${svc} -n ${ns} -p '{"spec":{"ports":[{"port":80,"nodePort":${port}}]}}'`, `service/${svc} patched`);
  await lp.getByRole("button", { name: "Fast-forward until idle" }).click();
  await lp.getByRole("button", { name: "Check", exact: true }).click();
  await expect(lp.getByRole("region", { name: "Task and checks" }).getByRole("status")).toContainText("Passed with a score of 100%.");
  await learnerContext.close();

  // The instructor, from the home page: Teach -> the cohort -> the exercises heat map.
  await page.goto("/en");
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.teach }).click();
  await page.getByRole("link", { name }).click();
  await expect(page.getByRole("heading", { level: 1, name })).toBeVisible();
  const lessonsRow = page.getByTestId("heatmap-lessons").getByRole("row").filter({ hasText: "Teach Learner" });
  await expect(lessonsRow).toHaveCount(1);
  await page.getByRole("navigation", { name: en.teach.dashboard.views }).getByRole("link", { name: en.teach.dashboard.view.exercises }).click();
  const row = page.getByTestId("heatmap-exercises").getByRole("row").filter({ hasText: "Teach Learner" });
  const passedCell = row.getByRole("cell").filter({ hasText: "✔" });
  await expect(passedCell).toHaveCount(1);
  await expect(passedCell).toHaveAttribute("title", /Teach Learner, Create a Deployment and expose it with a NodePort: passed \(1 attempts, 1 gradings\)/);

  // The learner's page and the replay of the attempt, step by step.
  await row.getByRole("link", { name: "Teach Learner" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Teach Learner" })).toBeVisible();
  await expect(page.getByTestId("learner-attempts")).toContainText(en.teach.learner.passed);
  await page.getByRole("link", { name: en.teach.learner.replayLink }).click();
  const replay = page.getByTestId("replay");
  await expect(replay.getByRole("listitem")).toHaveCount(1);
  await expect(replay).toContainText(`kubectl create deployment ${app}`);
  await expect(replay).toContainText(`deployment.apps/${app} created`);
  await page.getByRole("button", { name: en.teach.replay.next }).click();
  await expect(replay).toContainText(`service/${svc} exposed`);
  await page.getByRole("button", { name: en.teach.replay.all }).click();
  await expect(replay).toContainText(`service/${svc} patched`);
  // three commands and the fast-forward: four log entries, four steps
  await expect(page.getByText("Step 4 of 4")).toBeVisible();

  // Back on the dashboard: the roster as CSV.
  await page.getByRole("link", { name: en.teach.replay.back }).click();
  await page.getByRole("link", { name: en.teach.learner.back }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("listitem").filter({ hasText: en.teach.dashboard.export.roster }).getByRole("link", { name: "CSV" }).click();
  const file = await (await download).path();
  const csv = fs.readFileSync(file!, "utf8");
  expect(csv.charCodeAt(0)).toBe(0xfeff);
  const lines = csv.slice(1).split("\r\n");
  expect(lines[0]).toBe("name,email,last_activity,lessons_completed,lessons_total,reading_avg_pct,exercises_passed,exercises_total,check_questions_right,check_questions_total,at_risk");
  const learnerLine = lines.find((l) => l.startsWith(`Teach Learner,${email},`));
  expect(learnerLine, csv).toBeDefined();
  // exercises_passed is 1.
  expect(learnerLine!.split(",")[6]).toBe("1");

  // The other views render for this cohort: competencies, exercise analysis, item statistics, management.
  const views = page.getByRole("navigation", { name: en.teach.dashboard.views });
  await views.getByRole("link", { name: en.teach.dashboard.view.competencies }).click();
  await expect(page.getByTestId("heatmap-competencies").getByRole("row").filter({ hasText: "Teach Learner" })).toHaveCount(1);
  await views.getByRole("link", { name: en.teach.dashboard.view.analytics }).click();
  await expect(page.getByTestId("exercise-analytics")).toContainText("Create a Deployment and expose it with a NodePort");
  await views.getByRole("link", { name: en.teach.dashboard.view.items }).click();
  await expect(page.getByText(/Flagged when N ≥ 20/)).toBeVisible();
  // Before any exam: nobody in the exam views, every exam-task cell "not sat yet".
  await views.getByRole("link", { name: en.teach.dashboard.view.exams }).click();
  await expect(page.getByText(en.teach.exams.empty)).toBeVisible();
  await views.getByRole("link", { name: en.teach.dashboard.view.examTasks }).click();
  const examRow = page.getByTestId("heatmap-exam-tasks").getByRole("row").filter({ hasText: "Teach Learner" });
  await expect(examRow.getByRole("cell").first()).toHaveAttribute("title", /^Teach Learner, .+: not sat yet$/);
  await views.getByRole("link", { name: en.teach.dashboard.view.manage }).click();
  await expect(page.getByTestId("join-code")).toHaveText(code);
  await page.getByLabel(en.teach.manage.startsOn).fill("2026-03-10");
  await page.getByLabel(en.teach.manage.endsOn).fill("2026-03-01");
  await page.getByRole("button", { name: en.teach.manage.save }).click();
  await expect(page.getByTestId("endsOn-error")).toHaveText(en.teach.errors.endBeforeStart);
});
