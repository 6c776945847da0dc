import fs from "node:fs";
import path from "node:path";
import { parse as parseYaml } from "yaml";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import ko from "../lib/i18n/messages/ko.json" with { type: "json" };
import { expect, test } from "./fixtures";

type Localized = { ko: string; en: string };
type Scenario = { lesson: string; steps: { title: Localized; caption: Localized }[] };

const flowsDir = path.join(import.meta.dirname, "..", "content", "flows");

/** A scenario as the content defines it, so the test follows the YAML. */
function scenario(id: string): Scenario {
  return parseYaml(fs.readFileSync(path.join(flowsDir, `${id}.yaml`), "utf8")) as Scenario;
}

const slugOf = (lessonDir: string) => lessonDir.replace(/^\d\d-/, "");

test("a Korean learner steps through the Pod creation flow to its last caption", async ({ page }) => {
  const flow = scenario("deployment-create");
  await page.goto(`/ko/lessons/${slugOf(flow.lesson)}`);
  const player = page.getByRole("figure", { name: ko.flowPlayer.title });
  await expect(player).toBeVisible();

  // The steps are there as text, in order.
  const steps = player.getByRole("listitem");
  await expect(steps.getByRole("button")).toHaveText(flow.steps.map((s) => s.title.ko));

  const next = player.getByRole("button", { name: ko.flowPlayer.stepForward });
  const caption = player.getByRole("status");
  await expect(caption).toContainText(flow.steps[0].caption.ko);
  for (let i = 0; i < 10 && (await next.isEnabled()); i++) await next.click();
  await expect(next).toBeDisabled();
  const last = flow.steps.length;
  await expect(caption).toContainText(`${ko.flowPlayer.stepOf.replace("{n}", String(last)).replace("{total}", String(last))}: ${flow.steps[last - 1].title.ko}`);
  await expect(caption).toContainText(flow.steps[last - 1].caption.ko);
  await expect(steps.nth(last - 1)).toHaveAttribute("aria-current", "step");

  // Back goes one step at a time; the keyboard works too.
  await player.getByRole("button", { name: ko.flowPlayer.stepBack }).click();
  await player.getByRole("button", { name: ko.flowPlayer.stepBack }).click();
  await expect(steps.nth(last - 2)).toHaveAttribute("aria-current", "step");
  await page.keyboard.press("ArrowRight");
  await expect(steps.nth(last - 1)).toHaveAttribute("aria-current", "step");
});

test("an English learner plays the flow at 2× to the end", async ({ page }) => {
  const flow = scenario("deployment-create");
  await page.goto(`/en/lessons/${slugOf(flow.lesson)}`);
  const player = page.getByRole("figure", { name: en.flowPlayer.title });
  await player.getByRole("button", { name: "2×" }).click();
  await expect(player.getByRole("button", { name: "2×" })).toHaveAttribute("aria-pressed", "true");
  await player.getByRole("button", { name: en.flowPlayer.play, exact: true }).click();
  await expect(player.getByRole("button", { name: en.flowPlayer.pause })).toBeVisible();
  const last = flow.steps.length;
  // The animation ends by itself: the last caption appears and the play button offers a restart.
  await expect(player.getByRole("status")).toContainText(flow.steps[last - 1].caption.en, { timeout: 40_000 });
  await expect(player.getByRole("button", { name: en.flowPlayer.stepForward })).toBeDisabled({ timeout: 20_000 });
  await expect(player.getByRole("button", { name: en.flowPlayer.restart })).toHaveCount(2);
  // Pods reached Ready in the picture.
  await expect(player.getByRole("img")).toContainText("Ready");
});

test("with reduced motion the messages are highlighted, not animated", async ({ page }) => {
  await page.emulateMedia({ reducedMotion: "reduce" });
  const flow = scenario("service-nodeport");
  await page.goto(`/en/lessons/${slugOf(flow.lesson)}`);
  const player = page.getByRole("figure", { name: en.flowPlayer.title });
  await player.getByRole("button", { name: en.flowPlayer.stepForward }).click();
  const message = player.locator("path.fp-msg").first();
  await expect(message).toBeVisible();
  expect(await message.evaluate((el) => getComputedStyle(el).animationName)).toBe("none");
});

test("every lesson with a flow shows its player with the scenario's steps", async ({ page }) => {
  const ids = fs.readdirSync(flowsDir).filter((f) => f.endsWith(".yaml")).map((f) => f.slice(0, -5));
  expect(ids.length).toBeGreaterThanOrEqual(7);
  for (const id of ids) {
    const flow = scenario(id);
    await page.goto(`/en/lessons/${slugOf(flow.lesson)}`);
    const player = page.locator(`[data-flow-scenario="${id}"]`).getByRole("figure", { name: en.flowPlayer.title });
    await expect(player, id).toBeVisible();
    await expect(player.getByRole("listitem").getByRole("button"), id).toHaveText(flow.steps.map((s) => s.title.en));
  }
});
