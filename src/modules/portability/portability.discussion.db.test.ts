import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { TestClient } from "../../../test/client";
import { freshDatabaseUrl } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { buildApp } from "../../main/app";
import { createRuntime, type Runtime } from "../../main/wiring";
import { loadConfig } from "../../platform/config";
import { deleteAccount } from "../accounts/account-data";
import { MAX_DEPTH } from "../discussion/comment.model";
import { eraseCommentsOf } from "../discussion/discussion.service";
import { moderationService } from "../discussion/moderation.service";
import { addReaction, deleteRemotePost, reactionCounts, upsertRemotePost } from "../federation/inbox.repo";
import { exportLines } from "./export.queries";
import { importedReactionUri } from "./import-federation";
import { importExport } from "./import.service";
import { collect } from "./portability.testkit";

// The discussion and federation in the open-data export: what readers see of a thread (three
// levels, two languages, a hidden comment's reason, a removed comment's place, a human
// translation), a closed thread, likes and boosts, a followed account and its post. Export →
// import into a fresh instance → export is byte-identical, the imported thread renders the same,
// and held, deleted and moderation-only data never reach the file.
const h = useHarness();

const T = {
  root: "Спасибо за перевод, где сейчас нужна помощь? ROOT-RU",
  reply: "شكراً لك، المساعدة مطلوبة في المستشفى الميداني ROOT-AR",
  deep: "Third level: the clinic on the east side needs fuel DEEP-EN",
  hidden: "This text was hidden by a moderator HIDDEN-BODY",
  held: "A first-time reader writes something held for review HELD-BODY",
  deleted: "Exposing someone where they live DELETED-BODY",
  underDeleted: "A reply that stays below a deleted comment UNDER-DELETED",
  removed: "A comment its author took back REMOVED-BODY",
  erased: "Written by an account deleted since ERASED-BODY",
  underErased: "A reply to an erased account UNDER-ERASED",
  translation: "Thanks for the translation, where is help needed now? HUMAN-TR",
  reportNote: "REPORT-NOTE only moderators read",
  wordlist: "WORDLIST-SECRET-WORD",
  post: "Convoy reached the northern villages REMOTE-POST",
  deletedPost: "A post its author deleted DELETED-POST",
};
const FOLLOWED = "https://social.example/users/monitor";
const PENDING_FOLLOW = "https://other.example/users/pending-follow";
const FOLLOWER = "https://follower.example/users/secret-follower";

let statementId = "";
let closedStatementId = "";
const ids: Record<string, string> = {};
const handles: Record<string, string> = {};
let original = "";
let target: Awaited<ReturnType<typeof freshDatabaseUrl>>;
let dataDir = "";
let imported: Runtime | null = null;

async function post(client: TestClient, body: string, parentId = ""): Promise<string> {
  const res = await client.post(`/en/statements/${statementId}/comments`, { body, lang: "", readingLang: "ar", parentId });
  const id = /#c-([0-9a-z]+)$/.exec(res.headers.get("location") ?? "")?.[1];
  if (res.status !== 303 || !id) {
    throw new Error(`comment not posted: ${res.status}`);
  }
  return id;
}

async function* from(lines: string[]): AsyncGenerator<string> {
  yield* lines;
}

async function openTarget(): Promise<Runtime> {
  const loaded = loadConfig({
    DATABASE_URL: target.url,
    SADA_DATA_DIR: dataDir,
    SADA_BASE_URL: "http://sada.test",
    SADA_SECRET: "another-secret-for-the-imported-instance-0123",
  });
  if (!loaded.ok) {
    throw new Error(JSON.stringify(loaded.error));
  }
  return createRuntime(loaded.value);
}

