// ActivityPub against a stand-in Mastodon-like server on loopback: WebFinger and actors,
// follows, statements delivered with every translation, likes and boosts, bad signatures,
// retraction, and delivery to a dead server that never blocks publishing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Hono } from "hono";
import { buildApp } from "../../main/app";
import type { AppEnv } from "../http-env";
import { createTestDb, type TestDb } from "../../../test/db";
import { factories } from "../../../test/factories";
import { statementService } from "../statements";
import { publishTranslation } from "../distribution/distribution.testkit";
import type { Harness } from "../../../test/harness";
import { freeLoopbackPort, RemoteServer, rsaKeyPair, serveApp } from "./federation.testkit";
import { reactionCounts } from "./inbox.repo";
import { MAX_ATTEMPTS } from "./delivery.model";

const AP = "application/activity+json";

/** The parts of ActivityStreams documents the tests read. */
type Doc = Record<string, unknown> & {
  type: string;
  id: string;
  url: string;
  attributedTo: string;
  preferredUsername: string;
  inbox: string;
  followers: string;
  contentMap: Record<string, string | undefined>;
  nameMap: Record<string, string | undefined>;
  publicKey: { publicKeyPem: string };
  endpoints: { sharedInbox: string };
};

describe("federation with a Mastodon-compatible server", () => {
  let db: TestDb;
  let app: Hono<AppEnv>;
  let server: { close(): Promise<void> };
  let base = "";
  let host = "";
  const remote = new RemoteServer("amal");
  let make: ReturnType<typeof factories>;
  let owner: Awaited<ReturnType<ReturnType<typeof factories>["user"]>>;
  const slug = "idlib-defence";
  let statementId = "";

  beforeAll(async () => {
    const port = await freeLoopbackPort();
    base = `http://127.0.0.1:${port}`;
    host = `127.0.0.1:${port}`;
    db = await createTestDb({ env: { SADA_BASE_URL: base, SADA_FEDERATION: "on", SADA_FEDERATION_ALLOW_PRIVATE: "true" } });
    app = buildApp(db.deps);
    server = await serveApp(app, port);
    await remote.start();
    make = factories(db.deps);
    owner = await make.user();
    await make.vouchedGroup(owner, { slug });
  });

  afterAll(async () => {
    await remote.stop();
    await server.close();
    await db.close();
  });

  const flush = () => db.deps.federation.flush();
  const harness = () => ({ deps: db.deps, make, app }) as unknown as Harness;

  it("answers WebFinger and serves the group as a Group actor with its key and multilingual profile", async () => {
    const wf = await fetch(`${base}/.well-known/webfinger?resource=acct:${slug}@${host}`);
    expect(wf.status).toBe(200);
    const jrd = (await wf.json()) as { links: Array<{ rel: string; href: string }> };
    expect(jrd.links.find((l) => l.rel === "self")?.href).toBe(`${base}/ap/actors/${slug}`);

    const res = await fetch(`${base}/ap/actors/${slug}`, { headers: { Accept: AP } });
    expect(res.status).toBe(200);
    const actor = (await res.json()) as Doc;
    expect(actor.type).toBe("Group");
    expect(actor.preferredUsername).toBe(slug);
    expect(actor.inbox).toBe(`${base}/ap/actors/${slug}/inbox`);
    expect(actor.followers).toBe(`${base}/ap/actors/${slug}/followers`);
    expect(actor.endpoints.sharedInbox).toBe(`${base}/ap/inbox`);
    expect(actor.publicKey.publicKeyPem).toContain("BEGIN PUBLIC KEY");
    expect(actor.nameMap.ar).toBe("الدفاع المدني في إدلب");
    // The group page tells readers how to follow it.
    expect(await (await fetch(`${base}/en/groups/${slug}`)).text()).toContain(`@${slug}@${host}`);
  });

  it("describes itself with NodeInfo", async () => {
    const links = (await (await fetch(`${base}/.well-known/nodeinfo`)).json()) as { links: Array<{ href: string }> };
    const info = (await (await fetch(String(links.links[0]?.href))).json()) as { software: { name: string }; protocols: string[] };
    expect(info.software.name).toBe("sada");
    expect(info.protocols).toEqual(["activitypub"]);
  });

  it("has an instance actor, and no actor for a group that is not vouched", async () => {
    const inst = await fetch(`${base}/ap/actors/instance.actor`, { headers: { Accept: AP } });
    expect(((await inst.json()) as { type: string }).type).toBe("Application");
    const pending = await make.group(await make.user(), { slug: "not-yet-vouched" });
    expect((await fetch(`${base}/ap/actors/${pending.slug}`, { headers: { Accept: AP } })).status).toBe(404);
    expect((await fetch(`${base}/.well-known/webfinger?resource=acct:${pending.slug}@${host}`)).status).toBe(404);
  });

  it("refuses an unsigned Follow and one signed with a key that is not the actor's", async () => {
    const follow = { id: `${remote.actorId}#follows/1`, type: "Follow", actor: remote.actorId, object: `${base}/ap/actors/${slug}` };
    const unsigned = await remote.send(`${base}/ap/actors/${slug}/inbox`, follow, { unsigned: true });
    expect(unsigned.status).toBe(401);
    const forged = await remote.send(`${base}/ap/actors/${slug}/inbox`, follow, { keys: await rsaKeyPair() });
    expect(forged.status).toBe(401);
    const followers = await db.deps.db.selectFrom("ap_followers").selectAll().execute();
    expect(followers).toEqual([]);
  });

  it("accepts a signed Follow: the follower is stored and gets a signed Accept", async () => {
    const follow = { id: `${remote.actorId}#follows/2`, type: "Follow", actor: remote.actorId, object: `${base}/ap/actors/${slug}` };
    const res = await remote.send(`${base}/ap/actors/${slug}/inbox`, follow);
    expect(res.status).toBe(202);
    await flush();
    const accept = remote.ofType("Accept");
    expect(accept).toHaveLength(1);
    expect(accept[0]?.signedBy).toBe(`${base}/ap/actors/${slug}`);
    expect((accept[0]?.body.object as { id: string }).id).toBe(follow.id);
    // The count is public, the list is not (it would map who follows which group).
    const followers = (await (await fetch(`${base}/ap/actors/${slug}/followers`, { headers: { Accept: AP } })).json()) as Doc & { orderedItems?: unknown[] };
    expect(followers.totalItems).toBe(1);
    expect(JSON.stringify(followers)).not.toContain(remote.actorId);
  });

  it("does not let a Follow take another follower's place with an actor document that claims someone else's id", async () => {
    const impostor = await new RemoteServer("impostor").start();
    const real = impostor.actorDocument();
    impostor.actorDocument = () => ({ ...real, id: remote.actorId });
    const follow = { id: `${impostor.actorId}#follows/1`, type: "Follow", actor: impostor.actorId, object: `${base}/ap/actors/${slug}` };
    await impostor.send(`${base}/ap/actors/${slug}/inbox`, follow);
    const rows = await db.deps.db.selectFrom("ap_followers").select(["actor_uri", "inbox"]).execute();
    expect(rows).toEqual([{ actor_uri: remote.actorId, inbox: remote.inbox }]);
    await impostor.stop();
  });

  it("delivers a new statement as a Create of an Article in its language, then an Update carrying the translation", async () => {
    statementId = (await make.statement(owner, slug, { kind: "appeal", title: "نداء عاجل", body: "نحتاج إلى سيارات إسعاف في إدلب." })).statementId;
    await flush();
    const create = remote.ofType("Create");
    expect(create).toHaveLength(1);
    expect(create[0]?.signedBy).toBe(`${base}/ap/actors/${slug}`);
    const article = create[0]?.body.object as Doc;
    expect(article.type).toBe("Article");
    expect(article.id).toBe(`${base}/ap/statements/${statementId}`);
    expect(article.attributedTo).toBe(`${base}/ap/actors/${slug}`);
    expect(article.contentMap.ar).toContain("نحتاج إلى سيارات إسعاف");
    expect(article.nameMap.ar).toBe("نداء عاجل");
    expect(article.contentMap.en).toBeUndefined();
    expect(article.url).toBe(`${base}/ar/statements/${statementId}`);

    await publishTranslation(harness(), statementId, "en", (source) => (source === "نداء عاجل" ? "Urgent appeal" : "We need ambulances in Idlib."));
    await flush();
    const update = remote.ofType("Update");
    expect(update).toHaveLength(1);
    const updated = update[0]?.body.object as Doc;
    expect(updated.contentMap.ar).toContain("نحتاج إلى سيارات إسعاف");
    expect(updated.contentMap.en).toContain("We need ambulances in Idlib.");
    expect(updated.nameMap.en).toBe("Urgent appeal");
    // Mastodon-compatible servers apply an Update only when `updated` moves forward.
    expect(Date.parse(String(updated.updated))).toBeGreaterThan(Date.parse(String(article.published)));

    // The group's outbox lists it, for profiles opened on other servers.
    const outbox = (await (await fetch(`${base}/ap/actors/${slug}/outbox`, { headers: { Accept: AP } })).json()) as Doc & { orderedItems: Doc[] };
    expect(outbox.totalItems).toBe(1);
    expect(outbox.orderedItems[0]?.type).toBe("Create");
    expect((outbox.orderedItems[0]?.object as Doc).id).toBe(`${base}/ap/statements/${statementId}`);

    // The object itself can be fetched and says the same.
    const fetched = (await (await fetch(`${base}/ap/statements/${statementId}`, { headers: { Accept: AP } })).json()) as Doc;
    expect(fetched.contentMap.en).toContain("We need ambulances in Idlib.");
  });

  it("counts likes and boosts once per account, and takes them back on Undo", async () => {
    const object = `${base}/ap/statements/${statementId}`;
    const inbox = `${base}/ap/inbox`;
    expect((await remote.send(inbox, { id: `${remote.actorId}#likes/1`, type: "Like", actor: remote.actorId, object })).status).toBe(202);
    expect((await remote.send(inbox, { id: `${remote.actorId}#likes/2`, type: "Like", actor: remote.actorId, object })).status).toBe(202);
    expect((await remote.send(inbox, { id: `${remote.actorId}#boosts/1`, type: "Announce", actor: remote.actorId, object })).status).toBe(202);
    expect(await reactionCounts(db.deps, statementId)).toEqual({ likes: 1, boosts: 1 });
    const page = await (await fetch(`${base}/en/statements/${statementId}`)).text();
    expect(page).toContain(`@${slug}@${host}`);
    expect(page).toContain("shared 1 time, liked 1 time");
    const undo = {
      id: `${remote.actorId}#undo/1`,
      type: "Undo",
      actor: remote.actorId,
      object: { id: `${remote.actorId}#likes/1`, type: "Like", actor: remote.actorId, object },
    };
    expect((await remote.send(inbox, undo)).status).toBe(202);
    expect(await reactionCounts(db.deps, statementId)).toEqual({ likes: 0, boosts: 1 });
  });

  it("keeps publishing when the follower's server is down: retries with back-off, then gives up, and a dead inbox is skipped", async () => {
    remote.inboxStatus = 503;
    const before = remote.received.length;
    const second = await make.statement(owner, slug, { title: "بيان ثان", body: "نص." });
    expect(second.statementId).toBeTruthy();
    await flush();
    const row = await db.deps.db
      .selectFrom("ap_deliveries")
      .selectAll()
      .where("activity_type", "=", "Create")
      .where("status", "!=", "delivered")
      .executeTakeFirstOrThrow();
    expect(row.status).toBe("pending");
    expect(row.attempts).toBe(1);
    expect(row.last_error).toBe("HTTP 503");
    expect(row.next_attempt_at > new Date().toISOString()).toBe(true);
    for (let n = 2; n <= MAX_ATTEMPTS; n++) {
      await db.deps.db.updateTable("ap_deliveries").set({ next_attempt_at: "2000-01-01T00:00:00.000Z" }).where("id", "=", row.id).execute();
      await flush();
    }
    const done = await db.deps.db.selectFrom("ap_deliveries").selectAll().where("id", "=", row.id).executeTakeFirstOrThrow();
    expect(done.status).toBe("failed");
    expect(done.attempts).toBe(MAX_ATTEMPTS);
    expect(remote.received.length - before).toBe(MAX_ATTEMPTS);
    const health = await db.deps.db.selectFrom("ap_inboxes").selectAll().where("inbox", "=", remote.sharedInbox).executeTakeFirstOrThrow();
    expect(health.consecutive_failures).toBe(MAX_ATTEMPTS);

    // Failing for days: the inbox is dead and new posts skip it without a request.
    await db.deps.db
      .updateTable("ap_inboxes")
      .set({ consecutive_failures: 10, first_failure_at: new Date(Date.now() - 4 * 86_400_000).toISOString() })
      .where("inbox", "=", remote.sharedInbox)
      .execute();
    const third = await make.statement(owner, slug, { title: "بيان ثالث", body: "نص." });
    await flush();
    const skipped = await db.deps.db
      .selectFrom("ap_deliveries")
      .select("status")
      .where("activity_id", "like", `%${third.statementId}%`)
      .executeTakeFirstOrThrow();
    expect(skipped.status).toBe("skipped");

    // The server is heard from again (it boosts something): its inbox is alive and gets new posts.
    remote.inboxStatus = 202;
    await remote.send(`${base}/ap/inbox`, {
      id: `${remote.actorId}#boosts/2`,
      type: "Announce",
      actor: remote.actorId,
      object: `${base}/ap/statements/${third.statementId}`,
    });
    const fourth = await make.statement(owner, slug, { title: "بيان رابع", body: "نص." });
    await flush();
    const delivered = await db.deps.db
      .selectFrom("ap_deliveries")
      .select("status")
      .where("activity_id", "like", `%${fourth.statementId}%`)
      .executeTakeFirstOrThrow();
    expect(delivered.status).toBe("delivered");
  });

  it("sends Delete with a Tombstone on retraction, and the object then answers 410 Gone", async () => {
    const r = await statementService.retract(db.deps, owner, statementId, { reason: "Duplicate" });
    expect(r.ok).toBe(true);
    await flush();
    const del = remote.ofType("Delete");
    expect(del).toHaveLength(1);
    expect(del[0]?.body.object).toMatchObject({ type: "Tombstone", id: `${base}/ap/statements/${statementId}` });
    const gone = await fetch(`${base}/ap/statements/${statementId}`, { headers: { Accept: AP } });
    expect(gone.status).toBe(410);
  });

  it("forgets a follower on Undo Follow, so nothing more is sent to it", async () => {
    const undo = {
      id: `${remote.actorId}#undo/2`,
      type: "Undo",
      actor: remote.actorId,
      object: { id: `${remote.actorId}#follows/2`, type: "Follow", actor: remote.actorId, object: `${base}/ap/actors/${slug}` },
    };
    expect((await remote.send(`${base}/ap/actors/${slug}/inbox`, undo)).status).toBe(202);
    expect(await db.deps.db.selectFrom("ap_followers").selectAll().execute()).toEqual([]);
    const count = remote.received.length;
    await make.statement(owner, slug, { title: "بيان خامس", body: "نص." });
    await flush();
    expect(remote.received.length).toBe(count);
  });
});
