// Discussion and federation data for the shared portability seed (portability.testkit.ts), written
// through the real services and inbox functions: a closed thread, a comment with a reply and a
// human translation, a like, a followed account and its post. portability.discussion.db.test.ts
// has the full cases (held, hidden, deleted, erased accounts).
import type { AppDeps } from "../../main/deps";
import type { factories } from "../../../test/factories";
import type { Viewer } from "../accounts/account.model";
import { discussionService } from "../discussion/discussion.service";
import { addReaction, upsertRemotePost } from "../federation/inbox.repo";

function ok<T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!r.ok) {
    throw new Error(JSON.stringify(r.error));
  }
  return r.value;
}

/** `owner` is a member of the group of both statements; the discussion is under `statementId`. */
export async function seedDiscussionAndFederation(
  deps: AppDeps,
  make: ReturnType<typeof factories>,
  owner: Viewer,
  statementId: string,
  closedStatementId: string,
): Promise<void> {
  const [first, second] = [await make.user({ role: "translator" }), await make.user({ role: "translator" })];
  const root = ok(
    await discussionService.post(deps, first, statementId, { body: "Где сейчас нужна помощь?", lang: "ru", readingLang: "ar", parentId: null }, null),
  );
  ok(await discussionService.post(deps, second, statementId, { body: "في المستشفى الميداني.", lang: "ar", readingLang: "ar", parentId: root.id }, null));
  ok(await discussionService.translate(deps, second, root.id, { lang: "en", body: "Where is help needed now?" }));
  ok(await discussionService.setMode(deps, owner, closedStatementId, "closed"));

  const at = new Date("2026-11-25T10:00:00.000Z");
  const actor = "https://social.example/users/monitor";
  await addReaction(deps, at, { statementId, kind: "like", actorUri: "https://a.example/users/one", activityUri: "https://a.example/likes/1" });
  await deps.db
    .insertInto("ap_following")
    .values({
      actor_uri: actor,
      handle: "@monitor@social.example",
      name: "Monitor",
      inbox: "https://social.example/inbox",
      status: "accepted",
      follow_activity: "http://sada.test/ap/actors/instance.actor#follows/1",
      created_at: at.toISOString(),
      created_by: null,
    })
    .execute();
  await upsertRemotePost(deps, deps.clock, {
    objectUri: `${actor}/statuses/1`,
    actorUri: actor,
    url: null,
    lang: "en",
    names: {},
    contents: { en: "<p>Convoy reached the northern villages.</p>" },
    publishedAt: "2026-11-25T09:00:00Z",
    updatedAt: null,
  });
}
