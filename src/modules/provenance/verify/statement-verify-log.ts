// The transparency-log checks of the signed-statement verifier: each revision's or translation's
// log entry (what it records, in canonical form) and its inclusion proof against the checkpoint;
// and the policy for one not yet in a checkpoint.
import { parseEntry, type LogEntry } from "../log/log.model";
import { hashLeaf, verifyInclusion } from "../merkle";
import type { PendingReference, VerifiedCheckpoint } from "./statement-verify-checkpoint";
import { decodePath, int, isCanonicalText, isObj, NOT_CANONICAL, str, utf8, type Checks, type VerifyOptions } from "./statement-verify-checks";

/**
 * How long before the checkpoint a revision may be dated and still wait for the next one. A server-signed
 * revision is dated when its transaction starts, moments before its log entry is queued (and app nodes'
 * clocks may differ a little); a group signing offline dates its revision itself, up to 24 hours before
 * submitting it (statements module, SIGNED_AT_PAST_MS).
 */
export const PENDING_GRACE_MS = 60_000;
export const OFFLINE_SIGNED_AT_MS = 24 * 3600_000;

/** What a log entry must say about the revision or translation it records. */
type ExpectedEntry = { type: "revision" | "translation"; fields: Record<string, string | number | null> };

export function checkLog(
  label: string,
  value: unknown,
  expected: ExpectedEntry,
  datedAt: string | null,
  graceMs: number,
  cp: VerifiedCheckpoint | null,
  since: PendingReference | null,
  opts: VerifyOptions,
  checks: Checks,
): void {
  if (value === null || value === undefined) {
    const what = `${label}: log`;
    const dated = datedAt === null ? NaN : Date.parse(datedAt);
    if (opts.requireLogged) {
      checks.add(false, what, "not yet in a checkpoint (every revision is required to be logged)");
    } else if (cp === null) {
      checks.add(false, what, "not yet in a checkpoint, and there is no verified checkpoint");
    } else if (since !== null && !Number.isNaN(dated) && dated > since.at - graceMs) {
      checks.note(
        what,
        `not yet in a checkpoint: dated ${datedAt ?? ""}, ${since.what} ${new Date(since.at).toISOString()}; the next checkpoint should cover it, check again later`,
      );
    } else if (since?.what === "the trusted checkpoint") {
      checks.add(
        false,
        what,
        `not in the document's checkpoint, although dated ${datedAt ?? "(undated)"}, before the trusted checkpoint of ${new Date(since.at).toISOString()}: the log should hold it by then`,
      );
    } else {
      checks.add(
        false,
        what,
        `not in the checkpoint of ${since === null ? "unknown date" : new Date(since.at).toISOString()}, although dated ${datedAt ?? "(undated)"} before it`,
      );
    }
    return;
  }
  const log = isObj(value) ? value : {};
  const entryText = str(log, "entry");
  let entry: LogEntry | null = null;
  try {
    entry = entryText === null ? null : parseEntry(entryText);
  } catch {
    entry = null;
  }
  if (entryText === null || entry === null) {
    checks.add(false, `${label}: log entry`, "the log entry is missing or is not a Sada log entry");
  } else {
    const fields = entry as unknown as Record<string, unknown>;
    const wrong: string[] = [];
    if (entry.type !== expected.type) {
      wrong.push(`it is a ${entry.type} entry`);
    } else {
      for (const [k, v] of Object.entries(expected.fields)) {
        if (v !== null && fields[k] !== v) {
          wrong.push(`${k} is ${JSON.stringify(fields[k] ?? null)}, not ${JSON.stringify(v)}`);
        }
      }
    }
    const problems = [...(wrong.length > 0 ? [`the log recorded something else: ${wrong.join("; ")}`] : [])];
    if (!isCanonicalText(entryText)) {
      // Log entries are canonical JSON (log/log.model.ts entryText): another spelling, or a repeated key, is not an entry this log writes.
      problems.push(`the entry ${NOT_CANONICAL.slice("the text ".length)}`);
    }
    checks.add(problems.length === 0, `${label}: log entry`, problems.length === 0 ? `entry ${String(log.index)}` : problems.join("; "));
  }
  const what = `${label}: inclusion`;
  const index = int(log, "index");
  const size = int(log, "tree_size");
  const path = decodePath(log.inclusion_path);
  if (cp === null) {
    checks.add(false, what, "cannot be checked without a verified checkpoint");
  } else if (entryText === null || index === null || size === null || path === null) {
    checks.add(false, what, "the proof is missing or malformed (index, tree_size, base64 inclusion_path)");
  } else if (size !== cp.size) {
    checks.add(false, what, `the proof is for tree size ${size}, the checkpoint's is ${cp.size}`);
  } else {
    const ok = verifyInclusion(index, size, hashLeaf(utf8.encode(entryText)), path, cp.root);
    checks.add(ok, what, ok ? `entry ${index} of ${size}` : `the inclusion proof of entry ${index} does not lead to the checkpoint's root`);
  }
}
