// The partner view: a crisis team's duty desk works the referrals the force sent it. Each test
// makes its own referrals as an officer through the API (a seeded mental-health report where it
// can), so it depends on no other test and on no referral left open by an earlier run.
import { expect, test, type APIRequestContext, type Page } from "@playwright/test";

import { bearer, checkScreen, MENTAL_HEALTH_PARTNER, OFFICER, signIn, tokenFor } from "./support";

const CRISIS_TEAM = "mental-health-crisis";

interface Report {
  id: string;
  share_consent: boolean;
}

/** Refer a seeded report to the crisis team as an officer: mental-health reports first (those
 * with the reporter's consent to sharing before the rest), then any other. A report that already
 * has an open referral to the team, is withdrawn or is unknown to the referrals service is
 * skipped. */
async function refer(request: APIRequestContext, reason: string): Promise<string> {
  const officer = bearer(await tokenFor(request, OFFICER));
  const partners = (await (await request.get("/partners", { headers: officer })).json()) as { id: string; slug: string }[];
  const crisisTeam = partners.find((p) => p.slug === CRISIS_TEAM);
  expect(crisisTeam, "the seeded crisis team").toBeDefined();
  const candidates: Report[] = [];
  for (const params of [{ category: "mental-health", limit: 100 }, { limit: 100 }] as Record<string, string | number>[]) {
    const page = await request.get("/reports", { headers: officer, params });
    expect(page.ok(), await page.text()).toBeTruthy();
    const items = ((await page.json()) as { items: Report[] }).items;
    candidates.push(...items.filter((r) => r.share_consent), ...items.filter((r) => !r.share_consent));
  }
  for (const report of candidates) {
    const response = await request.post("/referrals", {
      headers: officer,
      data: { report_id: report.id, partner_ids: [crisisTeam!.id], reason, priority: "high" },
    });
    if (response.status() === 201) return ((await response.json()) as { id: string }[])[0]!.id;
    expect([404, 409], await response.text()).toContain(response.status());
  }
  throw new Error("no seeded report could be referred to the crisis team");
}

const suffix = () => Math.random().toString(36).slice(2, 8);

async function openFromList(page: Page, reason: string, referralId: string): Promise<void> {
  const link = page.getByTestId("partner-referral-list").getByRole("link", { name: reason });
  await expect(link).toBeVisible();
  await link.click();
  await expect(page).toHaveURL(new RegExp(`/partner/${referralId}$`));
  await expect(page.getByRole("region", { name: "Terms" })).toContainText(reason);
}

const status = (page: Page) => page.getByRole("region", { name: "Terms" }).locator("dd").first();

