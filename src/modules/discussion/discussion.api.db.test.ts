import { beforeAll, describe, expect, it, vi } from "vitest";
import { useHarness } from "../../../test/harness";
import { sha256Hex } from "../../platform/hash";
import type { Viewer } from "../accounts/account.model";
import { accountService } from "../accounts/account.service";

// The discussion's write API: the same rules as the page's forms (they are the service's), with
// bearer tokens, JSON errors and a rate limit counted per token.
const h = useHarness();
let owner: Viewer;
let groupSlug = "";
let statementId = "";

type Caller = { user: Viewer; auth: Record<string, string> };

async function caller(role: "reader" | "translator" | "editor" = "translator"): Promise<Caller> {
  const user = await h.make.user({ role });
  const t = await accountService.createApiToken(h.deps, user.handle, "test");
  if (!t.ok) {
    throw new Error("token");
  }
  return { user, auth: { authorization: `Bearer ${t.value.token}` } };
}

const api = (who: Caller | null, method: string, path: string, payload?: unknown, headers: Record<string, string> = {}) =>
  h.client().json(method, path, payload ?? {}, { ...(who?.auth ?? {}), ...headers });

const postComment = (who: Caller | null, payload: unknown, id = statementId, headers: Record<string, string> = {}) =>
  api(who, "POST", `/api/v1/statements/${id}/comments`, payload, headers);

type Outcome = { id: string; status: string; holdReasons: string[]; version: number; url: string };
type ApiError = { error: { code: string; message: string; details?: unknown } };

