// This instance follows an account on another server: the Follow goes out signed, the answer
// is recorded, and only that account's own posts are kept (as plain text), updated and deleted.
// Without the admin's test-network switch, nothing on loopback is reached at all.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { buildApp } from "../../main/app";
import type { AppEnv } from "../http-env";
import { createTestDb, type TestDb } from "../../../test/db";
import { factories, PASSWORD } from "../../../test/factories";
import { TestClient } from "../../../test/client";
import { freeLoopbackPort, RemoteServer, serveApp } from "./federation.testkit";

describe("following accounts on other servers", () => {
  let db: TestDb;
  let app: Hono<AppEnv>;
  let server: { close(): Promise<void> };
  let base = "";
  const remote = new RemoteServer("hana");
  const stranger = new RemoteServer("troll");

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    base = `http://127.0.0.1:${port}`;
    db = await createTestDb({ env: { SADA_BASE_URL: base, SADA_FEDERATION: "on", SADA_FEDERATION_ALLOW_PRIVATE: "true" } });
    app = buildApp(db.deps);
    server = await serveApp(app, port);
    await Promise.all([remote.start(), stranger.start()]);
  });

  afterAll(async () => {
    await Promise.all([remote.stop(), stranger.stop()]);
    await server.close();
    await db.close();
  });

  const signedInClient = async (role: "editor" | "admin") => {
    const user = await factories(db.deps).user({ role });
    const client = new TestClient(app);
    await client.get("/en/signin");
    const res = await client.post("/en/signin", { handle: user.handle, password: PASSWORD });
    expect(res.status).toBe(303);
    return client;
  };

  const note = (server: RemoteServer, n: number, content: string, extra: Record<string, unknown> = {}) => ({
    id: `${server.actorId}/statuses/${n}`,
    type: "Note",
    attributedTo: server.actorId,
    content,
    published: "2026-11-25T10:00:00Z",
    to: "https://www.w3.org/ns/activitystreams#Public",
    ...extra,
  });

  it("only admins may follow; others are refused and nothing is sent", async () => {
    const editor = await signedInClient("editor");
    await editor.get("/en/fediverse");
    const res = await editor.post("/en/fediverse/follow", { account: remote.actorId });
    expect(res.status).toBe(403);
    expect(await db.deps.db.selectFrom("ap_following").selectAll().execute()).toEqual([]);
  });

  it("says clearly when the account cannot be used, and changes nothing", async () => {
    const admin = await signedInClient("admin");
    await admin.get("/en/fediverse");
    const bad = await admin.post("/en/fediverse/follow", { account: "not a handle" });
    expect(bad.status).toBe(422);
    expect(await bad.text()).toContain("Type an account as @name@server");
    const missing = await admin.post("/en/fediverse/follow", { account: `@nobody@${new URL(remote.base).host}` });
    expect(missing.status).toBe(422);
    expect(await missing.text()).toContain("That account could not be found");
    expect(await db.deps.db.selectFrom("ap_following").selectAll().execute()).toEqual([]);
  });

  it("sends a signed Follow from the instance actor and records the Accept", async () => {
    const admin = await signedInClient("admin");
    await admin.get("/en/fediverse");
    const res = await admin.post("/en/fediverse/follow", { account: `@hana@${new URL(remote.base).host}` });
    expect(res.status).toBe(303);
    await db.deps.federation.flush();
    const follow = remote.ofType("Follow");
    expect(follow).toHaveLength(1);
    expect(follow[0]?.signedBy).toBe(`${base}/ap/actors/instance.actor`);
    expect(follow[0]?.body.object).toBe(remote.actorId);
    const row = await db.deps.db.selectFrom("ap_following").selectAll().executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
    const accept = await remote.send(`${base}/ap/actors/instance.actor/inbox`, {
      id: `${remote.actorId}#accepts/1`,
      type: "Accept",
      actor: remote.actorId,
      object: follow[0]?.body,
    });
    expect(accept.status).toBe(202);
    expect((await db.deps.db.selectFrom("ap_following").select("status").executeTakeFirstOrThrow()).status).toBe("accepted");
  });

  it("keeps the followed account's posts as text, ignores posts of others and posts it did not write", async () => {
    const xss = '<p>Hello from Hana <script>alert("x")</script><img src=x onerror="alert(1)"></p>';
    await remote.send(`${base}/ap/inbox`, { id: `${remote.actorId}/statuses/1/activity`, type: "Create", actor: remote.actorId, object: note(remote, 1, xss) });
    await stranger.send(`${base}/ap/inbox`, {
      id: `${stranger.actorId}/statuses/1/activity`,
      type: "Create",
      actor: stranger.actorId,
      object: note(stranger, 1, "<p>spam</p>"),
    });
    // Hana's server cannot put words in someone else's mouth.
    await remote.send(`${base}/ap/inbox`, {
      id: `${remote.actorId}/statuses/2/activity`,
      type: "Create",
      actor: remote.actorId,
      object: note(remote, 2, "<p>forged</p>", { attributedTo: stranger.actorId }),
    });
    const posts = await db.deps.db.selectFrom("ap_remote_posts").select(["object_uri", "actor_uri"]).execute();
    expect(posts).toEqual([{ object_uri: `${remote.actorId}/statuses/1`, actor_uri: remote.actorId }]);
    const html = await (await new TestClient(app).get("/en/fediverse")).text();
    expect(html).toContain("Hello from Hana");
    expect(html).not.toContain("<script>alert");
    expect(html).not.toContain("onerror=");
    expect(html).not.toContain("spam");
  });

  it("refuses an activity signed on another server than its actor's (nobody can speak for an account elsewhere)", async () => {
    // The stranger signs with a key on its own server but names the followed account as actor.
    const forged = await stranger.send(
      `${base}/ap/inbox`,
      { id: `${remote.actorId}/statuses/9/activity`, type: "Create", actor: remote.actorId, object: note(remote, 9, "<p>Road to Idlib is CLOSED</p>") },
      { keyId: stranger.keyId },
    );
    expect(forged.status).toBe(401);
    const withLdSignature = await remote.send(`${base}/ap/inbox`, {
      id: `${remote.actorId}/statuses/10/activity`,
      type: "Create",
      actor: remote.actorId,
      object: note(remote, 10, "<p>x</p>"),
      signature: { type: "RsaSignature2017", creator: stranger.keyId, signatureValue: "AAAA" },
    });
    expect(withLdSignature.status).toBe(401);
    const posts = await db.deps.db.selectFrom("ap_remote_posts").select("object_uri").execute();
    expect(posts.map((p) => p.object_uri)).not.toContain(`${remote.actorId}/statuses/9`);
  });

  it("applies the author's Update and erases the text on Delete", async () => {
    await remote.send(`${base}/ap/inbox`, {
      id: `${remote.actorId}/statuses/1/update`,
      type: "Update",
      actor: remote.actorId,
      object: note(remote, 1, "<p>Hello again</p>", { updated: "2026-11-25T11:00:00Z" }),
    });
    expect(await (await new TestClient(app).get("/en/fediverse")).text()).toContain("Hello again");
    await stranger.send(`${base}/ap/inbox`, {
      id: `${stranger.actorId}#delete/1`,
      type: "Delete",
      actor: stranger.actorId,
      object: `${remote.actorId}/statuses/1`,
    });
    expect(await (await new TestClient(app).get("/en/fediverse")).text()).toContain("Hello again");
    await remote.send(`${base}/ap/inbox`, { id: `${remote.actorId}#delete/1`, type: "Delete", actor: remote.actorId, object: `${remote.actorId}/statuses/1` });
    const row = await db.deps.db.selectFrom("ap_remote_posts").selectAll().executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    expect(row.contents).toBe("{}");
    expect(await (await new TestClient(app).get("/en/fediverse")).text()).not.toContain("Hello again");
  });

  it("unfollows with an Undo of the original Follow", async () => {
    const admin = await signedInClient("admin");
    await admin.get("/en/fediverse");
    const res = await admin.post("/en/fediverse/unfollow", { actor: remote.actorId });
    expect(res.status).toBe(303);
    await db.deps.federation.flush();
    const undo = remote.ofType("Undo");
    expect(undo).toHaveLength(1);
    expect((undo[0]?.body.object as { id: string }).id).toBe((remote.ofType("Follow")[0]?.body as { id: string }).id);
    expect(await db.deps.db.selectFrom("ap_following").selectAll().execute()).toEqual([]);
  });
});

