import { expect, test } from "@playwright/test";

import { apiAs, checkScreen, OFFICER, signIn } from "./support";

test("the officer's overview: urgent and new reports, conversations, referrals, meetings and the picture", async ({
  page,
}) => {
  await signIn(page, OFFICER);
  await expect(page.getByRole("heading", { level: 1, name: "Overview" })).toBeVisible();

  // The newest open urgent report is listed first, as the search has it.
  const read = await apiAs(page.request, OFFICER);
  const urgent = await read<{ items: { reference: string }[] }>(
    "/reports?urgent=true&status=received&status=triaged&status=in_progress&status=referred&limit=10",
  );
  const newestUrgent = urgent.items[0];
  const urgentPanel = page.getByRole("region", { name: "Urgent reports", exact: true });
  if (newestUrgent) {
    await expect(urgentPanel.getByRole("link").first()).toHaveText(newestUrgent.reference);
  } else {
    await expect(urgentPanel).toContainText("No open urgent report.");
  }

  for (const title of ["New reports", "Open conversations", "Overdue referrals", "Today's meetings"]) {
    await expect(page.getByRole("heading", { level: 2, name: title })).toBeVisible();
  }
  await expect(page.getByRole("link", { name: "Go to the conversations" })).toHaveAttribute(
    "href",
    "/dashboard/conversations",
  );

  // The charts' figures are the server's counts for the same window.
  const since = new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString();
  const stats = await read<{ total: number; by_category: { key: string; count: number }[] }>(
    `/reports/stats?since=${encodeURIComponent(since)}`,
  );
  const picture = page.getByRole("region", { name: "The picture", exact: true });
  await expect(picture.locator(".overview-total .stat")).toHaveText(stats.total.toLocaleString("en-GB"));
  const byCategory = picture.locator("figure", { hasText: "Reports by category" }).first();
  await expect(byCategory.locator("svg")).toBeVisible();
  const top = stats.by_category[0];
  if (top) {
    await expect(byCategory.locator("table tbody tr").first().locator("td")).toHaveText(String(top.count));
  }
  await expect(picture.locator("figure", { hasText: "Reports by area, per day" }).locator("svg")).toBeVisible();
  await checkScreen(page, "overview");

  // A shorter window asks the server again.
  await picture.getByLabel("Over", { exact: true }).selectOption("7");
  await expect(picture.locator(".overview-total")).toContainText("in the last 7 days");

  if (newestUrgent) {
    await urgentPanel.getByRole("link").first().click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Report ${newestUrgent.reference}`);
  }
});
