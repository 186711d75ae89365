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

test("dense reports cluster, and a cluster zooms in to show what it holds", async ({ page }) => {
  await signIn(page, OFFICER);
  await page.goto("map?range=30d");
  const map = page.getByRole("group", { name: "Reports over the force's areas" });
  await expect(page.locator(".map-summary")).toContainText("reports shown");
  const shown = Number((await page.locator(".map-summary").textContent())?.match(/(\d+) reports shown/)?.[1]);
  // The seeded reports crowd round the campus: at the force's extent some share a cluster.
  const clusters = map.locator(".map-cluster");
  await expect(clusters.first()).toBeVisible();
  // Every report is drawn once: as a point, or counted in one cluster.
  const counted = await clusters.locator("text").evaluateAll((nodes) => nodes.reduce((n, t) => n + Number(t.textContent), 0));
  expect(counted + (await map.locator(".map-point").count())).toBe(shown);
  const largest = Math.max(...(await clusters.locator("text").allTextContents()).map(Number));
  await clusters.filter({ hasText: new RegExp(`^${largest}$`) }).first().click();
  await expect(page.getByRole("button", { name: "Show the whole force area" })).toBeVisible();
  // The zoomed view holds every report of that cluster (split further where they are apart;
  // reports at the very same spot stay one cluster, and the list under the map names them).
  const inView = async () =>
    (await clusters.locator("text").evaluateAll((nodes) => nodes.reduce((n, t) => n + Number(t.textContent), 0))) +
    (await map.locator(".map-point").count());
  await expect.poll(inView).toBeGreaterThanOrEqual(largest);
  await page.getByRole("button", { name: "Show the whole force area" }).click();
  await expect.poll(inView).toBe(shown);
});

