import { describe, expect, it } from "vitest";
import { countRows } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { canonicalForm, revisionHash } from "./statement.model";
import { getStatement } from "./statement.queries";
import { statementService } from "./statement.service";

const h = useHarness();

async function publisherWithGroup() {
  const publisher = await h.signedIn();
  const group = await h.make.vouchedGroup(publisher.user);
  return { ...publisher, group };
}

describe("publishing", () => {
  it("previews without saving, then publishes revision 1 with a verifiable hash", async () => {
    const { client, group } = await publisherWithGroup();
    await client.get(`/en/groups/${group.slug}/statements/new`);
    const before = await countRows(h.deps, "statements");
    const form = { kind: "appeal", lang: "ar", title: "نداء عاجل", body: "نحتاج **وقوداً** للمستشفى.", intent: "preview" };
    const preview = await client.post(`/en/groups/${group.slug}/statements/new`, form);
    expect(preview.status).toBe(200);
    expect(await preview.text()).toContain("<strong>وقوداً</strong>");
    expect(await countRows(h.deps, "statements")).toBe(before);
    const res = await client.post(`/en/groups/${group.slug}/statements/new`, { ...form, intent: "publish" });
    expect(res.status).toBe(303);
    const id = /\/statements\/([0-9a-z]+)/.exec(res.headers.get("location") ?? "")?.[1] ?? "";
    const s = await getStatement(h.deps, id);
    expect(s?.kind).toBe("appeal");
    expect(s?.revisions).toHaveLength(1);
    const r1 = s?.revisions[0];
    expect(r1?.prevHash).toBeNull();
    expect(r1?.hash).toBe(revisionHash(r1?.canonical ?? ""));
    expect(JSON.parse(r1?.canonical ?? "{}")).toMatchObject({ statement: id, number: 1, lang: "ar", title: "نداء عاجل", prev: null, v: 1 });
  });

  it("refuses groups that are not vouched, and people who are not members", async () => {
    const owner = await h.make.user();
    const pending = await h.make.group(owner);
    expect(await statementService.publish(h.deps, owner, pending.slug, { kind: "statement", lang: "ar", title: "t", body: "b" })).toMatchObject({
      ok: false,
      error: { type: "group-not-publishing" },
    });
    const vouched = await h.make.vouchedGroup(owner);
    const stranger = await h.make.user();
    expect(await statementService.publish(h.deps, stranger, vouched.slug, { kind: "statement", lang: "ar", title: "t", body: "b" })).toMatchObject({
      ok: false,
      error: { type: "forbidden" },
    });
  });

  it("rejects an empty title with a localised error and writes nothing", async () => {
    const { client, group } = await publisherWithGroup();
    await client.get(`/en/groups/${group.slug}/statements/new`);
    const before = await Promise.all([countRows(h.deps, "statements"), countRows(h.deps, "statement_revisions"), countRows(h.deps, "search_docs")]);
    const res = await client.post(`/en/groups/${group.slug}/statements/new`, { kind: "statement", lang: "ar", title: "  ", body: "نص", intent: "publish" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Give a title.");
    expect(await Promise.all([countRows(h.deps, "statements"), countRows(h.deps, "statement_revisions"), countRows(h.deps, "search_docs")])).toEqual(before);
  });
});

describe("revisions", () => {
  it("chains revisions by hash and shows a diff to the next revision", async () => {
    const { client, user, group } = await publisherWithGroup();
    const { statementId, hash } = await h.make.statement(user, group.slug, { title: "بيان أول", body: "قصف الحي الشرقي صباح اليوم." });
    await client.get(`/en/statements/${statementId}/edit`);
    const res = await client.post(`/en/statements/${statementId}/edit`, {
      title: "بيان أول",
      body: "قصف الحي الغربي صباح اليوم.",
      baseHash: hash,
      intent: "publish",
    });
    expect(res.status).toBe(303);
    const s = await getStatement(h.deps, statementId);
    expect(s?.revisions.map((r) => r.number)).toEqual([1, 2]);
    expect(s?.revisions[1]?.prevHash).toBe(hash);
    expect(s?.currentHash).toBe(s?.revisions[1]?.hash);
    const diff = await (await h.client().get(`/en/statements/${statementId}/revisions/1`)).text();
    expect(diff).toContain("<del>الشرقي</del>");
    expect(diff).toContain("<ins>الغربي</ins>");
    const old = await (await h.client().get(`/en/statements/${statementId}/revisions/1`)).text();
    expect(old).toContain("قصف الحي الشرقي");
  });

  it("never overwrites a newer revision: a stale save gets a conflict view with both texts", async () => {
    const { client, user, group } = await publisherWithGroup();
    const { statementId, hash } = await h.make.statement(user, group.slug, { body: "النص الأصلي" });
    const other = await statementService.revise(h.deps, user, statementId, { title: "بيان", body: "نص زميل", baseHash: hash });
    expect(other.ok).toBe(true);
    await client.get(`/en/statements/${statementId}/edit`);
    const res = await client.post(`/en/statements/${statementId}/edit`, { title: "بيان", body: "نصي أنا", baseHash: hash, intent: "publish" });
    expect(res.status).toBe(409);
    const html = await res.text();
    expect(html).toContain("نص زميل");
    expect(html).toContain("نصي أنا");
    const s = await getStatement(h.deps, statementId);
    expect(s?.revisions).toHaveLength(2);
    expect(s?.revisions[1]?.body).toBe("نص زميل");
  });

  it("retracts with a reason as a new revision; the text stays and cannot be edited", async () => {
    const { client, user, group } = await publisherWithGroup();
    const { statementId, hash } = await h.make.statement(user, group.slug, { body: "نص سيسحب" });
    await client.get(`/en/statements/${statementId}`);
    const res = await client.post(`/en/statements/${statementId}/retract`, { reason: "معلومات غير دقيقة", baseHash: hash });
    expect(res.status).toBe(303);
    const s = await getStatement(h.deps, statementId);
    expect(s?.status).toBe("retracted");
    expect(s?.revisions[1]).toMatchObject({ kind: "retraction", retractionReason: "معلومات غير دقيقة", body: "نص سيسحب", prevHash: hash });
    const page = await (await h.client().get(`/en/statements/${statementId}`)).text();
    expect(page).toContain("Retracted by its authors");
    expect(page).toContain("نص سيسحب");
    expect(await statementService.revise(h.deps, user, statementId, { title: "x", body: "y", baseHash: s?.currentHash ?? "" })).toMatchObject({
      ok: false,
      error: { type: "retracted" },
    });
  });

  it("recomputing every stored canonical form gives the stored hash", async () => {
    const { user, group } = await publisherWithGroup();
    const { statementId } = await h.make.statement(user, group.slug);
    const s = await getStatement(h.deps, statementId);
    const r = s?.revisions[0];
    expect(r).toBeDefined();
    if (r && s) {
      const recomputed = canonicalForm({
        statementId,
        groupId: s.groupId,
        number: r.number,
        kind: s.kind,
        lang: r.lang,
        title: r.title,
        body: r.body,
        prevHash: r.prevHash,
        retractionReason: r.retractionReason,
        createdAt: r.createdAt,
      });
      expect(recomputed).toBe(r.canonical);
      expect(revisionHash(recomputed)).toBe(r.hash);
    }
  });
});

describe("statement page", () => {
  it("renders raw HTML and javascript: links inert", async () => {
    const { user, group } = await publisherWithGroup();
    const { statementId } = await h.make.statement(user, group.slug, {
      body: '<script>alert("x")</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>',
    });
    const html = await (await h.client().get(`/en/statements/${statementId}`)).text();
    expect(html).not.toContain('<script>alert("x")</script>');
    expect(html).not.toContain("<img src=x");
    expect(html).not.toMatch(/href="javascript:/);
    expect(html).toContain("&lt;script&gt;");
  });

  it("is RTL for Arabic content in /en/ and the whole page is RTL in /ar/", async () => {
    const { user, group } = await publisherWithGroup();
    const { statementId } = await h.make.statement(user, group.slug, { title: "بيان المجلس" });
    const en = await (await h.client().get(`/en/statements/${statementId}`)).text();
    expect(en).toMatch(/<html lang="en" dir="ltr">/);
    expect(en).toMatch(/<div lang="ar" dir="rtl" class="statement-body">/);
    const ar = await (await h.client().get(`/ar/statements/${statementId}`)).text();
    expect(ar).toMatch(/<html lang="ar" dir="rtl">/);
  });

  it("answers 404 in the reader's language for an unknown statement", async () => {
    const res = await h.client().get("/ru/statements/doesnotexist");
    expect(res.status).toBe(404);
    expect(await res.text()).toMatch(/<html lang="ru"/);
  });
});

describe("suspended groups", () => {
  it("cannot publish new revisions but can still retract", async () => {
    const { user, group } = await publisherWithGroup();
    const { statementId, hash } = await h.make.statement(user, group.slug, { body: "قبل التعليق" });
    const admin = await h.make.user({ role: "admin" });
    const { groupService } = await import("../groups");
    expect((await groupService.setStatus(h.deps, admin, group.slug, "suspended", "compromised")).ok).toBe(true);
    expect(await statementService.revise(h.deps, user, statementId, { title: "x", body: "y", baseHash: hash })).toMatchObject({
      ok: false,
      error: { type: "group-not-publishing", status: "suspended" },
    });
    expect((await statementService.retract(h.deps, user, statementId, { reason: "نسحب البيان\r\n" })).ok).toBe(true);
    const s = await getStatement(h.deps, statementId);
    expect(s?.revisions[1]?.retractionReason).toBe("نسحب البيان");
    expect(JSON.parse(s?.revisions[1]?.canonical ?? "{}").retraction).toBe("نسحب البيان");
  });
});
