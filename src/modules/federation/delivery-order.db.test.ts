// One inbox gets its activities in the order they were queued, also when one of them fails: a
// Create that could not be delivered holds back the Update queued after it (in this round and
// in the next ones, until it is delivered or given up), instead of the Update going first. And
// a server that never answers costs one request timeout per round, not one per queued activity.
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

const start = new Date("2026-03-01T10:00:00.000Z");
const queue = (inbox: string, id: string, at: number) =>
  queueDelivery(db.deps, new Date(start.getTime() + at), {
    sender: "instance",
    senderUri: `${db.deps.config.baseUrl}/ap/actor`,
    inbox,
    id,
    type: id.includes("update") ? "Update" : "Create",
    payload: { id, type: id.includes("update") ? "Update" : "Create" },
  });
const options = (at: number, timeoutMs = 5000) => ({
  keys: new ActorKeys(db.deps, db.deps.clock, db.deps.secret),
  clock: { now: () => new Date(start.getTime() + at) },
  allowPrivate: true,
  timeoutMs,
  delays: [60_000, 60_000],
  userAgent: "sada-test",
});
const statusOf = async (id: string) =>
  await db.deps.db.selectFrom("ap_deliveries").select(["status", "attempts"]).where("activity_id", "=", id).executeTakeFirstOrThrow();

describe("delivery order within an inbox", () => {
  it("holds back what follows a failed delivery until it is delivered", async () => {
    let failNext = true;
    const received: string[] = [];
    const inbox = await listen((req, res) => {
      let body = "";
      req.on("data", (c: Buffer) => (body += c.toString()));
      req.on("end", () => {
        if (failNext) {
          failNext = false;
          res.writeHead(503).end();
          return;
        }
        received.push((JSON.parse(body) as { id: string }).id);
        res.writeHead(202).end();
      });
    });
    await queue(inbox, "urn:order:create", 0);
    await queue(inbox, "urn:order:update", 1);

    // The Create fails (503): the Update must not overtake it, in this round or the next.
    await deliverDue(db.deps, options(10));
    expect(received).toEqual([]);
    await deliverDue(db.deps, options(20));
    expect(received).toEqual([]);
    expect(await statusOf("urn:order:update")).toEqual({ status: "pending", attempts: 0 });

    // A minute later the Create is due again and goes through, then the Update.
    await deliverDue(db.deps, options(61_000));
    expect(received).toEqual(["urn:order:create", "urn:order:update"]);
  });

  it("spends one timeout per round on a server that never answers, however much is queued for it", async () => {
    const hanging = await listen(() => {
      // Never answers.
    });
    for (let n = 0; n < 4; n++) {
      await queue(hanging, `urn:hang:${n}`, 100_000 + n);
    }
    // One request, then the round ends: the other three wait for the first one's retry.
    expect(await deliverDue(db.deps, options(100_010, 600))).toBe(1);
    expect((await statusOf("urn:hang:0")).attempts).toBe(1);
    for (const n of [1, 2, 3]) {
      expect(await statusOf(`urn:hang:${n}`)).toEqual({ status: "pending", attempts: 0 });
    }
    expect(await deliverDue(db.deps, options(100_020, 600))).toBe(0);
  });
});
