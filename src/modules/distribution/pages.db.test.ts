import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { headTags, listedGroupWithOwner, parseXml, publishTranslation } from "./distribution.testkit";

const h = useHarness();

const FR: Record<string, string> = { "نداء عاجل": "Appel urgent", "قصف الحي الشرقي صباح اليوم.": "Le quartier est a été bombardé ce matin." };

const page = async (path: string) => {
  const res = await h.client().get(path);
  expect(res.status, path).toBe(200);
  return res.text();
};
const meta = (html: string) => Object.fromEntries(headTags(html, "meta").map((m) => [m.property ?? m.name ?? "", m.content ?? ""]));
const alternates = (html: string) =>
  Object.fromEntries(
    headTags(html, "link")
      .filter((l) => l.rel === "alternate" && l.hreflang)
      .map((l) => [l.hreflang ?? "", l.href ?? ""]),
  );
const feedLinks = (html: string) => headTags(html, "link").filter((l) => l.rel === "alternate" && l.type);

describe("canonical and language links", () => {
  it("gives every page an absolute canonical URL and its versions in en, ar, ru and x-default", async () => {
    const html = await page("/ar/groups?kind=medical&done=saved");
    expect(headTags(html, "link").filter((l) => l.rel === "canonical")).toEqual([{ rel: "canonical", href: "http://sada.test/ar/groups?kind=medical" }]);
    expect(alternates(html)).toEqual({
      en: "http://sada.test/en/groups?kind=medical",
      ar: "http://sada.test/ar/groups?kind=medical",
      ru: "http://sada.test/ru/groups?kind=medical",
      "x-default": "http://sada.test/en/groups?kind=medical",
    });
    expect(alternates(await page("/ru/"))["x-default"]).toBe("http://sada.test/");
  });

  it("lists a statement's published translations and gives it link-preview tags", async () => {
    const { group, publish } = await listedGroupWithOwner(h);
    const id = await publish({ kind: "appeal", title: "نداء عاجل", body: `قصف الحي الشرقي صباح اليوم.\n\n${"نص طويل جداً ".repeat(40)}` });
    await publishTranslation(h, id, "fr", (source) => FR[source] ?? "Un texte très long.");
    const html = await page(`/en/statements/${id}?done=published`);
    expect(headTags(html, "link").find((l) => l.rel === "canonical")?.href).toBe(`http://sada.test/en/statements/${id}`);
    expect(alternates(html)).toEqual({
      en: `http://sada.test/en/statements/${id}`,
      ar: `http://sada.test/ar/statements/${id}`,
      ru: `http://sada.test/ru/statements/${id}`,
      "x-default": `http://sada.test/en/statements/${id}`,
      fr: `http://sada.test/en/statements/${id}?tl=fr`,
    });
    const tags = meta(html);
    expect(tags["og:type"]).toBe("article");
    expect(tags["og:title"]).toBe("نداء عاجل");
    expect(tags["og:description"]?.startsWith("قصف الحي الشرقي صباح اليوم.")).toBe(true);
    expect(Array.from(tags["og:description"] ?? "").length).toBeLessThanOrEqual(200);
    expect(tags["og:url"]).toBe(`http://sada.test/en/statements/${id}`);
    expect(tags["og:locale"]).toBe("ar_AR");
    expect(tags["og:site_name"]).toBe("Sada");
    expect(tags["twitter:card"]).toBe("summary");

    const french = meta(await page(`/en/statements/${id}?tl=fr`));
    expect(french["og:title"]).toBe("Appel urgent");
    expect(french["og:locale"]).toBe("fr_FR");
    expect(french["og:url"]).toBe(`http://sada.test/en/statements/${id}?tl=fr`);

    const groupPage = await page(`/ru/groups/${group.slug}`);
    expect(meta(groupPage)["og:title"]).toBe("الدفاع المدني في إدلب");
    expect(meta(groupPage)["og:url"]).toBe(`http://sada.test/ru/groups/${group.slug}`);
    expect(meta(groupPage)["twitter:card"]).toBe("summary");
  });
});

