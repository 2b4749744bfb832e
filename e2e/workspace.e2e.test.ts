import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser";
import { startSada, type RunningSada } from "./server";
import { apiPost, userWithToken, publishingCouncil, signInWithForm } from "./fixtures";

let sada: RunningSada;
let browser: Browser;
let statementId = "";

beforeAll(async () => {
  sada = await startSada();
  browser = await launchChromium();
  // A vouched group publishes an Arabic appeal through the API.
  const publisher = await publishingCouncil(sada, "douma-council");
  const s = await apiPost(sada, "/groups/douma-council/statements", publisher, {
    kind: "appeal",
    lang: "ar",
    title: "نداء",
    body: "وصلت ٣ شاحنات إلى دوما.\n\nشكراً لكم.",
  });
  expect(s.status).toBe(201);
  statementId = ((await s.json()) as { statement: { id: string } }).statement.id;
  await userWithToken(sada, "tr_amal", "translator");
  await userWithToken(sada, "rev_sami", "reviewer");
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sada?.stop();
});

describe("the translation workspace in Chromium", () => {
  it("is driven with the keyboard: autosave, Ctrl+Enter, Alt+arrows, copy source; QA shows; a reviewer approves; readers see it", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on("console", (m) => (m.type() === "error" ? consoleErrors.push(m.text()) : undefined));
    await signInWithForm(page, sada.baseUrl, "tr_amal");
    await page.goto(`${sada.baseUrl}/en/translate/${statementId}/en`);
    await Promise.all([page.waitForURL(new RegExp(`/translate/${statementId}/en$`)), page.click("button:has-text('Claim')")]);
    expect(await page.textContent("main")).toContain("claimed by tr_amal");

    const boxes = page.locator("section.seg textarea[name=text]");
    expect(await boxes.count()).toBe(3);
    // Segment 1 (the title): type, Ctrl+Enter saves as translated and moves on.
    await boxes.nth(0).focus();
    await page.keyboard.type("Appeal");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? "")).toBe(await boxes.nth(1).getAttribute("id"));
    // Segment 2: a number is missing on purpose; the save still works, QA will flag it.
    await page.keyboard.type("Trucks arrived in Douma.");
    await page.keyboard.press("Control+Enter");
    await expect.poll(() => page.evaluate(() => document.activeElement?.id ?? "")).toBe(await boxes.nth(2).getAttribute("id"));
    // Alt+ArrowUp goes back, Alt+ArrowDown forward.
    await page.keyboard.press("Alt+ArrowUp");
    expect(await page.evaluate(() => document.activeElement?.id)).toBe(await boxes.nth(1).getAttribute("id"));
    await page.keyboard.press("Alt+ArrowDown");
    // Segment 3: Ctrl+Shift+S copies the source, then we replace it; autosave stores a draft.
    await page.keyboard.press("Control+Shift+S");
    expect(await boxes.nth(2).inputValue()).toBe("شكراً لكم.");
    await boxes.nth(2).fill("Thank you.");
    await expect.poll(async () => (await page.locator("section.seg").nth(2).getAttribute("class")) ?? "", { timeout: 10_000 }).toContain("draft");
    // After a reload the QA problem is shown under segment 2; fix it with the keyboard.
    await page.reload();
    expect(await page.locator("section.seg").nth(1).textContent()).toContain("The numbers differ");
    await boxes.nth(1).fill("3 trucks arrived in Douma.");
    await boxes.nth(1).focus();
    await page.keyboard.press("Control+Enter");
    await boxes.nth(2).focus();
    await page.keyboard.press("Control+Enter");
    await expect.poll(async () => (await page.locator("section.seg").nth(2).getAttribute("class")) ?? "").toContain("translated");
    await page.reload();
    expect(await page.locator("section.seg").nth(1).textContent()).not.toContain("The numbers differ");

    // A reviewer approves every segment (plain forms).
    const reviewer = await (await browser.newContext({ locale: "en-US" })).newPage();
    await signInWithForm(reviewer, sada.baseUrl, "rev_sami");
    await reviewer.goto(`${sada.baseUrl}/en/translate/${statementId}/en`);
    for (let n = 0; n < 3; n++) {
      await Promise.all([reviewer.waitForLoadState("load"), reviewer.locator("button[value=approve]").first().click()]);
    }
    expect(await reviewer.textContent("main")).toContain("the translation is published");

    // A reader sees the English translation, with credits.
    const reader = await (await browser.newContext({ locale: "en-US" })).newPage();
    await reader.goto(`${sada.baseUrl}/en/statements/${statementId}`);
    const main = (await reader.textContent("main")) ?? "";
    expect(main).toContain("3 trucks arrived in Douma.");
    expect(main).toContain("tr_amal");
    expect(consoleErrors).toEqual([]);
  }, 180_000);
});