beforeAll(async () => {
  const owner = await h.make.user();
  const group = await h.make.vouchedGroup(owner);
  statementId = (await h.make.statement(owner, group.slug, { title: "نداء", body: "نص النداء." })).statementId;
  closedStatementId = (await h.make.statement(owner, group.slug, { title: "بيان مغلق", body: "نص." })).statementId;
  const ownerClient = await h.signInAs(owner.handle);
  expect((await ownerClient.post(`/en/statements/${closedStatementId}/discussion`, { mode: "closed" })).status).toBe(303);

  const { client: olga, user: olgaUser } = await h.signedIn("translator");
  const { client: amal, user: amalUser } = await h.signedIn("translator");
  const { client: writer, user: writerUser } = await h.signedIn("translator");
  const { client: doxxer, user: doxxerUser } = await h.signedIn("translator");
  const { client: newcomer, user: newcomerUser } = await h.signedIn("reader");
  const { client: moderator, user: moderatorUser } = await h.signedIn("editor");
  const { client: admin, user: adminUser } = await h.signedIn("admin");
  const { client: leaver, user: leaverUser } = await h.signedIn("translator");
  Object.assign(handles, {
    olga: olgaUser.handle,
    amal: amalUser.handle,
    writer: writerUser.handle,
    doxxer: doxxerUser.handle,
    newcomer: newcomerUser.handle,
    moderator: moderatorUser.handle,
    admin: adminUser.handle,
  });

  ids.root = await post(olga, T.root);
  ids.reply = await post(amal, T.reply, ids.root);
  ids.deep = await post(olga, T.deep, ids.reply);
  ids.hidden = await post(writer, T.hidden);
  ids.held = await post(newcomer, T.held);
  ids.deleted = await post(doxxer, T.deleted);
  ids.underDeleted = await post(amal, T.underDeleted, ids.deleted);
  ids.removed = await post(writer, T.removed);
  ids.erased = await post(leaver, T.erased);
  ids.underErased = await post(olga, T.underErased, ids.erased);
  // The account is deleted: its comments are erased, a reply keeps the place of one.
  handles.leaver = await deleteAccount(h.deps, leaverUser.id, [eraseCommentsOf]);
  handles.leaverBefore = leaverUser.handle;

  const moderate = (id: string, fields: Record<string, string>) =>
    moderator.post(`/en/comments/${id}/moderate`, { next: `/en/statements/${statementId}`, ...fields });
  expect((await moderate(ids.hidden, { action: "hide", reason: "spam" })).status).toBe(303);
  expect((await moderate(ids.deleted, { action: "delete" })).status).toBe(303);
  expect((await writer.post(`/en/comments/${ids.removed}/delete`, {})).status).toBe(303);
  expect((await amal.post(`/en/comments/${ids.root}/translate`, { lang: "en", body: T.translation })).status).toBe(303);
  expect((await olga.post(`/en/comments/${ids.reply}/report`, { category: "spam", note: T.reportNote })).status).toBe(303);
  expect((await admin.post(`/en/moderation/wordlists`, { lang: "en", words: T.wordlist })).status).toBe(303);

  // Federation, as the inbox would have written it.
  const now = new Date("2026-11-25T10:00:00.000Z");
  for (const [kind, actor] of [
    ["like", "https://a.example/users/one"],
    ["like", "https://b.example/users/two"],
    ["announce", "https://a.example/users/one"],
  ] as const) {
    await addReaction(h.deps, now, { statementId, kind, actorUri: actor, activityUri: `${actor}/activities/${kind}` });
  }
  const following = {
    inbox: "https://social.example/inbox",
    follow_activity: "http://localhost/ap/actors/instance.actor#follows/1",
    created_at: now.toISOString(),
  };
  await h.deps.db
    .insertInto("ap_following")
    .values([
      { ...following, actor_uri: FOLLOWED, handle: "@monitor@social.example", name: "Monitor", status: "accepted", created_by: adminUser.id },
      { ...following, actor_uri: PENDING_FOLLOW, handle: "@pending-follow@other.example", name: null, status: "pending", created_by: adminUser.id },
    ])
    .execute();
  const remote = { actorUri: FOLLOWED, lang: "en", publishedAt: "2026-11-25T09:00:00Z", updatedAt: null };
  await upsertRemotePost(h.deps, h.deps.clock, {
    ...remote,
    objectUri: `${FOLLOWED}/statuses/1`,
    url: "https://social.example/@monitor/1",
    names: {},
    contents: { en: `<p>${T.post}</p>` },
  });
  await upsertRemotePost(h.deps, h.deps.clock, {
    ...remote,
    objectUri: `${FOLLOWED}/statuses/2`,
    url: null,
    names: {},
    contents: { en: `<p>${T.deletedPost}</p>` },
  });
  await deleteRemotePost(h.deps, now, `${FOLLOWED}/statuses/2`, FOLLOWED);
  await h.deps.db
    .insertInto("ap_followers")
    .values({
      local_actor: "instance",
      actor_uri: FOLLOWER,
      inbox: `${FOLLOWER}/inbox`,
      shared_inbox: null,
      handle: "@secret-follower@follower.example",
      follow_activity: null,
      created_at: now.toISOString(),
    })
    .execute();
  await h.deps.db
    .insertInto("ap_actor_keys")
    .values({ actor: "instance", public_jwk: "{}", sealed_private_jwk: "SEALED-PRIVATE-JWK", created_at: now.toISOString() })
    .execute();

  original = await collect(exportLines(h.deps));
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sada-discussion-export-"));
  target = await freshDatabaseUrl();
});