const row = (id: string) => h.deps.db.selectFrom("comments").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
const countComments = async () =>
  Number(
    (
      await h.deps.db
        .selectFrom("comments")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
/** Ids of the comments the public API shows for the statement (held ones are not shown). */
async function publicIds(id = statementId): Promise<string[]> {
  type Node = { id: string; replies: Node[] };
  const body = (await (await h.client().get(`/api/v1/statements/${id}/comments`)).json()) as { comments: Node[] };
  const flat = (nodes: Node[]): string[] => nodes.flatMap((n) => [n.id, ...flat(n.replies)]);
  return flat(body.comments);
}

beforeAll(async () => {
  owner = await h.make.user();
  groupSlug = (await h.make.vouchedGroup(owner)).slug;
  statementId = (await h.make.statement(owner, groupSlug)).statementId;
});

describe("POST /api/v1/statements/{id}/comments", () => {
  it("publishes a trusted account's comment at once and answers where it is", async () => {
    const olga = await caller("translator");
    // The anonymous statement page is cached; an API write must not leave it stale.
    const pagePath = `/en/statements/${statementId}`;
    expect(await (await h.client().get(pagePath)).text()).not.toContain("Где сейчас нужна помощь");
    const res = await postComment(olga, { body: "Спасибо. Где сейчас нужна помощь?" });
    expect(res.status).toBe(201);
    const out = (await res.json()) as Outcome;
    expect(out).toMatchObject({ status: "published", holdReasons: [], version: 1 });
    expect(out.url).toMatch(new RegExp(`/statements/${statementId}#c-${out.id}$`));
    expect(res.headers.get("location")).toBe(out.url);
    expect(await row(out.id)).toMatchObject({ author_id: olga.user.id, lang: "ru", status: "published", depth: 0 });
    expect(await publicIds()).toContain(out.id);
    expect(await (await h.client().get(pagePath)).text()).toContain("Где сейчас нужна помощь");
  });

  it("holds a newcomer's comment, and pre-moderation holds even trusted accounts, saying why", async () => {
    const newbie = await caller("reader");
    const res = await postComment(newbie, { body: "my very first comment here", lang: "en" });
    expect(res.status).toBe(201);
    const held = (await res.json()) as Outcome;
    expect(held).toMatchObject({ status: "held", holdReasons: ["new_account"] });
    expect(await publicIds()).not.toContain(held.id);

    const other = (await h.make.statement(owner, groupSlug, { title: "بيان للمراجعة" })).statementId;
    const member = await h.signInAs(owner.handle);
    expect((await member.post(`/en/statements/${other}/discussion`, { mode: "premoderated" })).status).toBe(303);
    const translator = await caller("translator");
    const pre = (await (await postComment(translator, { body: "a trusted translator waits here" }, other)).json()) as Outcome;
    expect(pre).toMatchObject({ status: "held", holdReasons: ["premoderated"] });
    const newcomer = (await (await postComment(newbie, { body: "a newcomer under pre-moderation" }, other)).json()) as Outcome;
    expect(newcomer.status).toBe("held");
    expect(newcomer.holdReasons).toEqual(expect.arrayContaining(["new_account", "premoderated"]));
    expect(await publicIds(other)).toEqual([]);
  });

  it("keeps personal data out of the thread: a doxxing hold, never published", async () => {
    const t = await caller("translator");
    const res = await postComment(t, { body: "He lives next to the bakery, call him on 0944 123 456" });
    expect(res.status).toBe(201);
    const out = (await res.json()) as Outcome;
    expect(out).toMatchObject({ status: "held", holdReasons: ["doxxing"] });
    expect((await row(out.id)).status).toBe("pending");
    expect(await publicIds()).not.toContain(out.id);
  });

  it("refuses invalid input with localised field details and stores nothing", async () => {
    const t = await caller("translator");
    const before = await countComments();
    const empty = await postComment(t, { body: "   ", lang: "xx" });
    expect(empty.status).toBe(422);
    const e = (await empty.json()) as ApiError;
    expect(e.error.code).toBe("ERR_VALIDATION");
    const fields = (e.error.details as Array<{ field: string; message: string }>).map((d) => d.field).sort();
    expect(fields).toEqual(["body", "lang"]);
    const long = await postComment(t, { body: "x".repeat(5001) }, statementId, { "accept-language": "ar" });
    expect(long.status).toBe(422);
    const ar = (await long.json()) as ApiError;
    expect(JSON.stringify(ar.error.details)).toContain("لا يتجاوز التعليق 5000 حرف");
    const badParent = await postComment(t, { body: "a reply to nothing", parent_id: "not an id" });
    expect(((await badParent.json()) as { error: { details: Array<{ field: string }> } }).error.details[0]?.field).toBe("parent_id");
    const notJson = await h.client().request("POST", `/api/v1/statements/${statementId}/comments`, {
      body: "body=hello",
      headers: { ...t.auth, "content-type": "application/x-www-form-urlencoded" },
    });
    expect(notJson.status).toBe(400);
    expect(((await notJson.json()) as ApiError).error.code).toBe("ERR_MALFORMED_JSON");
    expect(await countComments()).toBe(before);
    const missing = await postComment(t, { body: "on a statement that does not exist" }, "0000000000000000");
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as ApiError).error.code).toBe("ERR_STATEMENT_NOT_FOUND");
  });

  it("threads replies down to the depth limit, then refuses with a field error", async () => {
    const t = await caller("translator");
    let parent: string | null = null;
    const ids: string[] = [];
    for (const text of ["level zero comment", "level one reply", "level two reply"]) {
      const res = await postComment(t, { body: text, ...(parent ? { parent_id: parent } : {}) });
      expect(res.status).toBe(201);
      parent = ((await res.json()) as Outcome).id;
      ids.push(parent);
    }
    expect(await row(ids[2] ?? "")).toMatchObject({ depth: 2, parent_id: ids[1] });
    const before = await countComments();
    const res = await postComment(t, { body: "level three reply", parentId: parent }, statementId, { "accept-language": "ru" });
    expect(res.status).toBe(422);
    const e = (await res.json()) as ApiError;
    expect(e.error.code).toBe("ERR_VALIDATION");
    expect(e.error.details).toEqual([{ field: "parent_id", message: expect.stringContaining("Ответы возможны только до трёх уровней") }]);
    expect(await countComments()).toBe(before);
    // A reply to a comment of another statement is a conflict.
    const other = (await h.make.statement(owner, groupSlug, { title: "بيان آخر" })).statementId;
    const cross = await postComment(t, { body: "a reply across statements", parent_id: ids[0] }, other);
    expect(cross.status).toBe(409);
    expect(((await cross.json()) as ApiError).error.code).toBe("ERR_COMMENT_PARENT_UNAVAILABLE");
  });

  it("refuses a closed thread and a repeated comment with the module's conflict codes", async () => {
    const t = await caller("translator");
    expect((await postComment(t, { body: "saying this exactly once" })).status).toBe(201);
    const again = await postComment(t, { body: "saying this exactly once" });
    expect(again.status).toBe(409);
    expect(((await again.json()) as ApiError).error.code).toBe("ERR_COMMENT_DUPLICATE");
    const other = (await h.make.statement(owner, groupSlug, { title: "بيان مغلق" })).statementId;
    const member = await h.signInAs(owner.handle);
    await member.post(`/en/statements/${other}/discussion`, { mode: "closed" });
    const closed = await postComment(t, { body: "after closing" }, other);
    expect(closed.status).toBe(409);
    expect((await closed.json()) as ApiError).toEqual({ error: { code: "ERR_DISCUSSION_CLOSED", message: "The discussion of this statement is closed." } });
  });

  it("refuses a suspended account with the end of its suspension", async () => {
    const t = await caller("translator");
    const until = new Date(Date.now() + 7 * 86_400_000).toISOString();
    await h.deps.db
      .insertInto("discussion_standing")
      .values({ user_id: t.user.id, warnings: 0, suspended_until: until, updated_at: new Date().toISOString() })
      .execute();
    const before = await countComments();
    const res = await postComment(t, { body: "while suspended" });
    expect(res.status).toBe(403);
    const e = (await res.json()) as ApiError;
    expect(e.error.code).toBe("ERR_FORBIDDEN");
    expect(e.error.details).toEqual({ suspendedUntil: until });
    expect(await countComments()).toBe(before);
  });

  it("limits bursts per account, with Retry-After", async () => {
    const t = await caller("translator");
    for (let n = 0; n < 5; n++) {
      expect((await postComment(t, { body: `burst comment number ${n}` })).status).toBe(201);
    }
    const before = await countComments();
    const res = await postComment(t, { body: "one too many" });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    const e = (await res.json()) as ApiError;
    expect(e.error.code).toBe("ERR_RATE_LIMITED");
    expect(e.error.message).toContain("You are commenting too fast");
    expect(await countComments()).toBe(before);
  });

  it("counts the rate limit per token (by its hash) besides the account", async () => {
    const user = await h.make.user({ role: "translator" });
    const tokens: string[] = [];
    for (const label of ["one", "two"]) {
      const t = await accountService.createApiToken(h.deps, user.handle, label);
      tokens.push(t.ok ? t.value.token : "");
    }
    const hit = vi.spyOn(h.deps.limits.commentBurst, "hit");
    try {
      for (const [n, token] of tokens.entries()) {
        const res = await postComment(null, { body: `posted with token ${n}` }, statementId, { authorization: `Bearer ${token}` });
        expect(res.status).toBe(201);
      }
      const keys = hit.mock.calls.map(([key]) => key);
      expect(keys).toEqual([`a:${user.id}`, `s:t:${sha256Hex(tokens[0] ?? "")}`, `a:${user.id}`, `s:t:${sha256Hex(tokens[1] ?? "")}`]);
      expect(keys.join(" ")).not.toContain(tokens[0]);
    } finally {
      hit.mockRestore();
    }
  });

  it("refuses anonymous callers, and does not take a session cookie for a token", async () => {
    const before = await countComments();
    const anon = await postComment(null, { body: "anonymous" });
    expect(anon.status).toBe(401);
    expect(((await anon.json()) as ApiError).error.code).toBe("ERR_UNAUTHENTICATED");
    // A signed-in browser: its cookie (and its form token) carry no weight under /api.
    const { client } = await h.signedIn("translator");
    expect([...client.cookies.keys()]).toContain("sada_session");
    const cookie = await client.json("POST", `/api/v1/statements/${statementId}/comments`, { body: "with a cookie only" });
    expect(cookie.status).toBe(401);
    const bad = await postComment(null, { body: "with a wrong token" }, statementId, { authorization: "Bearer sada_not_a_token" });
    expect(bad.status).toBe(401);
    expect(await countComments()).toBe(before);
    // Nor for the other writes.
    const t = await caller("translator");
    const id = ((await (await postComment(t, { body: "a comment to try the others on" })).json()) as Outcome).id;
    expect((await client.json("PATCH", `/api/v1/comments/${id}`, { body: "changed by a cookie" })).status).toBe(401);
    expect((await client.request("DELETE", `/api/v1/comments/${id}`)).status).toBe(401);
    expect((await client.json("POST", `/api/v1/comments/${id}/reports`, { category: "spam" })).status).toBe(401);
    expect(await row(id)).toMatchObject({ status: "published", body: "a comment to try the others on" });
  });
});

