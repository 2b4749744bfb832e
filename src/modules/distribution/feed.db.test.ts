import { describe, expect, it } from "vitest";
import { useHarness } from "../../../test/harness";
import { statementService } from "../statements";
import { listedGroupWithOwner, parseXml, publishTranslation, revise, suspend, type AtomEntry, type AtomFeed, type RssFeed } from "./distribution.testkit";

const h = useHarness();

const RU: Record<string, string> = { "نداء عاجل": "Срочный призыв", "قصف الحي الشرقي صباح اليوم.": "Восточный район обстреляли сегодня утром." };

async function atom(path: string): Promise<{ res: Response; feed: AtomFeed["feed"]; entries: AtomEntry[] }> {
  const res = await h.client().get(path);
  expect(res.status, path).toBe(200);
  const feed = (parseXml(await res.text()) as unknown as AtomFeed).feed;
  return { res, feed, entries: feed.entry ?? [] };
}

const entryFor = (entries: AtomEntry[], id: string) => entries.find((e) => e.id.includes(`/statements/${id}`));

describe("feeds in the reader's language", () => {
  it("shows the published Russian translation, else the Arabic original marked as Arabic and right to left", async () => {
    const { group, publish } = await listedGroupWithOwner(h);
    const translated = await publish({ kind: "appeal", title: "نداء عاجل", body: "قصف الحي الشرقي صباح اليوم." });
    const original = await publish({ title: "بيان" });
    await publishTranslation(h, translated, "ru", (source) => RU[source] ?? source);

    const { res, feed, entries } = await atom(`/ru/groups/${group.slug}/feed.atom`);
    expect(res.headers.get("content-type")).toBe("application/atom+xml; charset=utf-8");
    expect(feed["@xmlns"]).toBe("http://www.w3.org/2005/Atom");
    expect(feed["@xml:lang"]).toBe("ru");
    expect(entries.map((e) => e.id)).toEqual([`http://sada.test/ru/statements/${original}`, `http://sada.test/ru/statements/${translated}`]);

    const ru = entryFor(entries, translated);
    expect(ru?.["@xml:lang"]).toBe("ru");
    expect(ru?.title["#text"]).toBe("Срочный призыв");
    expect(ru?.content["@xml:lang"]).toBe("ru");
    expect(ru?.content["#text"]).toMatch(/^<div lang="ru" dir="ltr">/);
    expect(ru?.content["#text"]).toContain("Восточный район обстреляли сегодня утром.");
    expect(ru?.link[0]?.["@href"]).toBe(`http://sada.test/ru/statements/${translated}`);
    expect(ru?.author[0]?.name).toBe("الدفاع المدني في إدلب");
    expect(ru?.author[0]?.uri).toBe(`http://sada.test/ru/groups/${group.slug}`);

    const ar = entryFor(entries, original);
    expect(ar?.["@xml:lang"]).toBe("ar");
    expect(ar?.title["#text"]).toBe("بيان");
    expect(ar?.content["@xml:lang"]).toBe("ar");
    expect(ar?.content["#text"]).toMatch(/^<div lang="ar" dir="rtl"><div lang="ru" dir="ltr"><p>Перевод на язык «Русский» ещё не опубликован/);
    expect(ar?.content["#text"]).toContain("<p>نص البيان.</p>");
  });

  it("says the same in RSS, with the channel's and each item's language", async () => {
    const { group, publish } = await listedGroupWithOwner(h);
    const translated = await publish({ title: "نداء عاجل", body: "قصف الحي الشرقي صباح اليوم." });
    const original = await publish({ title: "بيان" });
    await publishTranslation(h, translated, "ru", (source) => RU[source] ?? source);
    const res = await h.client().get(`/ru/groups/${group.slug}/feed.rss`);
    expect(res.headers.get("content-type")).toBe("application/rss+xml; charset=utf-8");
    const channel = (parseXml(await res.text()) as unknown as RssFeed).rss.channel;
    expect(channel.language).toBe("ru");
    const items = channel.item ?? [];
    expect(items.map((i) => [i.link[0], i["dc:language"], i.title])).toEqual([
      [`http://sada.test/ru/statements/${original}`, "ar", "بيان"],
      [`http://sada.test/ru/statements/${translated}`, "ru", "Срочный призыв"],
    ]);
    expect(items[0]?.["content:encoded"]).toMatch(/^<div lang="ar" dir="rtl">/);
  });

  it("serves any content language with ?lang=, linking to the page that shows it", async () => {
    const { group, publish } = await listedGroupWithOwner(h);
    const translated = await publish({ title: "نداء عاجل", body: "قصف الحي الشرقي صباح اليوم." });
    await publishTranslation(h, translated, "ru", (source) => RU[source] ?? source);
    const inRussian = await atom(`/en/groups/${group.slug}/feed.atom?lang=ru`);
    expect(inRussian.feed["@xml:lang"]).toBe("en");
    expect(inRussian.feed.title).toContain("(Русский)");
    expect(inRussian.entries[0]?.["@xml:lang"]).toBe("ru");
    expect(inRussian.entries[0]?.link[0]?.["@href"]).toBe(`http://sada.test/en/statements/${translated}?tl=ru`);
    const inKurdish = await atom(`/en/groups/${group.slug}/feed.atom?lang=ckb`);
    expect(inKurdish.entries[0]?.["@xml:lang"]).toBe("ar");
    expect(inKurdish.entries[0]?.id).toBe(`http://sada.test/en/statements/${translated}?tl=ckb`);
  });
});

