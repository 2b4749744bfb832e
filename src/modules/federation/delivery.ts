// Delivery of activities to remote inboxes: one row per activity and inbox, signed with the
// sender's key (HTTP Signatures, as Mastodon expects), retried with back-off, with each inbox's
// health tracked so a dead server never holds up anyone else.
import { randomUUID } from "node:crypto";
import { signRequest } from "@fedify/fedify/sig";
import type { Clock } from "../../platform/clock";
import { assertPublicUrl, publicOnlyDispatcher } from "../../platform/http/public-url";
import { log } from "../../platform/log";
import type { DbContext } from "../database";
import type { ActorKeys } from "./actor-keys";
import { afterAttempt, isDeadInbox, isRetryableStatus } from "./delivery.model";

export interface OutgoingActivity {
  /** The signing actor: "group:<id>" or "instance". */
  sender: string;
  /** The sender's actor URI; its key id is this plus "#main-key". */
  senderUri: string;
  inbox: string;
  id: string;
  type: string;
  payload: unknown;
}

/** Queues one delivery (inside the caller's transaction). An inbox known to be dead gets the row as "skipped". */
export async function queueDelivery(tx: DbContext, now: Date, activity: OutgoingActivity): Promise<void> {
  const health = await tx.db.selectFrom("ap_inboxes").selectAll().where("inbox", "=", activity.inbox).executeTakeFirst();
  const dead = health
    ? health.dead_since !== null || isDeadInbox({ consecutiveFailures: health.consecutive_failures, firstFailureAt: health.first_failure_at }, now)
    : false;
  await tx.db
    .insertInto("ap_deliveries")
    .values({
      id: randomUUID(),
      sender: activity.sender,
      inbox: activity.inbox,
      activity_id: activity.id,
      activity_type: activity.type,
      payload: JSON.stringify({ senderUri: activity.senderUri, activity: activity.payload }),
      status: dead ? "skipped" : "pending",
      attempts: 0,
      next_attempt_at: now.toISOString(),
      last_error: dead ? "inbox is dead: it failed too long; deliveries resume when its server is heard from" : null,
      created_at: now.toISOString(),
      finished_at: dead ? now.toISOString() : null,
    })
    .execute();
}

export interface DeliveryOptions {
  keys: ActorKeys;
  clock: Clock;
  allowPrivate: boolean;
  /** Per-request limit. */
  timeoutMs?: number;
  /** Retry delays (tests shorten them). */
  delays?: readonly number[];
  userAgent: string;
}

/** Inboxes sent to at once: a server that never answers holds up one lane, not every delivery. */
export const DELIVERY_CONCURRENCY = 8;

type DueRow = Awaited<ReturnType<typeof dueDeliveries>>[number];

/**
 * Pending deliveries that are due, oldest first. A delivery queued after one to the same inbox that
 * is still pending and not due (waiting for a retry, or being sent by another node) waits too, so
 * an Update never overtakes its Create (one grouped read of those inboxes, not a query per row).
 */
function dueDeliveries(ctx: DbContext, now: Date, limit: number) {
  const iso = now.toISOString();
  return ctx.db
    .selectFrom("ap_deliveries")
    .leftJoin(
      (eb) =>
        eb
          .selectFrom("ap_deliveries as held")
          .select(["held.inbox", (e) => e.fn.min("held.created_at").as("since")])
          .where("held.status", "=", "pending")
          .where("held.next_attempt_at", ">", iso)
          .groupBy("held.inbox")
          .as("held"),
      (j) => j.onRef("held.inbox", "=", "ap_deliveries.inbox"),
    )
    .selectAll("ap_deliveries")
    .where("ap_deliveries.status", "=", "pending")
    .where("ap_deliveries.next_attempt_at", "<=", iso)
    .where((eb) => eb.or([eb("held.since", "is", null), eb("ap_deliveries.created_at", "<", eb.ref("held.since"))]))
    .orderBy("ap_deliveries.created_at")
    .orderBy("ap_deliveries.id")
    .limit(limit)
    .execute();
}

/**
 * Sends every delivery that is due now and returns how many were attempted. Each inbox gets its
 * activities one after another, oldest first (a Create before its Update), and one that is not
 * taken holds back the rest of its inbox until it is; different inboxes are sent to in parallel,
 * up to DELIVERY_CONCURRENCY at once.
 */
export async function deliverDue(ctx: DbContext, opts: DeliveryOptions, limit = 50): Promise<number> {
  const now = opts.clock.now();
  const lanes = new Map<string, DueRow[]>();
  for (const row of await dueDeliveries(ctx, now, limit)) {
    lanes.set(row.inbox, [...(lanes.get(row.inbox) ?? []), row]);
  }
  const queue = [...lanes.values()];
  let attempted = 0;
  const worker = async () => {
    for (let lane = queue.shift(); lane; lane = queue.shift()) {
      for (const row of lane) {
        const outcome = await deliverOne(ctx, opts, row, now);
        if (outcome !== "elsewhere") {
          attempted += 1;
        }
        // What follows in the lane waits for this one (order), and a server that did not take
        // it is not sent the rest in this round (one timeout per round, not one per activity).
        if (outcome !== "delivered" && outcome !== "failed") {
          break;
        }
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DELIVERY_CONCURRENCY, queue.length) }, worker));
  return attempted;
}