describe("PATCH /api/v1/comments/{id}", () => {
  it("lets the author edit within the window, screens the text again, and refuses stale versions", async () => {
    const t = await caller("translator");
    const id = ((await (await postComment(t, { body: "first version of the text" })).json()) as Outcome).id;
    const ok = await api(t, "PATCH", `/api/v1/comments/${id}`, { body: "second version of the text" });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ id, status: "published", version: 2 });
    expect(await row(id)).toMatchObject({ body: "second version of the text", version: 2 });
    // An edit based on version 1 comes too late.
    const stale = await api(t, "PATCH", `/api/v1/comments/${id}`, { body: "third version", version: 1 });
    expect(stale.status).toBe(412);
    expect(((await stale.json()) as ApiError).error.code).toBe("ERR_PRECONDITION_FAILED");
    // A phone number sends it back to the queue.
    const held = await api(t, "PATCH", `/api/v1/comments/${id}`, { body: "second version, call 0944 123 456", version: 2 });
    expect(await held.json()).toMatchObject({ status: "held", holdReasons: ["doxxing"], version: 3 });
    expect(await publicIds()).not.toContain(id);
    // Someone else may not edit it.
    const other = await caller("editor");
    const foreign = await api(other, "PATCH", `/api/v1/comments/${id}`, { body: "not mine to change" });
    expect(foreign.status).toBe(403);
    expect(((await foreign.json()) as ApiError).error.code).toBe("ERR_FORBIDDEN");
    const invalid = await api(t, "PATCH", `/api/v1/comments/${id}`, { body: "" });
    expect(invalid.status).toBe(422);
    expect((await row(id)).version).toBe(3);
    // After the edit window.
    await h.deps.db
      .updateTable("comments")
      .set({ created_at: new Date(Date.now() - 16 * 60_000).toISOString() })
      .where("id", "=", id)
      .execute();
    const late = await api(t, "PATCH", `/api/v1/comments/${id}`, { body: "too late now" });
    expect(late.status).toBe(409);
    expect(((await late.json()) as ApiError).error.code).toBe("ERR_COMMENT_EDIT_WINDOW");
    expect((await row(id)).body).toBe("second version, call 0944 123 456");
    const none = await api(t, "PATCH", "/api/v1/comments/0000000000000000", { body: "nothing here" });
    expect(none.status).toBe(404);
    expect(((await none.json()) as ApiError).error.code).toBe("ERR_NOT_FOUND");
  });
});

