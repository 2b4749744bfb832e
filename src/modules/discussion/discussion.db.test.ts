import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { TestClient } from "../../../test/client";
import { useHarness } from "../../../test/harness";
import type { Viewer } from "../accounts/account.model";
import { statementService } from "../statements";
import { discussionService } from "./discussion.service";

const h = useHarness();
let owner: Viewer;
let groupSlug = "";
let statementId = "";

/** Posts a comment through the form; returns the response and the new comment's id, if any. */
async function post(client: TestClient, fields: Record<string, string>, id = statementId): Promise<{ status: number; id: string | null; location: string }> {
  const res = await client.post(`/en/statements/${id}/comments`, { lang: "", readingLang: "ar", ...fields });
  const location = res.headers.get("location") ?? "";
  return { status: res.status, id: /#c-([0-9a-z]+)$/.exec(location)?.[1] ?? null, location };
}

const row = (id: string) => h.deps.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const count = async (table: "comments" | "comment_reports" | "moderation_log") =>
  Number(
    (
      await h.deps.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const page = async (client: TestClient, path = `/en/statements/${statementId}`) => (await client.get(path)).text();

beforeAll(async () => {
  owner = await h.make.user();
  groupSlug = (await h.make.vouchedGroup(owner)).slug;
  statementId = (await h.make.statement(owner, groupSlug)).statementId;
});

describe("a thread across languages", () => {
  it("lets a Russian and an Arabic reader talk, tags languages, threads replies and filters by language", async () => {
    const { client: olga } = await h.signedIn("translator");
    const { client: amal } = await h.signedIn("translator");
    const first = await post(olga, { body: "Спасибо за перевод. Где сейчас нужна помощь?" });
    expect(first.status).toBe(303);
    expect(first.location).toContain("discussion=posted");
    const reply = await post(amal, { body: "شكراً لك، المساعدة مطلوبة في المستشفى الميداني.", parentId: first.id ?? "" });
    expect(reply.status).toBe(303);
    expect(await row(first.id ?? "")).toMatchObject({ lang: "ru", status: "published", depth: 0 });
    expect(await row(reply.id ?? "")).toMatchObject({ lang: "ar", status: "published", depth: 1, parent_id: first.id });
    // The writer can correct the detected language.
    const corrected = await post(olga, { body: "Slava Ukraini and thanks", lang: "ru" });
    expect(await row(corrected.id ?? "")).toMatchObject({ lang: "ru" });

    const html = await page(h.client());
    expect(html).toContain(`id="c-${first.id}"`);
    expect(html).toMatch(new RegExp(`id="c-${first.id}"[\\s\\S]*class="replies"[\\s\\S]*id="c-${reply.id}"`));
    expect(html).toContain('lang="ru" dir="ltr"');
    expect(html).toContain('lang="ar" dir="rtl"');
    // Only Arabic: the Russian comment becomes a stub, the Arabic reply stays in its place.
    const filtered = await page(h.client(), `/en/statements/${statementId}?cl=ar`);
    expect(filtered).toContain("المساعدة مطلوبة");
    expect(filtered).not.toContain("Где сейчас нужна помощь");
    expect(filtered).toContain("hidden by your language filter");
  });

  it("refuses replies beyond the depth limit and changes nothing", async () => {
    const { client } = await h.signedIn("translator");
    const a = await post(client, { body: "level zero comment" });
    const b = await post(client, { body: "level one reply", parentId: a.id ?? "" });
    const c = await post(client, { body: "level two reply", parentId: b.id ?? "" });
    expect(c.status).toBe(303);
    const before = await count("comments");
    const res = await client.post(`/en/statements/${statementId}/comments`, { body: "level three reply", lang: "", readingLang: "ar", parentId: c.id ?? "" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("Replies can only go three levels deep");
    expect(await count("comments")).toBe(before);
    const ru = await client.post(`/ru/statements/${statementId}/comments`, { body: "level three reply", lang: "", readingLang: "ar", parentId: c.id ?? "" });
    expect(await ru.text()).toContain("Ответы возможны только до трёх уровней");
  });

  it("refuses oversized and empty comments with a localised message, keeping the text", async () => {
    const { client } = await h.signedIn("translator");
    const before = await count("comments");
    const res = await client.post(`/ar/statements/${statementId}/comments`, { body: "x".repeat(5001), lang: "", readingLang: "ar" });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain("لا يتجاوز التعليق 5000 حرف");
    const empty = await client.post(`/en/statements/${statementId}/comments`, { body: "   ", lang: "", readingLang: "ar" });
    expect(empty.status).toBe(422);
    expect(await count("comments")).toBe(before);
  });

  it("refuses comments on retracted statements and closed threads", async () => {
    const { client: member } = await h.signInAs(owner.handle).then((client) => ({ client }));
    const other = (await h.make.statement(owner, groupSlug, { title: "بيان آخر" })).statementId;
    const { client } = await h.signedIn("translator");
    expect((await post(client, { body: "before closing" }, other)).status).toBe(303);
    // The group closes the discussion on its own statement.
    expect((await member.post(`/en/statements/${other}/discussion`, { mode: "closed" })).status).toBe(303);
    const before = await count("comments");
    const closed = await client.post(`/en/statements/${other}/comments`, { body: "after closing", lang: "", readingLang: "ar" });
    expect(closed.status).toBe(409);
    expect(await closed.text()).toContain("The discussion of this statement is closed.");
    // Someone outside the group may not change the setting.
    expect((await client.post(`/en/statements/${other}/discussion`, { mode: "open" })).status).toBe(403);
    const r = await statementService.retract(h.deps, owner, statementId === other ? "" : other, { reason: "mistake" });
    expect(r.ok).toBe(true);
    expect((await member.post(`/en/statements/${other}/discussion`, { mode: "open" })).status).toBe(303);
    const retracted = await client.post(`/ru/statements/${other}/comments`, { body: "after retraction", lang: "", readingLang: "ar" });
    expect(retracted.status).toBe(409);
    expect(await retracted.text()).toContain("Заявление отозвано");
    expect(await count("comments")).toBe(before);
  });

  it("pre-moderates a group's statement when the group asks, except for its members", async () => {
    const other = (await h.make.statement(owner, groupSlug, { title: "بيان ثالث" })).statementId;
    const member = await h.signInAs(owner.handle);
    await member.post(`/en/statements/${other}/discussion`, { mode: "premoderated" });
    const { client } = await h.signedIn("translator");
    const held = await post(client, { body: "a trusted translator is held here" }, other);
    expect(await row(held.id ?? "")).toMatchObject({ status: "pending", hold_reasons: "premoderated" });
    const own = await post(member, { body: "the group itself posts directly" }, other);
    expect((await row(own.id ?? "")).status).toBe("published");
  });

  it("escapes XSS payloads and keeps links rel=nofollow ugc noopener", async () => {
    const { client } = await h.signedIn("translator");
    const payload = `<script>alert("x")</script> <img src=x onerror=alert(1)> [click](javascript:alert(2)) [ok](https://example.org)`;
    const res = await post(client, { body: payload });
    const html = await page(client);
    expect(res.status).toBe(303);
    expect(html).not.toContain('<script>alert("x")');
    expect(html).not.toContain("<img src=x");
    expect(html).not.toContain('href="javascript:');
    expect(html).toContain('<a href="https://example.org" rel="nofollow ugc noopener">ok</a>');
  });
});

describe("editing and deleting by the author", () => {
  it("edits within the window with a visible mark, and refuses later or stale edits", async () => {
    const { client } = await h.signedIn("translator");
    const c = await post(client, { body: "first version of the text" });
    const id = c.id ?? "";
    const ok = await client.post(`/en/comments/${id}/edit`, { body: "second version of the text", lang: "en", version: "1" });
    expect(ok.status).toBe(303);
    expect(await row(id)).toMatchObject({ body: "second version of the text", version: 2 });
    expect(await page(h.client())).toMatch(new RegExp(`id="c-${id}"[^]*?· edited`));
    const stale = await client.post(`/en/comments/${id}/edit`, { body: "third", lang: "en", version: "1" });
    expect(stale.status).toBe(412);
    // An edit is screened again: adding a phone number sends the comment back to the queue.
    const held = await client.post(`/en/comments/${id}/edit`, { body: "second version, call 0944 123 456", lang: "en", version: "2" });
    expect(held.headers.get("location")).toContain("discussion=held");
    expect(await row(id)).toMatchObject({ status: "pending", hold_reasons: "doxxing", version: 3 });
    await client.post(`/en/comments/${id}/edit`, { body: "second version of the text", lang: "en", version: "3" });
    expect(await row(id)).toMatchObject({ status: "published", version: 4 });
    const later = { ...h.deps, clock: { now: () => new Date(Date.now() + 16 * 60_000) } };
    const viewer = await h.deps.db
      .selectFrom("comments")
      .innerJoin("users", "users.id", "comments.author_id")
      .select(["users.id", "users.handle", "users.role"])
      .where("comments.id", "=", id)
      .executeTakeFirstOrThrow();
    const r = await discussionService.edit(later, { id: viewer.id, handle: viewer.handle, role: "translator", locale: null }, id, {
      body: "too late",
      lang: null,
      version: 4,
    });
    expect(r).toEqual({ ok: false, error: { type: "edit-window" } });
    expect((await row(id)).body).toBe("second version of the text");
  });

  it("deletes: a comment with replies leaves a 'removed' placeholder, one without vanishes", async () => {
    const { client: a } = await h.signedIn("translator");
    const { client: b } = await h.signedIn("translator");
    const parent = await post(a, { body: "a parent that will be removed" });
    await post(b, { body: "a reply that stays", parentId: parent.id ?? "" });
    const lonely = await post(a, { body: "a lonely comment that will vanish" });
    expect((await a.post(`/en/comments/${parent.id}/delete`, {})).status).toBe(303);
    expect((await a.post(`/en/comments/${lonely.id}/delete`, {})).status).toBe(303);
    expect(await row(parent.id ?? "")).toMatchObject({ status: "removed", body: "" });
    const html = await page(h.client());
    expect(html).toContain(`id="c-${parent.id}"`);
    expect(html).toContain("This comment was removed by its author.");
    expect(html).toContain("a reply that stays");
    expect(html).not.toContain(`id="c-${lonely.id}"`);
    // Someone else cannot delete, and a removed comment cannot be reported.
    expect((await b.post(`/en/comments/${parent.id}/delete`, {})).status).toBe(403);
    const before = await count("comment_reports");
    const report = await b.post(`/en/comments/${parent.id}/report`, { category: "abuse", note: "" });
    expect(report.status).toBe(409);
    expect(await report.text()).toContain("This comment was already removed or hidden.");
    expect(await count("comment_reports")).toBe(before);
  });
});

describe("pre-moderation and the queue", () => {
  it("holds a new account's first comments; an editor approves; anonymous readers then see it", async () => {
    const { client: newbie } = await h.signedIn("reader");
    const { client: editor } = await h.signedIn("editor");
    const anonymous = h.client();
    expect(await page(anonymous)).not.toContain("my very first comment"); // cached now
    const held = await post(newbie, { body: "my very first comment" });
    expect(held.location).toContain("discussion=held");
    const id = held.id ?? "";
    expect(await row(id)).toMatchObject({ status: "pending", hold_reasons: "new_account" });
    expect(await page(anonymous)).not.toContain("my very first comment");
    expect(await page(newbie)).toContain("awaiting review");
    const queue = await (await editor.get("/en/moderation?show=held&reason=new_account")).text();
    expect(queue).toContain("my very first comment");
    expect(queue).toContain('accesskey="a"');
    const res = await editor.post(`/en/comments/${id}/moderate`, { action: "approve", next: "/en/moderation" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/moderation");
    expect((await row(id)).status).toBe("published");
    expect(await page(anonymous)).toContain("my very first comment");
    // Readers may not see the queue.
    expect((await newbie.get("/en/moderation")).status).toBe(403);
    expect((await newbie.post(`/en/comments/${id}/moderate`, { action: "hide", reason: "spam" })).status).toBe(403);
  });

  it("posts directly after N approved comments, and a warning brings pre-moderation back", async () => {
    const { client, user } = await h.signedIn("reader");
    const { client: editor } = await h.signedIn("editor");
    for (let n = 0; n < h.deps.config.premoderateComments; n++) {
      const c = await post(client, { body: `approved comment number ${n}` });
      await editor.post(`/en/comments/${c.id}/moderate`, { action: "approve" });
    }
    const direct = await post(client, { body: "now I am trusted" });
    expect((await row(direct.id ?? "")).status).toBe("published");
    await editor.post(`/en/comments/${direct.id}/moderate`, { action: "warn" });
    const again = await post(client, { body: "after a warning" });
    expect(await row(again.id ?? "")).toMatchObject({ status: "pending", hold_reasons: "new_account" });
    const log = await h.deps.db.selectFrom("moderation_log").selectAll().where("target_user_id", "=", user.id).where("action", "=", "warn").execute();
    expect(log).toHaveLength(1);
  });

  it("never quotes a hidden comment back to anyone, whatever form is sent about it", async () => {
    const { client } = await h.signedIn("translator");
    const { client: editor } = await h.signedIn("editor");
    const c = await post(client, { body: "a secret that was hidden by a moderator" });
    await editor.get(`/en/statements/${statementId}`);
    await editor.post(`/en/comments/${c.id}/moderate`, { action: "hide", reason: "abuse" });
    const { client: snoop } = await h.signedIn("translator");
    await snoop.get(`/en/statements/${statementId}`);
    for (const res of [
      await snoop.post(`/en/comments/${c.id}/translate`, { lang: "en", body: "" }),
      await snoop.post(`/en/comments/${c.id}/report`, { category: "nope", note: "" }),
      await snoop.post(`/en/statements/${statementId}/comments`, { lang: "", readingLang: "ar", body: "", parentId: c.id ?? "" }),
    ]) {
      expect(await res.text()).not.toContain("a secret that was hidden");
    }
  });

  it("hides with a public reason, suspends for a period, and logs every action append-only", async () => {
    const { client, user } = await h.signedIn("translator");
    const { client: editor, user: ed } = await h.signedIn("editor");
    const c = await post(client, { body: "fake news fake news you are all liars" });
    await editor.post(`/en/comments/${c.id}/moderate`, { action: "hide", reason: "abuse" });
    const html = await page(h.client(), `/ru/statements/${statementId}`);
    expect(html).toContain("Скрыто модератором: оскорбления.");
    expect(html).not.toContain("you are all liars");
    const bad = await editor.post(`/en/comments/${c.id}/moderate`, { action: "suspend", days: "3" });
    expect(bad.status).toBe(422);
    await editor.post(`/en/comments/${c.id}/moderate`, { action: "suspend", days: "7" });
    const blocked = await client.post(`/en/statements/${statementId}/comments`, { body: "still here?", lang: "", readingLang: "ar" });
    expect(blocked.status).toBe(403);
    expect(await blocked.text()).toContain("may not take part in discussions until");
    const entries = await h.deps.db
      .selectFrom("moderation_log")
      .selectAll()
      .where("comment_id", "=", c.id ?? "")
      .orderBy("seq")
      .execute();
    expect(entries.map((e) => [e.action, e.actor_id, e.category])).toEqual([
      ["hide", ed.id, "abuse"],
      ["suspend", ed.id, null],
    ]);
    expect(entries[1]?.target_user_id).toBe(user.id);
    const logPage = await (await editor.get("/en/moderation/log")).text();
    expect(logPage).toContain("author suspended");
    await expect(sql`UPDATE moderation_log SET action = 'approve'`.execute(h.deps.db)).rejects.toThrow(/append-only/);
    await expect(sql`DELETE FROM moderation_log`.execute(h.deps.db)).rejects.toThrow(/append-only/);
  });
});

describe("a moderator's decisions stick", () => {
  it("keeps a thread a moderator closed closed for the group's members; moderators reopen it", async () => {
    const member = await h.signInAs(owner.handle);
    const { client: editor, user: ed } = await h.signedIn("editor");
    const other = (await h.make.statement(owner, groupSlug, { title: "بيان مغلق" })).statementId;
    const mode = async () =>
      (await h.deps.db.selectFrom("discussion_settings").select("mode").where("statement_id", "=", other).executeTakeFirst())?.mode ?? "open";
    expect((await editor.post(`/en/statements/${other}/discussion`, { mode: "closed" })).status).toBe(303);
    for (const to of ["open", "premoderated"]) {
      const res = await member.post(`/en/statements/${other}/discussion`, { mode: to });
      expect(res.status).toBe(403);
      expect(await res.text()).toContain("A moderator closed this discussion");
    }
    const ru = await member.post(`/ru/statements/${other}/discussion`, { mode: "open" });
    expect(await ru.text()).toContain("Модератор закрыл это обсуждение");
    expect(await mode()).toBe("closed");
    // Closing it again is no way around it: the close stays the moderator's.
    expect((await member.post(`/en/statements/${other}/discussion`, { mode: "closed" })).status).toBe(303);
    expect((await member.post(`/en/statements/${other}/discussion`, { mode: "open" })).status).toBe(403);
    const log = await h.deps.db
      .selectFrom("moderation_log")
      .selectAll()
      .where("statement_id", "=", other)
      .where("action", "=", "mode")
      .orderBy("seq")
      .execute();
    expect(log.map((e) => [e.actor_id, e.category])).toEqual([[ed.id, "closed"]]);
    // A moderator reopens it; then the group decides again, and its own close is its own to undo.
    expect((await editor.post(`/en/statements/${other}/discussion`, { mode: "open" })).status).toBe(303);
    expect((await member.post(`/en/statements/${other}/discussion`, { mode: "closed" })).status).toBe(303);
    expect((await member.post(`/en/statements/${other}/discussion`, { mode: "open" })).status).toBe(303);
    expect(await mode()).toBe("open");
  });
});

describe("suspended accounts", () => {
  it("may not edit, report or translate, but may still delete their own comments", async () => {
    const { client, user } = await h.signedIn("translator");
    const { client: other } = await h.signedIn("translator");
    const { client: editor } = await h.signedIn("editor");
    const mine = await post(client, { body: "a comment before the suspension" });
    const second = await post(client, { body: "another comment of mine" });
    const theirs = await post(other, { body: "someone else's comment here" });
    expect((await editor.post(`/en/comments/${mine.id}/moderate`, { action: "suspend", days: "7" })).status).toBe(303);
    const reports = await count("comment_reports");
    const report = await client.post(`/en/comments/${theirs.id}/report`, { category: "spam", note: "" });
    expect(report.status).toBe(403);
    expect(await report.text()).toContain("may not take part in discussions until");
    expect(await count("comment_reports")).toBe(reports);
    const edit = await client.post(`/en/comments/${second.id}/edit`, { body: "edited while suspended", lang: "en", version: "1" });
    expect(edit.status).toBe(403);
    expect(await edit.text()).toContain("may not take part in discussions until");
    expect((await row(second.id ?? "")).body).toBe("another comment of mine");
    const ar = await client.post(`/ar/comments/${theirs.id}/translate`, { lang: "ar", body: "ترجمة أثناء الإيقاف" });
    expect(ar.status).toBe(403);
    const translations = await h.deps.db
      .selectFrom("comment_translations")
      .selectAll()
      .where("comment_id", "=", theirs.id ?? "")
      .execute();
    expect(translations).toEqual([]);
    const viewer = { id: user.id, handle: user.handle, role: "translator" as const, locale: null };
    const direct = await discussionService.report(h.deps, viewer, theirs.id ?? "", { category: "abuse", note: "" });
    expect(direct.ok ? null : direct.error.type).toBe("suspended");
    // Deleting only takes text away: still allowed.
    expect((await client.post(`/en/comments/${second.id}/delete`, {})).status).toBe(303);
    expect((await row(second.id ?? "")).status).toBe("removed");
  });
});
