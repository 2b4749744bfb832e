import { sql, type Insertable } from "kysely";
import type { Database, Db } from "../database";
import { parseEntry } from "../provenance/log/log.model";

/** Rows per INSERT: SQLite allows 32,766 bound values, and no table here has more than 14 columns. */
const INSERT_CHUNK = 500;

type Table = keyof Database & string;

/**
 * Rows of one table waiting to be inserted, with the lines they came from, so that a row the
 * database refuses (a duplicate key, a dangling reference) is reported with where it is.
 */
export class BufferedTable<T extends Table> {
  private rows: Array<Insertable<Database[T]>> = [];
  private firstLine = 0;
  private lastLine = 0;

  constructor(readonly table: T) {}

  add(row: Insertable<Database[T]>, line: number): void {
    if (this.rows.length === 0) {
      this.firstLine = line;
    }
    this.lastLine = line;
    this.rows.push(row);
  }

  get full(): boolean {
    return this.rows.length >= INSERT_CHUNK;
  }

  /** Inserts what is buffered; a refusal names the lines. */
  async flush(db: Db, fail: (line: number, reason: string) => never): Promise<void> {
    if (this.rows.length === 0) {
      return;
    }
    const rows = this.rows;
    this.rows = [];
    try {
      await db.insertInto(this.table).values(rows).execute();
    } catch (e) {
      const where = this.firstLine === this.lastLine ? "" : ` (one of lines ${this.firstLine}–${this.lastLine})`;
      fail(this.firstLine, `the database refused the record${where}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/**
 * Why the database cannot take an import, or null. It must hold no groups or statements, and
 * its log at most the first entry a fresh start writes: the registration of its own key.
 */
export async function emptinessProblem(db: Db): Promise<string | null> {
  const group = await db.selectFrom("groups").select("id").limit(1).executeTakeFirst();
  if (group) {
    return "the database already has groups";
  }
  const statement = await db.selectFrom("statements").select("id").limit(1).executeTakeFirst();
  if (statement) {
    return "the database already has statements";
  }
  // Format version 2: incidents, their vocabulary and evidence, and media.
  for (const [table, what] of [
    ["incidents", "incidents"],
    ["incident_actors", "alleged actors"],
    ["evidence_files", "evidence files"],
    ["media", "media"],
  ] as const) {
    const row = await db
      .selectFrom(table)
      .select(sql<number>`1`.as("one"))
      .limit(1)
      .executeTakeFirst();
    if (row) {
      return `the database already has ${what}`;
    }
  }
  const logged = await db.selectFrom("log_entries").select("entry").limit(2).execute();
  const queued = await db.selectFrom("log_queue").select("entry").limit(2).execute();
  const entries = [...logged, ...queued].map((r) => r.entry);
  const onlyOwnKey = entries.every((text) => {
    try {
      const entry = parseEntry(text);
      return entry.type === "key" && entry.group === null && entry.action === "registered";
    } catch {
      return false;
    }
  });
  if (entries.length > 1 || !onlyOwnKey) {
    return "the database's transparency log already has entries";
  }
  return null;
}

/**
 * Removes what a fresh start wrote (the instance key, its one log entry, tree nodes and
 * checkpoint, the origin) so the imported log can continue the original one from its start.
 */
export async function clearFreshLog(db: Db): Promise<void> {
  await db.deleteFrom("log_queue").execute();
  await db.deleteFrom("log_checkpoints").execute();
  await db.deleteFrom("log_nodes").execute();
  await db.deleteFrom("log_entries").execute();
  await db.updateTable("log_state").set({ size: 0 }).where("id", "=", 1).execute();
  await db.deleteFrom("signing_keys").where("group_id", "is", null).execute();
  await db.deleteFrom("instance_settings").where("name", "=", "log_origin").execute();
}

/** Ids of existing accounts by handle, to reuse them instead of creating duplicates. */
export async function usersByHandle(db: Db, handles: string[]): Promise<Map<string, string>> {
  if (handles.length === 0) {
    return new Map();
  }
  const rows = await db.selectFrom("users").select(["id", "handle"]).where("handle", "in", handles).execute();
  return new Map(rows.map((r) => [r.handle, r.id]));
}