describe("federation without the test-network switch", () => {
  let db: TestDb;
  const remote = new RemoteServer("hana");

  beforeAll(async () => {
    db = await createTestDb({ env: { SADA_BASE_URL: "https://sada.example", SADA_FEDERATION: "on" } });
    await remote.start();
  });

  afterAll(async () => {
    await remote.stop();
    await db.close();
  });

  it("refuses to look up or deliver to loopback addresses (SSRF)", async () => {
    const admin = await factories(db.deps).user({ role: "admin" });
    const byHandle = await db.deps.federation.follow(admin.id, `@hana@${new URL(remote.base).host}`);
    expect(byHandle.ok).toBe(false);
    const byUrl = await db.deps.federation.follow(admin.id, remote.actorId);
    expect(byUrl.ok).toBe(false);
    expect(remote.received).toEqual([]);
    // A follower whose inbox points into the server's own network never gets a request.
    const owner = await factories(db.deps).user();
    const group = await factories(db.deps).vouchedGroup(owner, { slug: "sealed-off" });
    await db.deps.db
      .insertInto("ap_followers")
      .values({
        local_actor: `group:${group.id}`,
        actor_uri: remote.actorId,
        inbox: remote.inbox,
        shared_inbox: null,
        handle: null,
        follow_activity: null,
        created_at: new Date().toISOString(),
      })
      .execute();
    await factories(db.deps).statement(owner, group.slug);
    await db.deps.federation.flush();
    const delivery = await db.deps.db.selectFrom("ap_deliveries").selectAll().executeTakeFirstOrThrow();
    expect(delivery.last_error).toContain("non-public");
    expect(remote.received).toEqual([]);
  });
});
