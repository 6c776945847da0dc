import { DEMO_PASSWORD, expect, signIn, signUp, test, uniqueEmail } from "./fixtures";

test("sign up, land on the Korean catalogue, switch to English, sign out, sign in again in English", async ({ page }) => {
  const email = uniqueEmail("newbie");
  await signUp(page, { email, name: "새 학습자", password: "correct horse" });

  await expect(page).toHaveURL(/\/ko$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "ko");
  await expect(page.getByRole("heading", { level: 1, name: "레슨" })).toBeVisible();
  await expect(page.getByRole("button", { name: /새 학습자/ })).toBeVisible();

  await page.getByRole("group", { name: "언어" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByRole("heading", { level: 1, name: "Lessons" })).toBeVisible();

  await page.getByRole("button", { name: /새 학습자/ }).click();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "Sign in" })).toBeVisible();

  // Sign in from the Korean page: the stored preference (English) decides where we land.
  await signIn(page, email, "correct horse", "ko");
  await expect(page).toHaveURL(/\/en$/);
  await expect(page.getByRole("button", { name: /새 학습자/ })).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Lessons" })).toBeVisible();
});

test("a duplicate sign-up gets a field error and no account", async ({ page }) => {
  await signUp(page, { email: "Learner@Kubeclass.local", name: "Copycat", password: "whatever123" });
  await expect(page.getByTestId("email-error")).toHaveText("이 이메일로 가입한 계정이 이미 있습니다. 로그인하시겠어요?");
  await expect(page.getByLabel("이메일")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/ko\/signup$/);
  await expect(page.getByLabel("이메일")).toHaveValue("Learner@Kubeclass.local");
});

test("bad sign-up fields get their own errors", async ({ page }) => {
  await signUp(page, { email: "not-an-email", name: " ", password: "short" });
  await expect(page.getByTestId("email-error")).toHaveText("올바른 이메일 주소를 입력하세요.");
  await expect(page.getByTestId("name-error")).toHaveText("이름을 입력하세요.");
  await expect(page.getByTestId("password-error")).toHaveText("8자 이상 입력하세요.");
});

test("a learner opening /en/teach gets a 403 page", async ({ page }) => {
  await signIn(page, "learner@kubeclass.local");
  await expect(page).toHaveURL(/\/ko$/);
  const response = await page.goto("/en/teach");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "You don't have access to this page" })).toBeVisible();
  await expect(page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Teach" })).toHaveCount(0);
});

test("the instructor can open /en/teach and sees the demo cohort", async ({ page }) => {
  await signIn(page, "instructor@kubeclass.local");
  await expect(page).toHaveURL(/\/ko$/);
  const response = await page.goto("/en/teach");
  expect(response?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Teach" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Demo cohort" })).toBeVisible();
  await expect(page.getByText("DEMO-K8S")).toBeVisible();
});

test("an anonymous visitor to /en/admin signs in and comes back; the admin changes a role", async ({ page }) => {
  const email = uniqueEmail("promote");
  await signUp(page, { email, name: "Soon Instructor", password: "password123" });
  await expect(page).toHaveURL(/\/ko$/);
  await page.context().clearCookies();

  await page.goto("/en/admin");
  await expect(page).toHaveURL(/\/en\/signin\?callbackUrl=%2Fen%2Fadmin$/);
  await page.getByLabel("Email").fill("admin@kubeclass.local");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/en\/admin$/);

  const row = page.getByTestId(`user-row-${email}`);
  await row.getByLabel(`Role for ${email}`).selectOption("INSTRUCTOR");
  await row.getByRole("button", { name: "Save" }).click();
  await expect(row.getByRole("status")).toHaveText("Saved");

  await page.context().clearCookies();
  await signIn(page, email, "password123");
  await expect(page).toHaveURL(/\/ko$/);
  expect((await page.goto("/en/teach"))?.status()).toBe(200);
});

test("six wrong passwords lock the account with a clear message", async ({ page }) => {
  const email = uniqueEmail("locked");
  await signUp(page, { email, name: "Unlucky", password: "the-right-one" });
  await expect(page).toHaveURL(/\/ko$/);
  await page.context().clearCookies();

  await page.goto("/en/signin");
  for (let i = 1; i <= 6; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    const error = page.getByTestId("signin-error");
    await expect(error).toHaveAttribute("data-attempt", String(i));
    await expect(error).toHaveText(i <= 5 ? "That email and password don't match an account." : /Too many failed sign-in attempts/);
  }
  // Locked means locked: the right password is refused too, until the window passes.
  await page.getByLabel("Password").fill("the-right-one");
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signin-error")).toHaveAttribute("data-attempt", "7");
  await expect(page.getByTestId("signin-error")).toHaveText(/Too many failed sign-in attempts/);
  await expect(page).toHaveURL(/\/en\/signin$/);
});