/** Claims and sends one delivery, then records the outcome: its new status, or "elsewhere" when another node claimed it first. */
async function deliverOne(ctx: DbContext, opts: DeliveryOptions, row: DueRow, now: Date): Promise<"elsewhere" | "delivered" | "pending" | "failed"> {
  // Claim the row (another app node may be looking at it too): push its next attempt out
  // for the length of one try; whoever changes next_attempt_at first sends it.
  const lease = new Date(now.getTime() + 5 * 60_000).toISOString();
  const claimed = await ctx.db
    .updateTable("ap_deliveries")
    .set({ next_attempt_at: lease })
    .where("id", "=", row.id)
    .where("status", "=", "pending")
    .where("next_attempt_at", "=", row.next_attempt_at)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) {
    return "elsewhere";
  }
  const { senderUri, activity } = JSON.parse(row.payload) as { senderUri: string; activity: unknown };
  const result = await send(opts, row.sender, senderUri, row.inbox, activity);
  const attempts = row.attempts + 1;
  const finishedAt = opts.clock.now();
  const outcome = afterAttempt({ ok: result.ok, attempts, now: finishedAt, delays: result.ok || result.retryable ? opts.delays : [] });
  await ctx.db.transaction().execute(async (trx) => {
    await trx
      .updateTable("ap_deliveries")
      .set({
        status: outcome.status,
        attempts,
        next_attempt_at: outcome.status === "pending" ? outcome.nextAttemptAt : row.next_attempt_at,
        last_error: result.ok ? null : result.error,
        finished_at: outcome.status === "pending" ? null : finishedAt.toISOString(),
      })
      .where("id", "=", row.id)
      .execute();
    await recordInboxHealth({ db: trx, dialect: ctx.dialect }, row.inbox, result.ok ? null : result.error, finishedAt);
  });
  if (!result.ok) {
    log.warn("federation", "delivery failed", { inbox: row.inbox, attempt: attempts, status: outcome.status, error: result.error });
  }
  return outcome.status;
}

type SendResult = { ok: true } | { ok: false; retryable: boolean; error: string };

async function send(opts: DeliveryOptions, sender: string, senderUri: string, inbox: string, activity: unknown): Promise<SendResult> {
  try {
    const url = new URL(inbox);
    await assertPublicUrl(url, opts.allowPrivate);
    const pair = await opts.keys.pair(sender);
    const request = new Request(url, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json", Accept: "application/activity+json", "User-Agent": opts.userAgent },
      body: JSON.stringify(activity),
    });
    const signed = await signRequest(request, pair.privateKey, new URL(`${senderUri}#main-key`));
    const response = await fetch(signed, {
      signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000),
      redirect: "manual",
      dispatcher: publicOnlyDispatcher(opts.allowPrivate),
    } as RequestInit);
    await response.body?.cancel();
    if (response.ok) {
      return { ok: true };
    }
    return { ok: false, retryable: isRetryableStatus(response.status), error: `HTTP ${response.status}` };
  } catch (e) {
    return { ok: false, retryable: true, error: e instanceof Error ? e.message : String(e) };
  }
}

/** Counts a failure against an inbox (or clears its record on success); marks it dead by the rules of delivery.model. */
export async function recordInboxHealth(tx: DbContext, inbox: string, error: string | null, at: Date): Promise<void> {
  const iso = at.toISOString();
  const row = await tx.db.selectFrom("ap_inboxes").selectAll().where("inbox", "=", inbox).executeTakeFirst();
  if (error === null) {
    if (row) {
      await tx.db
        .updateTable("ap_inboxes")
        .set({ consecutive_failures: 0, first_failure_at: null, last_success_at: iso, dead_since: null, last_error: null })
        .where("inbox", "=", inbox)
        .execute();
    } else {
      await tx.db
        .insertInto("ap_inboxes")
        .values({ inbox, consecutive_failures: 0, first_failure_at: null, last_failure_at: null, last_success_at: iso, last_error: null, dead_since: null })
        .execute();
    }
    return;
  }
  const failures = (row?.consecutive_failures ?? 0) + 1;
  const firstFailureAt = row?.first_failure_at ?? iso;
  const deadSince = row?.dead_since ?? (isDeadInbox({ consecutiveFailures: failures, firstFailureAt }, at) ? iso : null);
  const values = {
    consecutive_failures: failures,
    first_failure_at: firstFailureAt,
    last_failure_at: iso,
    last_error: error.slice(0, 500),
    dead_since: deadSince,
  };
  if (row) {
    await tx.db.updateTable("ap_inboxes").set(values).where("inbox", "=", inbox).execute();
  } else {
    await tx.db
      .insertInto("ap_inboxes")
      .values({ inbox, last_success_at: null, ...values })
      .execute();
  }
}

/** An actor's server was heard from: its inboxes are alive again. */
export async function reviveInboxesOf(tx: DbContext, actorUri: string): Promise<void> {
  const origin = new URL(actorUri).origin;
  await tx.db
    .updateTable("ap_inboxes")
    .set({ dead_since: null, consecutive_failures: 0, first_failure_at: null })
    .where((eb) => eb.or([eb("dead_since", "is not", null), eb("consecutive_failures", ">", 0)]))
    .where((eb) => eb.or([eb("inbox", "=", origin), eb("inbox", "like", `${origin}/%`)]))
    .execute();
}