describe("feed autodiscovery", () => {
  it("points the home page, group pages and search results to their Atom and RSS feeds", async () => {
    const { owner, group } = await listedGroupWithOwner(h);
    expect(feedLinks(await page("/en/"))).toEqual([
      { rel: "alternate", type: "application/atom+xml", title: "Sada: latest statements (Atom)", href: "http://sada.test/en/feed.atom" },
      { rel: "alternate", type: "application/rss+xml", title: "Sada: latest statements (RSS)", href: "http://sada.test/en/feed.rss" },
    ]);
    expect(feedLinks(await page(`/ar/groups/${group.slug}`)).map((l) => l.href)).toEqual([
      `http://sada.test/ar/groups/${group.slug}/feed.atom`,
      `http://sada.test/ar/groups/${group.slug}/feed.rss`,
    ]);
    const q = encodeURIComponent("مستشفى");
    expect(feedLinks(await page(`/ru/search?q=${q}`)).map((l) => l.href)).toEqual([
      `http://sada.test/ru/search/feed.atom?q=${q}`,
      `http://sada.test/ru/search/feed.rss?q=${q}`,
    ]);
    expect(feedLinks(await page("/ru/search"))).toEqual([]);
    // A group that is not listed has no feed to discover.
    const pending = await h.make.group(owner);
    expect(feedLinks(await page(`/en/groups/${pending.slug}`))).toEqual([]);
    // Every discovered feed answers.
    for (const link of feedLinks(await page(`/ru/search?q=${q}`))) {
      expect((await h.client().get((link.href ?? "").replace("http://sada.test", ""))).status).toBe(200);
    }
  });
});

