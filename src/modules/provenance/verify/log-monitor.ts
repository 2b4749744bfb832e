// A monitor of a Sada transparency log, run by anyone from outside: it follows the log from one
// verified checkpoint to the next (signature, consistency proof, every entry in between), keeps
// what the log says about each statement, and checks that the server still serves exactly what
// it logged. Talks to the server only through the public HTTP API (GET /log/v1/…, GET
// /api/v1/statements/{id}/signed). The log-following core is shared with the mirror.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parseEntry, type LogEntry } from "../log/log.model";
import { bytesEqual, CompactRange, hashLeaf, verifyConsistency } from "../merkle";
import { fromBase64Strict, openNote, parseCheckpoint, parseVerifierKey, toBase64 } from "../signing";
import { isCanonicalText, verifySignedStatement } from "./statement-verify";

/** Entries per `GET /log/v1/entries` page (the server's maximum); pages are aligned to it. */
export const ENTRIES_PAGE = 1000;
const DEFAULT_CONCURRENCY = 8;
const DEFAULT_CONTENT_LIMIT = 1000;

/** Fetches a URL (GET); `globalThis.fetch` by default, an in-process app in tests. */
export type FetchLike = (url: string) => Promise<Response>;

/** The global fetch with a time limit, so a server that stops answering cannot hang a monitor run forever. */
export const defaultFetch: FetchLike = (url) => fetch(url, { signal: AbortSignal.timeout(60_000) });

/** Progress of a long phase, for a progress bar. */
export type ProgressFn = (phase: "entries" | "statements", done: number, total: number) => void;

/** The log or the server could not be reached or answered an error, or the local state is unusable: nothing was checked. */
export class LogUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LogUnavailable";
  }
}

/** The log failed a check: it is inconsistent with what was verified before, or with itself. */
export class LogProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "LogProblem";
  }
}

/** The instance's base URL and its log API, from either (".../log/v1" is accepted). */
export function logUrls(url: string): { instance: string; log: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new LogUnavailable(`not a URL: ${url}`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") {
    throw new LogUnavailable(`not an http(s) URL: ${url}`);
  }
  let base = u.pathname.replace(/\/+$/, "");
  if (base.endsWith("/log/v1")) {
    base = base.slice(0, -"/log/v1".length);
  }
  const instance = `${u.origin}${base}`;
  return { instance, log: `${instance}/log/v1` };
}

/** GETs over the injected fetch; transport failures and HTTP errors become {@link LogUnavailable}. */
export class LogHttp {
  constructor(private readonly fetchFn: FetchLike) {}

  async get(url: string, allow404 = false): Promise<Response | null> {
    let res: Response;
    try {
      res = await this.fetchFn(url);
    } catch (e) {
      throw new LogUnavailable(`cannot reach ${url}: ${e instanceof Error ? (e.cause instanceof Error ? e.cause.message : e.message) : String(e)}`);
    }
    if (res.status === 404 && allow404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      let why = "";
      try {
        const body = (await res.json()) as { error?: { message?: string; details?: Array<{ message?: string }> } };
        why = [body.error?.message, ...(body.error?.details ?? []).map((d) => d.message)].filter(Boolean).join(": ");
      } catch {
        // not a JSON error body
      }
      throw new LogUnavailable(`HTTP ${res.status} from ${url}${why ? ` (${why})` : ""}`);
    }
    return res;
  }

  async text(url: string): Promise<string> {
    const res = await this.get(url);
    return (res as Response).text();
  }

  async json(url: string, allow404 = false): Promise<unknown> {
    const res = await this.get(url, allow404);
    if (res === null) {
      return null;
    }
    const text = await res.text();
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new LogUnavailable(`${url} did not answer JSON`);
    }
  }
}

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

