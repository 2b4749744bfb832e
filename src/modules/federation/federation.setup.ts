// The ActivityPub side of Sada, built on Fedify: WebFinger, actors (each vouched group, plus
// the instance), statements as Articles, followers, and what we do with activities received.
import { createFederation, type Context, type Federation } from "@fedify/fedify/federation";
import { LanguageString } from "@fedify/fedify/runtime";
import {
  Accept,
  Announce,
  Application,
  Article,
  Create,
  Delete,
  Endpoints,
  Follow,
  Group,
  isActor,
  Like,
  Note,
  Reject,
  Undo,
  Update,
  type Object as ApObject,
} from "@fedify/fedify/vocab";
import type { Clock } from "../../platform/clock";
import { log } from "../../platform/log";
import type { DbContext } from "../database";
import { groupUrl } from "../distribution/links";
import { profileFor } from "../groups";
import { actorKey, type ActorKeys } from "./actor-keys";
import { sadaDocumentLoader } from "./document-loader";
import { queueDelivery, reviveInboxesOf } from "./delivery";
import { federatedGroup, followersOf, publishedCount, recentStatementIds } from "./federation.queries";
import { addFollower, addReaction, answerFollowing, deleteRemotePost, isFollowed, removeFollower, removeReaction, upsertRemotePost } from "./inbox.repo";
import { statementObject, statementPageUrl, statementTexts } from "./statement-object";

/** The instance's own actor. Group slugs cannot contain a dot, so this never names a group. */
export const INSTANCE_ACTOR = "instance.actor";

/** How many statements a group's outbox lists. */
const OUTBOX_SIZE = 20;
const PUBLIC = new URL("https://www.w3.org/ns/activitystreams#Public");

export interface SetupOptions {
  ctx: DbContext;
  clock: Clock;
  baseUrl: string;
  keys: ActorKeys;
  kv: import("@fedify/fedify/federation").KvStore;
  allowPrivate: boolean;
  userAgent: string;
  /** New deliveries are waiting. */
  wake: () => void;
}

