// Every force screen at a tablet's width (768 px, portrait): nothing wider than the screen (no
// sideways scrolling), the menu reachable, and axe's checks, with a screenshot of each.
import { expect, test } from "@playwright/test";

import { checkScreen, OFFICER, signIn } from "./support";

const SCREENS = [
  { path: "", name: "Overview" },
  { path: "map", name: "Map" },
  { path: "reports", name: "Reports" },
  { path: "conversations", name: "Conversations" },
  { path: "publications", name: "Publications" },
  { path: "publications/new", name: "New publication" },
  { path: "surveys", name: "Surveys" },
  { path: "surveys/new", name: "New survey" },
  { path: "meetings", name: "Meetings" },
];

test("every force screen fits a tablet's width", async ({ page }) => {
  await page.setViewportSize({ width: 768, height: 1024 });
  await signIn(page, OFFICER);
  for (const screen of SCREENS) {
    await page.goto(screen.path);
    await expect(page.getByRole("heading", { level: 1 })).toContainText(screen.name);
    await checkScreen(page, `tablet-${screen.path.replace("/", "-") || "overview"}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, `${screen.name} scrolls sideways by ${overflow} px`).toBeLessThanOrEqual(0);
    await expect(page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Meetings" })).toBeVisible();
  }
});