afterAll(async () => {
  await imported?.close();
  await target.drop();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const records = (text: string, type: string) =>
  text
    .trimEnd()
    .split("\n")
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .filter((r) => r.type === type);

describe("the discussion and federation in the open-data export", () => {
  it("holds what readers see of a thread, and nothing held, deleted or private", () => {
    expect(MAX_DEPTH).toBe(2); // export-discussion.queries looks two levels up for held comments.
    const comments = records(original, "comment");
    const byId = new Map(comments.map((c) => [c.id, c]));
    // Parents first: ordered by statement, depth, id.
    expect(comments.map((c) => c.depth)).toEqual([...comments.map((c) => c.depth as number)].sort());
    expect(byId.get(ids.root)).toMatchObject({ author: handles.olga, lang: "ru", reading_lang: "ar", status: "published", body: T.root, depth: 0 });
    expect(byId.get(ids.reply)).toMatchObject({ author: handles.amal, lang: "ar", parent_id: ids.root, depth: 1 });
    expect(byId.get(ids.deep)).toMatchObject({ author: handles.olga, lang: "en", parent_id: ids.reply, depth: 2 });
    expect(byId.get(ids.hidden)).toMatchObject({ status: "hidden", hidden_reason: "spam", body: "", author: handles.writer });
    // A deleted comment with a reply keeps its place, without text or author; the reply stays.
    expect(byId.get(ids.deleted)).toMatchObject({ status: "deleted", body: "", author: null });
    expect(byId.get(ids.underDeleted)).toMatchObject({ status: "published", parent_id: ids.deleted });
    expect(byId.has(ids.held)).toBe(false);
    // A deleted account's comment is "removed by its author": kept only as the place of a reply.
    expect(byId.get(ids.erased)).toMatchObject({ status: "removed", body: "", author: null });
    expect(byId.get(ids.underErased)).toMatchObject({ status: "published", author: handles.olga });
    expect(byId.has(ids.removed)).toBe(false);
    expect(records(original, "comment_translation")).toEqual([
      { type: "comment_translation", comment_id: ids.root, lang: "en", body: T.translation, translator: handles.amal, created_at: expect.any(String) },
    ]);
    expect(records(original, "discussion_setting")).toEqual([
      { type: "discussion_setting", statement_id: closedStatementId, mode: "closed", updated_at: expect.any(String) },
    ]);
    expect(records(original, "fediverse_reactions")).toEqual([
      { type: "fediverse_reactions", statement_id: statementId, kind: "announce", count: 1 },
      { type: "fediverse_reactions", statement_id: statementId, kind: "like", count: 2 },
    ]);
    expect(records(original, "fediverse_following").map((f) => f.actor_uri)).toEqual([FOLLOWED]);
    expect(records(original, "fediverse_post")).toMatchObject([
      { object_uri: `${FOLLOWED}/statuses/1`, deleted_at: null },
      { object_uri: `${FOLLOWED}/statuses/2`, contents: "{}", names: "{}", url: null, deleted_at: "2026-11-25T10:00:00.000Z" },
    ]);
    const end = JSON.parse(original.trimEnd().split("\n").at(-1) ?? "{}") as { counts: Record<string, number> };
    expect(end.counts).toMatchObject({
      comment: 8,
      comment_translation: 1,
      discussion_setting: 1,
      fediverse_following: 1,
      fediverse_post: 2,
      fediverse_reactions: 2,
    });

    for (const secret of [
      T.hidden,
      T.held,
      T.deleted,
      T.removed,
      T.reportNote,
      T.wordlist,
      T.deletedPost,
      "HELD-BODY",
      "SEALED-PRIVATE",
      FOLLOWER,
      PENDING_FOLLOW,
      "https://a.example/users/one",
      handles.newcomer,
      handles.doxxer,
      handles.moderator,
      handles.admin,
      handles.leaver,
      handles.leaverBefore,
      T.erased,
    ]) {
      expect(original, secret).not.toContain(secret);
    }
    for (const shown of [T.root, T.reply, T.deep, T.underDeleted, T.translation, T.post, handles.olga, handles.amal, handles.writer]) {
      expect(original, shown).toContain(shown);
    }
    expect(records(original, "user").map((u) => u.handle)).toEqual(expect.arrayContaining([handles.olga, handles.amal, handles.writer]));
  });

  it("imports into a fresh instance, which exports the same bytes and shows the same thread", async () => {
    imported = await openTarget();
    const result = await importExport(imported.deps, from(original.trimEnd().split("\n")));
    expect(result.ok, JSON.stringify(result)).toBe(true);
    expect(await collect(exportLines(imported.deps))).toBe(original);

    const app = buildApp(imported.deps);
    const get = (a: typeof app, p: string) => a.request(`http://sada.test${p}`);
    for (const page of [`/en/statements/${statementId}`, `/ar/statements/${statementId}`, `/en/statements/${closedStatementId}`]) {
      const [before, after] = await Promise.all([get(h.app, page), get(app, page)]);
      expect(after.status, page).toBe(200);
      expect(await after.text(), page).toBe(await before.text());
    }
    const html = await (await get(app, `/en/statements/${statementId}`)).text();
    for (const shown of [
      T.root,
      T.reply,
      T.deep,
      T.underDeleted,
      T.translation,
      `id="c-${ids.hidden}"`,
      "Hidden by a moderator: spam.",
      "Discussion (5 comments)",
      handles.writer,
    ]) {
      expect(html, shown).toContain(shown);
    }
    expect(html).not.toContain(T.held);
    const api = async (a: typeof app) => (await get(a, `/api/v1/statements/${statementId}/comments`)).json();
    expect(await api(app)).toEqual(await api(h.app));
    expect(await (await get(app, `/en/statements/${closedStatementId}`)).text()).toContain("Discussion of this statement is closed.");

    expect(await reactionCounts(imported.deps, statementId)).toEqual({ likes: 2, boosts: 1 });
    const standIn = await imported.deps.db.selectFrom("ap_reactions").select("actor_uri").where("kind", "=", "announce").execute();
    expect(standIn).toEqual([{ actor_uri: importedReactionUri(statementId, "announce", 1) }]);
    const fediverse = await (await get(app, "/en/fediverse")).text();
    expect(fediverse).toContain("REMOTE-POST");
    expect(fediverse).toContain("Monitor");
    expect(fediverse).not.toContain("DELETED-POST");
    // A published comment can be found again as a duplicate: its hash was restored.
    const restored = await imported.deps.db
      .selectFrom("comments")
      .select(["body_hash", "hold_reasons", "version"])
      .where("id", "=", ids.root ?? "")
      .executeTakeFirstOrThrow();
    expect(restored).toMatchObject({ hold_reasons: "", version: 1 });
    expect(restored.body_hash).toMatch(/^[0-9a-f]{64}$/);
    // A hidden comment came without its text: a moderator cannot publish it empty.
    const editor = await imported.deps.db.selectFrom("users").select(["id", "handle", "role"]).where("role", "=", "admin").executeTakeFirst();
    const moderatorViewer = { id: editor?.id ?? "", handle: editor?.handle ?? "", role: "editor" as const, locale: null };
    const approve = await moderationService.act(imported.deps, moderatorViewer, ids.hidden ?? "", { action: "approve" });
    expect(approve.ok ? null : approve.error.type).toBe("already-removed");
    const still = await imported.deps.db
      .selectFrom("comments")
      .select("status")
      .where("id", "=", ids.hidden ?? "")
      .executeTakeFirstOrThrow();
    expect(still.status).toBe("hidden");
  });

  it("refuses a comment whose parent is not in the file, with its line number, and writes nothing", async () => {
    const fresh = await freshDatabaseUrl();
    const loaded = loadConfig({
      DATABASE_URL: fresh.url,
      SADA_DATA_DIR: dataDir,
      SADA_BASE_URL: "http://third.test",
      SADA_SECRET: "a-third-secret-for-the-refused-import-0123",
    });
    if (!loaded.ok) {
      throw new Error(JSON.stringify(loaded.error));
    }
    const runtime = await createRuntime(loaded.value);
    try {
      const lines = original.trimEnd().split("\n");
      const index = lines.findIndex((l) => l.includes(`"id":"${ids.deep}"`));
      lines[index] = (lines[index] ?? "").replace(`"parent_id":"${ids.reply}"`, `"parent_id":"zzzzzzzzzzzz"`);
      const result = await importExport(runtime.deps, from(lines));
      expect(result).toEqual({
        ok: false,
        error: { type: "invalid", line: index + 1, reason: "comment zzzzzzzzzzzz has no comment record earlier in the file" },
      });

      // A reply one level too deep is refused too.
      const deep = original.trimEnd().split("\n");
      const at = deep.findIndex((l) => l.includes(`"id":"${ids.deep}"`));
      deep[at] = (deep[at] ?? "").replace(`"parent_id":"${ids.reply}"`, `"parent_id":"${ids.root}"`);
      const refused = await importExport(runtime.deps, from(deep));
      expect(refused).toEqual({ ok: false, error: { type: "invalid", line: at + 1, reason: "depth must be 1, one more than its parent's" } });

      for (const table of ["groups", "statements", "comments", "comment_translations", "ap_reactions", "ap_following", "ap_remote_posts"] as const) {
        const n = await runtime.deps.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        expect(Number(n.n), table).toBe(0);
      }
    } finally {
      await runtime.close();
      await fresh.drop();
    }
  });
});
