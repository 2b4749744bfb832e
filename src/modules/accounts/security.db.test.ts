// Account security over HTTP, as a browser would: an authenticator app with recovery codes,
// the second step of sign-in, re-authentication before sensitive changes, the session list,
// password changes, and what a copy of the database would give an attacker (nothing usable).
import { beforeEach, describe, expect, it } from "vitest";
import { sha256Hex } from "../../platform/hash";
import { useHarness } from "../../../test/harness";
import { PASSWORD } from "../../../test/factories";
import type { TestClient } from "../../../test/client";
import { base32Decode, hotp, stepAt } from "./totp";

const h = useHarness();

// Every in-process request comes from the same "client": these tests sign in far more often
// than the per-client throttle allows (it is tested in account.db.test.ts).
beforeEach(() => h.deps.limits.authPerClient.reset("local"));

/** Signs in with the password; returns where the sign-in went (account page, or the code step). */
async function passwordStep(client: TestClient, handle: string, password = PASSWORD): Promise<Response> {
  await client.get("/en/signin");
  return client.post("/en/signin", { handle, password });
}

/** Turns the authenticator app on for the signed-in client; returns its secret and the recovery codes shown. */
async function enableTotp(client: TestClient): Promise<{ secret: string; codes: string[]; confirmCode: string }> {
  await client.get("/en/account/security");
  const begun = await client.post("/en/account/totp/begin", {});
  expect(begun.status).toBe(200);
  const html = await begun.text();
  expect(html).toContain("<svg");
  const secret = (/<code dir="ltr" class="secret">([^<]+)<\/code>/.exec(html)?.[1] ?? "").replace(/\s/g, "");
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  const wrong = await client.post("/en/account/totp/confirm", { code: "000000" === codeAt(secret, 0) ? "111111" : "000000" });
  expect(wrong.status).toBe(401);
  const confirmCode = codeAt(secret, 0);
  const confirmed = await client.post("/en/account/totp/confirm", { code: confirmCode });
  expect(confirmed.status).toBe(200);
  const codes = [...(await confirmed.text()).matchAll(/<li><code>([a-z0-9-]+)<\/code><\/li>/g)].map((m) => m[1] ?? "");
  expect(codes).toHaveLength(10);
  return { secret, codes, confirmCode };
}

/** The code the app shows `offset` steps from now. */
function codeAt(secret: string, offset: number): string {
  return hotp(base32Decode(secret), stepAt(new Date()) + offset);
}

