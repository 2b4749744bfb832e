// The log side of the signed-statement verifier: which log key to trust, the document's signed
// checkpoint, an independently trusted checkpoint compared with it, and the time a revision not
// yet logged is measured against.
import { bytesEqual, verifyConsistency } from "../merkle";
import { openNote, parseCheckpoint, parseVerifierKey } from "../signing";
import { decodePath, message, str, type Checks, type Obj, type VerifyOptions } from "./statement-verify-checks";

export interface VerifiedCheckpoint {
  size: number;
  root: Uint8Array;
  /** The checkpoint's signed timestamp, when it has one. */
  at: number | null;
}

export interface LogKey {
  name: string;
  publicKey: Uint8Array;
}

/** Opens a checkpoint note with the log key; returns it or the reason it does not verify. */
function openCheckpoint(note: string, key: LogKey): VerifiedCheckpoint | string {
  try {
    const opened = openNote(note, [key]);
    const cp = parseCheckpoint(opened.text);
    if (cp.origin !== key.name) {
      return `the checkpoint is for log "${cp.origin}", the log key for "${key.name}"`;
    }
    const stamp = cp.extensions.find((l) => l.startsWith("timestamp "))?.slice("timestamp ".length);
    const at = stamp === undefined ? NaN : Date.parse(stamp);
    return { size: cp.size, root: cp.rootHash, at: Number.isNaN(at) ? null : at };
  } catch (e) {
    return message(e);
  }
}

/** The log key to check with: the pinned one when given (compared with the document's), else the document's own, with a note. */
export function resolveLogKey(bundle: Obj, opts: VerifyOptions, checks: Checks): LogKey | null {
  const served = str(bundle, "log_key");
  const text = opts.logKey?.trim() ?? served;
  if (text === null) {
    checks.add(false, "log key", "the document has no log_key and none was given");
    return null;
  }
  let key: LogKey;
  try {
    const parsed = parseVerifierKey(text);
    key = { name: parsed.name, publicKey: parsed.publicKey };
  } catch (e) {
    checks.add(false, "log key", `${opts.logKey !== undefined ? "the given" : "the document's"} log key is not a verifier key: ${message(e)}`);
    return null;
  }
  if (opts.logKey === undefined) {
    checks.note("log key", `${key.name}: taken from the server being checked, not pinned; give the log key you trust (sada verify --log-key) to rely on it`);
    return key;
  }
  if (served !== null && served.trim() !== text) {
    checks.add(false, "log key", `the document names log key ${served}, not the pinned ${text}`);
  } else {
    checks.add(true, "log key", `${key.name} (pinned)`);
  }
  return key;
}

export function verifyCheckpoint(bundle: Obj, key: LogKey | null, checks: Checks): VerifiedCheckpoint | null {
  const note = str(bundle, "checkpoint");
  if (note === null) {
    checks.add(false, "checkpoint", "the document has no signed checkpoint yet: the log cannot be checked; try again in a minute");
    return null;
  }
  if (key === null) {
    checks.add(false, "checkpoint", "no usable log key to check the checkpoint with");
    return null;
  }
  const cp = openCheckpoint(note, key);
  if (typeof cp === "string") {
    checks.add(false, "checkpoint", `does not verify with the log key ${key.name}: ${cp}`);
    return null;
  }
  checks.add(true, "checkpoint", `signed by ${key.name}: tree size ${cp.size}${cp.at === null ? "" : `, ${new Date(cp.at).toISOString()}`}`);
  return cp;
}

/**
 * Compares the trusted checkpoint with the document's (same root, or a consistency proof between
 * them); returns the trusted checkpoint when its signature verifies (its signed time then counts
 * for revisions not yet logged, whatever the comparison found: a failed comparison fails the report).
 */
export async function compareTrusted(
  opts: VerifyOptions,
  key: LogKey | null,
  bundleCp: VerifiedCheckpoint | null,
  checks: Checks,
): Promise<VerifiedCheckpoint | null> {
  const what = "trusted checkpoint";
  if (key === null) {
    checks.add(false, what, "no usable log key to check it with");
    return null;
  }
  const trusted = openCheckpoint(opts.trustedCheckpoint ?? "", key);
  if (typeof trusted === "string") {
    checks.add(false, what, `does not verify with the log key ${key.name}: ${trusted}`);
    return null;
  }
  if (bundleCp === null) {
    checks.add(false, what, "cannot be compared: the document's checkpoint did not verify");
    return trusted;
  }
  if (trusted.size === bundleCp.size) {
    const same = bytesEqual(trusted.root, bundleCp.root);
    checks.add(
      same,
      what,
      same
        ? `same tree (size ${trusted.size})`
        : `both checkpoints have size ${trusted.size} but different roots: the log signed two different histories (a fork)`,
    );
    return trusted;
  }
  const [small, large] = trusted.size < bundleCp.size ? [trusted, bundleCp] : [bundleCp, trusted];
  const relation = `the trusted checkpoint has size ${trusted.size}, the document's ${bundleCp.size}`;
  let proof: Uint8Array[] | null = [];
  if (small.size > 0) {
    if (!opts.fetchConsistency) {
      checks.add(
        false,
        what,
        `${relation}: proving that one extends the other needs a consistency proof from the log, and this check runs offline. ` +
          `Verify online (give the statement's URL instead of a file), or give a trusted checkpoint of size ${bundleCp.size}, ` +
          `or fetch GET <log>/proof/consistency?from=${small.size}&to=${large.size} yourself`,
      );
      return trusted;
    }
    try {
      proof = decodePath(await opts.fetchConsistency(small.size, large.size));
    } catch (e) {
      checks.add(false, what, `${relation}: could not fetch the consistency proof: ${message(e)}`);
      return trusted;
    }
  }
  const ok = proof !== null && verifyConsistency(small.size, large.size, small.root, large.root, proof);
  checks.add(
    ok,
    what,
    ok
      ? `${relation}; the consistency proof shows the larger extends the smaller`
      : `${relation}, and the consistency proof between them does not verify: the log was rewritten (or forked) between them`,
  );
  return trusted;
}

/**
 * The signed time a revision or translation not yet logged is measured against: the document's
 * checkpoint, or the trusted one when it is later. The server picks the checkpoint it puts in the
 * document, and an old one would let a backdated revision "wait for the next checkpoint" forever.
 */
export interface PendingReference {
  at: number;
  /** "the document's checkpoint" or "the trusted checkpoint". */
  what: string;
}

export function pendingReference(doc: VerifiedCheckpoint | null, trusted: VerifiedCheckpoint | null): PendingReference | null {
  if (trusted?.at != null && (doc?.at == null || trusted.at > doc.at)) {
    return { at: trusted.at, what: "the trusted checkpoint" };
  }
  return doc?.at != null ? { at: doc.at, what: "the document's checkpoint" } : null;
}
