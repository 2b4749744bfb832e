// The discussion's anti-abuse rules and deletion for doxxing (split from discussion.db.test.ts).
import { beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
import type { TestClient } from "../../../test/client";
import { useHarness } from "../../../test/harness";
import type { Viewer } from "../accounts/account.model";
import { RateLimiter } from "../../platform/http/rate-limit";
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

describe("anti-abuse", () => {
  it("limits bursts per account", async () => {
    const { client } = await h.signedIn("translator");
    for (let n = 0; n < 5; n++) {
      expect((await post(client, { body: `burst comment ${n}` })).status).toBe(303);
    }
    const before = await count("comments");
    const res = await client.post(`/en/statements/${statementId}/comments`, { body: "one too many", lang: "", readingLang: "ar" });
    expect(res.status).toBe(429);
    expect(await res.text()).toContain("You are commenting too fast");
    expect(await count("comments")).toBe(before);
  });

  it("limits comments per day, per account and per session", async () => {
    const deps = { ...h.deps, limits: { commentBurst: new RateLimiter(100, 60_000), commentDaily: new RateLimiter(2, 86_400_000) } };
    const viewer = await h.make.user({ role: "translator" });
    const cmd = (body: string) => ({ body, lang: null, readingLang: "ar", parentId: null });
    expect((await discussionService.post(deps, viewer, statementId, cmd("daily one"), "session-a")).ok).toBe(true);
    expect((await discussionService.post(deps, viewer, statementId, cmd("daily two"), "session-b")).ok).toBe(true);
    // A third comment the same day is refused, whichever session it comes from.
    const third = await discussionService.post(deps, viewer, statementId, cmd("daily three"), "session-c");
    expect(third.ok ? null : third.error.type).toBe("rate-limited");
    // A session that reached its limit is refused even for another account.
    const other = await h.make.user({ role: "translator" });
    expect((await discussionService.post(deps, other, statementId, cmd("other one"), "session-a")).ok).toBe(true);
    const shared = await discussionService.post(deps, other, statementId, cmd("other two"), "session-a");
    expect(shared.ok ? null : shared.error.type).toBe("rate-limited");
  });

  it("limits links for new accounts, refuses repeats by one person and holds repeats by others", async () => {
    const { client: newbie } = await h.signedIn("reader");
    const links = await newbie.post(`/en/statements/${statementId}/comments`, {
      body: "see https://a.example and https://b.example",
      lang: "",
      readingLang: "ar",
    });
    expect(links.status).toBe(422);
    expect(await links.text()).toContain("at most 1 link");
    const { client: a } = await h.signedIn("translator");
    const { client: b } = await h.signedIn("translator");
    const text = "Donate now to the only real fund, everything else is a scam";
    expect((await post(a, { body: text })).status).toBe(303);
    const again = await a.post(`/en/statements/${statementId}/comments`, { body: `${text}!!`, lang: "", readingLang: "ar" });
    expect(again.status).toBe(409);
    const copy = await post(b, { body: text.toUpperCase() });
    expect(await row(copy.id ?? "")).toMatchObject({ status: "pending", hold_reasons: "duplicate" });
  });

  it("holds comments that match an admin's word list, and comments with personal data", async () => {
    const { client: admin } = await h.signedIn("admin");
    expect((await admin.post("/en/moderation/wordlists", { lang: "en", words: "# test list\ngrasshopper\n" })).status).toBe(303);
    const { client: reader } = await h.signedIn("reader");
    expect((await reader.post("/en/moderation/wordlists", { lang: "en", words: "x" })).status).toBe(403);
    const { client } = await h.signedIn("translator");
    const word = await post(client, { body: "a Grasshopper appears", lang: "en" });
    expect(await row(word.id ?? "")).toMatchObject({ status: "pending", hold_reasons: "wordlist" });
    // Lists are per language: the same word in a comment tagged Russian is not held.
    const other = await post(client, { body: "a Grasshopper appears again", lang: "ru" });
    expect((await row(other.id ?? "")).status).toBe("published");
    const { client: editor } = await h.signedIn("editor");
    const en = await (await editor.get("/en/moderation?show=held&reason=wordlist&lang=en")).text();
    expect(en).toContain(`id="q-${word.id}"`);
    const ru = await (await editor.get("/en/moderation?show=held&reason=wordlist&lang=ru")).text();
    expect(ru).not.toContain(`id="q-${word.id}"`);
    const phone = await post(client, { body: "his number is +963 944 123 456" });
    const coords = await post(client, { body: "they sleep at 33.5138, 36.2765" });
    const email = await post(client, { body: "ask her: rana@example.org" });
    for (const c of [phone, coords, email]) {
      expect(await row(c.id ?? "")).toMatchObject({ status: "pending", hold_reasons: "doxxing" });
    }
    const hold = await h.deps.db
      .selectFrom("moderation_log")
      .selectAll()
      .where("comment_id", "=", phone.id ?? "")
      .executeTakeFirstOrThrow();
    expect(hold).toMatchObject({ action: "hold", actor_id: null, category: "doxxing" });
  });
});

describe("delete for doxxing", () => {
  it("erases the text from every table and from the SQLite file, while the log records the action", async () => {
    const secret = "DOXX-7731 Abu Karim lives behind the bakery";
    const { client: author } = await h.signedIn("translator");
    const { client: reporter } = await h.signedIn("reader");
    const { client: editor } = await h.signedIn("editor");
    const c = await post(author, { body: secret });
    const id = c.id ?? "";
    expect((await row(id)).status).toBe("published");
    const rep = await reporter.post(`/en/comments/${id}/report`, { category: "doxxing", note: `he wrote ${secret}` });
    expect(rep.status).toBe(303);
    const badCategory = await reporter.post(`/en/comments/${id}/report`, { category: "boring", note: "" });
    expect(badCategory.status).toBe(422);
    expect(await badCategory.text()).toContain("Choose a reason from the list.");
    await h.deps.db
      .insertInto("comment_translations")
      .values({ comment_id: id, lang: "ar", body: `ترجمة ${secret}`, translator_id: null, created_at: new Date().toISOString() })
      .execute();
    const queue = await (await editor.get("/en/moderation?show=reported")).text();
    expect(queue).toContain("DOXX-7731");
    expect((await editor.post(`/en/comments/${id}/moderate`, { action: "delete", next: "/en/moderation" })).status).toBe(303);
    expect(await row(id)).toMatchObject({ status: "deleted", body: "", body_hash: null });
    // Without replies, nothing of it is left on the page; with replies a placeholder keeps their place.
    expect(await page(h.client())).not.toContain(`id="c-${id}"`);
    const again = await reporter.post(`/en/comments/${id}/report`, { category: "spam", note: "" });
    expect(again.status).toBe(409);
    const log = await h.deps.db.selectFrom("moderation_log").selectAll().where("comment_id", "=", id).orderBy("seq").execute();
    expect(log.map((e) => e.action)).toEqual(["report", "delete"]);
    expect(await findEverywhere("DOXX-7731")).toEqual([]);
    if (h.deps.dialect === "sqlite") {
      await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(h.deps.db);
      const file = (await sql<{ file: string }>`SELECT file FROM pragma_database_list WHERE name = 'main'`.execute(h.deps.db)).rows[0]?.file ?? "";
      const fs = await import("node:fs");
      const bytes = fs.readFileSync(file);
      expect(bytes.includes(Buffer.from("DOXX-7731"))).toBe(false);
      expect(fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`).includes(Buffer.from("DOXX-7731")) : false).toBe(false);
    }
  });
});

/** Every table and text column of the database that holds `needle`. */
async function findEverywhere(needle: string): Promise<string[]> {
  const hits: string[] = [];
  const columns =
    h.deps.dialect === "sqlite"
      ? (
          await sql<{
            t: string;
            c: string;
          }>`SELECT m.name AS t, p.name AS c FROM sqlite_master m JOIN pragma_table_info(m.name) p WHERE m.type = 'table'`.execute(h.deps.db)
        ).rows
      : (
          await sql<{
            t: string;
            c: string;
          }>`SELECT table_name AS t, column_name AS c FROM information_schema.columns WHERE table_schema = 'public' AND data_type IN ('text', 'character varying', 'json', 'jsonb', 'bytea')`.execute(
            h.deps.db,
          )
        ).rows;
  expect(columns.length).toBeGreaterThan(50);
  for (const { t, c } of columns) {
    const found = await sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(t)} WHERE CAST(${sql.ref(c)} AS TEXT) LIKE ${`%${needle}%`}`.execute(
      h.deps.db,
    );
    if (Number(found.rows[0]?.n ?? 0) > 0) {
      hits.push(`${t}.${c}`);
    }
  }
  return hits;
}
