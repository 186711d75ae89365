import { readFile } from "node:fs/promises";

import { expect, test } from "@playwright/test";

import { checkScreen, OFFICER, signIn } from "./support";

// The reference deployment's survey (services/surveys/src/surveys/seed.py) and its questions,
// in the order asked: the export's columns after the fixed ones.
const SEEDED = "Your safety, your say: students' concerns and how you want to hear from us";
const SEEDED_QUESTIONS = [
  "year",
  "home",
  "nights-out",
  "concerns",
  "safe-day",
  "safe-night",
  "least-safe",
  "victim",
  "reported",
  "why-not",
  "when",
  "confidence",
  "channels",
  "drop-in",
  "comments",
];

test("an officer builds a survey, publishes it to the campus and closes it", async ({ page }) => {
  const title = `Night-time safety check ${Math.random().toString(36).slice(2, 8)}`;
  await signIn(page, OFFICER);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Surveys" }).click();
  await page.getByRole("link", { name: "New survey" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "New survey" })).toBeVisible();

  await page.getByLabel("Title", { exact: true }).fill(title);
  await page.getByLabel("Introduction", { exact: true }).fill("Three questions about getting home safely.");
  await page.getByLabel("Section 1 title", { exact: true }).fill("Getting home");

  const first = page.getByRole("group", { name: "Question 1", exact: true });
  await first.getByLabel("Wording", { exact: true }).fill("How do you usually get home after a night out?");
  await first.getByLabel("Option 1", { exact: true }).fill("Walk");
  await first.getByLabel("Option 2", { exact: true }).fill("Taxi");
  await first.getByRole("button", { name: "Add an option" }).click();
  await first.getByLabel("Option 3", { exact: true }).fill("Night bus");
  await first.getByLabel("Required").check();

  // Publishing with a question left unworded is refused here, naming the question.
  await page.getByRole("button", { name: "Add a question to section 1" }).click();
  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("alert")).toContainText("Question 2: it needs its wording in English");

  const second = page.getByRole("group", { name: "Question 2", exact: true });
  await second.getByLabel("Kind of question").selectOption("likert");
  await second.getByLabel("Wording", { exact: true }).fill("I feel safe walking home after dark.");
  await expect(second.getByLabel("Option 5", { exact: true })).toHaveValue("Strongly agree");

  await page.getByRole("button", { name: "Add a question to section 1" }).click();
  const third = page.getByRole("group", { name: "Question 3", exact: true });
  await third.getByLabel("Kind of question").selectOption("text");
  await third.getByLabel("Wording", { exact: true }).fill("Which route worries you, and why?");
  await third.getByLabel("Show this question").selectOption({ index: 2 });
  await third.getByLabel("Disagree", { exact: true }).check();
  await third.getByLabel("Strongly disagree", { exact: true }).check();

  await page.getByLabel("Target areas").check();
  await page.getByLabel("University campus").check();
  await page.getByLabel("Personal safety").check();
  await checkScreen(page, "survey-builder");

  await page.getByRole("button", { name: "Publish", exact: true }).click();
  await expect(page.getByRole("heading", { level: 1, name: title })).toBeVisible();
  await expect(page.getByRole("status").filter({ hasText: "Published." })).toBeVisible();

  // Published for the campus, as the service now says after a reload.
  await page.reload();
  const overview = page.getByRole("region", { name: "Overview" });
  await expect(overview).toContainText("Published");
  await expect(overview).toContainText("Areas: University campus (topics: Personal safety)");
  await expect(page.getByRole("region", { name: "Results" })).toContainText("0 responses.");
  await expect(page.getByRole("region", { name: /^1\. How do you usually get home/ })).toContainText("Night bus");

  await page.getByRole("button", { name: "Close survey" }).click();
  await page.getByRole("button", { name: "Yes, close it" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Closed" })).toBeVisible();
  await page.reload();
  await expect(page.getByRole("region", { name: "Overview" })).toContainText(/Closed \d/);
  await expect(page.getByRole("button", { name: "Close survey" })).toHaveCount(0);
});

test("an officer reads the seeded survey's live results as charts and exports its responses", async ({ page }) => {
  await signIn(page, OFFICER);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Surveys" }).click();
  await page.getByLabel("Show", { exact: true }).selectOption("published");
  await expect(page).toHaveURL(/status=published/);
  await page.getByRole("link", { name: SEEDED }).click();
  await expect(page.getByRole("heading", { level: 1, name: SEEDED })).toBeVisible();

  const results = page.getByRole("region", { name: "Results" });
  await expect(results).toContainText(/\d+ responses\./);
  const year = page.getByRole("region", { name: "1. Which year of study are you in?" });
  await expect(year.getByRole("img", { name: "Answers, by count" })).toBeVisible();
  await expect(year).toContainText("First year");
  const confidence = page.getByRole("region", { name: /^12\. How confident are you/ });
  await expect(confidence.getByText("Mean", { exact: true })).toBeVisible();
  await expect(confidence.getByText("Median", { exact: true })).toBeVisible();
  expect(await results.locator("svg[role=img]").count()).toBeGreaterThan(8);
  await results.getByRole("button", { name: "Refresh now" }).click();
  await expect(results.getByText(/^As of /)).toBeVisible();
  await checkScreen(page, "survey-results");

  const [saved] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Export CSV" }).click(),
  ]);
  expect(saved.suggestedFilename()).toMatch(/^survey-.+\.csv$/);
  const csv = await readFile(await saved.path(), "utf8");
  const [header, firstRow] = csv.split(/\r?\n/);
  expect(header).toBe(["response_id", "version", "submitted_on", "respondent_id", ...SEEDED_QUESTIONS].join(","));
  expect(firstRow).toMatch(/^[0-9a-f-]{36},1,\d{4}-\d{2}-\d{2},,/);
});
