import fs from "node:fs";
import Database from "better-sqlite3";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser";
import { startSada, type RunningSada } from "./server";
import { apiPost, publishingCouncil, userWithToken, signInWithForm } from "./fixtures";

let sada: RunningSada;
let browser: Browser;
let statementId = "";
const dialogs: string[] = [];
const consoleErrors: string[] = [];

/** A browser context signed in as `handle`, watching for dialogs and console errors. */
async function signedIn(handle: string | null, locale = "en-US"): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("console", (m) => (m.type() === "error" ? consoleErrors.push(m.text()) : undefined));
  page.on("pageerror", (e) => consoleErrors.push(e.message));
  if (handle) {
    await signInWithForm(page, sada.baseUrl, handle);
  }
  return { context, page };
}

const statementUrl = () => `${sada.baseUrl}/en/statements/${statementId}`;
const commentIdOf = (url: string) => /#c-([0-9a-z]+)$/.exec(url)?.[1] ?? "";

/** Posts the main comment form on the statement page and returns the new comment's id. */
async function comment(page: Page, body: string): Promise<string> {
  await page.goto(statementUrl());
  await page.fill("#nc-body", body);
  await Promise.all([page.waitForURL(/discussion=/), page.click("#comments > form.comment-form button[type=submit]")]);
  return commentIdOf(page.url());
}

/** Every table and text column of the server's database that holds `needle`. */
async function findEverywhere(needle: string): Promise<string[]> {
  const hits: string[] = [];
  if (sada.databaseUrl.startsWith("sqlite:")) {
    const file = sada.databaseUrl.slice("sqlite:".length);
    const db = new Database(file, { timeout: 10_000 });
    try {
      const cols = db.prepare("SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'").all() as Array<{
        t: string;
        c: string;
      }>;
      for (const { t, c } of cols) {
        const row = db.prepare(`SELECT count(*) AS n FROM "${t}" WHERE CAST("${c}" AS TEXT) LIKE ?`).get(`%${needle}%`) as { n: number };
        if (row.n > 0) {
          hits.push(`${t}.${c}`);
        }
      }
      db.pragma("wal_checkpoint(TRUNCATE)");
    } finally {
      db.close();
    }
    // Not in the file's free pages either, nor in the write-ahead log.
    if (fs.readFileSync(file).includes(Buffer.from(needle))) {
      hits.push("(database file)");
    }
    if (fs.existsSync(`${file}-wal`) && fs.readFileSync(`${file}-wal`).includes(Buffer.from(needle))) {
      hits.push("(write-ahead log)");
    }
    return hits;
  }
  const client = new pg.Client({ connectionString: sada.databaseUrl });
  await client.connect();
  try {
    const cols = await client.query<{ t: string; c: string }>(
      "SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb')",
    );
    for (const { t, c } of cols.rows) {
      const r = await client.query<{ n: string }>(`SELECT count(*) AS n FROM "${t}" WHERE CAST("${c}" AS TEXT) LIKE $1`, [`%${needle}%`]);
      if (Number(r.rows[0]?.n ?? 0) > 0) {
        hits.push(`${t}.${c}`);
      }
    }
  } finally {
    await client.end();
  }
  return hits;
}