describe("authenticator app (TOTP) and recovery codes", () => {
  it("asks for a code after the password, takes each code once, and recovery codes once each", async () => {
    const { client, user } = await h.signedIn();
    const { secret, codes, confirmCode } = await enableTotp(client);

    const fresh = h.client();
    const step = await passwordStep(fresh, user.handle);
    expect(step.status).toBe(303);
    expect(step.headers.get("location")).toBe("/en/signin/code");
    // The password alone opened no session.
    expect((await fresh.get("/en/account")).status).toBe(303);

    await fresh.get("/en/signin/code");
    const wrong = await fresh.post("/en/signin/code", { code: "12345x" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain("more tries");
    // The code used to confirm enrolment is spent; the next step's code works.
    const replay = await fresh.post("/en/signin/code", { code: confirmCode });
    expect(replay.status).toBe(401);
    const ok = await fresh.post("/en/signin/code", { code: codeAt(secret, 1) });
    expect(ok.status).toBe(303);
    expect((await fresh.get("/en/account")).status).toBe(200);

    const other = h.client();
    await passwordStep(other, user.handle);
    await other.get("/en/signin/code");
    expect((await other.post("/en/signin/code", { code: codes[0]!.toUpperCase() })).status).toBe(303);
    const again = h.client();
    await passwordStep(again, user.handle);
    await again.get("/en/signin/code");
    expect((await again.post("/en/signin/code", { code: codes[0]! })).status).toBe(401);
  });

  it("ends a waiting sign-in after five wrong codes, so the password must be typed again (the account is not locked)", async () => {
    const { client, user } = await h.signedIn();
    await enableTotp(client);
    const guesser = h.client();
    await passwordStep(guesser, user.handle);
    await guesser.get("/en/signin/code");
    for (let n = 0; n < 4; n++) {
      expect((await guesser.post("/en/signin/code", { code: "999999" })).status).toBe(401);
    }
    const last = await guesser.post("/en/signin/code", { code: "999999" });
    expect(last.status).toBe(303);
    expect(last.headers.get("location")).toBe("/en/signin?expired=1");
    // The real person, elsewhere, still gets in.
    expect((await passwordStep(h.client(), user.handle)).headers.get("location")).toBe("/en/signin/code");
  });

  it("counts wrong codes per account: typing the password again does not buy more guesses", async () => {
    const { client, user } = await h.signedIn();
    const { secret } = await enableTotp(client);
    let last: Response | null = null;
    for (let round = 0; round < 3 && last?.status !== 429; round++) {
      const guesser = h.client();
      await passwordStep(guesser, user.handle);
      await guesser.get("/en/signin/code");
      for (let n = 0; n < 5; n++) {
        last = await guesser.post("/en/signin/code", { code: "999999" });
        if (last.status === 429 || last.status === 303) {
          break;
        }
      }
    }
    expect(last?.status).toBe(429);
    // While the account's count is full, even the right code is not tried.
    const fresh = h.client();
    await passwordStep(fresh, user.handle);
    await fresh.get("/en/signin/code");
    expect((await fresh.post("/en/signin/code", { code: codeAt(secret, 1) })).status).toBe(429);
    h.deps.limits.perAccount.reset(user.id);
    expect((await fresh.post("/en/signin/code", { code: codeAt(secret, 1) })).status).toBe(303);
  });

  it("keeps no usable secret in the database: TOTP secret sealed, recovery codes and session tokens hashed", async () => {
    const { client, user } = await h.signedIn();
    const { secret, codes } = await enableTotp(client);
    const sessionToken = client.cookies.get("sada_session") ?? "";
    expect(sessionToken).not.toBe("");
    const tables = ["users", "sessions", "totp_factors", "recovery_codes", "pending_signins", "passkeys", "api_tokens", "settings"] as const;
    const dump: string[] = [];
    for (const table of tables) {
      dump.push(JSON.stringify(await h.deps.db.selectFrom(table).selectAll().execute()));
    }
    const all = dump.join("\n");
    expect(all).not.toContain(secret);
    for (const code of codes) {
      expect(all).not.toContain(code);
      expect(all).not.toContain(code.replace(/-/g, ""));
    }
    expect(all).not.toContain(sessionToken);
    expect(all).toContain(sha256Hex(sessionToken));
    expect(all).toContain(user.id);
  });
});

describe("sessions and re-authentication", () => {
  it("lists sessions without addresses, and signs out every other one after re-authentication", async () => {
    const { client: phone, user } = await h.signedIn();
    const laptop = await h.signInAs(user.handle);
    const page = await (await phone.get("/en/account/security")).text();
    expect(page.match(/this session/g)).toHaveLength(1);
    expect((page.match(/<tr>/g) ?? []).length).toBe(3);

    // An old sign-in must prove itself again before ending other sessions.
    await h.deps.db.updateTable("sessions").set({ reauth_at: "2000-01-01T00:00:00.000Z" }).where("user_id", "=", user.id).execute();
    const blocked = await phone.post("/en/account/sessions/revoke-others", {});
    expect(blocked.status).toBe(303);
    expect(blocked.headers.get("location")).toMatch(/^\/en\/account\/reauth\?next=/);
    expect((await laptop.get("/en/account")).status).toBe(200);

    await phone.get("/en/account/reauth?next=/en/account/security");
    expect((await phone.post("/en/account/reauth", { password: "wrong password!!", next: "/en/account/security" })).status).toBe(401);
    const reauth = await phone.post("/en/account/reauth", { password: PASSWORD, next: "/en/account/security" });
    expect(reauth.status).toBe(303);
    const done = await phone.post("/en/account/sessions/revoke-others", {});
    expect(done.headers.get("location")).toBe("/en/account/security?done=revoked");
    expect((await laptop.get("/en/account")).status).toBe(303);
    expect((await phone.get("/en/account")).status).toBe(200);
  });

  it("asks an old sign-in to prove itself before it manages a group's signing keys or members", async () => {
    const { client, user } = await h.signedIn();
    const group = await h.make.vouchedGroup(user);
    await h.deps.db.updateTable("sessions").set({ reauth_at: "2000-01-01T00:00:00.000Z" }).where("user_id", "=", user.id).execute();
    const keysBefore = await h.deps.db.selectFrom("signing_keys").select("id").where("group_id", "=", group.id).execute();
    await client.get(`/en/groups/${group.slug}/keys`);
    const keys = await client.post(`/en/groups/${group.slug}/keys/server`, {});
    expect(keys.status).toBe(303);
    expect(keys.headers.get("location")).toBe(`/en/account/reauth?next=${encodeURIComponent(`/en/groups/${group.slug}/keys`)}`);
    expect(await h.deps.db.selectFrom("signing_keys").select("id").where("group_id", "=", group.id).execute()).toEqual(keysBefore);
    const invite = await client.post(`/en/groups/${group.slug}/admin/members`, { handle: "someone", role: "admin" });
    expect(invite.headers.get("location")).toMatch(/^\/en\/account\/reauth\?next=/);
  });

  it("cannot revoke someone else's session", async () => {
    const { client: mine } = await h.signedIn();
    const { user: other } = await h.signedIn();
    const theirs = await h.deps.db.selectFrom("sessions").select("id").where("user_id", "=", other.id).executeTakeFirstOrThrow();
    await mine.get("/en/account/security");
    await mine.post(`/en/account/sessions/${theirs.id}/revoke`, {});
    expect(await h.deps.db.selectFrom("sessions").select("id").where("id", "=", theirs.id).executeTakeFirst()).toBeDefined();
  });

  it("asks an old session to re-authenticate (with the code) before changing the password", async () => {
    const { client, user } = await h.signedIn();
    await h.deps.db.updateTable("sessions").set({ reauth_at: "2000-01-01T00:00:00.000Z" }).where("user_id", "=", user.id).execute();
    await client.get("/en/account/security");
    const res = await client.post("/en/account/password", { current: PASSWORD, password: "a brand new long phrase" });
    expect(res.headers.get("location")).toMatch(/^\/en\/account\/reauth\?next=/);
    expect((await passwordStep(h.client(), user.handle)).headers.get("location")).toBe("/en/account");
  });

  it("changes the password only with the current one, refuses weak ones, and signs out other sessions", async () => {
    const { client, user } = await h.signedIn();
    const elsewhere = await h.signInAs(user.handle);
    await client.get("/en/account/security");
    const wrongCurrent = await client.post("/en/account/password", { current: "not my password", password: "a brand new long phrase" });
    expect(wrongCurrent.status).toBe(422);
    const common = await client.post("/en/account/password", { current: PASSWORD, password: "1qaz2wsx3edc4rfv" });
    expect(common.status).toBe(422);
    expect(await common.text()).toContain("list of passwords attackers try first");
    const changed = await client.post("/en/account/password", { current: PASSWORD, password: "a brand new long phrase" });
    expect(changed.headers.get("location")).toBe("/en/account/security?done=password");
    expect((await elsewhere.get("/en/account")).status).toBe(303);
    expect((await passwordStep(h.client(), user.handle, "a brand new long phrase")).headers.get("location")).toBe("/en/account");
    expect((await passwordStep(h.client(), user.handle)).status).toBe(401);
  });

  it("refuses a common password at sign-up with a clear message, and a password containing the handle", async () => {
    const client = h.client();
    await client.get("/en/signup");
    const common = await client.post("/en/signup", { handle: "newcomer", password: "passwordpassword" });
    expect(common.status).toBe(422);
    expect(await common.text()).toContain("list of passwords attackers try first");
    const withHandle = await client.post("/en/signup", { handle: "newcomer", password: "newcomer is my long password" });
    expect(withHandle.status).toBe(422);
    expect(await withHandle.text()).toContain("must not contain your handle");
  });
});

describe("a person's own data", () => {
  it("downloads everything held about the account, after re-authentication", async () => {
    const { client, user } = await h.signedIn();
    const group = await h.make.vouchedGroup(user);
    await h.make.statement(user, group.slug, { title: "بيان للتصدير" });
    await client.get(`/en/statements/${(await h.make.statement(user, group.slug)).statementId}`);
    await h.deps.db
      .insertInto("comments")
      .values({
        id: "c0000000000000001",
        statement_id: (await h.deps.db.selectFrom("statements").select("id").executeTakeFirstOrThrow()).id,
        parent_id: null,
        depth: 0,
        author_id: user.id,
        lang: "en",
        reading_lang: "ar",
        body: "my own comment",
        body_hash: null,
        status: "published",
        hold_reasons: "",
        hidden_reason: null,
        version: 1,
        created_at: new Date().toISOString(),
        edited_at: null,
        moderated_at: null,
      })
      .execute();
    const res = await client.get("/en/account/data.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toContain("attachment");
    const data = (await res.json()) as {
      account: { handle: string };
      sessions: unknown[];
      groups: Array<{ slug: string }>;
      revisions: Array<{ title: string }>;
    };
    expect(data.account.handle).toBe(user.handle);
    expect(data.sessions).toHaveLength(1);
    expect(data.groups.map((g) => g.slug)).toContain(group.slug);
    expect(data.revisions.map((r) => r.title)).toContain("بيان للتصدير");
    await h.deps.db.updateTable("sessions").set({ reauth_at: "2000-01-01T00:00:00.000Z" }).where("user_id", "=", user.id).execute();
    expect((await client.get("/en/account/data.json")).status).toBe(303);
  });

  it("deletes the account: no way back in, no personal details, the group's record intact", async () => {
    const { client, user } = await h.signedIn();
    await h.deps.db.updateTable("users").set({ email: "me@example.org" }).where("id", "=", user.id).execute();
    const group = await h.make.vouchedGroup(user);
    const { statementId } = await h.make.statement(user, group.slug);
    await h.deps.db
      .insertInto("comments")
      .values({
        id: "c0000000000000002",
        statement_id: statementId,
        parent_id: null,
        depth: 0,
        author_id: user.id,
        lang: "en",
        reading_lang: "en",
        body: "words I want gone with my account",
        body_hash: null,
        status: "published",
        hold_reasons: "",
        hidden_reason: null,
        version: 1,
        created_at: new Date().toISOString(),
        edited_at: null,
        moderated_at: null,
      })
      .execute();
    await client.get("/en/account/security");
    expect((await client.post("/en/account/delete", { confirm: "someone-else" })).status).toBe(422);
    const done = await client.post("/en/account/delete", { confirm: user.handle });
    expect(done.status).toBe(303);
    expect((await client.get("/en/account")).status).toBe(303);
    const row = await h.deps.db.selectFrom("users").selectAll().where("id", "=", user.id).executeTakeFirstOrThrow();
    expect(row.handle).toMatch(/^deleted-[0-9a-f]{12}$/);
    expect(row.email).toBeNull();
    expect(await h.deps.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toEqual([]);
    expect(await h.deps.db.selectFrom("group_members").select("group_id").where("user_id", "=", user.id).execute()).toEqual([]);
    expect((await passwordStep(h.client(), user.handle)).status).toBe(401);
    // Their comments are erased, not left under the new handle.
    expect(await h.deps.db.selectFrom("comments").select(["body", "status"]).where("id", "=", "c0000000000000002").executeTakeFirstOrThrow()).toEqual({
      body: "",
      status: "removed",
    });
    const revision = await h.deps.db.selectFrom("statement_revisions").select("author_id").where("statement_id", "=", statementId).executeTakeFirstOrThrow();
    expect(revision.author_id).toBe(user.id);
  });
});
