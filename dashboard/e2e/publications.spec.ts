import { expect, test } from "@playwright/test";

import { checkScreen, OFFICER, signIn, SUPERVISOR } from "./support";

// Two sign-ins, and up to a minute of it waiting for the fan-out to finish.
test.setTimeout(150_000);

test("an officer's warning to the campus is approved by a supervisor and reaches the students", async ({ page }) => {
  const suffix = Math.random().toString(36).slice(2, 8);
  const title = `Take care on the path behind the library ${suffix}`;
  const welsh = `Byddwch yn ofalus ar y llwybr ${suffix}`;

  await signIn(page, OFFICER);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Publications" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Publications" })).toBeVisible();
  await page.getByRole("link", { name: "New publication" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New publication" })).toBeVisible();

  await page.getByRole("radio", { name: "Warning" }).check();
  await page.getByLabel("Severity").selectOption("urgent");
  await page.getByLabel(/Ask readers to acknowledge/).check();
  await page.getByLabel("Title (English)").fill(title);
  await page.getByLabel("Body (English)").fill("A man has been approaching students on the unlit path. Use the lit route.");
  await page.getByLabel("Another language").selectOption("cy");
  await page.getByRole("button", { name: "Add a translation" }).click();
  await page.getByLabel("Title (Welsh)").fill(welsh);
  await page.getByLabel("Body (Welsh)").fill("Defnyddiwch y llwybr golau ar hyd Park Place.");
  // The campus is chosen on the map (its polygons are checkboxes), by keyboard: Park Place lies
  // over its middle, where a click would land. The topic is ticked in the list.
  await page.getByRole("checkbox", { name: "University campus" }).focus();
  await page.keyboard.press("Space");
  await page.getByRole("checkbox", { name: "Personal safety" }).check();
  await expect(page.getByText("Chosen: University campus")).toBeVisible();
  // The seeded students who live on the campus follow every topic.
  await expect(page.getByTestId("audience-count")).toHaveText(/^[1-9][\d,]*$/);
  await checkScreen(page, "publication-compose");

  await page.getByRole("button", { name: "Submit for approval" }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByText("Waiting for a supervisor's approval.")).toBeVisible();
  const detail = new URL(page.url()).pathname;

  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, SUPERVISOR);
  await page.goto("publications?status=pending_approval");
  await page.getByRole("link", { name: title }).click();
  await expect(page).toHaveURL(new RegExp(`${detail}$`));
  await page.getByLabel("Language shown").selectOption("cy");
  await expect(page.locator("article[lang=cy]")).toContainText(welsh);
  await checkScreen(page, "publication-approve");

  await page.getByRole("button", { name: "Approve and publish" }).click();
  const facts = page.locator(".facts");
  await expect(facts).toContainText("Published");
  // The fan-out runs in the messaging service: the screen reads its progress every 2 s.
  await expect(page.getByText(/Delivery done: [1-9][\d,]* people reached/)).toBeVisible({ timeout: 60_000 });
  const campus = page.getByRole("row", { name: /University campus/ });
  const delivered = Number((await campus.getByRole("cell").first().innerText()).replace(/,/g, ""));
  expect(delivered).toBeGreaterThan(0);
  await page.reload();
  await expect(page.locator(".facts")).toContainText("Published");
  await expect(page.getByRole("row", { name: /University campus/ })).toBeVisible();
  await checkScreen(page, "publication-reach");

  // Retracted with a public reason, which its history keeps.
  await page.getByLabel("Reason for retracting").fill("The man was arrested this morning.");
  await page.getByRole("button", { name: "Retract" }).click();
  await expect(page.locator(".facts")).toContainText("Retracted");
  await expect(page.getByRole("region", { name: "History" })).toContainText("Reason: The man was arrested this morning.");
});
