import { expect, test } from "@playwright/test";

import { apiAs, checkScreen, OFFICER, signIn } from "./support";

const CRISIS_TEAM = "Mental Health Crisis Team";
const OPEN = ["received", "triaged", "in_progress", "referred"];

interface Report {
  id: string;
  reference: string;
  status: string;
  priority: string;
  category: string;
}

const suffix = () => Math.random().toString(36).slice(2, 8);

test("the reports list filters, pages with Load more and opens a report", async ({ page }) => {
  await signIn(page, OFFICER);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Reports" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Reports" })).toBeVisible();
  const rows = page.locator("table tbody tr");
  // The reference deployment has more reports than one page (25).
  await expect(rows).toHaveCount(25);
  await page.getByRole("button", { name: "Load more" }).click();
  await expect.poll(() => rows.count()).toBeGreaterThan(25);

  await page.getByLabel("Status").selectOption("triaged");
  await page.getByLabel("Category").selectOption({ label: "Theft" });
  await expect(page).toHaveURL(/status=triaged/);
  await expect(rows.first()).toBeVisible();
  for (const row of await rows.all()) {
    await expect(row).toContainText("Theft");
    await expect(row.locator(".badge").first()).toHaveText("Triaged");
  }
  await checkScreen(page, "reports");

  const first = rows.first().getByRole("link");
  const reference = await first.innerText();
  await first.click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Report ${reference}`);
  // Back to the list: its filters are kept in the address.
  await page.goBack();
  await expect(page.getByLabel("Status")).toHaveValue("triaged");
});

test("an officer triages a seeded report: priority, status, note, update and a referral, kept after a reload", async ({
  page,
}) => {
  await signIn(page, OFFICER);
  const get = await apiAs(page.request, OFFICER);
  const partners = await get<{ id: string; name: string }[]>("/partners");
  const crisis = partners.find((p) => p.name === CRISIS_TEAM);
  expect(crisis, "the seeded crisis team").toBeDefined();

  // A seeded open report (mental-health ones first) not yet referred to the crisis team: each
  // run takes another, so runs against the same stack do not collide.
  const query = OPEN.map((s) => `status=${s}`).join("&");
  const open = (await get<{ items: Report[] }>(`/reports?${query}&limit=100`)).items.sort(
    (a, b) => Number(b.category === "mental-health") - Number(a.category === "mental-health"),
  );
  let report: Report | undefined;
  for (const candidate of open) {
    const referrals = await get<{ items: { status: string }[] }>(
      `/referrals?report_id=${candidate.id}&partner_id=${crisis!.id}`,
    );
    if (!referrals.items.some((r) => r.status === "pending" || r.status === "accepted")) {
      report = candidate;
      break;
    }
  }
  expect(report, "an open report not referred to the crisis team").toBeDefined();
  const r = report!;

  await page.goto(`reports/${r.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Report ${r.reference}`);

  // Triage: another priority, and a colleague in the team to work it.
  const priority = r.priority === "high" ? "critical" : "high";
  const triage = page.getByRole("region", { name: "Triage", exact: true });
  await triage.getByLabel("Priority").selectOption(priority);
  await triage.getByLabel("Officer").selectOption({ label: "Assign to PC Chidi Okafor" });
  await triage.getByRole("button", { name: "Save triage" }).click();
  await expect(triage.getByRole("status")).toHaveText("Triage saved.");

  // Status: a move that keeps the report open (triage made a received report triaged).
  const status = page.getByRole("region", { name: "Status", exact: true });
  const current = r.status === "received" ? "triaged" : r.status;
  const to = current === "in_progress" ? "referred" : "in_progress";
  const toLabel = to === "in_progress" ? "In progress" : "Referred";
  await status.getByLabel("New status").selectOption(to);
  await status.getByLabel("Reason").fill(`Enquiries by the e2e test ${suffix()}`);
  await status.getByLabel("Message to the reporter").fill("An officer is looking into your report.");
  await status.getByRole("button", { name: "Change status" }).click();
  await expect(status.getByRole("status")).toContainText(`Status changed to ${toLabel.toLowerCase()}`);

  // An internal note and a public update.
  const note = `Checked the CCTV request, note ${suffix()}`;
  const update = `We have asked the crisis team to help, update ${suffix()}`;
  const notes = page.getByRole("region", { name: "Notes and updates", exact: true });
  await notes.getByLabel("Internal note").fill(note);
  await notes.getByRole("button", { name: "Add internal note" }).click();
  await expect(notes.getByRole("status")).toHaveText("Note added to the timeline.");
  await notes.getByLabel("Public update").fill(update);
  await notes.getByRole("button", { name: "Publish update" }).click();
  await expect(notes.getByRole("status").last()).toHaveText("Update published to the reporter.");

  // A referral to the crisis team, due in three days.
  const due = new Date(Date.now() + 3 * 24 * 3600 * 1000);
  const local = new Date(due.getTime() - due.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
  const referrals = page.getByRole("region", { name: "Referrals", exact: true });
  await referrals.getByLabel("Partner agency").selectOption({ label: CRISIS_TEAM });
  await referrals.getByLabel("Reason").fill(`Please assess the person named in the report (${suffix()}).`);
  await referrals.getByLabel("Referral priority").selectOption("urgent");
  await referrals.getByLabel("Due by").fill(local);
  await referrals.getByRole("button", { name: "Refer" }).click();
  await expect(referrals.getByRole("status")).toHaveText(`Referred to ${CRISIS_TEAM}.`);

  // Everything is still there after a reload: it came from the server.
  await page.reload();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Report ${r.reference}`);
  const badges = page.getByLabel("Status and priority");
  await expect(badges).toContainText(toLabel);
  await expect(badges).toContainText(`${priority === "high" ? "High" : "Critical"} priority`);
  await expect(page.getByRole("region", { name: "Details", exact: true })).toContainText("PC Chidi Okafor");
  const timeline = page.getByRole("region", { name: "Timeline", exact: true });
  await expect(timeline.locator("li", { hasText: note })).toContainText("Internal");
  await expect(timeline.locator("li", { hasText: update })).toContainText("Seen by the reporter");
  const referral = page.getByRole("list", { name: "Referrals of this report" }).locator("li", { hasText: CRISIS_TEAM });
  await expect(referral.first()).toContainText("Urgent priority");
  await expect(referral.first().locator(".badge").first()).toHaveText(/Pending|Accepted/);
  await expect(referrals.getByLabel("Partner agency").locator("option", { hasText: CRISIS_TEAM })).toHaveText(
    `${CRISIS_TEAM} (already referred)`,
  );
  await checkScreen(page, "report");
});

