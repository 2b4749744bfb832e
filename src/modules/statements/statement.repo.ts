import type { Db } from "../database";
import type { StatementRevisionsTable, StatementsTable } from "./statement.schema";

/** Writes for the statement aggregate: the statement row and its immutable revisions. */
export const statementRepo = {
  insertStatement: (db: Db, row: StatementsTable) => db.insertInto("statements").values(row).execute(),

  insertRevision: (db: Db, row: StatementRevisionsTable) => db.insertInto("statement_revisions").values(row).execute(),

  findById: (db: Db, id: string) => db.selectFrom("statements").selectAll().where("id", "=", id).executeTakeFirst(),

  /** Moves the head only if it is still at `baseHash`: a stale writer changes nothing. */
  async advanceHead(
    db: Db,
    id: string,
    baseHash: string,
    patch: Pick<StatementsTable, "current_revision" | "current_hash" | "title" | "status" | "updated_at">,
  ): Promise<boolean> {
    const result = await db.updateTable("statements").set(patch).where("id", "=", id).where("current_hash", "=", baseHash).executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  },
};
