import fs from "node:fs";
import path from "node:path";
import type { Locator, Page } from "@playwright/test";
import { parse as parseYaml } from "yaml";
import { splitFrontmatter } from "../lib/content/lesson-schema";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import { expect, signUp, test, uniqueEmail } from "./fixtures";

const lessonsDir = path.join(import.meta.dirname, "..", "content", "lessons");

/** A lesson's English title and its exercises' English titles, read from the content so the test follows it. */
function lesson(dir: string): { title: string; exercises: string[] } {
  const source = fs.readFileSync(path.join(lessonsDir, dir, "en.mdx"), "utf8");
  const { title } = parseYaml(splitFrontmatter(source)!.yaml) as { title: string };
  const exDir = path.join(lessonsDir, dir, "exercises");
  const exercises = fs
    .readdirSync(exDir)
    .filter((f) => f.endsWith(".yaml") && !f.endsWith(".wrong.yaml"))
    .map((f) => (parseYaml(fs.readFileSync(path.join(exDir, f), "utf8")) as { title: { en: string } }).title.en);
  return { title, exercises };
}

// A strong password (the sign-up form refuses weak ones).
const PASSWORD = "Lantern-orbit-7-kettle";

/** Runs one command in the workspace's terminal and waits until the shell has answered it (a marker echoed after it). */
async function runAndWait(page: Page, workspace: Locator, command: string, n: number) {
  const input = workspace.getByRole("textbox", { name: "Terminal input" });
  await input.focus();
  for (const line of command.split("\n")) {
    await page.keyboard.type(line);
    await page.keyboard.press("Enter");
  }
  // The marker's output line (not the echoed command line) shows that everything before it has run.
  await page.keyboard.type(`echo step ${n} done`);
  await page.keyboard.press("Enter");
  // Echoed command and output both hold the marker: twice means the shell has answered.
  const log = workspace.getByRole("log", { name: "Terminal output" });
  await expect.poll(async () => ((await log.textContent()) ?? "").split(`step ${n} done`).length - 1, { timeout: 20_000 }).toBeGreaterThanOrEqual(2);
}

/**
 * Solves an exercise the way a stuck learner can: three checks that do not pass unlock the reference
 * solution, whose commands are then typed into the terminal; the fourth check passes.
 */
async function solveWithRevealedSolution(page: Page, workspace: Locator) {
  const panel = workspace.getByRole("region", { name: en.workspace.task.region });
  const status = panel.getByRole("status").filter({ hasText: /Not yet|Passed with/ });
  for (let i = 1; i <= 3; i++) {
    await panel.getByRole("button", { name: en.workspace.grade.check, exact: true }).click();
    await expect(status).toContainText("Not yet");
    if (i < 3) await expect(panel.getByRole("button", { name: en.workspace.solution.show })).toHaveCount(0);
  }
  await panel.getByRole("button", { name: en.workspace.solution.show }).click();
  const solution = (await panel.locator(`pre[aria-label="${en.workspace.solution.title}"]`).innerText()).trim();
  expect(solution.length).toBeGreaterThan(0);
  // Heredocs stay one unit; other lines are one command each.
  const commands: string[] = [];
  let heredoc: string[] | null = null;
  for (const line of solution.split("\n")) {
    if (heredoc) {
      heredoc.push(line);
      if (line === "EOF") {
        commands.push(heredoc.join("\n"));
        heredoc = null;
      }
    } else if (/<<'?EOF'?/.test(line)) heredoc = [line];
    else commands.push(line);
  }
  for (const [i, c] of commands.entries()) await runAndWait(page, workspace, c, i + 1);
  await panel.getByRole("button", { name: en.workspace.grade.check, exact: true }).click();
  await expect(status).toContainText("Passed with a score of 100%");
}

/** From the home page to a lesson, through every exercise its page names, to "completed". */
async function completeLesson(page: Page, dir: string) {
  const { title, exercises: exerciseTitles } = lesson(dir);
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.lessons }).click();
  await page.getByRole("main").getByRole("link", { name: title, exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("button", { name: en.lesson.markComplete })).toHaveCount(0);

  const list = page.getByTestId("lesson-exercises");
  await expect(list.getByRole("listitem")).toHaveCount(exerciseTitles.length);
  for (const [i, name] of exerciseTitles.entries()) {
    const item = list.getByRole("listitem").filter({ hasText: name });
    await expect(item).toContainText(en.exerciseStatus.NOT_STARTED);
    await expect(list).toContainText(`(${i} of ${exerciseTitles.length} passed)`);
    // The list links to the exercise where the lesson embeds it.
    await item.getByRole("link", { name }).click();
    const id = decodeURIComponent(new URL(page.url()).hash).replace(/^#/, "");
    expect(id).toMatch(/^exercise-/);
    const workspace = page.locator(`[id="${id}"]`);
    await expect(workspace).toBeInViewport();
    await solveWithRevealedSolution(page, workspace);
    // A pass refreshes the page's server parts: the list shows it.
    await expect(list.getByRole("listitem").filter({ hasText: name })).toContainText(en.exerciseStatus.PASSED);
  }
  await page.getByRole("button", { name: en.lesson.markComplete }).click();
  await expect(page.getByRole("status").filter({ hasText: en.lesson.completedNote })).toBeVisible();
  await expect(page.getByTestId("lesson-status")).toHaveText(en.lesson.completed);
}

test("a new learner completes three lessons through the UI alone, finding each exercise by clicking", async ({ page }) => {
  test.setTimeout(240_000);
  await signUp(page, { email: uniqueEmail("journey"), name: "Journey", password: PASSWORD });
  await expect(page).toHaveURL(/\/ko$/);
  await page.getByRole("group", { name: "언어" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en$/);

  await completeLesson(page, "08-pods");
  await completeLesson(page, "12-services");
  await completeLesson(page, "16-hpa");

  // My progress: the three lessons completed with their exercises, and the attempts in the history.
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.me }).click();
  await expect(page.getByTestId("me-summary")).toHaveText("3 of 20 lessons completed.");
  await expect(page.getByTestId("me-lesson-services")).toContainText(en.catalogue.status.COMPLETED);
  await expect(page.getByTestId("me-lesson-services")).toContainText("2/2");
  await expect(page.getByTestId("me-lesson-etcd")).toContainText(`0/${lesson("02-etcd").exercises.length}`);
  await expect(page.getByTestId("attempt-history").getByRole("row")).toHaveCount(1 + 4);

  // The catalogue, from the header, shows the same status and filters by it.
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.exercises }).click();
  await expect(page.getByTestId("exercises-passed")).toContainText("4 of");
  await page.getByLabel(en.exercises.status).selectOption({ label: en.exerciseStatus.PASSED });
  await page.getByRole("button", { name: en.exercises.apply }).click();
  await expect(page.getByTestId("exercises-count")).toContainText("4 of");
  await expect(page.getByRole("row").filter({ hasText: lesson("16-hpa").exercises[0] })).toContainText(en.exerciseStatus.PASSED);
});
