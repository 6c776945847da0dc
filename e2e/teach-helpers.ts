// Steps the instructor specs share.
import type { Page } from "@playwright/test";
import en from "../lib/i18n/messages/en.json" with { type: "json" };
import { expect, signIn } from "./fixtures";

/** Signs in as the demo instructor and creates a cohort from Teach (English UI); returns its name and join code. */
export async function createCohortAsInstructor(page: Page, prefix: string): Promise<{ name: string; code: string }> {
  await signIn(page, "instructor@kubeclass.local");
  // Signed in, the home page opens in the account's language (another spec may have switched the demo instructor's).
  await expect(page).toHaveURL(/\/(ko|en)$/);
  await page.goto("/en");
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.teach }).click();
  const name = `${prefix} ${Date.now().toString(36)}`;
  await page.getByLabel(en.teach.name).fill(name);
  await page.getByRole("button", { name: en.teach.create }).click();
  const created = page.getByRole("status").filter({ hasText: name });
  await expect(created).toBeVisible();
  return { name, code: /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec((await created.textContent()) ?? "")![1] };
}
