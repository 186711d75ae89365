import { expect, test } from "@playwright/test";

import { checkScreen, OFFICER, signIn } from "./support";

// Up to a minute of it waiting for the seeded reports' conversations to come through Kafka.
test.setTimeout(120_000);

test("an officer answers a seeded report's conversation, takes it and closes it", async ({ page }) => {
  const reply = `Thank you: PC Jones will call you about this tomorrow (${Math.random().toString(36).slice(2, 8)}).`;
  await signIn(page, OFFICER);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Conversations" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Conversations" })).toBeVisible();

  // Messaging opens a report's conversation when it consumes report.submitted from Kafka: in a
  // freshly seeded stack they arrive a little after the reports.
  const inbox = page.getByRole("list", { name: "Conversations, most recent activity first" });
  const seeded = inbox
    .getByRole("listitem")
    .filter({ hasText: /Report PRE-/ })
    .filter({ hasNotText: "account erased" });
  await expect(async () => {
    if ((await seeded.count()) === 0) await page.reload();
    await expect(seeded.first()).toBeVisible({ timeout: 2_000 });
  }).toPass({ timeout: 60_000 });
  await checkScreen(page, "conversations");

  await seeded.first().getByRole("link").click();
  await expect(page).toHaveURL(/\/conversations\/[0-9a-f-]{36}/);
  const id = /\/conversations\/([0-9a-f-]{36})/.exec(page.url())![1];
  const thread = page.getByRole("region", { name: /Report PRE-/ });
  await expect(thread.getByRole("list", { name: "Messages, oldest first" })).toContainText("was received");

  await thread.getByLabel("Your reply").fill(reply);
  await thread.getByRole("button", { name: "Send reply" }).click();
  await expect(thread.getByRole("list", { name: "Messages, oldest first" })).toContainText(reply);
  await expect(thread.locator(".facts")).toContainText("Waiting for the citizen");

  // Taken by this officer in an earlier run: give it back first, so that assigning changes it.
  if (await thread.getByRole("button", { name: "Unassign" }).isVisible()) {
    await thread.getByRole("button", { name: "Unassign" }).click();
  }
  await thread.getByRole("button", { name: "Assign to me" }).click();
  await expect(thread.getByRole("button", { name: "Unassign" })).toBeVisible();

  await thread.getByLabel("Status", { exact: true }).selectOption("closed");
  await thread.getByRole("button", { name: "Change status" }).click();
  await expect(thread.locator(".facts")).toContainText("Closed");

  await page.reload();
  const again = page.getByRole("region", { name: /Report PRE-/ });
  await expect(again.getByRole("list", { name: "Messages, oldest first" })).toContainText(reply);
  await expect(again.locator(".facts")).toContainText("Closed");
  await expect(again.locator(".facts")).toContainText(/Assigned to\s*You/);
  await expect(again.getByRole("button", { name: "Assign to me" })).toHaveCount(0);
  await checkScreen(page, "conversation");

  // The inbox's filters find it where it now belongs: closed, and assigned to me.
  const filters = page.getByRole("form", { name: "Filter the inbox" });
  await filters.getByLabel("Status").selectOption("closed");
  await filters.getByLabel("Assigned to").selectOption("me");
  await expect(inbox.locator(`a[href*="/conversations/${id}"]`)).toBeVisible();
  await filters.getByLabel("Assigned to").selectOption("nobody");
  await expect(page.getByText("No conversation matches these filters.").or(inbox)).toBeVisible();
  await expect(inbox.locator(`a[href*="/conversations/${id}"]`)).toHaveCount(0);

  // Handed to a colleague in the team (the gateway's staff directory names them).
  await page.reload();
  const handed = page.getByRole("region", { name: /Report PRE-/ });
  await handed.getByLabel("Assign to a colleague").selectOption({ label: "PC Chidi Okafor" });
  await handed.getByRole("button", { name: "Assign", exact: true }).click();
  await expect(handed.locator(".facts")).toContainText(/Assigned to\s*PC Chidi Okafor/);
  await page.reload();
  await expect(page.getByRole("region", { name: /Report PRE-/ }).locator(".facts")).toContainText(
    /Assigned to\s*PC Chidi Okafor/,
  );
});