beforeAll(async () => {
  sada = await startSada({ env: { SADA_PREMODERATE_COMMENTS: "2" } });
  browser = await launchChromium();
  const publisher = await publishingCouncil(sada, "douma-council");
  const s = await apiPost(sada, "/groups/douma-council/statements", publisher, {
    kind: "appeal",
    lang: "ar",
    title: "نداء",
    body: "وصلت ٣ شاحنات إلى دوما.\n\nشكراً لكم.",
  });
  expect(s.status).toBe(201);
  statementId = ((await s.json()) as { statement: { id: string } }).statement.id;
  await Promise.all([userWithToken(sada, "olga", "translator"), userWithToken(sada, "amal", "translator"), userWithToken(sada, "newcomer", "reader")]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sada?.stop();
});

describe("discussion in Chromium", () => {
  it("holds a Russian–Arabic thread, approves a newcomer, deletes a doxxing comment without a trace, and logs it all", async () => {
    const olga = await signedIn("olga", "ru-RU");
    const amal = await signedIn("amal", "ar");
    const newcomer = await signedIn("newcomer");
    const ed = await signedIn("ed_one");
    const ed2 = await signedIn("ed_two");
    const anonymous = await signedIn(null);

    // Olga writes in Russian; Amal replies in Arabic with the inline reply form.
    const first = await comment(olga.page, "Спасибо за новости из Думы. Что сейчас нужнее всего?");
    expect(first).not.toBe("");
    await amal.page.goto(statementUrl());
    await amal.page.click(`#c-${first} > .comment-actions summary:has-text('Reply')`);
    await amal.page.fill(`#r-${first}-body`, "شكراً لك يا أولغا، نحتاج أدوية للمستشفى الميداني.");
    await Promise.all([amal.page.waitForURL(/discussion=posted/), amal.page.click(`#c-${first} > .comment-actions form.comment-form button[type=submit]`)]);
    const reply = commentIdOf(amal.page.url());
    await anonymous.page.goto(statementUrl());
    expect(await anonymous.page.getAttribute(`#c-${first} > .comment-body`, "lang")).toBe("ru");
    expect(await anonymous.page.getAttribute(`#c-${first} .replies #c-${reply} > .comment-body`, "dir")).toBe("rtl");
    expect(await anonymous.page.textContent(`#c-${reply} .lang-tag`)).toBe("العربية");

    // XSS payloads are shown as text and never run.
    const xss = await comment(
      olga.page,
      `<script>alert("s")</script> <img src=x onerror=alert("i")> [click](javascript:alert("j")) <svg onload=alert("v")> "><iframe src=javascript:alert("f")>`,
    );
    await anonymous.page.goto(statementUrl());
    expect(await anonymous.page.textContent(`#c-${xss} > .comment-body`)).toContain('<script>alert("s")</script>');
    expect(await anonymous.page.locator(`#c-${xss} script, #c-${xss} img, #c-${xss} svg, #c-${xss} iframe`).count()).toBe(0);
    expect(await anonymous.page.locator(`#c-${xss} a[href^="javascript:"]`).count()).toBe(0);

    // A new account's comment waits; an editor approves it from the queue; readers then see it.
    const waiting = await comment(newcomer.page, "First time here. Where can I donate?");
    expect(await newcomer.page.textContent("#comments")).toContain("waits for a moderator");
    await anonymous.page.goto(statementUrl());
    expect(await anonymous.page.locator(`#c-${waiting}`).count()).toBe(0);
    await ed.page.goto(`${sada.baseUrl}/en/moderation`);
    const item = ed.page.locator(`#q-${waiting}`);
    expect(await item.textContent()).toContain("new account");
    await Promise.all([ed.page.waitForURL(/\/en\/moderation$/), item.locator("button:has-text('Approve')").click()]);
    await anonymous.page.goto(statementUrl());
    expect(await anonymous.page.textContent(`#c-${waiting}`)).toContain("Where can I donate?");

    // A comment with a phone number is held by the doxxing guard, reported and deleted.
    const doxx = await comment(olga.page, "Вот его телефон: +963 944 123 456, звоните.");
    expect(await olga.page.textContent(`#c-${doxx}`)).toContain("awaiting review");
    await ed2.page.goto(statementUrl());
    await ed2.page.click(`#c-${doxx} > .comment-actions summary:has-text('Report')`);
    await ed2.page.check(`#c-${doxx} > .comment-actions input[value=doxxing]`);
    await ed2.page.fill(`#rp-${doxx}-note`, "It is the number of a real person");
    await Promise.all([ed2.page.waitForURL(/discussion=reported/), ed2.page.click(`#c-${doxx} > .comment-actions button:has-text('Send report')`)]);
    await ed.page.goto(`${sada.baseUrl}/en/moderation?show=reported`);
    const held = ed.page.locator(`#q-${doxx}`);
    expect(await held.textContent()).toContain("possible personal information");
    await Promise.all([ed.page.waitForURL(/\/en\/moderation/), held.locator("button:has-text('Delete (doxxing)')").click()]);
    expect(await findEverywhere("944 123 456")).toEqual([]);
    await anonymous.page.goto(statementUrl());
    expect(await anonymous.page.locator(`#c-${doxx}`).count()).toBe(0);

    // The audit log shows each action, without the text.
    await ed.page.goto(`${sada.baseUrl}/en/moderation/log`);
    const actions = await ed.page.locator("table.audit-log tbody tr").evaluateAll((rows) => rows.map((r) => r.getAttribute("data-action")));
    expect(actions).toEqual(["delete", "report", "hold", "approve", "hold"]);
    expect(await ed.page.textContent("table.audit-log")).not.toContain("944");

    // Approved and doxxing decisions reached the authors as notices.
    await newcomer.page.goto(`${sada.baseUrl}/en/notifications`);
    expect(await newcomer.page.textContent("main")).toContain("Your comment was approved");
    await olga.page.goto(`${sada.baseUrl}/ru/notifications`);
    expect(await olga.page.textContent("main")).toContain("Вам ответили на комментарий.");

    expect(dialogs).toEqual([]);
    expect(consoleErrors).toEqual([]);
    for (const s of [olga, amal, newcomer, ed, ed2, anonymous]) {
      await s.context.close();
    }
  }, 120_000);
});
