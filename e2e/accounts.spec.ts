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

test("a sign-up with a taken email is answered like any other and leaves the account alone", async ({ page }) => {
  await signUp(page, { email: "Learner@Kubeclass.local", name: "Copycat", password: "copycat-wants-in-99" });
  // No "already exists": the form goes on to sign in, which fails for anyone but the owner.
  await expect(page).toHaveURL(/\/ko\/signin\?from=signup$/);
  await expect(page.getByTestId("signin-notice")).toHaveText("계속하려면 로그인하세요. 이미 가입되어 있던 이메일이라면 원래 계정의 비밀번호를 입력하세요.");
  await expect(page.getByTestId("email-error")).toHaveCount(0);
  await signIn(page, "learner@kubeclass.local", "copycat-wants-in-99");
  await expect(page.getByTestId("signin-error")).toHaveText("That email and password don't match an account.");
  await signIn(page, "learner@kubeclass.local");
  await expect(page).toHaveURL(/\/ko$/);
  await expect(page.getByRole("button", { name: /Demo Learner/ })).toBeVisible();
});

test("a guessable password is refused with a field error in the page's language", async ({ page }) => {
  const email = uniqueEmail("weak");
  await signUp(page, { email, name: "Weak", password: "12345678" });
  await expect(page.getByTestId("password-error")).toHaveText("추측하기 쉬운 비밀번호입니다. 흔한 단어, 이름, 날짜, 키보드 배열은 피하고, 단어를 몇 개 더 붙여 보세요.");
  await expect(page.getByLabel("비밀번호")).toHaveAttribute("aria-invalid", "true");
  await expect(page).toHaveURL(/\/ko\/signup$/);
  // Nothing was created: the same email with a strong password makes a real account.
  await signUp(page, { email, name: "Weak", password: "twelve-brass-owls" });
  await expect(page).toHaveURL(/\/ko$/);
  await expect(page.getByRole("button", { name: /Weak/ })).toBeVisible();
});

test("a session cookie kept from before sign-out does not sign anyone in", async ({ page }) => {
  const email = uniqueEmail("leaver");
  await signUp(page, { email, name: "Leaver", password: "correct horse" });
  await expect(page.getByRole("button", { name: /Leaver/ })).toBeVisible();
  const latest = "/api/exercises/expose-nodeport/attempts/latest";
  expect((await page.request.post("/api/exercises/expose-nodeport/attempts", { data: { locale: "ko" } })).status()).toBe(201);
  expect((await page.request.get(latest)).status()).toBe(200);
  const before = await page.context().cookies();
  await page.getByRole("button", { name: /Leaver/ }).click();
  await page.getByRole("button", { name: "로그아웃" }).click();
  await expect(page.getByRole("banner").getByRole("link", { name: "로그인" })).toBeVisible();

  await page.context().addCookies(before.filter((c) => c.name.includes("session-token")));
  await page.goto("/ko");
  await expect(page.getByRole("banner").getByRole("link", { name: "로그인" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Leaver/ })).toHaveCount(0);
  expect((await page.goto("/ko/me"))?.url()).toMatch(/\/ko\/signin\?callbackUrl=/);
  // The exercise API, which reads the cookie itself, does not take it either.
  expect((await page.request.get(latest)).status()).toBe(404);
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
  await expect(page.getByText("DEMO-K8S", { exact: true })).toBeVisible();
});

test("an anonymous visitor to /en/admin signs in and comes back; the admin changes a role, which ends the user's session", async ({ page, browser }) => {
  const email = uniqueEmail("promote");
  const learnerContext = await browser.newContext();
  const learner = await learnerContext.newPage();
  await signUp(learner, { email, name: "Soon Instructor", password: "soon-teaching-pods" });
  await expect(learner).toHaveURL(/\/ko$/);
  await expect(learner.getByRole("button", { name: /Soon Instructor/ })).toBeVisible();

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

  // The session the learner opened under the old role is over.
  await learner.reload();
  await expect(learner.getByRole("banner").getByRole("link", { name: "로그인" })).toBeVisible();
  await signIn(learner, email, "soon-teaching-pods");
  await expect(learner).toHaveURL(/\/ko$/);
  expect((await learner.goto("/en/teach"))?.status()).toBe(200);
  await learnerContext.close();
});

test("wrong guesses slow strangers down with a clear wait, but the owner's own browser still signs in", async ({ page, browser }) => {
  const email = uniqueEmail("guessed");
  const ownerContext = await browser.newContext();
  const owner = await ownerContext.newPage();
  await signUp(owner, { email, name: "Owner", password: "the-right-one" });
  await expect(owner).toHaveURL(/\/ko$/);
  await owner.getByRole("button", { name: /Owner/ }).click();
  await owner.getByRole("button", { name: "로그아웃" }).click();
  await expect(owner.getByRole("banner").getByRole("link", { name: "로그인" })).toBeVisible();

  await page.goto("/en/signin");
  for (let i = 1; i <= 5; i++) {
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Password").fill(`wrong-${i}`);
    await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
    const error = page.getByTestId("signin-error");
    await expect(error).toHaveAttribute("data-attempt", String(i));
    await expect(error).toHaveText("That email and password don't match an account.");
  }
  // A stranger now has to wait, even with the right password: slowed down, not locked out for good.
  await page.getByLabel("Password").fill("the-right-one");
  await page.getByRole("main").getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByTestId("signin-error")).toHaveAttribute("data-attempt", "6");
  await expect(page.getByTestId("signin-error")).toHaveText("Too many failed sign-in attempts. Wait 30 seconds and try again.");
  await expect(page).toHaveURL(/\/en\/signin$/);

  // The owner, on the browser they signed in with before, is not affected.
  await signIn(owner, email, "the-right-one", "ko");
  await expect(owner).toHaveURL(/\/ko$/);
  await expect(owner.getByRole("button", { name: /Owner/ })).toBeVisible();
  await ownerContext.close();
});