describe("what a feed lists", () => {
  it("lists only statements of listed groups, and a new statement at once", async () => {
    const listed = await listedGroupWithOwner(h);
    const suspended = await listedGroupWithOwner(h);
    const hidden = await suspended.publish({ title: "بيان محجوب" });
    await suspend(h, suspended.group.slug);
    const before = await atom("/en/feed.atom");
    expect(entryFor(before.entries, hidden)).toBeUndefined();
    const fresh = await listed.publish({ title: "بيان جديد" });
    const after = await atom("/en/feed.atom");
    expect(after.entries[0]?.id).toBe(`http://sada.test/en/statements/${fresh}`);
    expect((await h.client().get(`/en/groups/${suspended.group.slug}/feed.atom`)).status).toBe(404);
  });

  it("filters by statement kind, group kind, place (a governorate includes its districts) and search", async () => {
    const medical = await listedGroupWithOwner(h, { kind: "medical", places: ["SY-HM-masyaf"] });
    const council = await listedGroupWithOwner(h, { kind: "local_council", places: ["SY-HL-afrin"] });
    const appeal = await medical.publish({ kind: "appeal", title: "نداء المستشفى الميداني" });
    const report = await council.publish({ kind: "report", title: "تقرير المجلس عن الطحين" });
    const ids = async (path: string) => (await atom(path)).entries.map((e) => e.id.replace(/^.*\/statements\//, ""));

    expect(await ids("/en/feeds/kind/appeal.atom")).toContain(appeal);
    expect(await ids("/en/feeds/kind/appeal.atom")).not.toContain(report);
    expect(await ids("/en/feeds/group-kind/local_council.atom")).toContain(report);
    expect(await ids("/en/feeds/group-kind/local_council.atom")).not.toContain(appeal);
    expect(await ids("/en/feeds/place/SY-HM.atom")).toEqual(expect.arrayContaining([appeal]));
    expect(await ids("/en/feeds/place/SY-HM.atom")).not.toContain(report);
    expect(await ids("/en/feeds/place/SY-HL-afrin.atom")).toContain(report);
    expect(await ids(`/en/search/feed.atom?q=${encodeURIComponent("الطحين")}`)).toEqual([report]);
    const rss = await h.client().get(`/ar/search/feed.rss?q=${encodeURIComponent("الطحين")}`);
    expect(rss.status).toBe(200);
    expect((parseXml(await rss.text()) as unknown as RssFeed).rss.channel.item).toHaveLength(1);
  });

  it("lists at most 50 statements, newest first", async () => {
    const { group, publish } = await listedGroupWithOwner(h);
    for (let n = 0; n < 51; n++) {
      await publish({ title: `بيان ${n}` });
    }
    const { entries } = await atom(`/en/groups/${group.slug}/feed.atom`);
    expect(entries).toHaveLength(50);
    const published = entries.map((e) => Date.parse(e.published));
    expect([...published].sort((a, b) => b - a)).toEqual(published);
    expect(entries.map((e) => e.title["#text"])).not.toContain("بيان 0");
  });

  it("moves an entry's update time with a new revision, and shows a retraction", async () => {
    const { owner, group, publish } = await listedGroupWithOwner(h);
    const id = await publish({ title: "بيان أول" });
    const first = entryFor((await atom(`/en/groups/${group.slug}/feed.atom`)).entries, id);
    await new Promise((r) => setTimeout(r, 5));
    await revise(h, owner, id, "بيان معدّل", "نص معدّل.");
    const revised = entryFor((await atom(`/en/groups/${group.slug}/feed.atom`)).entries, id);
    expect(revised?.title["#text"]).toBe("بيان معدّل");
    expect(Date.parse(revised?.updated ?? "")).toBeGreaterThan(Date.parse(first?.updated ?? ""));
    expect(revised?.published).toBe(first?.published);

    const retracted = await statementService.retract(h.deps, owner, id, { reason: "معلومات غير دقيقة <b>" });
    expect(retracted.ok).toBe(true);
    const entry = entryFor((await atom(`/en/groups/${group.slug}/feed.atom`)).entries, id);
    expect(entry?.title["#text"]).toBe("[Retracted] بيان معدّل");
    expect(entry?.content["#text"]).toContain("Retracted by its authors on");
    expect(entry?.content["#text"]).toContain('<blockquote dir="auto">معلومات غير دقيقة &lt;b&gt;</blockquote>');
  });

  it("keeps showing a translation after the original changes, marked as made from an earlier version", async () => {
    const { owner, group, publish } = await listedGroupWithOwner(h);
    const id = await publish({ title: "نداء عاجل", body: "قصف الحي الشرقي صباح اليوم." });
    await publishTranslation(h, id, "ru", (source) => RU[source] ?? source);
    const path = `/ru/groups/${group.slug}/feed.atom`;
    expect(entryFor((await atom(path)).entries, id)?.content["#text"]).not.toContain("более ранней редакции");

    await revise(h, owner, id, "نداء عاجل", "قصف الحي الغربي مساء اليوم.");
    const outdated = entryFor((await atom(path)).entries, id);
    expect(outdated?.title["#text"]).toBe("Срочный призыв");
    expect(outdated?.content["#text"]).toContain("Перевод сделан с более ранней редакции");
    expect(outdated?.["@xml:lang"]).toBe("ru");
  });

  it("escapes markup in titles: <script> is text", async () => {
    const { group, publish } = await listedGroupWithOwner(h);
    await publish({ title: "<script>alert(1)</script> & co" });
    const text = await (await h.client().get(`/en/groups/${group.slug}/feed.atom`)).text();
    expect(text).not.toContain("<script>");
    const entry = ((parseXml(text) as unknown as AtomFeed).feed.entry ?? [])[0];
    expect(entry?.title["@type"]).toBe("html");
    expect(entry?.title["#text"]).toBe("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
  });
});

describe("conditional requests", () => {
  it("answers 304 to If-None-Match and If-Modified-Since, 200 once the feed changed", async () => {
    const { group, publish } = await listedGroupWithOwner(h);
    await publish({ title: "بيان" });
    const path = `/en/groups/${group.slug}/feed.rss`;
    const first = await h.client().get(path);
    const etag = first.headers.get("etag") ?? "";
    const lastModified = first.headers.get("last-modified") ?? "";
    expect(etag).toMatch(/^"[A-Za-z0-9_-]{27}"$/);
    expect(new Date(lastModified).toUTCString()).toBe(lastModified);

    const byTag = await h.client().get(path, { "if-none-match": etag });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get("etag")).toBe(etag);
    expect(await byTag.text()).toBe("");
    expect((await h.client().get(path, { "if-modified-since": lastModified })).status).toBe(304);
    expect((await h.client().get(path, { "if-modified-since": new Date(Date.parse(lastModified) - 3_600_000).toUTCString() })).status).toBe(200);
    // If-None-Match wins over If-Modified-Since.
    expect((await h.client().get(path, { "if-none-match": '"other"', "if-modified-since": lastModified })).status).toBe(200);

    await new Promise((r) => setTimeout(r, 1_000));
    await publish({ title: "بيان آخر" });
    const changed = await h.client().get(path, { "if-none-match": etag, "if-modified-since": lastModified });
    expect(changed.status).toBe(200);
    expect(changed.headers.get("etag")).not.toBe(etag);
    expect((await h.client().get(path, { "if-modified-since": lastModified })).status).toBe(200);
  });
});

describe("bad requests", () => {
  it("answers unknown kinds, places, languages and groups with a 404 page in the page's language", async () => {
    for (const [path, lang] of [
      ["/en/feeds/kind/nope.atom", "en"],
      ["/ar/feeds/place/SY-XX.rss", "ar"],
      ["/ru/feeds/group-kind/appeal.atom", "ru"],
      ["/ru/feed.atom?lang=xx", "ru"],
      ["/en/feed.atom?lang=", "en"],
      ["/ar/groups/no-such-group/feed.rss", "ar"],
      ["/en/feeds/kind/appeal.json", "en"],
    ] as const) {
      const res = await h.client().get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get("content-type"), path).toContain("text/html");
      expect(await res.text(), path).toContain(`<html lang="${lang}"`);
    }
  });

  it("refuses an empty or over-long search with 422", async () => {
    for (const q of ["", "%20%20", "a".repeat(201)]) {
      const res = await h.client().get(`/en/search/feed.atom?q=${q}`);
      expect(res.status, q).toBe(422);
    }
    expect((await h.client().get("/en/search/feed.rss")).status).toBe(422);
  });
});
