// What the log says, entry by entry, as the monitor records it: the logged hash of every revision
// and the history of every key; and the problems of an entry, or of a served revision, that
// contradicts it. Pure: no HTTP, no files.
import { parseEntry, type LogEntry } from "../log/log.model";
import { isCanonicalText } from "./statement-verify-checks";

export interface StatementRecord {
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
export type KeyRecord = Record<string, KeyStatus>;

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
export function unloggedRevisionProblems(id: string, r: Record<string, unknown>, keys: MonitorState["keys"], checkpointAt: number | null): string[] {
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