export function setupFederation(o: SetupOptions): Federation<void> {
  const { ctx, clock } = o;
  const loader = sadaDocumentLoader({ allowPrivate: o.allowPrivate, userAgent: o.userAgent });
  const fed = createFederation<void>({
    kv: o.kv,
    origin: o.baseUrl,
    documentLoaderFactory: () => loader,
    contextLoaderFactory: () => loader,
    // Signed fetches (servers in "authorized fetch" mode) are not made: the plain loader is used.
    authenticatedDocumentLoaderFactory: () => loader,
  });

  fed
    .setActorDispatcher("/ap/actors/{identifier}", async (c, identifier) => {
      const keys = await c.getActorKeyPairs(identifier);
      const common = {
        id: c.getActorUri(identifier),
        preferredUsername: identifier,
        inbox: c.getInboxUri(identifier),
        endpoints: new Endpoints({ sharedInbox: c.getInboxUri() }),
        publicKey: keys[0]?.cryptographicKey ?? null,
        assertionMethods: keys.map((k) => k.multikey),
        manuallyApprovesFollowers: false,
      };
      if (identifier === INSTANCE_ACTOR) {
        return new Application({ ...common, name: new URL(o.baseUrl).host, url: new URL(`${o.baseUrl}/`) });
      }
      const group = await federatedGroup(ctx, identifier);
      if (!group) {
        return null;
      }
      const own = profileFor(group, group.defaultLang);
      return new Group({
        ...common,
        names: [own.name, ...group.profiles.map((p) => new LanguageString(p.name, p.lang))],
        outbox: c.getOutboxUri(identifier),
        summaries: [own.description, ...group.profiles.map((p) => new LanguageString(p.description, p.lang))],
        url: new URL(groupUrl(o.baseUrl, group.defaultLang === "ar" || group.defaultLang === "ru" ? group.defaultLang : "en", group.slug)),
        followers: c.getFollowersUri(identifier),
        discoverable: true,
        indexable: true,
      });
    })
    .setKeyPairsDispatcher(async (_c, identifier) => {
      if (identifier === INSTANCE_ACTOR) {
        return [await o.keys.pair("instance")];
      }
      const group = await federatedGroup(ctx, identifier);
      return group ? [await o.keys.pair(actorKey({ kind: "group", groupId: group.id }))] : [];
    });

  fed
    .setFollowersDispatcher("/ap/actors/{identifier}/followers", async (_c, identifier) => {
      const local = await localActorOf(identifier);
      if (!local) {
        return null;
      }
      // Only the count is public: the list would map who follows which group (docs/threat-model.md).
      return { items: [] };
    })
    .setCounter(async (_c, identifier) => {
      const local = await localActorOf(identifier);
      return local ? (await followersOf(ctx, local)).length : null;
    });

  // The group's latest statements, so a profile opened on another server shows what it said.
  fed
    .setOutboxDispatcher("/ap/actors/{identifier}/outbox", async (c, identifier) => {
      const group = identifier === INSTANCE_ACTOR ? null : await federatedGroup(ctx, identifier);
      if (!group) {
        return { items: [] };
      }
      const items = [];
      for (const id of await recentStatementIds(ctx, group.id, OUTBOX_SIZE)) {
        const texts = await statementTexts(ctx, id);
        if (!texts || texts.retracted) {
          continue;
        }
        const objectUri = c.getObjectUri(Article, { id });
        const object = statementObject(texts, {
          object: objectUri,
          actor: c.getActorUri(identifier),
          followers: c.getFollowersUri(identifier),
          page: statementPageUrl(o.baseUrl, texts),
        });
        items.push(
          new Create({ id: new URL(`${objectUri.href}#create`), actor: c.getActorUri(identifier), to: PUBLIC, cc: c.getFollowersUri(identifier), object }),
        );
      }
      return { items };
    })
    .setCounter(async (_c, identifier) => {
      const group = identifier === INSTANCE_ACTOR ? null : await federatedGroup(ctx, identifier);
      return group ? await publishedCount(ctx, group.id) : 0;
    });

  fed.setNodeInfoDispatcher("/nodeinfo/2.1", async () => ({
    software: { name: "sada", version: { major: 0, minor: 1, patch: 0, prerelease: [], build: [] } },
    protocols: ["activitypub"],
    openRegistrations: true,
    usage: { users: {}, localPosts: await publishedCount(ctx, null), localComments: 0 },
  }));

  fed.setObjectDispatcher(Article, "/ap/statements/{id}", async (c, values) => {
    const texts = await statementTexts(ctx, values.id);
    if (!texts || texts.retracted || !(await federatedGroup(ctx, texts.groupSlug))) {
      return null;
    }
    const object = statementObject(texts, {
      object: c.getObjectUri(Article, { id: texts.id }),
      actor: c.getActorUri(texts.groupSlug),
      followers: c.getFollowersUri(texts.groupSlug),
      page: statementPageUrl(o.baseUrl, texts),
    });
    return object instanceof Article ? object : null;
  });

  async function localActorOf(identifier: string): Promise<string | null> {
    if (identifier === INSTANCE_ACTOR) {
      return "instance";
    }
    const group = await federatedGroup(ctx, identifier);
    return group ? actorKey({ kind: "group", groupId: group.id }) : null;
  }

  /** Our statement named by an object URI, or null. */
  function statementIdOf(c: Context<void>, uri: URL | null): string | null {
    const parsed = c.parseUri(uri);
    return parsed?.type === "object" && parsed.class === Article ? (parsed.values.id ?? null) : null;
  }

  const now = () => clock.now();

  fed
    .setInboxListeners("/ap/actors/{identifier}/inbox", "/ap/inbox")
    .on(Follow, async (c, follow) => {
      const target = c.parseUri(follow.objectId);
      if (target?.type !== "actor" || !follow.actorId || !follow.id) {
        return;
      }
      const local = await localActorOf(target.identifier);
      if (!local) {
        return;
      }
      const follower = await follow.getActor(c);
      // The document must be the signer's own, with inboxes on its own server: otherwise it
      // could take a real follower's place and redirect its deliveries.
      if (
        !follower ||
        !isActor(follower) ||
        !follower.id ||
        !follower.inboxId ||
        follower.id.href !== follow.actorId.href ||
        follower.inboxId.origin !== follower.id.origin ||
        (follower.endpoints?.sharedInbox && follower.endpoints.sharedInbox.origin !== follower.id.origin)
      ) {
        return;
      }
      const accept = new Accept({
        id: new URL(`${c.getActorUri(target.identifier).href}#accept/${encodeURIComponent(follow.id.href)}`),
        actor: c.getActorUri(target.identifier),
        to: follower.id,
        object: follow,
      });
      const payload = await accept.toJsonLd();
      await ctx.db.transaction().execute(async (trx) => {
        const tx = { db: trx, dialect: ctx.dialect };
        await addFollower(tx, now(), {
          localActor: local,
          actorUri: follower.id!.href,
          inbox: follower.inboxId!.href,
          sharedInbox: follower.endpoints?.sharedInbox?.href ?? null,
          handle: follower.preferredUsername ? `@${follower.preferredUsername.toString()}@${follower.id!.host}` : null,
          followActivity: follow.id!.href,
        });
        await queueDelivery(tx, now(), {
          sender: local,
          senderUri: c.getActorUri(target.identifier).href,
          inbox: follower.inboxId!.href,
          id: accept.id!.href,
          type: "Accept",
          payload,
        });
        await reviveInboxesOf(tx, follower.id!.href);
      });
      o.wake();
    })
    .on(Undo, async (c, undo) => {
      if (!undo.actorId) {
        return;
      }
      const actorUri = undo.actorId.href;
      let inner: ApObject | null = null;
      try {
        inner = await undo.getObject(c);
      } catch {
        inner = null;
      }
      if (inner instanceof Follow) {
        const target = c.parseUri(inner.objectId);
        const local = target?.type === "actor" ? await localActorOf(target.identifier) : null;
        if (inner.actorId?.href === actorUri) {
          await removeFollower(ctx, local, actorUri);
        }
        return;
      }
      if (inner instanceof Like || inner instanceof Announce) {
        const statementId = statementIdOf(c, inner.objectId);
        await removeReaction(ctx, {
          actorUri,
          activityUri: inner.id?.href ?? null,
          kind: inner instanceof Like ? "like" : "announce",
          statementId: statementId ?? undefined,
        });
        return;
      }
      // The undone activity could not be fetched: its id is all we have.
      if (undo.objectId) {
        await removeReaction(ctx, { actorUri, activityUri: undo.objectId.href });
      }
    })
    .on(Like, async (c, like) => {
      const statementId = statementIdOf(c, like.objectId);
      if (statementId && like.actorId && like.id) {
        await addReaction(ctx, now(), { statementId, kind: "like", actorUri: like.actorId.href, activityUri: like.id.href });
      }
      if (like.actorId) {
        await reviveInboxesOf(ctx, like.actorId.href);
      }
    })
    .on(Announce, async (c, announce) => {
      const statementId = statementIdOf(c, announce.objectId);
      if (statementId && announce.actorId && announce.id) {
        await addReaction(ctx, now(), { statementId, kind: "announce", actorUri: announce.actorId.href, activityUri: announce.id.href });
      }
      if (announce.actorId) {
        await reviveInboxesOf(ctx, announce.actorId.href);
      }
    })
    .on(Accept, async (_c, accept) => {
      if (accept.actorId) {
        await answerFollowing(ctx, accept.actorId.href, accept.objectId?.href ?? null, "accepted");
      }
    })
    .on(Reject, async (_c, reject) => {
      if (reject.actorId) {
        await answerFollowing(ctx, reject.actorId.href, reject.objectId?.href ?? null, "rejected");
      }
    })
    .on(Create, async (c, create) => receivePost(c, create))
    .on(Update, async (c, update) => receivePost(c, update))
    .on(Delete, async (_c, del) => {
      if (!del.actorId || !del.objectId) {
        return;
      }
      if (del.objectId.href === del.actorId.href) {
        // The account itself is gone.
        await removeFollower(ctx, null, del.actorId.href);
        return;
      }
      await deleteRemotePost(ctx, now(), del.objectId.href, del.actorId.href);
    })
    .onError((_c, error) => {
      log.warn("federation", "inbox error", { error: error.message });
    });

  /** A post (Create or Update) from an account this instance follows; anything else is ignored. */
  async function receivePost(c: Context<void>, activity: Create | Update): Promise<void> {
    const actorUri = activity.actorId?.href;
    if (!actorUri || !(await isFollowed(ctx, actorUri))) {
      return;
    }
    const object = await activity.getObject(c);
    if (!(object instanceof Article || object instanceof Note) || !object.id) {
      return;
    }
    // Only the author may post or change its own objects.
    if (object.attributionId?.href !== actorUri || object.id.origin !== new URL(actorUri).origin) {
      return;
    }
    const names = languageMap(object.names, MAX_NAME_CHARS);
    const contents = languageMap(object.contents, MAX_CONTENT_CHARS);
    const original = Object.keys(contents).find((k) => k !== "" && contents[k] === contents[""]) ?? null;
    await upsertRemotePost(ctx, clock, {
      objectUri: object.id.href,
      actorUri,
      url: object.url instanceof URL && /^https?:$/.test(object.url.protocol) ? object.url.href : null,
      lang: original,
      names,
      contents,
      publishedAt: object.published?.toString() ?? now().toISOString(),
      updatedAt: object.updated?.toString() ?? null,
    });
    await reviveInboxesOf(ctx, actorUri);
  }

  return fed;
}

/** What is kept of a received post: enough for any real statement, bounded for the page that shows it. */
const MAX_CONTENT_CHARS = 64 * 1024;
const MAX_NAME_CHARS = 1000;
const MAX_LANGUAGES = 40;

/** name/content values as a map from language tag ("" when none) to text, each cut to `max` characters. */
export function languageMap(values: ReadonlyArray<string | LanguageString>, max: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values.slice(0, MAX_LANGUAGES)) {
    const key = v instanceof LanguageString ? v.language.compact() : "";
    out[key] = v.toString().slice(0, max);
  }
  return out;
}