describe("DELETE /api/v1/comments/{id}", () => {
  it("lets only the author delete, erasing the text, once", async () => {
    const t = await caller("translator");
    const id = ((await (await postComment(t, { body: "a comment I will regret" })).json()) as Outcome).id;
    const other = await caller("editor");
    expect((await api(other, "DELETE", `/api/v1/comments/${id}`)).status).toBe(403);
    expect((await row(id)).status).toBe("published");
    const res = await api(t, "DELETE", `/api/v1/comments/${id}`);
    expect(res.status).toBe(204);
    expect(await row(id)).toMatchObject({ status: "removed", body: "" });
    const again = await api(t, "DELETE", `/api/v1/comments/${id}`);
    expect(again.status).toBe(409);
    expect(((await again.json()) as ApiError).error.code).toBe("ERR_COMMENT_REMOVED");
  });
});

describe("POST /api/v1/comments/{id}/reports", () => {
  it("records one report per person, validates the category, and logs it", async () => {
    const author = await caller("translator");
    const id = ((await (await postComment(author, { body: "a comment someone will report" })).json()) as Outcome).id;
    const reader = await caller("reader");
    const bad = await api(reader, "POST", `/api/v1/comments/${id}/reports`, { category: "boring" });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { error: { details: Array<{ field: string }> } }).error.details[0]?.field).toBe("category");
    const res = await api(reader, "POST", `/api/v1/comments/${id}/reports`, { category: "spam", note: "same link everywhere" });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ commentId: id, category: "spam", status: "open" });
    const reports = await h.deps.db.selectFrom("comment_reports").selectAll().where("comment_id", "=", id).execute();
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ reporter_id: reader.user.id, category: "spam", note: "same link everywhere", status: "open" });
    const log = await h.deps.db.selectFrom("moderation_log").selectAll().where("comment_id", "=", id).where("action", "=", "report").execute();
    expect(log).toHaveLength(1);
    const twice = await api(reader, "POST", `/api/v1/comments/${id}/reports`, { category: "abuse" });
    expect(twice.status).toBe(409);
    expect(((await twice.json()) as ApiError).error.code).toBe("ERR_COMMENT_ALREADY_REPORTED");
    expect((await api(reader, "POST", "/api/v1/comments/0000000000000000/reports", { category: "spam" })).status).toBe(404);
  });

  it("treats a held comment as unknown to everyone but its author and moderators", async () => {
    const newbie = await caller("reader");
    const held = (await (await postComment(newbie, { body: "held until a moderator looks", lang: "en" })).json()) as Outcome;
    expect(held.status).toBe("held");
    const stranger = await caller("translator");
    expect((await api(stranger, "POST", `/api/v1/comments/${held.id}/reports`, { category: "spam" })).status).toBe(404);
    expect(await h.deps.db.selectFrom("comment_reports").select("id").where("comment_id", "=", held.id).execute()).toEqual([]);
    const moderator = await caller("editor");
    expect((await api(moderator, "POST", `/api/v1/comments/${held.id}/reports`, { category: "spam" })).status).toBe(201);
  });
});
