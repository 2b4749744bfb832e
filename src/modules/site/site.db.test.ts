import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { CSS, CSS_HREF } from "./static-assets";

const h = useHarness();

describe("languages", () => {
  it("redirects / by cookie, then Accept-Language, then English", async () => {
    expect((await h.client().get("/", { "accept-language": "ru-RU,ru;q=0.9" })).headers.get("location")).toBe("/ru/");
    expect((await h.client().get("/", { "accept-language": "de" })).headers.get("location")).toBe("/en/");
    expect((await h.client().get("/", { "accept-language": "ru", cookie: "sada_lang=ar" })).headers.get("location")).toBe("/ar/");
  });

  it("remembers a switch of language and returns to the same page", async () => {
    const c = h.client();
    const res = await c.get(`/lang/ar?next=${encodeURIComponent("/ar/groups?kind=media")}`);
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/ar/groups?kind=media");
    expect(c.cookies.get("sada_lang")).toBe("ar");
    const evil = await c.get(`/lang/ar?next=${encodeURIComponent("//evil.example/")}`);
    expect(evil.headers.get("location")).toBe("/ar/");
  });

  it("answers an unknown language prefix with a 404 page in the negotiated language", async () => {
    const res = await h.client().get("/xx/groups", { "accept-language": "ar" });
    expect(res.status).toBe(404);
    const html = await res.text();
    expect(html).toMatch(/<html lang="ar" dir="rtl">/);
  });

  it("renders every page of the shell in the three languages with the right direction", async () => {
    for (const [lang, dir] of [
      ["en", "ltr"],
      ["ar", "rtl"],
      ["ru", "ltr"],
    ] as const) {
      for (const path of ["/", "/groups", "/search", "/signin", "/signup"]) {
        const res = await h.client().get(`/${lang}${path}`);
        expect(res.status, `${lang}${path}`).toBe(200);
        expect(await res.text()).toContain(`<html lang="${lang}" dir="${dir}">`);
      }
    }
  });
});

describe("pages that work anywhere", () => {
  it("serves one cacheable stylesheet and no script", async () => {
    const res = await h.client().get(CSS_HREF);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toContain("immutable");
    const home = await (await h.client().get("/en/")).text();
    expect(home).not.toContain("<script");
    expect(home.match(/<link rel="stylesheet"/g)).toHaveLength(1);
    expect(home).not.toMatch(/(src|href)="(https?:)?\/\/(?!sada\.test)/);
  });

  it("keeps a long statement page under 30 KB gzip, HTML plus CSS", async () => {
    const owner = await h.make.user();
    const g = await h.make.vouchedGroup(owner);
    const body = Array.from(
      { length: 40 },
      (_, i) => `فقرة ${i}: يواصل فريق الدفاع المدني عمليات البحث والإنقاذ في الأحياء المتضررة من القصف، ويطالب بفتح ممرات آمنة.`,
    ).join("\n\n");
    const { statementId } = await h.make.statement(owner, g.slug, { body });
    const html = await (await h.client().get(`/ar/statements/${statementId}`)).text();
    const total = gzipSync(html).length + gzipSync(CSS).length;
    expect(total).toBeLessThan(30 * 1024);
  });

  it("sends strict security headers", async () => {
    const res = await h.client().get("/en/");
    expect(res.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("serves anonymous pages from the cache with ETag and gzip, and drops the cache on a write", async () => {
    const owner = await h.signedIn();
    const g = await h.make.vouchedGroup(owner.user);
    const first = await h.client().get(`/en/groups/${g.slug}`);
    const etag = first.headers.get("etag");
    expect(etag).toBeTruthy();
    expect((await h.client().get(`/en/groups/${g.slug}`, { "if-none-match": etag ?? "" })).status).toBe(304);
    const gz = await h.client().get(`/en/groups/${g.slug}`, { "accept-encoding": "gzip" });
    expect(gz.headers.get("content-encoding")).toBe("gzip");
    expect(gz.headers.get("content-security-policy")).toContain("default-src 'none'");
    await owner.client.get(`/en/groups/${g.slug}/admin`);
    await owner.client.post(`/en/groups/${g.slug}/admin/needs`, { item: "Blankets for winter", priority: "urgent" });
    const after = await h.client().get(`/en/groups/${g.slug}`);
    expect(after.headers.get("etag")).not.toBe(etag);
    expect(await after.text()).toContain("Blankets for winter");
  });

  it("never caches a signed-in page for others", async () => {
    const { client, user } = await h.signedIn();
    const mine = await (await client.get("/en/")).text();
    expect(mine).toContain(user.handle);
    const anon = await (await h.client().get("/en/")).text();
    expect(anon).not.toContain(user.handle);
  });
});
