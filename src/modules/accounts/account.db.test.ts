import { describe, expect, it } from "vitest";
import { sha256Hex } from "../../platform/hash";
import { countRows } from "../../../test/db";
import { useHarness } from "../../../test/harness";
import { accountService } from "./account.service";

const h = useHarness();

describe("sign-up", () => {
  it("creates a pseudonymous reader with an argon2id hash and signs them in", async () => {
    const client = h.client();
    await client.get("/en/signup");
    const res = await client.post("/en/signup", { handle: "Amal_77", password: "a long passphrase here", email: "" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/en/account");
    const user = await h.deps.db.selectFrom("users").selectAll().where("handle", "=", "amal_77").executeTakeFirstOrThrow();
    expect(user.role).toBe("reader");
    expect(user.email).toBeNull();
    expect(user.password_hash).toMatch(/^\$argon2id\$/);
    const account = await client.get("/en/account");
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("amal_77");
  });

  it("stores only the SHA-256 of the session token", async () => {
    const client = h.client();
    await client.get("/en/signup");
    await client.post("/en/signup", { handle: "hashcheck", password: "a long passphrase here" });
    const token = client.cookies.get("sada_session");
    expect(token).toBeTruthy();
    const sessions = await h.deps.db.selectFrom("sessions").select("token_hash").execute();
    expect(sessions.some((s) => s.token_hash === sha256Hex(token ?? ""))).toBe(true);
    expect(sessions.some((s) => s.token_hash === token)).toBe(false);
  });

  it("rejects bad input with localised messages and writes nothing", async () => {
    const before = await countRows(h.deps, "users");
    const client = h.client();
    await client.get("/ar/signup");
    const res = await client.post("/ar/signup", { handle: "x", password: "short", email: "not-an-email" });
    expect(res.status).toBe(422);
    const html = await res.text();
    expect(html).toContain('dir="rtl"');
    expect(html).toContain('id="form-errors"');
    expect(html).not.toContain("A handle is 3 to 32 characters");
    expect(await countRows(h.deps, "users")).toBe(before);
  });

  it("refuses a taken handle", async () => {
    await h.make.user({ handle: "taken_one" });
    const client = h.client();
    await client.get("/en/signup");
    const res = await client.post("/en/signup", { handle: "TAKEN_one", password: "a long passphrase here" });
    expect(res.status).toBe(409);
    expect(await res.text()).toContain("This handle is already taken.");
  });
});

describe("CSRF", () => {
  it("refuses a form without the token, or with another token, and changes nothing", async () => {
    const before = await countRows(h.deps, "users");
    const client = h.client();
    await client.get("/en/signup");
    const missing = await client.post("/en/signup", { handle: "csrf_victim", password: "a long passphrase here" }, { csrf: null });
    expect(missing.status).toBe(403);
    const forged = await client.post("/en/signup", { handle: "csrf_victim", password: "a long passphrase here" }, { csrf: "A".repeat(43) });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("did not come from this site");
    expect(await countRows(h.deps, "users")).toBe(before);
  });

  it("refuses a cross-site Origin even with a valid token", async () => {
    const client = h.client({ origin: "https://evil.example" });
    await client.get("/en/signup");
    const res = await client.post("/en/signup", { handle: "csrf_origin", password: "a long passphrase here" });
    expect(res.status).toBe(403);
  });
});

describe("sign-in", () => {
  it("gives the same generic error for an unknown handle and a wrong password", async () => {
    const user = await h.make.user();
    const client = h.client();
    await client.get("/en/signin");
    const wrong = await client.post("/en/signin", { handle: user.handle, password: "wrong password!!" });
    const unknown = await client.post("/en/signin", { handle: "nobody_here", password: "wrong password!!" });
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    const a = await wrong.text();
    const b = await unknown.text();
    expect(a).toContain("The handle or the password is not correct.");
    expect(b).toContain("The handle or the password is not correct.");
  });

  it("throttles repeated failures for one handle", async () => {
    const user = await h.make.user();
    const client = h.client();
    await client.get("/en/signin");
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push((await client.post("/en/signin", { handle: user.handle, password: "wrong password!!" })).status);
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses[6]).toBe(429);
    const locked = await client.post("/en/signin", { handle: user.handle, password: "correct horse battery staple" });
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
  });

  it("signs out by deleting the session", async () => {
    const { client } = await h.signedIn();
    const token = client.cookies.get("sada_session") ?? "";
    const before = await h.deps.db.selectFrom("sessions").select("token_hash").where("token_hash", "=", sha256Hex(token)).execute();
    expect(before).toHaveLength(1);
    await client.get("/en/account");
    const res = await client.post("/en/signout", {});
    expect(res.status).toBe(303);
    const after = await h.deps.db.selectFrom("sessions").select("token_hash").where("token_hash", "=", sha256Hex(token)).execute();
    expect(after).toHaveLength(0);
    expect((await client.get("/en/account")).status).toBe(303);
  });

  it("only follows same-site language paths after sign-in", async () => {
    const user = await h.make.user();
    const client = h.client();
    await client.get("/en/signin");
    const res = await client.post("/en/signin", { handle: user.handle, password: "correct horse battery staple", next: "//evil.example/x" });
    expect(res.headers.get("location")).toBe("/en/account");
  });
});

describe("first admin setup", () => {
  it("issues a one-time URL that creates the admin and then stops working", async () => {
    const admins = await h.deps.db.selectFrom("users").select("id").where("role", "=", "admin").execute();
    expect(admins).toHaveLength(0);
    const token = await accountService.issueSetupToken(h.deps);
    expect(token).toBeTruthy();
    const client = h.client();
    expect((await client.get(`/en/setup/${token}`)).status).toBe(200);
    expect((await client.get(`/en/setup/wrong-token`)).status).toBe(404);
    const res = await client.post(`/en/setup/${token}`, { handle: "first_admin", password: "a long passphrase here" });
    expect(res.status).toBe(303);
    const admin = await h.deps.db.selectFrom("users").select("role").where("handle", "=", "first_admin").executeTakeFirstOrThrow();
    expect(admin.role).toBe("admin");
    expect((await h.client().get(`/en/setup/${token}`)).status).toBe(404);
    expect(await accountService.issueSetupToken(h.deps)).toBeNull();
  });
});

describe("account settings", () => {
  it("saves the interface language, which then drives the / redirect", async () => {
    const { client } = await h.signedIn();
    await client.get("/en/account");
    const res = await client.post("/en/account", { locale: "ru", email: "" });
    expect(res.status).toBe(303);
    expect(res.headers.get("location")).toBe("/ru/account?saved=1");
    client.cookies.delete("sada_lang");
    const root = await client.get("/", { "accept-language": "ar" });
    expect(root.headers.get("location")).toBe("/ru/");
  });
});
