import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium } from "./browser";
import { signInWithForm } from "./fixtures";
import { startSada, type RunningSada } from "./server";

let sada: RunningSada;
let browser: Browser;
const foreignRequests: string[] = [];
const consoleErrors: string[] = [];

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(sada.baseUrl) && !r.url().startsWith("data:")) {
      foreignRequests.push(r.url());
    }
  });
  page.on("console", (m) => {
    if (m.type() === "error") {
      consoleErrors.push(m.text());
    }
  });
  return { context, page };
}

beforeAll(async () => {
  sada = await startSada();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sada?.stop();
});

describe("a newcomer's first hour, in Chromium", () => {
  it("creates the admin, proposes and vets a group, publishes in Arabic, reads it in /ar/ and /en/, finds it", async () => {
    // 1. The operator opens the one-time setup URL printed by the server.
    const admin = await newPage();
    await admin.page.goto(sada.setupUrl);
    await admin.page.fill("#f-handle", "operator");
    await admin.page.fill("#f-password", "first admin of this place");
    await Promise.all([admin.page.waitForURL(/\/en\/account/), admin.page.click("main button[type=submit]")]);
    expect(await admin.page.textContent("main")).toContain("administrator");

    // 2. Two editors are created with the CLI.
    for (const handle of ["editor_a", "editor_b"]) {
      const r = await sada.cli(["user", "create", "--handle", handle, "--role", "editor"], "editor passphrase 1\n");
      expect(r.code, r.stderr).toBe(0);
    }

    // 3. A publisher signs up and proposes a group.
    const pub = await newPage();
    await pub.page.goto(`${sada.baseUrl}/en/signup`);
    await pub.page.fill("#f-handle", "douma_council");
    await pub.page.fill("#f-password", "publisher passphrase 1");
    await Promise.all([pub.page.waitForURL(/\/en\/account/), pub.page.click("main button[type=submit]")]);
    await pub.page.goto(`${sada.baseUrl}/en/groups/new`);
    // Bad input first: the form comes back with errors and keeps what was typed.
    await pub.page.fill("#f-name", "المجلس المحلي في دوما");
    await pub.page.fill("#f-slug", "douma-council");
    await pub.page.evaluate(() => document.querySelector("form.stack")?.setAttribute("novalidate", ""));
    await pub.page.click("main form.stack button[type=submit]");
    expect(await pub.page.locator("#form-errors").isVisible()).toBe(true);
    expect(await pub.page.inputValue("#f-name")).toBe("المجلس المحلي في دوما");
    await pub.page.selectOption("#f-defaultLang", "ar");
    await pub.page.fill("#f-description", "مجلس محلي منتخب يدير الخدمات في مدينة دوما.");
    await pub.page.selectOption("#f-kind", "local_council");
    await pub.page.selectOption("#f-places", ["SY-RD-douma"]);
    await pub.page.check("#lang-ar");
    await pub.page.fill("#f-need_item", "وقود للمولدات");
    await pub.page.selectOption("#f-need_priority", "urgent");
    await Promise.all([pub.page.waitForURL(/\/en\/groups\/douma-council/), pub.page.click("main form.stack button[type=submit]")]);
    expect(await pub.page.textContent("main")).toContain("Pending vetting");

    // 4. Two editors vouch.
    for (const handle of ["editor_a", "editor_b"]) {
      const ed = await newPage();
      await signInWithForm(ed.page, sada.baseUrl, handle, "editor passphrase 1");
      await ed.page.goto(`${sada.baseUrl}/en/groups/douma-council`);
      await ed.page.fill("#f-vouch-reason", `Known to ${handle}`);
      await Promise.all([ed.page.waitForURL(/done=vouched/), ed.page.click('button:has-text("Vouch for this group")')]);
      await ed.context.close();
    }
    await pub.page.goto(`${sada.baseUrl}/en/groups/douma-council`);
    expect(await pub.page.textContent("main")).toContain("Vouched");

    // 5. The publisher writes in Arabic, previews, publishes.
    await pub.page.click('a.button:has-text("Publish a statement")');
    await pub.page.selectOption("#f-kind", "appeal");
    await pub.page.selectOption("#f-lang", "ar");
    await pub.page.fill("#f-title", "نداء عاجل لإنقاذ المُسْتَشْفَى");
    await pub.page.fill("#f-body", "تعرّض **المستشفى الوطني** لقصف عنيف.\n\nنطالب بحماية المدنيين.");
    await pub.page.click("button[value=preview]");
    expect(await pub.page.locator(".preview strong").textContent()).toBe("المستشفى الوطني");
    await Promise.all([pub.page.waitForURL(/\/en\/statements\/[0-9a-z]+/), pub.page.click("button[value=publish]")]);
    const statementPath = new URL(pub.page.url()).pathname.replace(/^\/en/, "");

    // 6. A reader in /ar/ sees the page right to left; in /en/ the page is LTR, the text RTL.
    const reader = await newPage();
    await reader.page.goto(`${sada.baseUrl}/ar${statementPath}`);
    expect(await reader.page.getAttribute("html", "dir")).toBe("rtl");
    expect(await reader.page.evaluate(() => getComputedStyle(document.body).direction)).toBe("rtl");
    expect(await reader.page.textContent("h1")).toBe("نداء عاجل لإنقاذ المُسْتَشْفَى");
    await reader.page.goto(`${sada.baseUrl}/en${statementPath}`);
    expect(await reader.page.getAttribute("html", "dir")).toBe("ltr");
    expect(await reader.page.evaluate(() => getComputedStyle(document.body).direction)).toBe("ltr");
    expect(await reader.page.evaluate(() => getComputedStyle(document.querySelector(".statement-body") as Element).direction)).toBe("rtl");
    // The page's only script is the optional provenance check, from this origin; the text is in the HTML.
    const scripts = await reader.page.locator("script").evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).src));
    expect(scripts).toHaveLength(1);
    expect(scripts[0]).toMatch(new RegExp(`^${sada.baseUrl}/static/verify\\.[0-9a-f]{12}\\.js$`));

    // 7. Search finds it without harakat and without the article.
    await reader.page.goto(`${sada.baseUrl}/en/search`);
    await reader.page.fill("#f-q", "مستشفى");
    await Promise.all([reader.page.waitForURL(/search\?q=/), reader.page.click("main button[type=submit]")]);
    expect(await reader.page.textContent("main")).toContain("نداء عاجل لإنقاذ المُسْتَشْفَى");

    // 8. The language switcher goes to the same page in Russian and remembers it.
    await reader.page.goto(`${sada.baseUrl}/en${statementPath}`);
    await Promise.all([reader.page.waitForURL(/\/ru\//), reader.page.click("nav.langs a[hreflang=ru]")]);
    expect(await reader.page.getAttribute("html", "lang")).toBe("ru");
    await reader.page.goto(`${sada.baseUrl}/`);
    expect(new URL(reader.page.url()).pathname).toBe("/ru/");

    expect(foreignRequests).toEqual([]);
    // The one deliberate invalid form (step 3) answers 422; anything else logged is a failure.
    expect(consoleErrors.filter((e) => !e.includes("422"))).toEqual([]);
  }, 180_000);
});