function b64(text: unknown, what: string): Uint8Array {
  const bytes = typeof text === "string" ? fromBase64Strict(text) : null;
  if (bytes === null) {
    throw new LogProblem(`${what} is not base64`);
  }
  return bytes;
}

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
function savedCheckpointTime(note: string, key: { name: string; publicKey: Uint8Array }): number | null {
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

/** Restores and checks a saved position (size, root, frontier in base64). */
export function positionFromState(s: { size?: unknown; root?: unknown; frontier?: unknown }, file: string): LogPosition {
  try {
    const size = s.size;
    if (typeof size !== "number" || !Array.isArray(s.frontier)) {
      throw new Error("size or frontier missing");
    }
    const frontier = s.frontier.map((h, i) => b64(h, `frontier hash ${i}`));
    const root = b64(s.root, "root");
    const range = new CompactRange(size, frontier);
    if (!bytesEqual(range.root(), root)) {
      throw new Error("its frontier does not give its root");
    }
    return { size, root, frontier };
  } catch (e) {
    throw new LogUnavailable(`the state file ${file} is damaged (${e instanceof Error ? e.message : String(e)}); move it away to start over`);
  }
}

/** Reads a JSON state file; null when it does not exist. */
export function readStateFile(file: string): Record<string, unknown> | null {
  let text: string;
  try {
    text = fs.readFileSync(file, "utf8");
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") {
      return null;
    }
    throw new LogUnavailable(`cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new Error("not an object");
    }
    return value as Record<string, unknown>;
  } catch (e) {
    throw new LogUnavailable(`the state file ${file} is damaged (${e instanceof Error ? e.message : String(e)}); move it away to start over`);
  }
}

/** Writes a file atomically: a temporary file in the same folder, then a rename over the old one. */
export function writeFileAtomic(file: string, text: string): void {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
}

// ── the monitor ──────────────────────────────────────────────────────────────

export interface MonitorOptions {
  /** The instance's base URL, or its log API (".../log/v1"). */
  baseUrl: string;
  /** Where the monitor keeps what it verified (state.json, checkpoint). */
  stateDir: string;
  /** The log's verifier key: pinned on the first run; must match the pinned one afterwards. */
  logKey?: string;
  /** Statements whose served content is re-checked per run, oldest-checked first (default 1000). */
  contentLimit?: number;
  /** Requests in flight (default 8). */
  concurrency?: number;
  fetch?: FetchLike;
  progress?: ProgressFn;
  now?: () => Date;
}

export interface MonitorReport {
  /** True when the log and every re-checked statement verified; the state was saved. */
  ok: boolean;
  origin: string | null;
  /** The new checkpoint's tree size (the previous one when it could not be checked). */
  size: number;
  previousSize: number;
  newEntries: number;
  /** The first run pinned the log key as the server published it (trust on first use). */
  firstRun: boolean;
  statementsChecked: number;
  problems: string[];
}

interface StatementRecord {
  /** Logged revision hashes by revision number. */
  revisions: Record<string, string>;
  /** When the served content was last checked; null for never (or since a new revision). */
  checked_at: string | null;
}

/** What the log said about a key, for one owner (a group, or the instance). */
export interface KeyStatus {
  /** How it was registered ("server", "ssh", "minisign"); null in a state written before this was kept. */
  custody: string | null;
  /** Its earliest revocation: it signs nothing dated at or after. Never undone ("" when the time is unknown: always). */
  revoked_at: string | null;
  /** When it was replaced (rotated out), unless registered again since: it signs nothing dated after. */
  retired_at: string | null;
  /** The latest date of a revision or translation the log says it signed. */
  last_signed: string | null;
}

/** A key as the log registered it, per owner (the group id, or {@link INSTANCE}). */
type KeyRecord = Record<string, KeyStatus>;

/** What DIR/state.json holds. */
export interface MonitorState {
  version: 1;
  log: string;
  origin: string;
  log_key: string;
  size: number;
  root: string;
  frontier: string[];
  checkpoint: string;
  statements: Record<string, StatementRecord>;
  keys: Record<string, KeyRecord>;
}

/** The owner of the instance key in the monitor's key registry (group ids are 16 base32 characters, never this). */
const INSTANCE = "(instance)";

/**
 * How long before a checkpoint a revision may be dated and still be missing from it (statement-verify
 * uses the same margins): a server-signed revision is dated moments before its entry is queued; a group
 * signing offline picks its revision's time, up to 24 hours before publishing it.
 */
const PENDING_GRACE_MS = 60_000;
const OFFLINE_SIGNED_AT_MS = 24 * 3600_000;

const graceFor = (custody: string | null | undefined): number => (custody === "server" ? PENDING_GRACE_MS : OFFLINE_SIGNED_AT_MS + PENDING_GRACE_MS);

/** A time for comparisons: an unreadable one sorts before every other (a revocation then counts as always). */
const timeOf = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
};

/** Key records as a state file holds them; a state of an earlier version ({"revoked": bool}) is read as "revoked since always". */
export function keysFromState(value: unknown): Record<string, KeyRecord> {
  const out: Record<string, KeyRecord> = {};
  if (typeof value !== "object" || value === null) {
    return out;
  }
  for (const [fp, owners] of Object.entries(value as Record<string, unknown>)) {
    const record: KeyRecord = (out[fp] = {});
    for (const [owner, raw] of Object.entries(typeof owners === "object" && owners !== null ? (owners as Record<string, unknown>) : {})) {
      const r = (typeof raw === "object" && raw !== null ? raw : {}) as Record<string, unknown>;
      const text = (k: string) => (typeof r[k] === "string" ? (r[k] as string) : null);
      record[owner] = {
        custody: text("custody"),
        revoked_at: text("revoked_at") ?? (r.revoked === true ? "" : null),
        retired_at: text("retired_at"),
        last_signed: text("last_signed"),
      };
    }
  }
  return out;
}

/** The checkpoint verified by the previous run: entries after it were appended after its timestamp. */
export interface EarlierCheckpoint {
  size: number;
  at: number;
}

/** Problems of a revision or translation entry signed by `key` at `at`, as the log recorded the key so far. */
function signerProblems(what: string, key: KeyStatus, fp: string, at: string, earlier: EarlierCheckpoint | null, index: number): string[] {
  const problems: string[] = [];
  const t = Date.parse(at);
  const when = Number.isNaN(t) ? Infinity : t;
  if (key.revoked_at !== null && timeOf(key.revoked_at) <= when) {
    problems.push(
      `${what} (entry ${index}) is signed by key ${fp}, revoked at ${key.revoked_at || "an unknown time"}, at or before this revision (dated ${at})`,
    );
  } else if (key.retired_at !== null && timeOf(key.retired_at) < when) {
    problems.push(`${what} (entry ${index}) is signed by key ${fp} after it was replaced on ${key.retired_at} (dated ${at})`);
  }
  if (earlier !== null && index >= earlier.size && !(when >= earlier.at - graceFor(key.custody))) {
    // Appended after a checkpoint it should have been in: logged late, or dated back.
    problems.push(
      `${what} (entry ${index}) is dated ${at}, before the checkpoint of ${new Date(earlier.at).toISOString()} (size ${earlier.size}) that did not hold it: it was logged late or backdated`,
    );
  }
  if (!Number.isNaN(t) && (key.last_signed === null || timeOf(key.last_signed) < t)) {
    key.last_signed = at;
  }
  return problems;
}

/** Records a key entry; a replacement or revocation dated before something the key already signed is a problem. */
function recordKey(state: Pick<MonitorState, "keys">, entry: Extract<LogEntry, { type: "key" }>, index: number): string[] {
  const owner = entry.group ?? INSTANCE;
  const key = ((state.keys[entry.key] ??= {})[owner] ??= { custody: entry.custody, revoked_at: null, retired_at: null, last_signed: null });
  const whose = `key ${entry.key} of ${entry.group === null ? "the instance" : `group ${entry.group}`}`;
  const signedLater = (strict: boolean) =>
    key.last_signed !== null && (strict ? timeOf(key.last_signed) > timeOf(entry.at) : timeOf(key.last_signed) >= timeOf(entry.at));
  switch (entry.action) {
    case "registered":
      // Registered again after being replaced: current again. Never after a revocation, which stays.
      key.custody = entry.custody;
      key.retired_at = null;
      return [];
    case "rotated": {
      key.retired_at = entry.at;
      return signedLater(true)
        ? [`${whose} was replaced at ${entry.at} (entry ${index}), but the log holds a revision it signed dated later, ${key.last_signed ?? ""}`]
        : [];
    }
    case "revoked": {
      // Revoking one listing revokes the key: the earliest revocation counts, whatever is registered later.
      if (key.revoked_at === null || timeOf(entry.at) < timeOf(key.revoked_at)) {
        key.revoked_at = entry.at;
      }
      return signedLater(false)
        ? [`${whose} was revoked at ${entry.at} (entry ${index}), but the log holds a revision it signed dated then or later, ${key.last_signed ?? ""}`]
        : [];
    }
    default:
      return [];
  }
}

/**
 * Records what one entry says; returns the problems when it contradicts what the log said before:
 * an entry not in canonical form, two hashes for one revision, a signature by a key the log never
 * registered for the owner, or dated at or after the key's revocation, or after its replacement, and
 * (with `earlier`, the checkpoint verified before) a revision or translation appended after that
 * checkpoint but dated before it, beyond the margin a revision may wait for its checkpoint.
 */
export function recordEntry(state: Pick<MonitorState, "statements" | "keys">, index: number, text: string, earlier: EarlierCheckpoint | null = null): string[] {
  let entry;
  try {
    entry = parseEntry(text);
  } catch {
    return [`entry ${index} is not a Sada log entry`];
  }
  const problems: string[] = [];
  if (!isCanonicalText(text)) {
    problems.push(`entry ${index} is not in canonical form (keys sorted, no white space, no repeated keys): it is not an entry this log writes`);
  }
  switch (entry.type) {
    case "key":
      problems.push(...recordKey(state, entry, index));
      break;
    case "revision": {
      const key = state.keys[entry.key]?.[entry.group];
      const record = (state.statements[entry.statement] ??= { revisions: {}, checked_at: null });
      const before = record.revisions[String(entry.number)];
      const what = `statement ${entry.statement} revision ${entry.number}`;
      if (before !== undefined && before !== entry.hash) {
        problems.push(`${what}: the log recorded two different hashes, ${before} and then ${entry.hash} (entry ${index})`);
      }
      record.revisions[String(entry.number)] = entry.hash;
      record.checked_at = null;
      if (key === undefined) {
        problems.push(`${what} (entry ${index}) is signed by key ${entry.key}, which the log never registered for group ${entry.group}`);
      } else {
        problems.push(...signerProblems(what, key, entry.key, entry.at, earlier, index));
      }
      break;
    }
    case "translation": {
      const key = state.keys[entry.key]?.[INSTANCE];
      const what = `translation ${entry.lang} #${entry.number} of statement ${entry.statement}`;
      if (key === undefined) {
        problems.push(`${what} (entry ${index}) is signed by key ${entry.key}, which is not the log's registered instance key`);
      } else {
        problems.push(...signerProblems(what, key, entry.key, entry.at, earlier, index));
      }
      break;
    }
    default:
      break;
  }
  return problems;
}

