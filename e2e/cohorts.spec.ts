import en from "../lib/i18n/messages/en.json" with { type: "json" };
import { expect, signIn, signUp, test, uniqueEmail } from "./fixtures";

const PASSWORD = "Harbor-velvet-31-quill";

test("an instructor creates a cohort; a learner joins it by code from My progress, and another through the join link", async ({ page, browser }) => {
  // The instructor: Teach, from the header.
  await signIn(page, "instructor@kubeclass.local");
  await expect(page).toHaveURL(/\/ko$/); // the demo instructor's language
  await page.getByRole("group", { name: "언어" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en$/);
  await page.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.teach }).click();
  const name = `Evening class ${Date.now().toString(36)}`;
  await page.getByLabel(en.teach.name).fill("x");
  await page.getByRole("button", { name: en.teach.create }).click();
  await expect(page.getByTestId("name-error")).toHaveText(en.teach.errors.nameTooShort);
  await page.getByLabel(en.teach.name).fill(name);
  await page.getByRole("button", { name: en.teach.create }).click();
  const created = page.getByRole("status").filter({ hasText: name });
  await expect(created).toBeVisible();
  const code = /([A-Z2-9]{4}-[A-Z2-9]{4})/.exec((await created.textContent()) ?? "")![1];
  const card = page.getByTestId(`cohort-${code}`);
  await expect(card).toContainText(name);
  await expect(card.getByRole("definition").nth(1)).toHaveText("0");
  const joinLink = await card.getByRole("link", { name: /join\?code=/ }).getAttribute("href");
  expect(joinLink).toBe(`/en/join?code=${code}`);

  // A learner joins with the code on My progress: a wrong code is a field error and changes nothing.
  const learner = await browser.newContext();
  const lp = await learner.newPage();
  await signUp(lp, { email: uniqueEmail("cohort"), name: "Joiner", password: PASSWORD });
  await expect(lp).toHaveURL(/\/ko$/);
  await lp.getByRole("group", { name: "언어" }).getByRole("link", { name: "English" }).click();
  await lp.getByRole("navigation", { name: en.nav.primary }).getByRole("link", { name: en.nav.me }).click();
  await expect(lp.getByText(en.me.cohortsNone)).toBeVisible();
  await lp.getByLabel(en.me.joinCode).fill("");
  await lp.getByRole("button", { name: en.me.join, exact: true }).click();
  await expect(lp.getByTestId("code-error")).toHaveText(en.me.errors.codeRequired);
  await lp.getByLabel(en.me.joinCode).fill("ZZZZ-ZZZZ");
  await lp.getByRole("button", { name: en.me.join, exact: true }).click();
  await expect(lp.getByTestId("code-error")).toHaveText(en.me.errors.codeUnknown);
  await expect(lp.getByTestId("my-cohorts")).toHaveCount(0);
  await lp.getByLabel(en.me.joinCode).fill(` ${code.toLowerCase()} `);
  await lp.getByRole("button", { name: en.me.join, exact: true }).click();
  await expect(lp.getByRole("status").filter({ hasText: `You joined ${name}.` })).toBeVisible();
  await expect(lp.getByTestId("my-cohorts")).toContainText(name);
  await expect(lp.getByTestId("my-cohorts")).toContainText("taught by");
  await learner.close();

  // A second learner follows the join link: sign-in first, then back to the link, confirm.
  const second = await browser.newContext();
  const sp = await second.newPage();
  const email = uniqueEmail("cohort-link");
  await signUp(sp, { email, name: "Linker", password: PASSWORD });
  await expect(sp).toHaveURL(/\/ko$/);
  await sp.context().clearCookies(); // signed out, as on another device
  await sp.goto(joinLink!);
  await expect(sp).toHaveURL(/\/en\/signin\?callbackUrl=/);
  await sp.getByLabel("Email").fill(email);
  await sp.getByLabel("Password").fill(PASSWORD);
  await sp.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await expect(sp).toHaveURL(new RegExp(`/en/join\\?code=${code}$`));
  await expect(sp.getByText(`Cohort: ${name}`)).toBeVisible();
  await sp.getByRole("button", { name: `Join ${name}` }).click();
  await expect(sp.getByRole("status").filter({ hasText: `You joined ${name}.` })).toBeVisible();
  await second.close();

  await page.reload();
  await expect(page.getByTestId(`cohort-${code}`).getByRole("definition").nth(1)).toHaveText("2");
});

test("a join link with an unknown code says so and offers the code form", async ({ page }) => {
  await signUp(page, { email: uniqueEmail("badlink"), name: "Lost", password: PASSWORD });
  await expect(page).toHaveURL(/\/ko$/);
  await page.goto("/en/join?code=NOPE-0000");
  await expect(page.getByTestId("join-unknown")).toHaveText(en.join.unknown);
  await expect(page.getByLabel(en.me.joinCode)).toBeVisible();
});
