import { expect, test } from "@playwright/test";

import { apiAs, checkScreen, OFFICER, signIn } from "./support";

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
  const read = await apiAs(page.request, OFFICER);
  const expected = await read<{ items: { id: string }[] }>(
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
