import type { Db } from "../../database";
import { nodeKey, type NodeReader, type NodeRef } from "../merkle";
import { entrySubject, entryText, type LogEntry } from "./log.model";

/** Row id of a perfect subtree in `log_nodes`: index · 64 + level (levels stay below 64). */
export function nodeId(ref: NodeRef): number {
  return ref.index * 64 + ref.level;
}

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, "hex"));
}

export function bytesToHex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

/** Reads perfect-subtree hashes in one query per call (a proof needs a few dozen). */
export function nodeReader(db: Db): NodeReader {
  return {
    async nodes(refs: NodeRef[]): Promise<Map<string, Uint8Array>> {
      const out = new Map<string, Uint8Array>();
      if (refs.length === 0) {
        return out;
      }
      const byId = new Map(refs.map((r) => [nodeId(r), r]));
      const rows = await db
        .selectFrom("log_nodes")
        .select(["id", "hash"])
        .where("id", "in", [...byId.keys()])
        .execute();
      for (const row of rows) {
        const ref = byId.get(Number(row.id));
        if (ref) {
          out.set(nodeKey(ref), hexToBytes(row.hash));
        }
      }
      return out;
    },
  };
}

export const logRepo = {
  /** Records an entry to append; called inside the transaction of the event it describes. */
  async enqueue(db: Db, entry: LogEntry, at: string): Promise<void> {
    await db
      .insertInto("log_queue")
      .values({ entry: entryText(entry), created_at: at })
      .execute();
  },

  /** The tree size, locking the log's one state row until the transaction ends (one appender at a time). */
  async lockSize(db: Db): Promise<number> {
    const row = await db
      .updateTable("log_state")
      .set((eb) => ({ size: eb.ref("size") }))
      .where("id", "=", 1)
      .returning("size")
      .executeTakeFirstOrThrow();
    return Number(row.size);
  },

  async size(db: Db): Promise<number> {
    const row = await db.selectFrom("log_state").select("size").where("id", "=", 1).executeTakeFirstOrThrow();
    return Number(row.size);
  },

  async latestCheckpoint(db: Db) {
    const row = await db.selectFrom("log_checkpoints").selectAll().orderBy("size", "desc").limit(1).executeTakeFirst();
    return row ? { ...row, size: Number(row.size) } : null;
  },

  async checkpointAt(db: Db, size: number) {
    const row = await db.selectFrom("log_checkpoints").selectAll().where("size", "=", size).executeTakeFirst();
    return row ? { ...row, size: Number(row.size) } : null;
  },

  async entries(db: Db, start: number, end: number) {
    const rows = await db
      .selectFrom("log_entries")
      .select(["idx", "entry", "leaf_hash", "created_at"])
      .where("idx", ">=", start)
      .where("idx", "<", end)
      .orderBy("idx")
      .execute();
    return rows.map((r) => ({ ...r, idx: Number(r.idx) }));
  },

  async indexOfLeaf(db: Db, leafHashHex: string): Promise<number | null> {
    const row = await db.selectFrom("log_entries").select("idx").where("leaf_hash", "=", leafHashHex).orderBy("idx").limit(1).executeTakeFirst();
    return row ? Number(row.idx) : null;
  },

  async entriesAbout(db: Db, subject: string) {
    const rows = await db.selectFrom("log_entries").select(["idx", "entry", "leaf_hash", "created_at"]).where("subject", "=", subject).orderBy("idx").execute();
    return rows.map((r) => ({ ...r, idx: Number(r.idx) }));
  },

  subjectOf: entrySubject,
};
