import { expect, test } from "@playwright/test";

import { checkScreen, OFFICER, signIn } from "./support";

test("the sign-in screen is accessible and a wrong password says why", async ({ page }) => {
  await page.goto("");
  await expect(page).toHaveURL(/\/dashboard\/login$/);
  await checkScreen(page, "login");
  await page.getByLabel("Email").fill(OFFICER);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert")).toContainText(/password/i);
});

test("an officer signs in, stays signed in across a reload, and signs out", async ({ page }) => {
  await signIn(page, OFFICER);
  await expect(page.getByRole("navigation", { name: "Screens" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/dashboard\/login$/);
  await page.goto("");
  await expect(page).toHaveURL(/\/dashboard\/login$/);
});
