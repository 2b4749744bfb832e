import type { Db } from "../database";
import type { ReactionKind } from "../federation/federation.schema";
import { exportedGroupIds, keyset, type ExportRecord } from "./export-directory.queries";
import { compareText, int } from "./portability.model";

/** Rows fetched at once by key, for tables whose keys are sorted in memory. */
const BY_KEY_CHUNK = 500;

/**
 * What readers see of federation, in file order: the accounts the instance follows (whose
 * names head their posts on /{lang}/fediverse), the posts received from them, and the number
 * of likes and boosts of each statement. Followers are not listed anywhere public and are
 * never read here; keys, deliveries, the outbox, inbox health and Fedify's store are the
 * running instance's own state (docs/data.md says why each is left out).
 */
export async function* federationRecords(db: Db): AsyncGenerator<ExportRecord> {
  // Only follows that were accepted: a pending or refused request shows nothing to readers.
  // Who asked for the follow (an admin) is left out. A handful of rows: sorted in memory, by code unit.
  const following = await db
    .selectFrom("ap_following")
    .select(["actor_uri", "handle", "name", "inbox", "status", "follow_activity", "created_at"])
    .where("status", "=", "accepted")
    .execute();
  for (const f of following.sort((a, b) => compareText(a.actor_uri, b.actor_uri))) {
    yield ["fediverse_following", { ...f }];
  }

  // Addresses are not lower-case ASCII, and databases order text by their own collations:
  // the keys are sorted here, then the rows fetched a chunk at a time.
  const uris = (await db.selectFrom("ap_remote_posts").select("object_uri").execute()).map((r) => r.object_uri).sort(compareText);
  for (let i = 0; i < uris.length; i += BY_KEY_CHUNK) {
    const chunk = uris.slice(i, i + BY_KEY_CHUNK);
    const rows = await db
      .selectFrom("ap_remote_posts")
      .select(["object_uri", "actor_uri", "url", "lang", "names", "contents", "published_at", "updated_at", "deleted_at", "received_at"])
      .where("object_uri", "in", chunk)
      .execute();
    for (const p of rows.sort((a, b) => compareText(a.object_uri, b.object_uri))) {
      yield ["fediverse_post", { ...p }];
    }
  }

  // Counts, not rows: who liked or boosted is stored only to count each account once, and is
  // shown nowhere.
  const statements = db.selectFrom("statements").select("statements.id").where("statements.group_id", "in", exportedGroupIds(db));
  for await (const r of keyset((after: { statement_id: string; kind: ReactionKind } | null, limit: number) => {
    let q = db
      .selectFrom("ap_reactions")
      .select(["statement_id", "kind", (eb) => eb.fn.countAll<number | string>().as("count")])
      .where("statement_id", "in", statements);
    if (after) {
      q = q.where(({ eb, refTuple, tuple }) => eb(refTuple("statement_id", "kind"), ">", tuple(after.statement_id, after.kind)));
    }
    return q.groupBy(["statement_id", "kind"]).orderBy("statement_id").orderBy("kind").limit(limit).execute();
  })) {
    yield ["fediverse_reactions", { statement_id: r.statement_id, kind: r.kind, count: int(r.count) }];
  }
}