/**
 * Problems of a served revision the log does not hold (as of the monitor's checkpoint): dated before
 * that checkpoint beyond the margin a revision may wait for it, or signed by a key the log never
 * registered for the group, or revoked or replaced by the revision's date.
 */
function unloggedRevisionProblems(id: string, r: Record<string, unknown>, keys: MonitorState["keys"], checkpointAt: number | null): string[] {
  const what = `statement ${id} revision ${String(r.number)}`;
  let canonical: Record<string, unknown> = {};
  try {
    const parsed: unknown = typeof r.canonical === "string" ? JSON.parse(r.canonical) : null;
    canonical = typeof parsed === "object" && parsed !== null ? (parsed as Record<string, unknown>) : {};
  } catch {
    // statement-verify reports the text itself
  }
  const createdAt = typeof canonical.created_at === "string" ? canonical.created_at : "(undated)";
  const group = typeof canonical.group === "string" ? canonical.group : "?";
  const signature = (typeof r.signature === "object" && r.signature !== null ? r.signature : {}) as { key?: unknown; format?: unknown };
  const fp = typeof signature.key === "string" ? signature.key : "(none)";
  const key = keys[fp]?.[group];
  const problems: string[] = [];
  const created = Date.parse(createdAt);
  const custody = key?.custody ?? (signature.format === "ed25519" ? "server" : null);
  if (checkpointAt !== null && !(created >= checkpointAt - graceFor(custody))) {
    problems.push(
      `${what}: the server serves it, dated ${createdAt}, but the log does not hold it, although its checkpoint of ${new Date(checkpointAt).toISOString()} is later`,
    );
  }
  if (key === undefined) {
    problems.push(`${what}: signed by key ${fp}, which the log never registered for group ${group}`);
  } else if (key.revoked_at !== null && !(created < timeOf(key.revoked_at))) {
    problems.push(
      `${what}: signed by key ${fp}, which the log says was revoked at ${key.revoked_at || "an unknown time"}, at or before this revision (dated ${createdAt})`,
    );
  } else if (key.retired_at !== null && !(created <= timeOf(key.retired_at))) {
    problems.push(`${what}: signed by key ${fp} after the log says it was replaced, on ${key.retired_at} (dated ${createdAt})`);
  }
  return problems;
}

