// Browser tests of the dashboard: Debian's Chromium (never a downloaded browser) driven by
// Playwright against a running stack. `make test` runs them through tests/test_dashboard_e2e.py,
// which starts the whole platform, seeds it and sets the variables below; by hand, against
// `make up`: `cd dashboard && npx playwright test`.
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e-results/artifacts",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  // One browser at a time: the journeys share the seeded data and a 2-core machine.
  workers: 1,
  fullyParallel: false,
  forbidOnly: true,
  retries: 0,
  reporter: [["list"], ["html", { outputFolder: "e2e-results/report", open: "never" }]],
  use: {
    baseURL: process.env.PEELIAN_DASHBOARD_URL ?? "http://127.0.0.1:8000/dashboard/",
    viewport: { width: 1366, height: 900 },
    locale: "en-GB",
    timezoneId: "Europe/London",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.PEELIAN_CHROMIUM ?? "/usr/bin/chromium",
      // Without these Chromium keeps calling Google's hosts, which a closed network refuses.
      args: [
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
