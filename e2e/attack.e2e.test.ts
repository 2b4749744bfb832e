// Script injection through the fields a person controls — group profiles and contact, vouch
// reasons, statement titles and bodies (Markdown), retraction reasons, incident titles, narratives,
// source descriptions and URLs, uploaded file names, glossary entries and search — rendered in
// Debian's Chromium (the workspace shows the payload statement's segments as translation sources;
// comments have their own payload test in discussion.e2e.test.ts). Nothing may
// execute (no dialog), nothing may be injected into the DOM (no handler attribute, inline script,
// javascript: URL, frame or stylesheet from the text), and no request may go to another host.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { FIND_INJECTED, XSS_PAYLOADS } from "../test/xss-payloads";
import { launchChromium } from "./browser";
import { apiPost, userWithToken, signInWithForm } from "./fixtures";
import { startSada, type RunningSada } from "./server";

let sada: RunningSada;
let browser: Browser;
const dialogs: string[] = [];
const foreign: string[] = [];

beforeAll(async () => {
  sada = await startSada();
  browser = await launchChromium();
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await sada?.stop();
});

async function watched(page: Page): Promise<Page> {
  page.on("dialog", (d) => {
    dialogs.push(`${page.url()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on("request", (r) => {
    const url = r.url();
    if (!url.startsWith(sada.baseUrl) && !url.startsWith("data:")) {
      foreign.push(url);
    }
  });
  return page;
}

async function injectedOn(page: Page, path: string): Promise<string[]> {
  const res = await page.goto(`${sada.baseUrl}${path}`);
  expect(res?.status(), path).toBeLessThan(400);
  // Give handlers such as autofocus/ontoggle their chance to fire.
  await page.waitForTimeout(50);
  return (await page.evaluate(FIND_INJECTED)) as string[];
}

describe("script injection through user-controlled fields", () => {
  it("never executes or lands in the DOM, on any page that shows the text", async () => {
    const all = XSS_PAYLOADS.join("\n\n");
    const [publisher, editorA, editorB] = await Promise.all([
      userWithToken(sada, "mallory", "reader"),
      userWithToken(sada, "ed_x", "editor"),
      userWithToken(sada, "ed_y", "editor"),
    ]);
    const slug = "xss-council";
    const created = await apiPost(sada, "/groups", publisher, {
      slug,
      kind: "local_council",
      defaultLang: "en",
      profiles: [
        { lang: "en", name: XSS_PAYLOADS[3]!.slice(0, 120), description: all.slice(0, 4000) },
        { lang: "ar", name: XSS_PAYLOADS[0]!, description: XSS_PAYLOADS.slice(10, 20).join("\n") },
      ],
      places: ["SY-ID"],
      languages: ["en", "ar"],
      contact: XSS_PAYLOADS[8]!,
    });
    expect(created.status, await created.clone().text()).toBe(201);
    for (const editor of [editorA, editorB]) {
      expect((await apiPost(sada, `/groups/${slug}/vouches`, editor, { reason: XSS_PAYLOADS[5]! })).status).toBe(201);
    }
    const statement = await apiPost(sada, `/groups/${slug}/statements`, publisher, { kind: "appeal", lang: "en", title: XSS_PAYLOADS[1]!, body: all });
    expect(statement.status, await statement.clone().text()).toBe(201);
    const id = ((await statement.json()) as { statement: { id: string } }).statement.id;
    const second = await apiPost(sada, `/groups/${slug}/statements`, publisher, {
      kind: "statement",
      lang: "en",
      title: XSS_PAYLOADS[14]!.slice(0, 200),
      body: "Plain.",
    });
    const secondId = ((await second.json()) as { statement: { id: string } }).statement.id;
    expect((await apiPost(sada, `/statements/${secondId}/retraction`, publisher, { reason: XSS_PAYLOADS.slice(0, 8).join(" ") })).status).toBe(201);

    // An incident recorded by an editor, with payloads in its title, narrative and a source.
    const editorToken = await userWithToken(sada, "ed_incidents", "editor");
    const incident = await apiPost(sada, "/incidents", editorToken, {
      type: "air_strike",
      datePrecision: "day",
      dateStart: "2025-12-01",
      placeCode: "SY-ID",
      lang: "en",
      title: XSS_PAYLOADS[6]!,
      narrative: all.slice(0, 19_000),
    });
    expect(incident.status, await incident.clone().text()).toBe(201);
    const incidentId = ((await incident.json()) as { id: string }).id;
    const source = await apiPost(sada, `/incidents/${incidentId}/sources`, editorToken, {
      kind: "url",
      sourceType: "media_report",
      independence: "independent",
      url: "https://example.org/report?q=<script>alert('xss31')</script>",
      description: XSS_PAYLOADS.slice(20, 30).join(" "),
      deviceNotes: XSS_PAYLOADS[3]!,
    });
    expect(source.status, await source.clone().text()).toBe(201);

    // A document whose file name is a payload, attached to the statement.
    const form = new FormData();
    form.append(
      "file",
      new File([new TextEncoder().encode("%PDF-1.4\n%\u00e2\u00e3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")], `${XSS_PAYLOADS[3]!}.pdf`, {
        type: "application/pdf",
      }),
    );
    const uploaded = await fetch(`${sada.baseUrl}/api/v1/statements/${id}/media`, {
      method: "POST",
      headers: { authorization: `Bearer ${publisher}` },
      body: form,
    });
    expect(uploaded.status, await uploaded.clone().text()).toBe(201);

    // A glossary entry, through the reviewer's form.
    await userWithToken(sada, "rev_glossary", "reviewer");
    const context = await browser.newContext({ locale: "en-US" });
    const page = await watched(await context.newPage());
    await signInWithForm(page, sada.baseUrl, "rev_glossary");
    await page.goto(`${sada.baseUrl}/en/glossary?pair=en-ar`);
    await page.fill("#f-term", XSS_PAYLOADS[4]!);
    await page.fill("#f-preferred", XSS_PAYLOADS[2]!);
    await Promise.all([page.waitForLoadState("load"), page.click("form[action^='/en/glossary?'] button[type=submit]")]);

    const pages = [
      "/en/",
      "/ar/",
      "/en/groups",
      `/en/groups/${slug}`,
      `/ar/groups/${slug}`,
      `/en/groups/${slug}/keys`,
      `/en/statements/${id}`,
      `/ar/statements/${id}`,
      `/en/statements/${id}/revisions/1`,
      `/en/statements/${id}/embed`,
      `/en/statements/${secondId}`,
      `/en/search?q=${encodeURIComponent(XSS_PAYLOADS[3]!)}`,
      `/en/search?q=${encodeURIComponent(XSS_PAYLOADS[0]!)}`,
      "/en/glossary?pair=en-ar",
      "/en/translate",
      `/en/translate/${id}/ar`,
      "/en/fediverse",
      "/en/account/security",
      "/en/incidents",
      `/en/incidents/${incidentId}`,
      `/ar/incidents/${incidentId}`,
      "/en/incidents/methodology",
      `/en/incidents/for-statement/${id}`,
      "/en/notifications",
    ];
    const findings: Record<string, string[]> = {};
    for (const path of pages) {
      const injected = await injectedOn(page, path);
      if (injected.length > 0) {
        findings[path] = injected;
      }
    }
    // The text is there, shown as text.
    await page.goto(`${sada.baseUrl}/en/statements/${id}`);
    expect(await page.textContent("main")).toContain("onerror=alert('xss4')");
    await page.goto(`${sada.baseUrl}/en/incidents/${incidentId}`);
    expect(await page.textContent("main")).toContain("<body onload=alert('xss7')>");
    await context.close();

    expect(findings).toEqual({});
    expect(dialogs).toEqual([]);
    expect(foreign).toEqual([]);
  }, 120_000);
});
