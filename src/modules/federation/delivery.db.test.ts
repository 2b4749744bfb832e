// Delivery lanes: a server that never answers must not hold up deliveries to other servers,
// and one inbox still gets its activities in the order they were queued.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDb, type TestDb } from "../../../test/db";
import { ActorKeys } from "./actor-keys";
import { deliverDue, queueDelivery } from "./delivery";
import { loopbackInboxes } from "./federation.testkit";

let db: TestDb;
const inboxes = loopbackInboxes();
const listen = inboxes.listen;

beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await inboxes.close();
  await db.close();
});

describe("delivery lanes", () => {
  it("sends to a live inbox while another inbox hangs, and keeps each inbox's order", async () => {
    let hangingClosed = false;
    const hanging = await listen((req) => {
      // Never answers; notes when the sender gives up.
      req.on("close", () => {
        hangingClosed = true;
      });
    });
    const received: Array<{ id: string; whileHanging: boolean }> = [];
    const live = await listen((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        received.push({ id: (JSON.parse(body) as { id: string }).id, whileHanging: !hangingClosed });
        res.writeHead(202).end();
      });
    });
    const now = new Date();
    const queue = (inbox: string, id: string, at: number) =>
      queueDelivery(db.deps, new Date(now.getTime() + at), {
        sender: "instance",
        senderUri: `${db.deps.config.baseUrl}/ap/actor`,
        inbox,
        id,
        type: "Create",
        payload: { id, type: "Create" },
      });
    // The hanging inbox was queued first: one lane at a time would wait for its timeout.
    await queue(hanging, "urn:test:hanging", 0);
    await queue(live, "urn:test:first", 1);
    await queue(live, "urn:test:second", 2);
    const attempted = await deliverDue(db.deps, {
      keys: new ActorKeys(db.deps, db.deps.clock, db.deps.secret),
      clock: { now: () => new Date(now.getTime() + 10) },
      allowPrivate: true,
      timeoutMs: 1500,
      userAgent: "sada-test",
    });
    expect(attempted).toBe(3);
    expect(received).toEqual([
      { id: "urn:test:first", whileHanging: true },
      { id: "urn:test:second", whileHanging: true },
    ]);
    const rows = await db.deps.db.selectFrom("ap_deliveries").select(["activity_id", "status", "last_error"]).orderBy("activity_id").execute();
    expect(rows.map((r) => [r.activity_id, r.status])).toEqual([
      ["urn:test:first", "delivered"],
      ["urn:test:hanging", "pending"],
      ["urn:test:second", "delivered"],
    ]);
  });
});
