import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { listedGroupWithOwner, parseXml, publishTranslation, suspend } from "./distribution.testkit";
import { sitemapPage, sitemapRoot } from "./sitemap.reader";

const h = useHarness();

interface SitemapUrlNode {
  loc: string;
  lastmod?: string;
  "xhtml:link": Array<{ "@rel": string; "@hreflang": string; "@href": string }>;
}
interface Urlset {
  urlset: { "@xmlns": string; "@xmlns:xhtml": string; url: SitemapUrlNode[] };
}
interface SitemapIndex {
  sitemapindex: { "@xmlns": string; sitemap: Array<{ loc: string }> };
}

const alternatesOf = (url: SitemapUrlNode | undefined) => Object.fromEntries((url?.["xhtml:link"] ?? []).map((l) => [l["@hreflang"], l["@href"]]));

describe("/sitemap.xml", () => {
  it("lists home, directory, listed groups and statements with hreflang alternates, as valid XML", async () => {
    const { group, publish } = await listedGroupWithOwner(h);
    const id = await publish({ title: "نداء عاجل", body: "قصف الحي الشرقي صباح اليوم." });
    await publishTranslation(h, id, "fr", (source) => (source === "نداء عاجل" ? "Appel urgent" : "Le quartier est a été bombardé ce matin."));
    const hidden = await listedGroupWithOwner(h);
    const hiddenId = await hidden.publish({ title: "بيان" });
    await suspend(h, hidden.group.slug);

    const res = await h.client().get("/sitemap.xml");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/xml; charset=utf-8");
    const text = await res.text();
    const { urlset } = parseXml(text) as unknown as Urlset;
    expect(urlset["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(urlset["@xmlns:xhtml"]).toBe("http://www.w3.org/1999/xhtml");
    const byLoc = new Map(urlset.url.map((u) => [u.loc, u]));

    expect(alternatesOf(byLoc.get("http://sada.test/ar/"))).toEqual({
      en: "http://sada.test/en/",
      ar: "http://sada.test/ar/",
      ru: "http://sada.test/ru/",
      "x-default": "http://sada.test/",
    });
    expect(byLoc.has("http://sada.test/ru/groups")).toBe(true);
    expect(alternatesOf(byLoc.get(`http://sada.test/ru/groups/${group.slug}`)).en).toBe(`http://sada.test/en/groups/${group.slug}`);

    const statement = {
      en: `http://sada.test/en/statements/${id}`,
      ar: `http://sada.test/ar/statements/${id}`,
      ru: `http://sada.test/ru/statements/${id}`,
      "x-default": `http://sada.test/en/statements/${id}`,
      fr: `http://sada.test/en/statements/${id}?tl=fr`,
    };
    for (const loc of [statement.en, statement.ar, statement.ru, statement.fr]) {
      expect(alternatesOf(byLoc.get(loc)), loc).toEqual(statement);
      expect(byLoc.get(loc)?.["xhtml:link"].every((l) => l["@rel"] === "alternate")).toBe(true);
    }
    expect(Date.parse(byLoc.get(statement.fr)?.lastmod ?? "")).toBeGreaterThan(0);
    expect(text).not.toContain(hiddenId);
    expect(text).not.toContain(hidden.group.slug);
  });

  it("becomes an index of pages when one file would be too big", async () => {
    const { publish } = await listedGroupWithOwner(h);
    await publish({ title: "بيان" });
    const limits = { statementsPerFile: 1, groupsPerFile: 1 };
    const { sitemapindex } = parseXml(await sitemapRoot(h.deps, "http://sada.test", limits)) as unknown as SitemapIndex;
    const locs = sitemapindex.sitemap.map((s) => s.loc);
    expect(sitemapindex["@xmlns"]).toBe("http://www.sitemaps.org/schemas/sitemap/0.9");
    expect(locs).toContain("http://sada.test/sitemaps/groups-1.xml");
    expect(locs).toContain("http://sada.test/sitemaps/statements-1.xml");
    const statementPages = locs.filter((l) => l.includes("/statements-")).length;
    expect(statementPages).toBeGreaterThanOrEqual(1);

    // The pages together list exactly the statement URLs of the single file; one past the end does not exist.
    const paged: string[] = [];
    for (let n = 1; n <= statementPages; n++) {
      const page = await sitemapPage(h.deps, "http://sada.test", "statements", n, limits);
      const { urlset } = parseXml(page ?? "") as unknown as Urlset;
      paged.push(...urlset.url.map((u) => u.loc));
    }
    const single = (parseXml(await sitemapRoot(h.deps, "http://sada.test", { statementsPerFile: 100, groupsPerFile: 100 })) as unknown as Urlset).urlset.url;
    expect(paged.sort()).toEqual(
      single
        .map((u) => u.loc)
        .filter((loc) => loc.includes("/statements/"))
        .sort(),
    );
    expect(await sitemapPage(h.deps, "http://sada.test", "statements", statementPages + 1, limits)).toBeNull();
    const firstGroups = parseXml((await sitemapPage(h.deps, "http://sada.test", "groups", 1, limits)) ?? "") as unknown as Urlset;
    expect(firstGroups.urlset.url.map((u) => u.loc)).toContain("http://sada.test/en/");
  });

  it("serves the pages over HTTP and refuses bad page names", async () => {
    expect((await h.client().get("/sitemaps/statements-1.xml")).status).toBe(200);
    expect((await h.client().get("/sitemaps/groups-1.xml")).headers.get("content-type")).toBe("application/xml; charset=utf-8");
    for (const path of ["/sitemaps/statements-9999.xml", "/sitemaps/statements-0.xml", "/sitemaps/people-1.xml", "/sitemaps/x.xml"]) {
      expect((await h.client().get(path)).status, path).toBe(404);
    }
  });

  it("answers If-None-Match with 304", async () => {
    const first = await h.client().get("/sitemap.xml");
    const etag = first.headers.get("etag") ?? "";
    expect((await h.client().get("/sitemap.xml", { "if-none-match": etag })).status).toBe(304);
  });
});

describe("/robots.txt", () => {
  it("allows public pages, keeps crawlers out of accounts, administration and the workspace, and names the sitemap", async () => {
    const res = await h.client().get("/robots.txt");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    const lines = (await res.text()).split("\n");
    expect(lines[0]).toBe("User-agent: *");
    for (const rule of [
      "Allow: /",
      "Disallow: /en/account",
      "Disallow: /ar/groups/*/admin",
      "Disallow: /ru/translate",
      "Allow: /ru/translate/coverage",
      "Sitemap: http://sada.test/sitemap.xml",
    ]) {
      expect(lines, rule).toContain(rule);
    }
    expect(lines.filter((l) => /^Disallow: \/(en|ar|ru)\/(statements|groups)$/.test(l))).toEqual([]);
  });
});
