import { expect, test } from "./fixtures";

test("/ redirects by Accept-Language", async ({ browser }) => {
  // The browser's locale sets its Accept-Language header; French falls back to the default, Korean.
  for (const [browserLocale, locale] of [["en-US", "en"], ["ko-KR", "ko"], ["fr-FR", "ko"]] as const) {
    const context = await browser.newContext({ locale: browserLocale });
    const page = await context.newPage();
    await page.goto("/");
    await expect(page).toHaveURL(new RegExp(`/${locale}$`));
    await context.close();
  }
});

test("the language switcher keeps the current page", async ({ page }) => {
  await page.goto("/ko/exercises?difficulty=hard");
  await expect(page.getByRole("heading", { level: 1, name: "실습" })).toBeVisible();
  await page.getByRole("group", { name: "언어" }).getByRole("link", { name: "English" }).click();
  await expect(page).toHaveURL(/\/en\/exercises\?difficulty=hard$/);
  await expect(page.getByRole("heading", { level: 1, name: "Exercises" })).toBeVisible();
  await page.getByRole("group", { name: "Language" }).getByRole("link", { name: "한국어" }).click();
  await expect(page).toHaveURL(/\/ko\/exercises\?difficulty=hard$/);
});

test("pages carry the security headers and a nonce CSP", async ({ page }) => {
  const response = await page.goto("/en");
  const headers = response!.headers();
  expect(headers["content-security-policy"]).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/);
  expect(headers["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(headers["content-security-policy"]).not.toContain("unsafe-eval");
  expect(headers["x-content-type-options"]).toBe("nosniff");
  expect(headers["referrer-policy"]).toBe("strict-origin-when-cross-origin");
});

test("dark mode can be chosen and sticks", async ({ page }) => {
  await page.goto("/en");
  const toggle = page.getByRole("button", { name: /^Theme: system/ });
  await toggle.click();
  await expect(page.getByRole("button", { name: /^Theme: light/ })).toBeVisible();
  await page.getByRole("button", { name: /^Theme: light/ }).click();
  await expect(page.locator("html")).toHaveClass("dark");
  await page.reload();
  await expect(page.locator("html")).toHaveClass("dark");
});

test("health answers 200 with the database reachable", async ({ request }) => {
  const res = await request.get("/api/health");
  expect(res.status()).toBe(200);
  expect(await res.json()).toEqual({ status: "ok", db: true });
  // API responses: the deny-all CSP and the common security headers (the nonce CSP is for pages).
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  expect(res.headers()["x-content-type-options"]).toBe("nosniff");
});

test("unknown pages get the localized 404", async ({ page }) => {
  const res = await page.goto("/en/no-such-page");
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { name: "Page not found" })).toBeVisible();
});
