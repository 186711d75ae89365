import { expect, test, type Page } from "@playwright/test";

import { checkScreen, OFFICER, password, signIn } from "./support";

/** GET `path` through the gateway as `email`. */
async function read<T>(page: Page, email: string, path: string): Promise<T> {
  const form = { grant_type: "password", username: email, password: password(email) };
  const token = (await (await page.request.post("/auth/token", { form })).json()) as { access_token: string };
  const response = await page.request.get(path, { headers: { Authorization: `Bearer ${token.access_token}` } });
  expect(response.ok(), `${path}: ${response.status()}`).toBeTruthy();
  return (await response.json()) as T;
}

test("the map shows the filtered reports over the areas, and a point opens its report", async ({ page }) => {
  await signIn(page, OFFICER);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Map" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Map" })).toBeVisible();
  const map = page.getByRole("group", { name: "Reports over the force's areas" });
  await expect(map).toBeVisible();
  await expect(map.locator("text.area-name", { hasText: "University campus" })).toHaveCount(1);

  await page.getByLabel("Category").selectOption({ label: "Mental health" });
  await page.getByLabel("When it happened").selectOption("30d");
  await expect(page).toHaveURL(/category=mental-health/);
  const since = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();
  const expected = await read<{ items: { id: string }[] }>(
    page,
    OFFICER,
    `/reports/points?category=mental-health&occurred_after=${encodeURIComponent(since)}&limit=2000`,
  );
  expect(expected.items.length, "the seeded mental-health reports").toBeGreaterThan(0);
  await expect(page.locator(".map-summary")).toContainText(`${expected.items.length} reports shown`);
  // Every point drawn is of the chosen category.
  for (const label of await map.locator(".map-point").evaluateAll((nodes) => nodes.map((n) => n.getAttribute("aria-label")))) {
    expect(label).toContain("Mental health");
  }
  await checkScreen(page, "map");

  // Zoom into clusters until a single point can be chosen, then open its report.
  for (let i = 0; i < 6 && (await map.locator(".map-point").count()) === 0; i++) {
    await map.locator(".map-cluster").first().click();
  }
  const point = map.locator(".map-point").first();
  const label = (await point.getAttribute("aria-label")) ?? "";
  const reference = label.split(":")[0];
  await point.click();
  await expect(page).toHaveURL(/\/dashboard\/reports\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Report ${reference}`);
});
