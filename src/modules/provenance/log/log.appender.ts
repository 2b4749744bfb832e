import { isoNow, type Clock } from "../../../platform/clock";
import type { DbContext } from "../../database";
import { CompactRange, hashLeaf, perfectNodesOf, rootAt } from "../merkle";
import { formatCheckpoint, signNote } from "../signing";
import { entrySubject, parseEntry } from "./log.model";
import { bytesToHex, hexToBytes, logRepo, nodeId, nodeReader } from "./log.repo";

/** Entries appended per transaction: large enough for thousands a second, small enough to keep locks short. */
export const APPEND_BATCH = 2_000;
/** Rows per INSERT statement (SQLite allows 32,766 bound values). */
const INSERT_CHUNK = 500;

const utf8 = new TextEncoder();

/** The key that signs checkpoints: its name is the log's origin line. */
export interface CheckpointSigner {
  origin: string;
  publicKey: Uint8Array;
  privateKey: Uint8Array;
}

/**
 * Moves up to `max` queued entries into the log, in queue order, and stores every tree node
 * they complete. The log's state row is locked first, so two appenders (two app nodes, or a
 * CLI next to the server) never interleave: each sees the size the other left.
 * Returns how many entries were appended.
 */
export async function appendPending(ctx: DbContext, max = APPEND_BATCH): Promise<number> {
  // An idle log costs one indexed read per poll, not a write transaction.
  if (!(await ctx.db.selectFrom("log_queue").select("seq").limit(1).executeTakeFirst())) {
    return 0;
  }
  return ctx.db.transaction().execute(async (trx) => {
    const size = await logRepo.lockSize(trx);
    const queued = await trx.selectFrom("log_queue").select(["seq", "entry", "created_at"]).orderBy("seq").limit(max).execute();
    if (queued.length === 0) {
      return 0;
    }
    const frontierRefs = perfectNodesOf(0, size);
    const known = await nodeReader(trx).nodes(frontierRefs);
    const range = CompactRange.fromNodes(size, (ref) => {
      const hash = known.get(`${ref.level}/${ref.index}`);
      if (!hash) {
        throw new Error(`log node ${ref.level}/${ref.index} is missing: the log is damaged`);
      }
      return hash;
    });
    const entries: Array<{ idx: number; entry: string; leaf_hash: string; subject: string | null; created_at: string }> = [];
    const nodes: Array<{ id: number; hash: string }> = [];
    for (const q of queued) {
      const leaf = hashLeaf(utf8.encode(q.entry));
      const idx = range.size;
      for (const node of range.append(leaf)) {
        nodes.push({ id: nodeId(node.ref), hash: bytesToHex(node.hash) });
      }
      entries.push({ idx, entry: q.entry, leaf_hash: bytesToHex(leaf), subject: entrySubject(parseEntry(q.entry)), created_at: q.created_at });
    }
    for (let i = 0; i < entries.length; i += INSERT_CHUNK) {
      await trx
        .insertInto("log_entries")
        .values(entries.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    for (let i = 0; i < nodes.length; i += INSERT_CHUNK) {
      await trx
        .insertInto("log_nodes")
        .values(nodes.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    // Exactly the rows appended: under READ COMMITTED (PostgreSQL) a lower seq committed since
    // the SELECT would match "seq <= last" and be deleted without being appended.
    const seqs = queued.map((q) => q.seq);
    for (let i = 0; i < seqs.length; i += INSERT_CHUNK) {
      await trx
        .deleteFrom("log_queue")
        .where("seq", "in", seqs.slice(i, i + INSERT_CHUNK))
        .execute();
    }
    await trx
      .updateTable("log_state")
      .set({ size: size + queued.length })
      .where("id", "=", 1)
      .execute();
    return queued.length;
  });
}

/** The root hash of the tree at `size` (any size up to the current one), from stored nodes. */
export async function rootHashAt(ctx: DbContext, size: number): Promise<Uint8Array> {
  return rootAt(nodeReader(ctx.db), size);
}

/**
 * Signs a checkpoint for the current tree size unless one exists for it already, or unless
 * the latest is younger than `minAgeMs` (so a busy log signs at a steady pace, not per entry).
 * The timestamp travels as an extension line, covered by the signature.
 * Returns the new checkpoint's size, or null when none was due.
 */
export async function issueCheckpoint(ctx: DbContext, clock: Clock, signer: CheckpointSigner, minAgeMs = 0): Promise<number | null> {
  const latestSigned = await logRepo.latestCheckpoint(ctx.db);
  if (latestSigned && latestSigned.size >= (await logRepo.size(ctx.db))) {
    return null;
  }
  return ctx.db.transaction().execute(async (trx) => {
    const size = await logRepo.lockSize(trx);
    const latest = await logRepo.latestCheckpoint(trx);
    if (latest && latest.size >= size) {
      return null;
    }
    if (latest && clock.now().getTime() - Date.parse(latest.created_at) < minAgeMs) {
      return null;
    }
    const root = await rootAt(nodeReader(trx), size);
    const at = isoNow(clock);
    const body = formatCheckpoint({ origin: signer.origin, size, rootHash: root, extensions: [`timestamp ${at}`] });
    const note = signNote(body, signer.origin, signer.privateKey, signer.publicKey);
    await trx
      .insertInto("log_checkpoints")
      .values({ size, root_hash: bytesToHex(root), note, created_at: at })
      .execute();
    return size;
  });
}

export { hexToBytes };