test("an officer opens a report's evidence with a purpose, recorded in its chain of custody", async ({ page }) => {
  await signIn(page, OFFICER);
  const get = await apiAs(page.request, OFFICER);
  // A seeded report with a photo: the cut D-lock at the library.
  const found = await get<{ items: Report[] }>("/reports?q=D-lock&category=theft");
  expect(found.items.length, "the seeded bike theft with a photo").toBeGreaterThan(0);
  // The oldest match: the seeded one, not a later report that mentions a D-lock.
  const r = found.items.at(-1)!;

  await page.goto(`reports/${r.id}`);
  const evidence = page.getByRole("region", { name: "Evidence", exact: true });
  const purpose = `Triage of the report, e2e ${suffix()}`;
  await evidence.getByLabel("Purpose of viewing").fill(purpose);
  await evidence.getByRole("button", { name: "Open the evidence" }).click();
  const photo = evidence.getByRole("img", { name: /Evidence 1: Photo/ });
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
  await checkScreen(page, "report-evidence");

  const [first] = (await get<{ items: { id: string }[] }>(`/reports/${r.id}/evidence`)).items;
  const custody = await get<{ purpose: string | null; action: string }[]>(
    `/reports/${r.id}/evidence/${first!.id}/custody`,
  );
  expect(custody.some((c) => c.action === "downloaded" && c.purpose === purpose)).toBeTruthy();
});
