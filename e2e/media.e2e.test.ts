import { afterAll, beforeAll, describe, expect, it } from "vitest";
import exifr from "exifr";
import type { Browser } from "playwright-core";
import { launchChromium } from "./browser";
import { apiPost, publishingCouncil, signInWithForm } from "./fixtures";
import { startSada, type RunningSada } from "./server";
import { metadataMarkersIn, phonePhoto } from "../src/modules/media/media.fixtures";

let sada: RunningSada;
let browser: Browser;
let statementId = "";

beforeAll(async () => {
  sada = await startSada();
  browser = await launchChromium();
  const publisher = await publishingCouncil(sada, "douma-council");
  const s = await apiPost(sada, "/groups/douma-council/statements", publisher, {
    kind: "statement",
    lang: "ar",
    title: "قصف السوق",
    body: "تعرض سوق دوما للقصف فجر اليوم.",
  });
  expect(s.status).toBe(201);
  statementId = ((await s.json()) as { statement: { id: string } }).statement.id;
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await sada?.stop();
});

describe("media, in Chromium", () => {
  it("a publisher attaches a phone photo with GPS through the form; readers get a lazy <picture> whose bytes carry no metadata", async () => {
    const photo = await phonePhoto({ width: 2000, height: 1500 });
    expect((await exifr.gps(photo))?.latitude).toBeCloseTo(33.5722, 3);

    // The publisher, with the plain form.
    const context = await browser.newContext({ locale: "en-US" });
    const page = await context.newPage();
    await signInWithForm(page, sada.baseUrl, "council");
    await page.goto(`${sada.baseUrl}/en/statements/${statementId}`);
    await page.click("section.media summary");
    await page.setInputFiles("#f-media-file", { name: "IMG_20260314_061200_douma.jpg", mimeType: "image/jpeg", buffer: photo });
    await page.fill("#f-media-alt", "The market square after the strike");
    await Promise.all([page.waitForURL(/media=added/), page.click("section.media button[type=submit]")]);
    await context.close();

    // A reader who is not signed in.
    const reader = await browser.newContext({ locale: "en-US" });
    const pub = await reader.newPage();
    const fetched: string[] = [];
    pub.on("request", (r) => fetched.push(r.url()));
    await pub.setViewportSize({ width: 1000, height: 700 });
    await pub.goto(`${sada.baseUrl}/en/statements/${statementId}`);
    const img = pub.locator("section.media picture img");
    expect(await img.getAttribute("loading")).toBe("lazy");
    expect(await img.getAttribute("decoding")).toBe("async");
    expect(await img.getAttribute("alt")).toBe("The market square after the strike");
    expect(await img.getAttribute("width")).toBe("1600");
    expect(await img.getAttribute("height")).toBe("1200");
    expect(await pub.locator('section.media picture source[type="image/avif"]').getAttribute("srcset")).toMatch(
      /w480\.avif 480w, .*w960\.avif 960w, .*w1600\.avif 1600w/,
    );
    expect(await pub.locator('section.media picture source[type="image/webp"]').count()).toBe(1);
    expect(await pub.content()).not.toContain("douma.jpg");

    await img.scrollIntoViewIfNeeded();
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth), { timeout: 10_000 }).toBeGreaterThan(0);
    const shown = await img.evaluate((el: HTMLImageElement) => el.currentSrc);
    expect(shown).toMatch(new RegExp(`^${sada.baseUrl}/media/[0-9a-f]{64}/w\\d+\\.(avif|webp|jpg)$`));
    expect(fetched).toContain(shown);
    await reader.close();

    // The bytes behind the public URLs: nothing of the phone's metadata.
    const html = await (await fetch(`${sada.baseUrl}/en/statements/${statementId}`)).text();
    const urls = [...new Set([...html.matchAll(/\/media\/[0-9a-f]{64}\/w\d+\.(?:avif|webp|jpg)/g)].map((m) => m[0]))];
    expect(urls).toContain(new URL(shown).pathname);
    for (const url of urls) {
      const res = await fetch(`${sada.baseUrl}${url}`);
      expect(res.status).toBe(200);
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(metadataMarkersIn(bytes), url).toEqual([]);
      if (!url.endsWith(".webp")) {
        expect(await exifr.parse(bytes, { gps: true, xmp: true, iptc: true, icc: true, tiff: true, exif: true, ifd1: true }), url).toBeUndefined();
        expect(await exifr.gps(bytes), url).toBeUndefined();
      }
    }
  });
});
