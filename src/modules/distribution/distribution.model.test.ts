import { describe, expect, it } from "vitest";
import { translatorFor } from "../../platform/i18n/translator";
import { isNotModified, strongEtag } from "./conditional-get";
import { embedSnippet } from "./embed.model";
import { feedUrl, type FeedDocument } from "./feed.model";
import { canonicalPath, languageAlternates } from "./links";
import { serializeFeed } from "./serializers/feed.xml";
import { planSitemap } from "./sitemap.model";
import { firstParagraphText, htmlToText, truncateText } from "./text";
import { parseXml, type AtomFeed } from "./distribution.testkit";

describe("plain text", () => {
  it("takes the text of rendered Markdown, entities decoded, blocks separated", () => {
    expect(htmlToText("<h1>Title</h1><p>a &lt;b&gt; &amp; <em>c</em></p>\n<ul><li>one</li><li>two</li></ul>")).toBe("Title a <b> & c one two");
    expect(firstParagraphText("<h2>Heading</h2>\n<p>First <strong>para</strong>.</p><p>Second.</p>")).toBe("First para.");
  });

  it("cuts long text at a word boundary without splitting a surrogate pair", () => {
    expect(truncateText("short", 200)).toBe("short");
    const cut = truncateText("word ".repeat(100), 200);
    expect(Array.from(cut).length).toBeLessThanOrEqual(200);
    expect(cut.endsWith("word…")).toBe(true);
    expect(truncateText("😀".repeat(5), 3)).toBe("😀😀…");
  });
});

describe("links", () => {
  it("keeps only content-selecting parameters in canonical paths", () => {
    expect(canonicalPath("/statements/abc?done=published&tl=fr&view=side")).toBe("/statements/abc?tl=fr");
    expect(canonicalPath("/search?q=%D9%85%D8%B3%D8%AA%D8%B4%D9%81%D9%89&utm_source=x")).toBe("/search?q=%D9%85%D8%B3%D8%AA%D8%B4%D9%81%D9%89");
    expect(canonicalPath("/")).toBe("/");
  });

  it("points hreflang alternates to the interface versions, without ?tl=", () => {
    expect(languageAlternates("https://s.example", "/statements/abc?tl=fr")).toEqual([
      { hreflang: "en", href: "https://s.example/en/statements/abc" },
      { hreflang: "ar", href: "https://s.example/ar/statements/abc" },
      { hreflang: "ru", href: "https://s.example/ru/statements/abc" },
      { hreflang: "x-default", href: "https://s.example/en/statements/abc" },
    ]);
  });

  it("adds ?lang= to a feed URL only when the content language differs", () => {
    expect(feedUrl("https://s.example", "ar", { type: "all" }, "atom", "ar")).toBe("https://s.example/ar/feed.atom");
    expect(feedUrl("https://s.example", "en", { type: "search", query: "a&b" }, "rss", "ckb")).toBe("https://s.example/en/search/feed.rss?q=a%26b&lang=ckb");
  });
});

describe("conditional GET", () => {
  const current = { etag: strongEtag("body"), lastModified: new Date("2026-01-02T03:04:05.678Z") };
  it("matches If-None-Match (weakly, lists, *) before If-Modified-Since", () => {
    expect(isNotModified({ ifNoneMatch: current.etag }, current)).toBe(true);
    expect(isNotModified({ ifNoneMatch: `"x", W/${current.etag}` }, current)).toBe(true);
    expect(isNotModified({ ifNoneMatch: "*" }, current)).toBe(true);
    expect(isNotModified({ ifNoneMatch: '"x"', ifModifiedSince: "Fri, 02 Jan 2026 03:04:05 GMT" }, current)).toBe(false);
  });
  it("compares If-Modified-Since to the second and ignores a bad date", () => {
    expect(isNotModified({ ifModifiedSince: "Fri, 02 Jan 2026 03:04:05 GMT" }, current)).toBe(true);
    expect(isNotModified({ ifModifiedSince: "Fri, 02 Jan 2026 03:04:04 GMT" }, current)).toBe(false);
    expect(isNotModified({ ifModifiedSince: "yesterday" }, current)).toBe(false);
  });
});

describe("sitemap plan", () => {
  it("stays one file while one page of each kind suffices", () => {
    const limits = { statementsPerFile: 2_000, groupsPerFile: 5_000 };
    expect(planSitemap({ groups: 5_000, statements: 2_000 }, limits)).toEqual({ type: "single" });
    expect(planSitemap({ groups: 10, statements: 4_001 }, limits)).toEqual({ type: "index", groupPages: 1, statementPages: 3 });
  });
});

describe("Atom serialization", () => {
  it("puts xml:lang on the feed, each entry and its content, even when texts look like tags", () => {
    const entry = (lang: string, title: string) => ({
      id: `https://s.example/en/statements/${lang}`,
      link: `https://s.example/en/statements/${lang}`,
      lang,
      title,
      summary: "<entry>",
      contentHtml: `<div lang="${lang}" dir="ltr">&lt;entry&gt;</div>`,
      authorName: "<entry> & co",
      authorLink: "https://s.example/en/groups/g",
      category: { term: "statement", label: "Statement" },
      published: new Date(0),
      updated: new Date(1000),
    });
    const doc: FeedDocument = {
      title: "<entry>",
      subtitle: "s",
      uiLang: "en",
      contentLang: "en",
      pageUrl: "https://s.example/en/",
      urls: { atom: "https://s.example/en/feed.atom", rss: "https://s.example/en/feed.rss" },
      updated: new Date(1000),
      entries: [entry("fr", "<entry>"), entry("ar", "]]>")],
    };
    const xml = serializeFeed(doc, "atom");
    expect(serializeFeed(doc, "atom")).toBe(xml);
    const feed = (parseXml(xml) as unknown as AtomFeed).feed;
    expect(feed["@xml:lang"]).toBe("en");
    expect(feed.entry?.map((e) => [e["@xml:lang"], e.content["@xml:lang"], e.title["#text"]])).toEqual([
      ["fr", "fr", "&lt;entry&gt;"],
      ["ar", "ar", "]]&gt;"],
    ]);
  });
});

describe("embed snippet", () => {
  it("escapes every value and carries no script, frame or style", () => {
    const i = translatorFor("en");
    const snippet = embedSnippet({
      url: 'https://s.example/en/statements/a?x="1"',
      lang: "ar",
      dir: "rtl",
      title: "<script>alert(1)</script>",
      paragraph: "<iframe src=//evil>",
      groupName: "<style>",
      publishedAt: "2026-01-01T00:00:00.000Z",
      ui: { lang: i.lang, dir: i.dir },
      dateLabel: i.date("2026-01-01T00:00:00.000Z"),
      readMore: "Read",
      retracted: null,
    });
    expect(snippet).not.toMatch(/<(script|iframe|style)/);
    expect(snippet).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(snippet).toContain('cite="https://s.example/en/statements/a?x=&quot;1&quot;"');
  });
});
