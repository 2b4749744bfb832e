import type { DbContext } from "../database";
import { placeByCode } from "../places/gazetteer";
import { addDocuments } from "../search";
import { markdownToText } from "../statements";
import { keyset } from "./export-directory.queries";

/**
 * Search documents for everything imported, with the same text the groups and statements
 * modules index when they write (group.service `reindexGroup`, statement.service `publish`):
 * a group's name, description and place names per profile language; a statement's current
 * title and plain-text body. Runs in the import's transaction, on an index that has no
 * documents for them yet (the instance was empty), so documents are added in bulk.
 */
export async function reindexImported(ctx: DbContext): Promise<void> {
  for await (const g of keyset((after: { id: string } | null, limit: number) => {
    let q = ctx.db.selectFrom("groups").select("id");
    if (after) {
      q = q.where("id", ">", after.id);
    }
    return q.orderBy("id").limit(limit).execute();
  })) {
    const [profiles, places] = await Promise.all([
      ctx.db.selectFrom("group_profiles").selectAll().where("group_id", "=", g.id).execute(),
      ctx.db.selectFrom("group_places").select("place_code").where("group_id", "=", g.id).execute(),
    ]);
    const placeText = places.map((p) => [placeByCode(p.place_code)?.en, placeByCode(p.place_code)?.ar].join(" ")).join(" ");
    await addDocuments(
      ctx,
      profiles.map((p) => ({ refType: "group" as const, refId: g.id, lang: p.lang, text: `${p.name}\n${p.description}\n${placeText}` })),
    );
  }
  let batch: Parameters<typeof addDocuments>[1] = [];
  for await (const s of keyset((after: { id: string } | null, limit: number) => {
    let q = ctx.db
      .selectFrom("statements")
      .innerJoin("statement_revisions", (j) =>
        j.onRef("statement_revisions.statement_id", "=", "statements.id").onRef("statement_revisions.number", "=", "statements.current_revision"),
      )
      .select(["statements.id", "statements.lang", "statement_revisions.title", "statement_revisions.body"]);
    if (after) {
      q = q.where("statements.id", ">", after.id);
    }
    return q.orderBy("statements.id").limit(limit).execute();
  })) {
    batch.push({ refType: "statement", refId: s.id, lang: s.lang, text: `${s.title}\n${markdownToText(s.body)}` });
    if (batch.length >= 500) {
      await addDocuments(ctx, batch);
      batch = [];
    }
  }
  await addDocuments(ctx, batch);
}
