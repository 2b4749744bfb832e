// Two real Sada servers on loopback federate: the second follows a group on the first from its
// fediverse page, receives the group's Arabic statement, then sees the English translation arrive
// as an Update. Both servers run with a guard that refuses any connection outside loopback.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser";
import { apiPost, publishingCouncil, publishTranslationWithForms, userWithToken, waitFor, signInWithForm } from "./fixtures";
import { startSada, type RunningSada } from "./server";

const GUARD = path.resolve(import.meta.dirname, "no-outbound.mjs");
const env = { SADA_FEDERATION: "on", SADA_FEDERATION_ALLOW_PRIVATE: "true", NODE_OPTIONS: `--import ${GUARD}` };

let origin: RunningSada;
let follower: RunningSada;
let browser: Browser;

beforeAll(async () => {
  [origin, follower] = await Promise.all([startSada({ env }), startSada({ env })]);
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([origin?.stop(), follower?.stop()]);
});

async function pageText(sada: RunningSada, path: string): Promise<string> {
  const res = await fetch(`${sada.baseUrl}${path}`);
  expect(res.status).toBe(200);
  return res.text();
}

describe("federation between two Sada instances", () => {
  let statementId = "";

  it("lets an admin of one instance follow a group on the other by its handle", async () => {
    await publishingCouncil(origin, "douma-council");
    await userWithToken(follower, "admin_b", "admin");
    const context = await browser.newContext({ locale: "en-US", javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithForm(page, follower.baseUrl, "admin_b");
    await page.goto(`${follower.baseUrl}/en/fediverse`);
    const handle = `@douma-council@${new URL(origin.baseUrl).host}`;
    await page.fill("#f-account", handle);
    await Promise.all([page.waitForURL(/\/en\/fediverse$/), page.click("button:has-text('Follow')")]);
    expect(await page.textContent("main table")).toContain(handle);
    // The origin answers with Accept, delivered by its job.
    await waitFor(async () => {
      await page.reload();
      return (await page.textContent("main table"))?.includes("following") ? true : null;
    }, 20_000);
    await context.close();
    const followers = (await (
      await fetch(`${origin.baseUrl}/ap/actors/douma-council/followers`, { headers: { Accept: "application/activity+json" } })
    ).json()) as {
      totalItems: number;
    };
    expect(followers.totalItems).toBe(1);
  }, 60_000);

  it("delivers the group's Arabic statement to the follower", async () => {
    const token = (await origin.cli(["token", "create", "--handle", "council"])).stdout.trim();
    const res = await apiPost(origin, "/groups/douma-council/statements", token, {
      kind: "appeal",
      lang: "ar",
      title: "نداء",
      body: "وصلت ٣ شاحنات إلى دوما.\n\nشكراً.",
    });
    expect(res.status).toBe(201);
    statementId = ((await res.json()) as { statement: { id: string } }).statement.id;
    const arabic = await waitFor(async () => {
      const html = await pageText(follower, "/ar/fediverse");
      return html.includes("وصلت ٣ شاحنات إلى دوما.") ? html : null;
    }, 20_000);
    expect(arabic).toContain('lang="ar"');
    expect(arabic).toContain(`${origin.baseUrl}/ar/statements/${statementId}`);
  }, 40_000);

  it("then shows the English translation when it is published, as an update", async () => {
    await publishTranslationWithForms(browser, origin, statementId, "en", ["Appeal", "3 trucks arrived in Douma.", "Thank you."]);
    const english = await waitFor(async () => {
      const html = await pageText(follower, "/en/fediverse");
      return html.includes("3 trucks arrived in Douma.") ? html : null;
    }, 20_000);
    expect(english).toContain("<h3>Appeal</h3>");
    expect(english).toContain("translated from العربية");
    expect(english).toMatch(/updated/);
    // Arabic readers still get the original.
    expect(await pageText(follower, "/ar/fediverse")).toContain("وصلت ٣ شاحنات إلى دوما.");
  }, 60_000);

  it("made no connection outside loopback", () => {
    expect(origin.output()).not.toContain("UNPLANNED OUTBOUND");
    expect(follower.output()).not.toContain("UNPLANNED OUTBOUND");
  });
});