/** Checks the served signed statement against the log and what the log recorded for it; returns problems. */
async function checkStatement(
  http: LogHttp,
  instance: string,
  id: string,
  record: StatementRecord,
  verifyWith: { logKey: string; trustedCheckpoint: string; fetchConsistency: (from: number, to: number) => Promise<string[]> },
  log: { keys: MonitorState["keys"]; checkpointAt: number | null },
): Promise<string[]> {
  const bundle = await http.json(`${instance}/api/v1/statements/${encodeURIComponent(id)}/signed`, true);
  const logged = Object.entries(record.revisions).sort(([a], [b]) => Number(a) - Number(b));
  if (bundle === null) {
    return [`statement ${id}: the log recorded ${logged.length} revision(s) but the server no longer serves the statement (HTTP 404)`];
  }
  const problems: string[] = [];
  const report = await verifySignedStatement(bundle, { ...verifyWith, statement: id });
  for (const c of report.checks.filter((c) => !c.ok)) {
    problems.push(`statement ${id}: ${c.what}${c.detail ? `: ${c.detail}` : ""}`);
  }
  const served = new Map<number, string | null>();
  const revisions = (bundle as { revisions?: unknown }).revisions;
  for (const r of Array.isArray(revisions) ? (revisions as Array<Record<string, unknown>>) : []) {
    if (typeof r !== "object" || r === null || typeof r.number !== "number") {
      continue;
    }
    served.set(r.number, typeof r.hash === "string" ? r.hash : null);
    if (record.revisions[String(r.number)] === undefined) {
      problems.push(...unloggedRevisionProblems(id, r, log.keys, log.checkpointAt));
    }
  }
  for (const [n, hash] of logged) {
    const now = served.get(Number(n));
    if (now === undefined) {
      problems.push(`statement ${id} revision ${n}: the server no longer serves it, but the log recorded hash ${hash}`);
    } else if (now !== hash) {
      problems.push(`statement ${id} revision ${n}: the server now serves hash ${now ?? "(none)"} but the log recorded ${hash}`);
    }
  }
  return problems;
}

