// The federation module's service: hooks other modules call inside their transactions, the
// job that fans statements out to followers and delivers them, and following remote accounts.
import { randomUUID } from "node:crypto";
import type { Federation } from "@fedify/fedify/federation";
import { Article, Create, Delete, Follow, isActor, Undo, Update } from "@fedify/fedify/vocab";
import type { Clock } from "../../platform/clock";
import { assertPublicUrl, publicOnlyDispatcher } from "../../platform/http/public-url";
import { err, ok, type Result } from "../../platform/result";
import type { DbContext } from "../database";
import type { RevisionWrittenEvent } from "../statements/statement.service";
import { actorKey, ActorKeys } from "./actor-keys";
import { deliverDue, queueDelivery } from "./delivery";
import type { OutboxKind } from "./federation.schema";
import { deliveryInboxes, FEDERATED_STATUSES, followersOf } from "./federation.queries";
import { INSTANCE_ACTOR, setupFederation } from "./federation.setup";
import { DatabaseKvStore } from "./kv-store";
import { parseHandle } from "./remote-text";
import { statementObject, statementPageUrl, statementTexts } from "./statement-object";
import { FederationWorker } from "./federation.worker";

type Tx = DbContext & { clock: Clock };

export interface FederationSettings {
  enabled: boolean;
  baseUrl: string;
  secret: string;
  /** Allow loopback and private addresses (a test network); never on a public instance. */
  allowPrivate: boolean;
  /** Retry delays for deliveries (tests shorten them). */
  retryDelaysMs?: readonly number[];
}

export type FollowError = { type: "handle_invalid" } | { type: "not_found"; detail: string } | { type: "not_an_actor" } | { type: "already_following" };

export interface FederationService {
  readonly enabled: boolean;
  readonly fedify: Federation<void>;
  readonly worker: FederationWorker;
  onRevision(tx: Tx, event: RevisionWrittenEvent): Promise<void>;
  onTranslationPublished(tx: Tx, published: { statementId: string }): Promise<void>;
  onRetraction(tx: Tx, retracted: { statementId: string }): Promise<void>;
  /** Fans out everything queued and attempts every delivery due now (tests, CLI). */
  flush(): Promise<void>;
  follow(userId: string, input: string): Promise<Result<{ actorUri: string }, FollowError>>;
  unfollow(actorUri: string): Promise<boolean>;
}

const USER_AGENT = "Sada/0.1 (+https://sada.example/ActivityPub)";

