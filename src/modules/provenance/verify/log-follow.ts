// Following a Sada transparency log from one verified position to its latest checkpoint: the
// checkpoint's signature, the consistency proof, and every entry in between rebuilding the root.
// Shared by the monitor and the mirror.
import { bytesEqual, CompactRange, hashLeaf, verifyConsistency } from "../merkle";
import { openNote, parseCheckpoint, parseVerifierKey, toBase64 } from "../signing";
import { b64, LogProblem, LogUnavailable, type LogHttp } from "./log-client";

/** Entries per `GET /log/v1/entries` page (the server's maximum); pages are aligned to it. */
export const ENTRIES_PAGE = 1000;

/** A verified point of the log: enough to check and extend it without reading it again. */
export interface LogPosition {
  size: number;
  root: Uint8Array;
  frontier: Uint8Array[];
}

export interface VerifiedCheckpointNote {
  note: string;
  origin: string;
  size: number;
  root: Uint8Array;
  /** The checkpoint's signed timestamp (ms), when it has a readable one. */
  at: number | null;
}

const utf8 = new TextEncoder();

/**
 * The log key to verify with: the one pinned in the state, else the one given, else (trust on
 * first use) the one the server publishes at /log/v1/key. A given key must match the pinned one.
 */
export async function resolveLogKey(
  http: LogHttp,
  logUrl: string,
  pinned: string | null,
  given: string | undefined,
): Promise<{ vkey: string; name: string; publicKey: Uint8Array; firstUse: boolean }> {
  const givenKey = given?.trim();
  if (pinned !== null && givenKey !== undefined && givenKey !== pinned) {
    throw new LogProblem(`the log key given (${givenKey}) is not the key pinned in the state (${pinned})`);
  }
  const vkey = pinned ?? givenKey ?? (await http.text(`${logUrl}/key`)).trim();
  try {
    const parsed = parseVerifierKey(vkey);
    return { vkey, name: parsed.name, publicKey: parsed.publicKey, firstUse: pinned === null && givenKey === undefined };
  } catch (e) {
    throw new LogProblem(`the log key ${vkey} is not a verifier key: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Fetches the latest checkpoint and verifies its signature with the log key. */
export async function fetchCheckpoint(http: LogHttp, logUrl: string, key: { name: string; publicKey: Uint8Array }): Promise<VerifiedCheckpointNote> {
  const res = await http.get(`${logUrl}/checkpoint`, true);
  if (res === null) {
    throw new LogUnavailable(`the log at ${logUrl} has not signed a checkpoint yet; try again in a minute`);
  }
  const note = await res.text();
  try {
    const opened = openNote(note, [key]);
    const cp = parseCheckpoint(opened.text);
    if (cp.origin !== key.name) {
      throw new Error(`it is for log "${cp.origin}", not "${key.name}"`);
    }
    return { note, origin: cp.origin, size: cp.size, root: cp.rootHash, at: timestampOf(cp.extensions) };
  } catch (e) {
    throw new LogProblem(`the checkpoint served by ${logUrl} does not verify with the log key ${key.name}: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The time of a checkpoint's "timestamp …" extension line, in ms; null without a readable one. */
function timestampOf(extensions: string[]): number | null {
  const stamp = extensions.find((l) => l.startsWith("timestamp "))?.slice("timestamp ".length);
  const at = stamp === undefined ? NaN : Date.parse(stamp);
  return Number.isNaN(at) ? null : at;
}

/** The signed time of a checkpoint verified before (the state's), or null when it has none or no longer opens. */
export function savedCheckpointTime(note: string, key: { name: string; publicKey: Uint8Array }): number | null {
  try {
    return timestampOf(parseCheckpoint(openNote(note, [key]).text).extensions);
  } catch {
    return null;
  }
}

/** Checks that `next` extends `prev` (RFC 9162 consistency proof from the log), or equals it. */
export async function proveExtension(http: LogHttp, logUrl: string, prev: LogPosition, next: VerifiedCheckpointNote): Promise<void> {
  if (next.size < prev.size) {
    throw new LogProblem(
      `the log is not consistent with the last verified checkpoint: it now has ${next.size} entries, fewer than the ${prev.size} verified before (the log shrank)`,
    );
  }
  if (next.size === prev.size) {
    if (!bytesEqual(next.root, prev.root)) {
      throw new LogProblem(
        `the log is not consistent with the last verified checkpoint: both have ${next.size} entries but different root hashes (the log's history was rewritten)`,
      );
    }
    return;
  }
  if (prev.size === 0) {
    return;
  }
  const body = await http.json(`${logUrl}/proof/consistency?from=${prev.size}&to=${next.size}`);
  const pathItems = (body as { consistency_path?: unknown } | null)?.consistency_path;
  if (!Array.isArray(pathItems)) {
    throw new LogProblem(`the log served no consistency proof from ${prev.size} to ${next.size}`);
  }
  const proof = pathItems.map((p, i) => b64(p, `consistency proof hash ${i}`));
  if (!verifyConsistency(prev.size, next.size, prev.root, next.root, proof)) {
    throw new LogProblem(
      `the consistency proof from the last verified checkpoint (size ${prev.size}) to the new one (size ${next.size}) does not verify: the log's history was rewritten or forked`,
    );
  }
}

export interface FetchedEntry {
  index: number;
  entry: string;
}

/**
 * Fetches entries [range.size, end) in aligned pages, `concurrency` requests in flight, checks each
 * page's indexes and every leaf hash, appends the leaves to `range` and hands each page to `onPage`
 * in log order. Throws {@link LogProblem} on the first bad page.
 */
export async function fetchEntries(
  http: LogHttp,
  logUrl: string,
  range: CompactRange,
  end: number,
  opts: { concurrency: number; onPage: (entries: FetchedEntry[]) => void | Promise<void>; progress?: (done: number, total: number) => void },
): Promise<void> {
  const start = range.size;
  const pages: Array<[number, number]> = [];
  for (let s = start; s < end;) {
    const e = Math.min(end, (Math.floor(s / ENTRIES_PAGE) + 1) * ENTRIES_PAGE);
    pages.push([s, e]);
    s = e;
  }
  const fetchPage = async ([s, e]: [number, number]): Promise<Array<FetchedEntry & { leaf_hash: unknown }>> => {
    const out: Array<FetchedEntry & { leaf_hash: unknown }> = [];
    while (s + out.length < e) {
      const from = s + out.length;
      const body = (await http.json(`${logUrl}/entries?start=${from}&end=${e}`)) as { entries?: unknown } | null;
      const items = body?.entries;
      if (!Array.isArray(items) || items.length === 0 || items.length > e - from) {
        throw new LogProblem(`the log served a malformed page of entries for [${from}, ${e})`);
      }
      for (const [k, item] of items.entries()) {
        const it = (typeof item === "object" && item !== null ? item : {}) as { index?: unknown; entry?: unknown; leaf_hash?: unknown };
        if (it.index !== from + k || typeof it.entry !== "string") {
          throw new LogProblem(`the log's page of entries from ${from} is not contiguous: position ${k} holds index ${JSON.stringify(it.index ?? null)}`);
        }
        out.push({ index: it.index, entry: it.entry, leaf_hash: it.leaf_hash });
      }
    }
    return out;
  };
  const inflight: Array<Promise<Array<FetchedEntry & { leaf_hash: unknown }>>> = [];
  let next = 0;
  const launch = () => {
    while (inflight.length < Math.max(1, opts.concurrency) && next < pages.length) {
      const p = fetchPage(pages[next++] as [number, number]);
      // Awaited in order below; this only keeps a failure of a later page from going unhandled.
      p.catch(() => undefined);
      inflight.push(p);
    }
  };
  launch();
  let done = 0;
  while (inflight.length > 0) {
    const page = await (inflight.shift() as Promise<Array<FetchedEntry & { leaf_hash: unknown }>>);
    launch();
    for (const e of page) {
      const leaf = hashLeaf(utf8.encode(e.entry));
      if (e.leaf_hash !== toBase64(leaf)) {
        throw new LogProblem(`entry ${e.index}: the leaf hash served is not the hash of the entry`);
      }
      range.append(leaf);
    }
    await opts.onPage(page.map((e) => ({ index: e.index, entry: e.entry })));
    done += page.length;
    opts.progress?.(done, end - start);
  }
}

/**
 * Follows the log from a verified position to its latest checkpoint: verifies the checkpoint's
 * signature, the consistency proof, and every new entry (their leaves, appended to the old frontier,
 * must give the new root). Returns the new position; throws {@link LogProblem} or {@link LogUnavailable}.
 */
export async function followLog(
  http: LogHttp,
  logUrl: string,
  key: { name: string; publicKey: Uint8Array },
  prev: LogPosition,
  opts: { concurrency: number; onPage: (entries: FetchedEntry[]) => void | Promise<void>; progress?: (done: number, total: number) => void },
): Promise<{ checkpoint: VerifiedCheckpointNote; position: LogPosition }> {
  const checkpoint = await fetchCheckpoint(http, logUrl, key);
  await proveExtension(http, logUrl, prev, checkpoint);
  const range = new CompactRange(prev.size, prev.frontier);
  await fetchEntries(http, logUrl, range, checkpoint.size, opts);
  if (!bytesEqual(range.root(), checkpoint.root)) {
    throw new LogProblem(
      `the entries the log served (${prev.size} to ${checkpoint.size}) do not rebuild the root hash of its checkpoint: they are not the entries the log signed`,
    );
  }
  return { checkpoint, position: { size: checkpoint.size, root: checkpoint.root, frontier: range.frontier() } };
}