/** The position verified by an earlier run (the empty log on a first run) and the log key it pinned. */
export function loadSavedPosition(stateFile: string): { saved: Record<string, unknown> | null; previous: LogPosition; pinned: string | null } {
  const saved = readStateFile(stateFile);
  const previous: LogPosition = saved ? positionFromState(saved, stateFile) : { size: 0, root: new CompactRange().root(), frontier: [] };
  const pinned = saved ? (typeof saved.log_key === "string" ? saved.log_key : null) : null;
  if (saved && pinned === null) {
    throw new LogUnavailable(`the state file ${stateFile} is damaged (no log key); move it away to start over`);
  }
  return { saved, previous, pinned };
}

/**
 * Runs the monitor once: follows the log from the state's last verified checkpoint to the latest
 * (see {@link followLog}), then re-checks up to `contentLimit` statements against what the log
 * recorded for them. Saves the new state only when everything verified. Throws
 * {@link LogUnavailable} when the log cannot be read (network, HTTP error, damaged state).
 */
export async function monitorLog(opts: MonitorOptions): Promise<MonitorReport> {
  const { instance, log } = logUrls(opts.baseUrl);
  const http = new LogHttp(opts.fetch ?? defaultFetch);
  const concurrency = opts.concurrency ?? DEFAULT_CONCURRENCY;
  const now = opts.now ?? (() => new Date());
  const stateFile = path.join(opts.stateDir, "state.json");
  const { saved, previous, pinned } = loadSavedPosition(stateFile);
  const state: MonitorState = {
    version: 1,
    log,
    origin: typeof saved?.origin === "string" ? saved.origin : "",
    log_key: pinned ?? "",
    size: previous.size,
    root: toBase64(previous.root),
    frontier: previous.frontier.map(toBase64),
    checkpoint: typeof saved?.checkpoint === "string" ? saved.checkpoint : "",
    statements: structuredClone((saved?.statements ?? {}) as Record<string, StatementRecord>),
    keys: keysFromState(saved?.keys),
  };
  const report: MonitorReport = {
    ok: false,
    origin: state.origin || null,
    size: previous.size,
    previousSize: previous.size,
    newEntries: 0,
    firstRun: saved === null,
    statementsChecked: 0,
    problems: [],
  };

  let checkpoint: VerifiedCheckpointNote;
  let key: Awaited<ReturnType<typeof resolveLogKey>>;
  try {
    key = await resolveLogKey(http, log, pinned, opts.logKey);
    // Entries appended after the checkpoint verified last time must not be dated (much) before it.
    const earlierAt = saved && state.checkpoint ? savedCheckpointTime(state.checkpoint, key) : null;
    const earlier = earlierAt === null ? null : { size: previous.size, at: earlierAt };
    const followed = await followLog(http, log, key, previous, {
      concurrency,
      progress: opts.progress ? (done, total) => opts.progress?.("entries", done, total) : undefined,
      onPage: (entries) => {
        for (const e of entries) {
          report.problems.push(...recordEntry(state, e.index, e.entry, earlier));
        }
      },
    });
    checkpoint = followed.checkpoint;
    Object.assign(state, {
      origin: checkpoint.origin,
      log_key: key.vkey,
      size: followed.position.size,
      root: toBase64(followed.position.root),
      frontier: followed.position.frontier.map(toBase64),
      checkpoint: checkpoint.note,
    });
    report.origin = checkpoint.origin;
    report.size = checkpoint.size;
    report.newEntries = checkpoint.size - previous.size;
  } catch (e) {
    if (e instanceof LogProblem) {
      report.problems.push(e.message);
      return report;
    }
    throw e;
  }

  // Content: the oldest-checked statements first (never-checked ones, and those with new revisions, before all).
  const due = Object.entries(state.statements)
    .sort(([, a], [, b]) => (a.checked_at ?? "").localeCompare(b.checked_at ?? ""))
    .slice(0, Math.max(0, opts.contentLimit ?? DEFAULT_CONTENT_LIMIT));
  const proofs = new Map<string, Promise<string[]>>();
  const fetchConsistency = (from: number, to: number): Promise<string[]> => {
    const k = `${from}-${to}`;
    let p = proofs.get(k);
    if (!p) {
      p = http.json(`${log}/proof/consistency?from=${from}&to=${to}`).then((b) => {
        const items = (b as { consistency_path?: unknown } | null)?.consistency_path;
        return Array.isArray(items) ? items.map(String) : [];
      });
      proofs.set(k, p);
    }
    return p;
  };
  const verifyWith = { logKey: key.vkey, trustedCheckpoint: checkpoint.note, fetchConsistency };
  let next = 0;
  const checkedAt = now().toISOString();
  const worker = async () => {
    while (next < due.length) {
      const [id, record] = due[next++] as [string, StatementRecord];
      report.problems.push(...(await checkStatement(http, instance, id, record, verifyWith, { keys: state.keys, checkpointAt: checkpoint.at })));
      record.checked_at = checkedAt;
      report.statementsChecked += 1;
      opts.progress?.("statements", report.statementsChecked, due.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, due.length)) }, worker));

  if (report.problems.length > 0) {
    return report;
  }
  fs.mkdirSync(opts.stateDir, { recursive: true });
  writeFileAtomic(path.join(opts.stateDir, "checkpoint"), checkpoint.note);
  writeFileAtomic(stateFile, `${JSON.stringify(state, null, 1)}\n`);
  report.ok = true;
  return report;
}