export function createFederation(ctx: DbContext, clock: Clock, s: FederationSettings): FederationService {
  const keys = new ActorKeys(ctx, clock, s.secret);
  const fedify = setupFederation({
    ctx,
    clock,
    baseUrl: s.baseUrl,
    keys,
    kv: new DatabaseKvStore(ctx, clock),
    allowPrivate: s.allowPrivate,
    userAgent: USER_AGENT,
    wake: () => worker.wake(),
  });
  const context = () => fedify.createContext(new URL(s.baseUrl), undefined);
  const deliveryOptions = { keys, clock, allowPrivate: s.allowPrivate, delays: s.retryDelaysMs, userAgent: USER_AGENT };

  async function queueOutbox(tx: Tx, statementId: string, kind: OutboxKind): Promise<void> {
    if (!s.enabled) {
      return;
    }
    await tx.db.insertInto("ap_outbox").values({ statement_id: statementId, kind, created_at: tx.clock.now().toISOString() }).execute();
    afterCommitWake();
  }

  function afterCommitWake(): void {
    // The row becomes visible when the caller's transaction commits; the worker also polls.
    setTimeout(() => worker.wake(), 50).unref();
  }

  /** Turns queued statement changes into one delivery per follower inbox. */
  async function fanOut(): Promise<number> {
    const rows = await ctx.db.selectFrom("ap_outbox").selectAll().orderBy("seq").limit(50).execute();
    const c = context();
    for (const row of rows) {
      const texts = await statementTexts(ctx, row.statement_id);
      const group = texts
        ? await ctx.db.selectFrom("groups").select(["id", "slug"]).where("id", "=", texts.groupId).where("status", "in", FEDERATED_STATUSES).executeTakeFirst()
        : undefined;
      await ctx.db.transaction().execute(async (trx) => {
        const tx = { db: trx, dialect: ctx.dialect };
        await trx.deleteFrom("ap_outbox").where("seq", "=", row.seq).execute();
        if (!texts || !group) {
          return;
        }
        const sender = actorKey({ kind: "group", groupId: group.id });
        const inboxes = deliveryInboxes(await followersOf(tx, sender));
        if (inboxes.length === 0) {
          return;
        }
        const actor = c.getActorUri(group.slug);
        const objectUri = c.getObjectUri(Article, { id: texts.id });
        const object = statementObject(texts, { object: objectUri, actor, followers: c.getFollowersUri(group.slug), page: statementPageUrl(s.baseUrl, texts) });
        const common = {
          id: new URL(`${objectUri.href}#${texts.retracted ? "delete" : row.kind}-${row.seq}`),
          actor,
          to: new URL("https://www.w3.org/ns/activitystreams#Public"),
          cc: c.getFollowersUri(group.slug),
          object,
        };
        const activity = texts.retracted ? new Delete(common) : row.kind === "create" ? new Create(common) : new Update(common);
        const payload = await activity.toJsonLd();
        const type = texts.retracted ? "Delete" : row.kind === "create" ? "Create" : "Update";
        for (const inbox of inboxes) {
          await queueDelivery(tx, clock.now(), { sender, senderUri: actor.href, inbox, id: common.id.href, type, payload });
        }
      });
    }
    return rows.length;
  }

  const worker = new FederationWorker({
    round: async () => {
      while ((await fanOut()) > 0) {
        // until the outbox is empty
      }
      while ((await deliverDue(ctx, deliveryOptions)) > 0) {
        // until nothing is due
      }
    },
  });

  return {
    enabled: s.enabled,
    fedify,
    worker,
    async onRevision(tx, event) {
      await queueOutbox(tx, event.statementId, event.revision === 1 ? "create" : "update");
    },
    async onTranslationPublished(tx, published) {
      await queueOutbox(tx, published.statementId, "update");
    },
    async onRetraction(tx, retracted) {
      // The worker sends Delete for a statement it finds retracted.
      await queueOutbox(tx, retracted.statementId, "update");
    },
    async flush() {
      await worker.round();
    },
    async follow(userId, input) {
      const handle = parseHandle(input);
      let actorUrl: URL | null = null;
      if (handle) {
        const found = await webfinger(handle, s.allowPrivate);
        if (!found.ok) {
          return err({ type: "not_found", detail: found.error });
        }
        actorUrl = found.value;
      } else if (/^https?:\/\//i.test(input.trim())) {
        try {
          actorUrl = new URL(input.trim());
        } catch {
          return err({ type: "handle_invalid" });
        }
      } else {
        return err({ type: "handle_invalid" });
      }
      const c = context();
      let actor;
      try {
        actor = await c.lookupObject(actorUrl);
      } catch (e) {
        return err({ type: "not_found", detail: e instanceof Error ? e.message : String(e) });
      }
      // The document must be the account asked for, on its own server, with its inbox there too.
      if (!actor || !isActor(actor) || !actor.id || !actor.inboxId || actor.id.origin !== actorUrl.origin || actor.inboxId.origin !== actor.id.origin) {
        return err({ type: "not_an_actor" });
      }
      const existing = await ctx.db.selectFrom("ap_following").select("status").where("actor_uri", "=", actor.id.href).executeTakeFirst();
      if (existing && existing.status !== "rejected") {
        return err({ type: "already_following" });
      }
      const instance = c.getActorUri(INSTANCE_ACTOR);
      const follow = new Follow({ id: new URL(`${instance.href}#follow/${randomUUID()}`), actor: instance, object: actor.id });
      const payload = await follow.toJsonLd();
      const now = clock.now();
      const name = actor.name?.toString() ?? null;
      const preferred = actor.preferredUsername?.toString() ?? null;
      await ctx.db.transaction().execute(async (trx) => {
        const tx = { db: trx, dialect: ctx.dialect };
        await trx.deleteFrom("ap_following").where("actor_uri", "=", actor.id!.href).execute();
        await trx
          .insertInto("ap_following")
          .values({
            actor_uri: actor.id!.href,
            handle: handle ? `@${handle.user}@${handle.host}` : preferred ? `@${preferred}@${actor.id!.host}` : actor.id!.href,
            name,
            inbox: actor.inboxId!.href,
            status: "pending",
            follow_activity: follow.id!.href,
            created_at: now.toISOString(),
            created_by: userId,
          })
          .execute();
        await queueDelivery(tx, now, {
          sender: "instance",
          senderUri: instance.href,
          inbox: actor.inboxId!.href,
          id: follow.id!.href,
          type: "Follow",
          payload,
        });
      });
      worker.wake();
      return ok({ actorUri: actor.id.href });
    },
    async unfollow(actorUri) {
      const row = await ctx.db.selectFrom("ap_following").selectAll().where("actor_uri", "=", actorUri).executeTakeFirst();
      if (!row) {
        return false;
      }
      const c = context();
      const instance = c.getActorUri(INSTANCE_ACTOR);
      const undo = new Undo({
        id: new URL(`${instance.href}#undo/${randomUUID()}`),
        actor: instance,
        object: new Follow({ id: new URL(row.follow_activity), actor: instance, object: new URL(row.actor_uri) }),
      });
      const payload = await undo.toJsonLd();
      await ctx.db.transaction().execute(async (trx) => {
        await trx.deleteFrom("ap_following").where("actor_uri", "=", actorUri).execute();
        await queueDelivery({ db: trx, dialect: ctx.dialect }, clock.now(), {
          sender: "instance",
          senderUri: instance.href,
          inbox: row.inbox,
          id: undo.id!.href,
          type: "Undo",
          payload,
        });
      });
      worker.wake();
      return true;
    },
  };
}

/**
 * Finds an account's actor URL with WebFinger (RFC 7033) over https; on a test network
 * (allowPrivate) plain http is tried when https fails, as loopback servers speak no TLS.
 */
async function webfinger(handle: { user: string; host: string }, allowPrivate: boolean): Promise<Result<URL, string>> {
  const schemes = allowPrivate ? ["https:", "http:"] : ["https:"];
  let lastError = "no answer";
  for (const scheme of schemes) {
    const url = new URL(`${scheme}//${handle.host}/.well-known/webfinger`);
    url.searchParams.set("resource", `acct:${handle.user}@${handle.host}`);
    try {
      await assertPublicUrl(url, allowPrivate);
      const res = await fetch(url, {
        headers: { Accept: "application/jrd+json, application/json" },
        signal: AbortSignal.timeout(10_000),
        redirect: "error",
        dispatcher: publicOnlyDispatcher(allowPrivate),
      } as RequestInit);
      if (!res.ok) {
        lastError = `WebFinger answered HTTP ${res.status}`;
        continue;
      }
      const jrd = (await res.json()) as { links?: Array<{ rel?: string; type?: string; href?: string }> };
      const self = jrd.links?.find((l) => l.rel === "self" && /activity\+json|ld\+json/.test(l.type ?? "") && l.href);
      if (!self?.href) {
        lastError = "WebFinger named no ActivityPub actor";
        continue;
      }
      return ok(new URL(self.href));
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
  }
  return err(lastError);
}
