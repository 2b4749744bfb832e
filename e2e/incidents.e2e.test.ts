import http from "node:http";
import type { AddressInfo } from "node:net";
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "./browser";
import { apiPost, publishTranslationWithForms, userWithToken, signInWithForm } from "./fixtures";
import { startSada, type RunningSada } from "./server";

let sada: RunningSada;
let browser: Browser;
let news: http.Server;
let newsUrl = "";
const foreignRequests: string[] = [];
const NEWS_PAGE = "<html><body><h1>Field hospital in Douma struck at dawn</h1></body></html>";
// A tiny JPEG (its magic number is what the server checks).
const PHOTO = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00, 0xff, 0xd9]);
const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

async function signedInPage(handle: string): Promise<Page> {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  page.on("request", (r) => {
    if (!r.url().startsWith(sada.baseUrl) && !r.url().startsWith("data:")) {
      foreignRequests.push(r.url());
    }
  });
  await signInWithForm(page, sada.baseUrl, handle);
  return page;
}

beforeAll(async () => {
  news = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(NEWS_PAGE);
  });
  await new Promise<void>((resolve) => news.listen(0, "127.0.0.1", resolve));
  newsUrl = `http://127.0.0.1:${(news.address() as AddressInfo).port}/2026/03/douma-hospital`;
  sada = await startSada();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sada?.stop();
  await new Promise((resolve) => news?.close(resolve));
});

