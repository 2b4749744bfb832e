import { err, ok, type Result } from "../../../platform/result";
import type { DbContext } from "../../database";
import { consistencyProof, inclusionProof } from "../merkle";
import { toBase64 } from "../signing";
import { hexToBytes, logRepo, nodeReader } from "./log.repo";

/** Entries per page of `GET /log/v1/entries`. */
export const MAX_ENTRIES_PAGE = 1000;

export type LogQueryError = { type: "bad-request"; message: string } | { type: "not-found"; message: string };

const bad = (message: string) => err<LogQueryError>({ type: "bad-request", message });

/** A hash given as 64 hex digits or as base64 of 32 bytes, as hex; null when it is neither. */
export function parseHash(text: string): string | null {
  if (/^[0-9a-fA-F]{64}$/.test(text)) {
    return text.toLowerCase();
  }
  const b = Buffer.from(text, "base64");
  return b.length === 32 && b.toString("base64") === text ? b.toString("hex") : null;
}

/** A whole number written plainly (no sign, no leading zeros), or null. */
function parseSize(text: string | undefined): number | null {
  if (text === undefined || !/^(0|[1-9][0-9]{0,15})$/.test(text)) {
    return null;
  }
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

export interface EntriesPage {
  start: number;
  end: number;
  tree_size: number;
  entries: Array<{ index: number; entry: string; leaf_hash: string; created_at: string }>;
}

/** Entries [start, end) of the log, at most MAX_ENTRIES_PAGE of them: `end` is lowered to fit. */
export async function entriesPage(ctx: DbContext, startText: string | undefined, endText: string | undefined): Promise<Result<EntriesPage, LogQueryError>> {
  const size = await logRepo.size(ctx.db);
  const start = parseSize(startText);
  if (start === null) {
    return bad("start must be a whole number (the first entry index, from 0)");
  }
  const askedEnd = endText === undefined ? start + MAX_ENTRIES_PAGE : parseSize(endText);
  if (askedEnd === null || askedEnd <= start) {
    return bad("end must be a whole number greater than start (the index after the last entry)");
  }
  if (start >= size) {
    return bad(`start must be below the tree size (${size})`);
  }
  const end = Math.min(askedEnd, size, start + MAX_ENTRIES_PAGE);
  const rows = await logRepo.entries(ctx.db, start, end);
  return ok({
    start,
    end,
    tree_size: size,
    entries: rows.map((r) => ({ index: r.idx, entry: r.entry, leaf_hash: toBase64(hexToBytes(r.leaf_hash)), created_at: r.created_at })),
  });
}

export interface InclusionProofBody {
  leaf_index: number;
  tree_size: number;
  inclusion_path: string[];
}

/** RFC 9162 §2.1.3 inclusion proof of a leaf (by hash, or by index) in the tree of `size`. */
export async function inclusionProofFor(
  ctx: DbContext,
  q: { leaf?: string; index?: string; size?: string },
): Promise<Result<InclusionProofBody, LogQueryError>> {
  const current = await logRepo.size(ctx.db);
  const size = parseSize(q.size);
  if (size === null || size === 0 || size > current) {
    return bad(`size must be a tree size from 1 to ${current}, usually the size in the checkpoint you verify against`);
  }
  let index: number | null;
  if (q.leaf !== undefined) {
    const leaf = parseHash(q.leaf);
    if (leaf === null) {
      return bad("leaf must be a leaf hash: 64 hex digits or base64 of 32 bytes");
    }
    index = await logRepo.indexOfLeaf(ctx.db, leaf);
    if (index === null) {
      return err({ type: "not-found", message: "no entry has this leaf hash" });
    }
  } else {
    index = parseSize(q.index);
    if (index === null) {
      return bad("give leaf=HASH (or index=N)");
    }
  }
  if (index >= size) {
    return err({ type: "not-found", message: `the entry (index ${index}) is not in the tree of size ${size} yet` });
  }
  const path = await inclusionProof(nodeReader(ctx.db), index, size);
  return ok({ leaf_index: index, tree_size: size, inclusion_path: path.map(toBase64) });
}

export interface ConsistencyProofBody {
  first: number;
  second: number;
  consistency_path: string[];
}

/** RFC 9162 §2.1.4 consistency proof between two tree sizes. */
export async function consistencyProofFor(ctx: DbContext, q: { from?: string; to?: string }): Promise<Result<ConsistencyProofBody, LogQueryError>> {
  const current = await logRepo.size(ctx.db);
  const from = parseSize(q.from);
  const to = parseSize(q.to);
  if (from === null || to === null || from < 1 || from > to || to > current) {
    return bad(`from and to must be tree sizes with 1 ≤ from ≤ to ≤ ${current}`);
  }
  const path = await consistencyProof(nodeReader(ctx.db), from, to);
  return ok({ first: from, second: to, consistency_path: path.map(toBase64) });
}