test("a partner accepts a referral, posts an update and records its outcome", async ({ page }) => {
  const tag = suffix();
  const reason = `Welfare check ${tag}: a fellow student fears for his safety, please make contact.`;
  const referralId = await refer(page.request, reason);

  await signIn(page, MENTAL_HEALTH_PARTNER);
  await expect(page).toHaveURL(/\/dashboard\/partner$/);
  await expect(page.getByRole("heading", { level: 1, name: "My referrals" })).toBeVisible();
  await checkScreen(page, "partner-referrals");

  await openFromList(page, reason, referralId);
  const report = page.getByRole("region", { name: "The report as shared with you" });
  await expect(report).toContainText("data-sharing agreement (DSA-2026-MENTAL-HEALTH-CRISIS)");
  await expect(report.locator("dt").first()).toBeVisible();
  await expect(status(page)).toHaveText("Pending");
  await checkScreen(page, "partner-referral");

  await page.getByRole("button", { name: "Accept referral" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Referral accepted." })).toBeVisible();
  await page.reload();
  await expect(status(page)).toHaveText("Accepted");

  const update = `Spoke to the student ${tag}; an assessment is booked for tomorrow.`;
  await page.getByLabel("Update for the force").fill(update);
  await page.getByRole("button", { name: "Post update" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Update posted." })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("list", { name: "What happened to this referral" })).toContainText(update);

  const summary = `The crisis team met the student ${tag} and is supporting him.`;
  await page.getByLabel("Outcome", { exact: true }).selectOption({ label: "Support provided" });
  await page.getByLabel("Summary for the reporter").fill(summary);
  await page.getByLabel("Details for the force (optional)").fill(`Care plan agreed with the GP (${tag}).`);
  await page.getByRole("button", { name: "Record outcome" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Outcome recorded" })).toBeVisible();
  await page.reload();
  await expect(status(page)).toHaveText("Completed");
  await expect(page.getByRole("region", { name: "Outcome" })).toContainText(summary);
  await expect(page.getByRole("list", { name: "What happened to this referral" })).toContainText(update);
  await checkScreen(page, "partner-referral-completed");
  await page.setViewportSize({ width: 768, height: 1024 });
  await checkScreen(page, "partner-referral-tablet");

  // The force sees what the partner did.
  const officer = bearer(await tokenFor(page.request, OFFICER));
  const read = (await (await page.request.get(`/referrals/${referralId}`, { headers: officer })).json()) as {
    status: string;
    outcome: string;
    outcome_summary: string;
    updates: { by: string; note: string }[];
  };
  expect(read).toMatchObject({ status: "completed", outcome: "support_provided", outcome_summary: summary });
  expect(read.updates).toContainEqual(expect.objectContaining({ by: "partner", note: update }));
});

test("a partner declines a referral with a reason", async ({ page }) => {
  const tag = suffix();
  const reason = `Possible crisis ${tag}: the reporter saw a student in distress near the library.`;
  const referralId = await refer(page.request, reason);

  await signIn(page, MENTAL_HEALTH_PARTNER);
  await page.getByLabel("Status").selectOption({ label: "Pending" });
  await expect(page).toHaveURL(/status=pending/);
  // Just made, so not overdue: the overdue filter hides it.
  await expect(page.getByTestId("partner-referral-list").getByRole("link", { name: reason })).toBeVisible();
  await page.getByLabel("Overdue only (past the due date and still open)").check();
  await expect(page).toHaveURL(/overdue=true/);
  await expect(page.getByRole("link", { name: reason })).toHaveCount(0);
  await page.getByLabel("Overdue only (past the due date and still open)").uncheck();
  await openFromList(page, reason, referralId);

  const why = `Not for the crisis team (${tag}): student support is better placed to help.`;
  await page.getByLabel("Reason for declining").fill(why);
  await page.getByRole("button", { name: "Decline referral" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Referral declined." })).toBeVisible();
  await page.reload();
  await expect(status(page)).toHaveText("Declined");
  await expect(page.getByRole("list", { name: "What happened to this referral" })).toContainText(why);
  await expect(page.getByRole("button", { name: "Record outcome" })).toHaveCount(0);
  await checkScreen(page, "partner-referral-declined");

  // Declined referrals are no longer among the pending ones.
  await page.goto("partner?status=pending");
  await expect(page.getByRole("heading", { level: 1, name: "My referrals" })).toBeVisible();
  await expect(page.getByRole("link", { name: reason })).toHaveCount(0);
});

test("an action the API refuses shows its message", async ({ page }) => {
  const tag = suffix();
  const reason = `Follow-up ${tag}: the reporter asked for someone to check on a friend.`;
  const referralId = await refer(page.request, reason);

  await signIn(page, MENTAL_HEALTH_PARTNER);
  await page.goto(`partner/${referralId}`);
  await page.getByRole("button", { name: "Accept referral" }).click();
  await expect(status(page)).toHaveText("Accepted");

  // A colleague at the agency declines it meanwhile; this screen still offers the outcome.
  const partner = bearer(await tokenFor(page.request, MENTAL_HEALTH_PARTNER));
  const declined = await page.request.post(`/referrals/${referralId}/decline`, {
    headers: partner,
    data: { reason: `Declined by a colleague (${tag}).` },
  });
  expect(declined.ok(), await declined.text()).toBeTruthy();

  await page.getByLabel("Outcome", { exact: true }).selectOption({ label: "Signposted" });
  await page.getByLabel("Summary for the reporter").fill(`Signposted to student support (${tag}).`);
  await page.getByRole("button", { name: "Record outcome" }).click();
  await expect(page.getByRole("alert")).toContainText("this referral was declined");
  // The screen shows the referral as it now is.
  await expect(status(page)).toHaveText("Declined");
  await checkScreen(page, "partner-referral-refused");
});

test("a partner cannot open the force's screens", async ({ page }) => {
  await signIn(page, MENTAL_HEALTH_PARTNER);
  await page.goto("");
  await expect(page).toHaveURL(/\/dashboard\/partner$/);
  await page.goto("reports");
  await expect(page).toHaveURL(/\/dashboard\/partner$/);
  const screens = page.getByRole("navigation", { name: "Screens" });
  await expect(screens.getByRole("link")).toHaveText(["My referrals"]);
  await page.setViewportSize({ width: 768, height: 1024 });
  await checkScreen(page, "partner-referrals-tablet");
});