describe("incidents, in Chromium", () => {
  it("records an attack on a field hospital with three sources, grades it fair, and publishes it with hashes, on the map and in the CSV", async () => {
    // Accounts: the operator through the one-time setup URL, the others with the CLI (in parallel:
    // each is a process, the slow part of this test).
    const [council, documenter] = await Promise.all([
      userWithToken(sada, "council", "reader"),
      userWithToken(sada, "documenter", "reader"),
      sada.cli(["user", "create", "--handle", "grader", "--role", "editor"], "a long passphrase 1\n"),
    ]);
    const adminContext = await browser.newContext({ locale: "en-US" });
    const admin = await adminContext.newPage();
    await admin.goto(sada.setupUrl);
    await admin.fill("#f-handle", "operator");
    await admin.fill("#f-password", "a long passphrase 1");
    await Promise.all([admin.waitForURL(/\/en\/account/), admin.click("main button[type=submit]")]);

    // The local council and the documenting group; the operator verifies both.
    for (const [token, slug, kind, name] of [
      [council, "douma-council", "local_council", "المجلس المحلي في دوما"],
      [documenter, "douma-documentation", "human_rights", "مركز توثيق دوما"],
    ] as const) {
      const g = await apiPost(sada, "/groups", token, {
        slug,
        kind,
        defaultLang: "ar",
        profiles: [{ lang: "ar", name }],
        places: ["SY-RD-douma"],
        languages: ["ar"],
      });
      expect(g.status).toBe(201);
      await admin.goto(`${sada.baseUrl}/en/groups/${slug}`);
      await admin.selectOption("#f-status", "verified");
      await admin.fill("#f-status-reason", "Known to the operator");
      await Promise.all([admin.waitForURL(/done=status/), admin.click(`form[action="/en/groups/${slug}/status"] button[type=submit]`)]);
    }
    // The council publishes a statement about the attack.
    const published = await apiPost(sada, "/groups/douma-council/statements", council, {
      kind: "statement",
      lang: "ar",
      title: "بيان حول استهداف المشفى الميداني",
      body: "استُهدف المشفى الميداني في دوما فجر اليوم.",
    });
    expect(published.status).toBe(201);
    const statementId = ((await published.json()) as { statement: { id: string } }).statement.id;

    // 1. The documenter records the incident through the form.
    const doc = await signedInPage("documenter");
    await doc.goto(`${sada.baseUrl}/en/incidents`);
    await Promise.all([doc.waitForURL(/\/en\/incidents\/new$/), doc.click("text=Record an incident")]);
    await doc.selectOption("#f-group", "douma-documentation");
    await doc.selectOption("#f-type", "attack_on_medical");
    await doc.selectOption("#f-datePrecision", "day");
    await doc.fill("#f-dateStart", "2026-03-14");
    await doc.selectOption("#f-placeCode", "SY-RD-douma");
    await doc.fill("input[name=killed_total_min]", "2");
    await doc.fill("input[name=killed_total_max]", "4");
    await doc.fill("input[name=injured_total_min]", "9");
    await doc.selectOption("#f-lang", "en");
    await doc.fill("#f-title", "Air strike on the Douma field hospital");
    await doc.fill("#f-narrative", "At dawn a strike hit the field hospital; the ward was destroyed.");
    await Promise.all([doc.waitForURL(/\/en\/incidents\/[0-9a-z]+\?done=recorded/), doc.click("form.incident-form button[type=submit]")]);
    const incidentUrl = doc.url().replace(/\?.*$/, "");

    // 2. Three sources: the council's statement, the news page, a photo.
    const addSource = async (fill: () => Promise<void>) => {
      await fill();
      await Promise.all([doc.waitForURL(/\?done=source/), doc.click("#add-source button[type=submit]")]);
    };
    await addSource(async () => {
      await doc.selectOption("#f-kind", "statement");
      await doc.selectOption("#f-sourceType", "local_group");
      await doc.fill("#f-statementId", statementId);
    });
    await addSource(async () => {
      await doc.selectOption("#f-kind", "url");
      await doc.selectOption("#f-sourceType", "media_report");
      await doc.fill("#f-url", newsUrl);
    });
    await addSource(async () => {
      await doc.selectOption("#f-kind", "media");
      await doc.selectOption("#f-sourceType", "eyewitness");
      await doc.setInputFiles("#f-file", { name: "ward.jpg", mimeType: "image/jpeg", buffer: PHOTO });
      await doc.fill("#f-capturedAt", "2026-03-14T06:05");
      await doc.fill("#f-deviceNotes", "Phone camera; metadata stripped");
    });

    // 3. The news page is on a local test server: the admin allows private addresses, then "Archive now".
    await admin.goto(`${sada.baseUrl}/en/incidents/settings`);
    await admin.check("#f-allowPrivate");
    await Promise.all([admin.waitForURL(/done=saved/), admin.click("main form button[type=submit]")]);
    await Promise.all([doc.waitForURL(/\?done=archived/), doc.click("text=Archive now")]);

    // 4. An editor grades it "fair" with a rationale.
    const editor = await signedInPage("grader");
    await editor.goto(incidentUrl);
    await editor.check("#f-grade-fair");
    await editor.fill("#f-rationale", "The council, a news report and a photo agree on time and place.");
    await Promise.all([editor.waitForURL(/\?done=graded/), editor.click("#grade-form button[type=submit]")]);

    // 5. Anyone reads it: sources, hashes, grade and its history.
    const reader = await (await browser.newContext({ locale: "en-US" })).newPage();
    await reader.goto(incidentUrl);
    const main = (await reader.textContent("main")) ?? "";
    expect(main).toContain("Air strike on the Douma field hospital");
    expect(main).toContain("Supported by 3 independent sources.");
    expect(main).toContain("بيان حول استهداف المشفى الميداني");
    expect(main).toContain(newsUrl);
    expect(main).toContain(sha256(NEWS_PAGE));
    expect(main).toContain(sha256(PHOTO));
    expect(main).toContain("Phone camera; metadata stripped");
    expect(await reader.textContent(".grade-history")).toContain("The council, a news report and a photo agree on time and place.");
    expect(await reader.locator(".meta .badge").textContent()).toBe("Fair");

    // 6. On the map (Rif Dimashq shaded with one incident) and in the CSV.
    await reader.goto(`${sada.baseUrl}/en/incidents`);
    expect(await reader.getAttribute('path[data-code="SY-RD"]', "data-count")).toBe("1");
    expect(await reader.locator(".incident-chart svg rect").count()).toBeGreaterThan(0);
    const csv = await (await fetch(`${sada.baseUrl}/en/incidents.csv`)).text();
    const row = csv.split("\r\n").find((l) => l.includes("Air strike on the Douma field hospital")) ?? "";
    expect(row).toContain("attack_on_medical,day,2026-03-14,,SY-RD-douma,SY-RD");
    expect(row).toContain(",fair,3,3,");

    // The statement page leads to the incidents that cite it.
    await reader.goto(`${sada.baseUrl}/en/statements/${statementId}`);
    await Promise.all([reader.waitForURL(/for-statement/), reader.click("text=Incidents that cite or mention this statement")]);
    expect(await reader.textContent("main")).toContain("Air strike on the Douma field hospital");

    // 7. The title and narrative go through the translation workflow (workspace, review) into Arabic.
    const incidentId = incidentUrl.replace(/.*\//, "");
    await publishTranslationWithForms(browser, sada, incidentId, "ar", ["غارة على المشفى الميداني في دوما", "فجرًا أصابت غارة المشفى الميداني ودُمّر الجناح."]);
    await reader.goto(incidentUrl.replace("/en/", "/ar/"));
    expect(await reader.textContent("h1")).toBe("غارة على المشفى الميداني في دوما");
    expect(await reader.textContent("#translation-credit")).toContain("tr_ar");

    // 8. The documenter corrects the narrative after grading: the page says the grade predates it.
    await doc.goto(incidentUrl);
    await doc.fill("#f-text-narrative", "At dawn a strike hit the field hospital; the ward and the pharmacy were destroyed.");
    await Promise.all([doc.waitForURL(/\?done=text/), doc.click("#original-text-form button[type=submit]")]);
    await reader.goto(incidentUrl);
    expect(await reader.textContent("#grade-outdated")).toContain("graded on revision 1, now revision 2; changed: narrative");
    expect(await reader.textContent(".revision-history")).toContain("narrative");
    // The Arabic translation was of the earlier text: Arabic readers get the corrected original
    // until the changed sentence is translated and reviewed.
    await reader.goto(incidentUrl.replace("/en/", "/ar/"));
    expect(await reader.locator("#translation-updating").count()).toBe(1);
    expect(await reader.textContent("main .statement-body")).toContain("the ward and the pharmacy were destroyed");
    expect(foreignRequests).toEqual([]);
  }, 120_000);
});
