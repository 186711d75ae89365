import { expect, test, type Page } from "@playwright/test";

import { bearer, checkScreen, OFFICER, signIn, tokenFor } from "./support";

// A sample student of the reference deployment (gateway seed), who books the officer if the
// seeded bookings went to a colleague.
const STUDENT = "student03@students.example.ac.uk";

interface Meeting {
  id: string;
  status: string;
  starts_at: string;
}

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

/** A meeting of the officer's still to come: a seeded one if it is theirs, else one a student
 * books now through the API. */
async function upcomingMeeting(page: Page): Promise<Meeting> {
  const officer = bearer(await tokenFor(page.request, OFFICER));
  const mine = await page.request.get("/meetings", { headers: officer, params: { from: day(0), to: day(27), limit: 100 } });
  const soon = ((await mine.json()) as { items: Meeting[] }).items.find(
    (m) => m.status === "booked" && Date.parse(m.starts_at) > Date.now() + 3_600_000,
  );
  if (soon) return soon;
  const me = (await (await page.request.get("/accounts/me", { headers: officer })).json()) as { id: string };
  const student = bearer(await tokenFor(page.request, STUDENT));
  const slots = await page.request.get("/slots", {
    headers: student,
    params: { officer_id: me.id, from: day(1), to: day(27), limit: 1 },
  });
  const [slot] = ((await slots.json()) as { items: { availability_id: string; starts_at: string }[] }).items;
  expect(slot, "the officer offers a free slot in the coming weeks").toBeTruthy();
  const booked = await page.request.post("/meetings", {
    headers: student,
    data: { availability_id: slot?.availability_id, starts_at: slot?.starts_at, note: "Advice on a bike lock, please." },
  });
  expect(booked.status(), await booked.text()).toBe(201);
  return (await booked.json()) as Meeting;
}

test("an officer keeps their availability and leave, notes a booking and makes a calendar feed", async ({ page }) => {
  const suffix = Math.random().toString(36).slice(2, 8);
  // Far enough ahead, on random dates and minutes, not to meet anybody's bookings or the
  // entries of earlier runs (an officer's weekly entries may not overlap).
  const offset = 60 + Math.floor(Math.random() * 2500);
  const minute = String(Math.floor(Math.random() * 30)).padStart(2, "0");
  const hours = `Saturday 07:${minute}–08:${minute}`;
  const reason = `Annual leave ${suffix}`;
  const meeting = await upcomingMeeting(page);

  await signIn(page, OFFICER);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Meetings" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Meetings" })).toBeVisible();
  const calendar = page.getByRole("region", { name: "My calendar", exact: true });
  await expect(calendar.locator(`a[href$="/meetings/${meeting.id}"]`)).toBeVisible();
  await checkScreen(page, "meetings");

  // A weekly entry and a day of leave, still there after a reload.
  const availability = page.getByRole("region", { name: "My weekly availability" });
  await availability.getByLabel("Day", { exact: true }).selectOption("saturday");
  await availability.getByLabel("From", { exact: true }).fill(`07:${minute}`);
  await availability.getByLabel("Until", { exact: true }).fill(`08:${minute}`);
  await availability.getByLabel("Meeting type", { exact: true }).selectOption("crime-prevention-advice");
  await availability.getByLabel("Location", { exact: true }).selectOption("cathays-station");
  await availability.getByLabel("First day", { exact: true }).fill(day(offset));
  await availability.getByLabel("Last day", { exact: true }).fill(day(offset + 13));
  await availability.getByRole("button", { name: "Add these hours" }).click();
  await expect(availability.getByRole("status").filter({ hasText: `Added: Saturday 07:${minute}–08:${minute}` })).toBeVisible();

  const exceptions = page.getByRole("region", { name: "Leave and other exceptions" });
  await exceptions.getByLabel("Kind", { exact: true }).selectOption("leave");
  await exceptions.getByLabel("First day off", { exact: true }).fill(day(offset + 20));
  await exceptions.getByLabel("Last day off", { exact: true }).fill(day(offset + 22));
  await exceptions.getByLabel("Reason", { exact: true }).fill(reason);
  await exceptions.getByRole("button", { name: "Add the exception" }).click();
  await expect(exceptions.getByRole("status").filter({ hasText: "Added" })).toBeVisible();

  await page.reload();
  await expect(availability.getByRole("button", { name: `Remove ${hours}` })).toBeVisible();
  const leave = exceptions.getByRole("listitem").filter({ hasText: reason });
  await expect(leave).toContainText("(whole days)");

  // The calendar feed: its private link, shown once, serves the officer's calendar.
  const feed = page.getByRole("region", { name: "My calendar feed" });
  await feed.getByRole("button", { name: /^Make (my|a new) feed URL$/ }).click();
  const link = feed.getByLabel("Your private feed URL", { exact: true });
  await expect(link).toHaveValue(/\/calendars\/pcf_[^/]+\.ics$/);
  const ics = await page.request.get(new URL(await link.inputValue()).pathname);
  expect(ics.status()).toBe(200);
  expect(await ics.text()).toContain("BEGIN:VCALENDAR");
  await expect(feed).toContainText("Your feed was made");

  // Clean up this run's schedule: removed entries are gone after a reload.
  await availability.getByRole("button", { name: `Remove ${hours}` }).click();
  await expect(availability.getByRole("status").filter({ hasText: "Removed" })).toBeVisible();
  await leave.getByRole("button", { name: /^Remove leave/ }).click();
  await expect(exceptions.getByRole("status").filter({ hasText: "Removed" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "My calendar", exact: true })).toBeVisible();
  await expect(availability.getByRole("button", { name: `Remove ${hours}` })).toHaveCount(0);
  await expect(exceptions.getByRole("listitem").filter({ hasText: reason })).toHaveCount(0);

  // The booking: its details, and a private note kept after a reload.
  await calendar.locator(`a[href$="/meetings/${meeting.id}"]`).click();
  await expect(page.getByRole("region", { name: "Booking" })).toContainText("Booked");
  const note = `Bring the bike-marking kit ${suffix}`;
  await page.getByLabel("Notes", { exact: true }).fill(note);
  await page.getByRole("button", { name: "Save notes" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Private notes saved." })).toBeVisible();
  await page.reload();
  await expect(page.getByLabel("Notes", { exact: true })).toHaveValue(note);
  await expect(page.getByRole("region", { name: "Cancel the meeting" })).toBeVisible();
  const [saved] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download .ics" }).click(),
  ]);
  expect(saved.suggestedFilename()).toBe(`meeting-${meeting.id}.ics`);
  await checkScreen(page, "meeting");
});