/** The visible feed links of a page (after its content): text, target, format, language and accessible name. */
const visibleFeedLinks = (html: string) => {
  const block = /<p class="feed-follow">([\s\S]*?)<\/p>/.exec(html.slice(html.indexOf("<body")))?.[1] ?? null;
  if (block === null) {
    return null;
  }
  const links = [...block.matchAll(/<a\s([^>]*)>([^<]*)<\/a>/g)].map((m): Record<string, string> => ({
    ...Object.fromEntries([...(m[1] ?? "").matchAll(/([a-z-]+)="([^"]*)"/g)].map((a) => [a[1] ?? "", (a[2] ?? "").replace(/&amp;/g, "&")])),
    text: m[2] ?? "",
  }));
  return { text: block.replace(/<[^>]+>/g, "").trim(), links };
};

describe("visible feed links", () => {
  it("shows RSS and Atom links, as text in the page's language, wherever the page has feeds", async () => {
    const { owner, group } = await listedGroupWithOwner(h);
    const home = visibleFeedLinks(await page("/en/"));
    expect(home?.text).toBe("Follow in a feed reader: RSS / Atom");
    expect(home?.links).toEqual([
      {
        href: "http://sada.test/en/feed.rss",
        type: "application/rss+xml",
        hreflang: "en",
        rel: "alternate",
        "aria-label": "Sada: latest statements (RSS)",
        text: "RSS",
      },
      {
        href: "http://sada.test/en/feed.atom",
        type: "application/atom+xml",
        hreflang: "en",
        rel: "alternate",
        "aria-label": "Sada: latest statements (Atom)",
        text: "Atom",
      },
    ]);
    // The same feeds as the head advertises, localised.
    const groupPage = await page(`/ar/groups/${group.slug}`);
    const onGroup = visibleFeedLinks(groupPage);
    expect(onGroup?.text).toBe("تابِع في قارئ الخلاصات: RSS / Atom");
    expect(onGroup?.links.map((l) => [l.href, l.hreflang])).toEqual([
      [`http://sada.test/ar/groups/${group.slug}/feed.rss`, "ar"],
      [`http://sada.test/ar/groups/${group.slug}/feed.atom`, "ar"],
    ]);
    expect(new Set(onGroup?.links.map((l) => l.href))).toEqual(new Set(feedLinks(groupPage).map((l) => l.href)));

    const q = encodeURIComponent("مستشفى");
    const onSearch = visibleFeedLinks(await page(`/ru/search?q=${q}`));
    expect(onSearch?.text).toBe("Следить в программе чтения лент: RSS / Atom");
    expect(onSearch?.links.map((l) => l.href)).toEqual([`http://sada.test/ru/search/feed.rss?q=${q}`, `http://sada.test/ru/search/feed.atom?q=${q}`]);

    // A directory filtered by place (or by group kind) alone follows that place's feed, discovered in the head too.
    const byPlace = await page("/en/groups?place=SY-RD");
    expect(visibleFeedLinks(byPlace)?.links.map((l) => [l.href, l["aria-label"]])).toEqual([
      ["http://sada.test/en/feeds/place/SY-RD.rss", "Sada: statements by groups working in Rif Dimashq (RSS)"],
      ["http://sada.test/en/feeds/place/SY-RD.atom", "Sada: statements by groups working in Rif Dimashq (Atom)"],
    ]);
    expect(feedLinks(byPlace).map((l) => l.href)).toEqual(["http://sada.test/en/feeds/place/SY-RD.atom", "http://sada.test/en/feeds/place/SY-RD.rss"]);
    expect(visibleFeedLinks(await page("/en/groups?kind=medical"))?.links.map((l) => l.href)).toEqual([
      "http://sada.test/en/feeds/group-kind/medical.rss",
      "http://sada.test/en/feeds/group-kind/medical.atom",
    ]);
    // Every visible feed link answers.
    for (const path of ["/en/", `/ar/groups/${group.slug}`, `/ru/search?q=${q}`, "/en/groups?place=SY-RD"]) {
      for (const link of visibleFeedLinks(await page(path))?.links ?? []) {
        expect((await h.client().get((link.href ?? "").replace("http://sada.test", ""))).status, link.href).toBe(200);
      }
    }

    // No feed, no links: a search without a query, the unfiltered or doubly filtered directory, an unlisted group, a statement.
    const pending = await h.make.group(owner);
    const id = await listedGroupWithOwner(h).then((g) => g.publish({ title: "بيان" }));
    for (const path of [
      "/ru/search",
      "/en/groups",
      "/en/groups?place=SY-RD&kind=medical",
      "/en/groups?place=XX-nowhere",
      `/en/groups/${pending.slug}`,
      `/en/statements/${id}`,
    ]) {
      const html = await page(path);
      expect(visibleFeedLinks(html), path).toBeNull();
      expect(feedLinks(html), path).toEqual([]);
    }
  });
});

describe("embeds", () => {
  it("links from the statement page to an embed page whose snippet is escaped, script-free and links back", async () => {
    const { publish } = await listedGroupWithOwner(h);
    const id = await publish({ title: '<script>alert("x")</script> نداء', body: "فقرة أولى <iframe src=x>.\n\nفقرة ثانية." });
    const statementPage = await page(`/en/statements/${id}`);
    expect(statementPage).toContain(`href="/en/statements/${id}/embed?tl=ar"`);

    const html = await page(`/en/statements/${id}/embed?tl=ar`);
    expect(html).not.toMatch(/<script|<iframe/);
    const textarea = /<textarea id="f-embed"[^>]*>([\s\S]*?)<\/textarea>/.exec(html)?.[1] ?? "";
    const snippet = textarea
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, "&");
    expect(html).toContain(`<div class="embed-preview">${snippet}</div>`);
    expect(snippet).not.toMatch(/<(script|iframe|style)\b/i);
    expect(snippet).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; نداء");
    expect(snippet).toContain("فقرة أولى &lt;iframe src=x&gt;.");
    expect(snippet).not.toContain("فقرة ثانية");

    // The snippet is well-formed: a quotation in Arabic, right to left, attributed and linked to the canonical page.
    const { figure } = parseXml(snippet) as {
      figure: {
        "@lang": string;
        blockquote: { "@lang": string; "@dir": string; "@cite": string };
        figcaption: { cite: { "#text": string }; time: { "@datetime": string }; a: { "@href": string } };
      };
    };
    expect(figure["@lang"]).toBe("en");
    expect(figure.blockquote["@lang"]).toBe("ar");
    expect(figure.blockquote["@dir"]).toBe("rtl");
    expect(figure.blockquote["@cite"]).toBe(`http://sada.test/en/statements/${id}?tl=ar`);
    expect(figure.figcaption.cite["#text"]).toBe("الدفاع المدني في إدلب");
    expect(Date.parse(figure.figcaption.time["@datetime"])).toBeGreaterThan(0);
    expect(figure.figcaption.a["@href"]).toBe(`http://sada.test/en/statements/${id}?tl=ar`);
  });

  it("quotes the published translation in the reader's language and refuses unknown statements and languages", async () => {
    const { publish } = await listedGroupWithOwner(h);
    const id = await publish({ title: "نداء عاجل", body: "قصف الحي الشرقي صباح اليوم." });
    await publishTranslation(h, id, "fr", (source) => FR[source] ?? source);
    const html = await page(`/ru/statements/${id}/embed?tl=fr`);
    expect(html).toContain("&lt;blockquote cite=&quot;http://sada.test/ru/statements/" + id + "?tl=fr&quot; lang=&quot;fr&quot; dir=&quot;ltr&quot;&gt;");
    expect(html).toContain("Appel urgent");
    expect(html).toContain("Читать заявление полностью на сайте Sada");
    for (const path of [`/en/statements/nope0000/embed`, `/en/statements/${id}/embed?tl=xx`, `/en/statements/BAD!/embed`]) {
      const res = await h.client().get(path);
      expect(res.status, path).toBe(404);
    }
  });
});
