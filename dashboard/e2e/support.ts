// What every browser test shares: the seeded sign-ins, signing in, and the check each screen
// gets (axe-core, no serious or critical violation) with its screenshot saved for review.
import { mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import AxeBuilder from "@axe-core/playwright";
import { expect, type APIRequestContext, type Page } from "@playwright/test";

const here = dirname(fileURLToPath(import.meta.url));
export const SCREENSHOTS = join(here, "..", "e2e-results", "screenshots");

// The reference deployment's people (gateway/src/gateway/seed.py).
export const OFFICER = "pc.jones@police.example";
export const SUPERVISOR = "sgt.patel@police.example";
export const MENTAL_HEALTH_PARTNER = "duty.mental-health-crisis@partners.example";

/** The seeded passwords: the file `services.sh seed` writes, or the one the test run made. */
export function password(email: string): string {
  const file = process.env.PEELIAN_CREDENTIALS_FILE ?? join(here, "..", "..", ".run", "seed-credentials.json");
  const credentials = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  const secret = credentials[email];
  if (!secret) throw new Error(`no seeded password for ${email} in ${file}`);
  return secret;
}

/** An access token for `email`, signed in through the API (for a test's set-up and checks). */
export async function tokenFor(request: APIRequestContext, email: string): Promise<string> {
  const form = { grant_type: "password", username: email, password: password(email) };
  let response = await request.post("/auth/token", { form });
  // Sign-ins are rate-limited per address (`make test` raises the limit; `make up` does not).
  if (response.status() === 429) {
    await new Promise((done) => setTimeout(done, Number(response.headers()["retry-after"] ?? 10) * 1000 + 500));
    response = await request.post("/auth/token", { form });
  }
  expect(response.ok(), await response.text()).toBeTruthy();
  return ((await response.json()) as { access_token: string }).access_token;
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

/** GET through the gateway as `email`: the figures a screen should show, read from the API. */
export async function apiAs(request: APIRequestContext, email: string) {
  const headers = bearer(await tokenFor(request, email));
  return async <T>(path: string): Promise<T> => {
    const response = await request.get(path, { headers });
    expect(response.ok(), `${path}: ${response.status()}`).toBeTruthy();
    return (await response.json()) as T;
  };
}

export async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password(email));
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
}

/** Wait until nothing on the screen is loading any more. */
export async function settled(page: Page): Promise<void> {
  await expect(page.locator(".state-loading")).toHaveCount(0);
}

/** axe-core on the screen as it is now (WCAG 2.1 A and AA rules): no serious or critical
 * violation; then a full-page screenshot under e2e-results/screenshots/<name>.png. */
export async function checkScreen(page: Page, name: string): Promise<void> {
  await settled(page);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  const serious = results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({ rule: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  expect(serious, `accessibility violations on ${name}`).toEqual([]);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}
