import type { Insertable } from "kysely";
import type { DbContext } from "../../database";
import type { TmUnitsTable } from "../translation.schema";
import { systemClock, type Clock } from "../../../platform/clock";
import { normalizeForTm, sourceKey, unitHash, type NewTmUnit } from "./memory.model";

/** Rows per INSERT statement: 12 parameters each stays far below SQLite's and PostgreSQL's limits. */
const ROWS_PER_STATEMENT = 500;
/** Rows per transaction: big enough that commits do not dominate an import. */
const ROWS_PER_TRANSACTION = 1000;

function toRow(u: NewTmUnit, createdAt: string): Insertable<TmUnitsTable> {
  return {
    source_lang: u.sourceLang,
    target_lang: u.targetLang,
    source: u.source,
    target: u.target,
    source_norm: normalizeForTm(u.source, u.sourceLang),
    unit_hash: unitHash(u),
    source_key: sourceKey(u.sourceLang, u.targetLang, normalizeForTm(u.source, u.sourceLang)),
    context: u.context ?? null,
    statement_id: u.statementId ?? null,
    group_id: u.groupId ?? null,
    translator: u.translator ?? null,
    origin: u.origin,
    created_at: createdAt,
  };
}

async function insertRows(ctx: DbContext, rows: Insertable<TmUnitsTable>[]): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const chunk = rows.slice(i, i + ROWS_PER_STATEMENT);
    const r = await ctx.db
      .insertInto("tm_units")
      .values(chunk)
      .onConflict((oc) => oc.column("unit_hash").doNothing())
      .executeTakeFirst();
    added += Number(r.numInsertedOrUpdatedRows ?? 0n);
  }
  return added;
}

/**
 * Stores segment pairs in the memory. A unit already present (same pair, source and target)
 * is skipped, not duplicated, so approving a segment twice or re-importing a file is harmless.
 * Inside a caller's transaction the rows join it; otherwise they are written in transactions
 * of about a thousand rows, which keeps a million-unit import fast without one huge transaction.
 */
export async function addUnits(ctx: DbContext, units: readonly NewTmUnit[], opts: { clock?: Clock } = {}): Promise<{ added: number; skipped: number }> {
  const createdAt = (opts.clock ?? systemClock).now().toISOString();
  const seen = new Set<string>();
  const rows: Insertable<TmUnitsTable>[] = [];
  for (const u of units) {
    const row = toRow(u, createdAt);
    if (!seen.has(row.unit_hash)) {
      seen.add(row.unit_hash);
      rows.push(row);
    }
  }
  let added = 0;
  if (ctx.db.isTransaction) {
    added = await insertRows(ctx, rows);
  } else {
    for (let i = 0; i < rows.length; i += ROWS_PER_TRANSACTION) {
      const batch = rows.slice(i, i + ROWS_PER_TRANSACTION);
      added += await ctx.db.transaction().execute((trx) => insertRows({ db: trx, dialect: ctx.dialect }, batch));
    }
  }
  return { added, skipped: units.length - added };
}

/** One stored unit as export needs it. */
export interface StoredTmUnit {
  id: number;
  source: string;
  target: string;
  context: string | null;
  translator: string | null;
  origin: string;
  createdAt: string;
}

/**
 * Every unit of one language pair in insertion order, read in pages by id so a large memory
 * is never held by the database driver in one result.
 */
export async function* unitsOfPair(ctx: DbContext, sourceLang: string, targetLang: string, pageSize = 5000): AsyncGenerator<StoredTmUnit> {
  let after = 0;
  for (;;) {
    const rows = await ctx.db
      .selectFrom("tm_units")
      .select(["id", "source", "target", "context", "translator", "origin", "created_at"])
      .where("source_lang", "=", sourceLang)
      .where("target_lang", "=", targetLang)
      .where("id", ">", after)
      .orderBy("id")
      .limit(pageSize)
      .execute();
    for (const r of rows) {
      yield { id: Number(r.id), source: r.source, target: r.target, context: r.context, translator: r.translator, origin: r.origin, createdAt: r.created_at };
    }
    const last = rows.at(-1);
    if (!last || rows.length < pageSize) {
      return;
    }
    after = Number(last.id);
  }
}
