// Checks a signed statement document ("sada-signed-statement/1", GET /api/v1/statements/{id}/signed)
// without trusting the server that served it: hashes, the revision chain, signatures, key
// revocation, the signed checkpoint and every inclusion proof. Pure: no database, no HTTP except
// the consistency-proof fetcher the caller injects. See README.md in this folder.
import { createHash } from "node:crypto";
import { canonicalJson, type CanonicalValue } from "../../../platform/canonical-json";
import type { SignedStatement } from "../bundle.queries";
import { parseEntry, type LogEntry } from "../log/log.model";
import { bytesEqual, hashLeaf, verifyConsistency, verifyInclusion } from "../merkle";
import {
  fingerprint,
  fromBase64Strict,
  minisignKeyToRaw,
  openNote,
  parseCheckpoint,
  parseVerifierKey,
  verify,
  verifyMinisign,
  verifySshSignature,
} from "../signing";

/** One check: `what` names the thing checked, `detail` says why it failed (or adds context). */
export interface VerifyCheck {
  ok: boolean;
  what: string;
  detail?: string;
  /** A remark that never fails the report (e.g. the log key was not pinned). */
  note?: true;
}

export interface VerifyReport {
  /** True when every check passed. */
  valid: boolean;
  /** The statement id the document names, when it names one. */
  statement: string | null;
  checks: VerifyCheck[];
}

export interface VerifyOptions {
  /** A checkpoint note obtained independently (a witness, an earlier download): the bundle's log must extend it or be extended by it. */
  trustedCheckpoint?: string;
  /** The log's verifier key ("origin+hash+base64"), pinned: the bundle's own `log_key` is then only compared with it. */
  logKey?: string;
  /** Fetches the RFC 9162 consistency proof between two tree sizes (base64 hashes); absent when offline. */
  fetchConsistency?: (from: number, to: number) => Promise<string[]>;
  /** Every revision and translation must already be in the checkpoint (no grace for recent ones). */
  requireLogged?: boolean;
  /** The statement id that was asked for (from the URL): the document must be of this statement. */
  statement?: string;
}

/** The document format this verifier understands. */
export const SIGNED_STATEMENT_FORMAT: SignedStatement["format"] = "sada-signed-statement/1";

/**
 * How long before the checkpoint a revision may be dated and still wait for the next one. A server-signed
 * revision is dated when its transaction starts, moments before its log entry is queued (and app nodes'
 * clocks may differ a little); a group signing offline dates its revision itself, up to 24 hours before
 * submitting it (statements module, SIGNED_AT_PAST_MS).
 */
const PENDING_GRACE_MS = 60_000;
const OFFLINE_SIGNED_AT_MS = 24 * 3600_000;

const utf8 = new TextEncoder();

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (o: Obj, k: string): string | null => (typeof o[k] === "string" ? o[k] : null);
const int = (o: Obj, k: string): number | null => (Number.isSafeInteger(o[k]) ? (o[k] as number) : null);
const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");
const short = (hash: string | null): string => (hash === null ? "null" : hash.length > 16 ? `${hash.slice(0, 16)}…` : hash);
const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * Whether a text is exactly the canonical JSON of what it parses to (keys sorted, no white space, no
 * repeated keys, strings as JSON.stringify writes them, integers only): the form everything signed or
 * logged is written in (platform/canonical-json.ts). Another spelling of the same data would hash
 * differently, and a repeated key means different things to different parsers.
 */
export function isCanonicalText(text: string): boolean {
  try {
    return canonicalJson(JSON.parse(text) as CanonicalValue) === text;
  } catch {
    return false;
  }
}

/** The fields of a revision's canonical form, version 1 (statements/statement.model.ts canonicalForm). */
const REVISION_FIELDS = ["body", "created_at", "group", "kind", "lang", "number", "prev", "retraction", "statement", "title", "v"];

/** What is wrong with the set of fields of a parsed canonical object, if anything. */
function fieldsWrong(parsed: Obj, expected: string[]): string | null {
  const missing = expected.filter((k) => !(k in parsed));
  const extra = Object.keys(parsed).filter((k) => !expected.includes(k));
  if (missing.length === 0 && extra.length === 0) {
    return null;
  }
  return [missing.length > 0 ? `missing ${missing.join(", ")}` : "", extra.length > 0 ? `unexpected ${extra.join(", ")}` : ""].filter(Boolean).join("; ");
}

const NOT_CANONICAL = "the text is not in canonical form (keys sorted, no white space, no repeated keys, integers only)";

function parseJsonObject(text: string): Obj | null {
  try {
    const v: unknown = JSON.parse(text);
    return isObj(v) ? v : null;
  } catch {
    return null;
  }
}

interface Key {
  fingerprint: string;
  publicKey: Uint8Array | null;
  /** The listed fingerprint is the fingerprint of the listed public key. */
  fingerprintOk: boolean;
  owner: string | null;
  registeredAs: string | null;
  retiredAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

function parseKeys(value: unknown): Key[] {
  if (!Array.isArray(value)) {
    return [];
  }
  return value.filter(isObj).flatMap((k) => {
    const fp = str(k, "fingerprint");
    if (fp === null) {
      return [];
    }
    const raw = fromBase64Strict(str(k, "public_key") ?? "");
    const publicKey = raw !== null && raw.length === 32 ? raw : null;
    return [
      {
        fingerprint: fp,
        publicKey,
        fingerprintOk: publicKey !== null && fingerprint(publicKey) === fp,
        owner: str(k, "owner"),
        registeredAs: str(k, "registered_as"),
        retiredAt: str(k, "retired_at"),
        revokedAt: str(k, "revoked_at"),
        revokedReason: str(k, "revoked_reason"),
      },
    ];
  });
}

interface VerifiedCheckpoint {
  size: number;
  root: Uint8Array;
  /** The checkpoint's signed timestamp, when it has one. */
  at: number | null;
}

interface LogKey {
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

function decodePath(value: unknown): Uint8Array[] | null {
  if (!Array.isArray(value)) {
    return null;
  }
  const out: Uint8Array[] = [];
  for (const item of value) {
    const bytes = typeof item === "string" ? fromBase64Strict(item) : null;
    if (bytes === null) {
      return null;
    }
    out.push(bytes);
  }
  return out;
}

/** What a log entry must say about the revision or translation it records. */
type ExpectedEntry = { type: "revision" | "translation"; fields: Record<string, string | number | null> };

class Checks {
  readonly list: VerifyCheck[] = [];

  add(ok: boolean, what: string, detail?: string): boolean {
    this.list.push(detail === undefined ? { ok, what } : { ok, what, detail });
    return ok;
  }

  note(what: string, detail: string): void {
    this.list.push({ ok: true, what, detail, note: true });
  }
}

/** The "hash" check of a revision or translation: SHA-256 of its canonical text against the claimed hash. */
function checkHash(checks: { add(ok: boolean, what: string, detail?: string): void }, label: string, canonical: string, claimed: string | null): string {
  const actual = sha256Hex(canonical);
  checks.add(
    actual === claimed,
    `${label}: hash`,
    actual === claimed ? short(actual) : `SHA-256 of the canonical text is ${actual}, the document says ${claimed ?? "nothing"}`,
  );
  return actual;
}

/**
 * Verifies a signed statement document and reports every check, failed or not; never throws.
 * Policy for a revision or translation not yet in a checkpoint (`log: null`): a failure when
 * `requireLogged` is set, when there is no verified checkpoint, or when it is dated before the
 * checkpoint (minus a grace of one minute, or 24 hours more for revisions signed offline, whose
 * date the group chooses); otherwise a non-failing note, because checkpoints are signed every few seconds and
 * the next one will cover it. "The checkpoint" is the later of the document's and the trusted one,
 * since the server chooses which checkpoint it puts in the document.
 * Signed texts and log entries must be in canonical form; a group key must not have been revoked (any
 * listing of it) at or before the revision's `created_at`, nor replaced (every listing) before it.
 */
export async function verifySignedStatement(bundle: unknown, opts: VerifyOptions = {}): Promise<VerifyReport> {
  const checks = new Checks();
  let statement: string | null = null;
  try {
    statement = await run(bundle, opts, checks);
  } catch (e) {
    checks.add(false, "verification", `unexpected error: ${message(e)}`);
  }
  return { valid: checks.list.every((c) => c.ok), statement, checks: checks.list };
}

async function run(bundle: unknown, opts: VerifyOptions, checks: Checks): Promise<string | null> {
  if (!isObj(bundle)) {
    checks.add(false, "format", "the document is not a JSON object");
    return null;
  }
  const format = str(bundle, "format");
  checks.add(
    format === SIGNED_STATEMENT_FORMAT,
    "format",
    format === SIGNED_STATEMENT_FORMAT ? SIGNED_STATEMENT_FORMAT : `expected "${SIGNED_STATEMENT_FORMAT}", got ${JSON.stringify(bundle.format ?? null)}`,
  );
  const statementId = str(bundle, "statement");
  const groupId = str(bundle, "group");
  checks.add(
    statementId !== null && groupId !== null,
    "statement and group ids",
    statementId !== null && groupId !== null ? `statement ${statementId}, group ${groupId}` : "missing",
  );
  if (opts.statement !== undefined) {
    const same = statementId === opts.statement;
    checks.add(
      same,
      "statement asked for",
      same
        ? `the document is of statement ${opts.statement}, the one asked for`
        : `statement ${opts.statement} was asked for, but the document is of ${statementId === null ? "no statement" : `statement ${statementId}`}: the server answered with another statement`,
    );
  }

  const keys = parseKeys(bundle.keys);
  const logKey = resolveLogKey(bundle, opts, checks);
  const checkpoint = verifyCheckpoint(bundle, logKey, checks);
  const trusted = opts.trustedCheckpoint !== undefined ? await compareTrusted(opts, logKey, checkpoint, checks) : null;
  const since = pendingReference(checkpoint, trusted);

  // Revisions: hash, canonical form, chain, signature, log.
  const revisions = Array.isArray(bundle.revisions) ? bundle.revisions : null;
  if (revisions === null || revisions.length === 0) {
    checks.add(false, "revisions", revisions === null ? "the document has no list of revisions" : "the document has no revisions");
  } else {
    const numbers = revisions.map((r) => (isObj(r) ? int(r, "number") : null));
    const inOrder = numbers.every((n, i) => n === i + 1);
    checks.add(inOrder, "revisions numbered 1..n", inOrder ? `${revisions.length} revision(s)` : `numbers are ${JSON.stringify(numbers)}`);
  }
  /** Actual hashes of the canonical forms, by revision number, for the chain and for translations. */
  const actualHashes = new Map<number, string>();
  let previousHash: string | null = null;
  for (const [i, item] of (revisions ?? []).entries()) {
    const r = isObj(item) ? item : {};
    const number = int(r, "number") ?? i + 1;
    const label = `revision ${number}`;
    const canonical = str(r, "canonical");
    const claimed = str(r, "hash");
    if (canonical === null) {
      checks.add(false, `${label}: hash`, "the revision has no canonical text");
      previousHash = null;
      continue;
    }
    const actual = checkHash(checks, label, canonical, claimed);
    actualHashes.set(number, actual);

    const parsed = parseJsonObject(canonical);
    const createdAt = parsed ? str(parsed, "created_at") : null;
    if (parsed === null) {
      checks.add(false, `${label}: canonical form`, "the canonical text is not a JSON object");
    } else {
      const wrong: string[] = [];
      if (!isCanonicalText(canonical)) {
        wrong.push(NOT_CANONICAL);
      }
      const fields = fieldsWrong(parsed, REVISION_FIELDS);
      if (fields !== null) {
        wrong.push(`fields: ${fields}`);
      }
      if (parsed.v !== 1) {
        wrong.push(`v is ${JSON.stringify(parsed.v ?? null)}, not 1`);
      }
      if (parsed.statement !== statementId) {
        wrong.push(`statement is ${JSON.stringify(parsed.statement ?? null)}, not ${JSON.stringify(statementId)}`);
      }
      if (parsed.group !== groupId) {
        wrong.push(`group is ${JSON.stringify(parsed.group ?? null)}, not ${JSON.stringify(groupId)}`);
      }
      if (parsed.number !== number) {
        wrong.push(`number is ${JSON.stringify(parsed.number ?? null)}, not ${number}`);
      }
      if (createdAt === null || Number.isNaN(Date.parse(createdAt))) {
        wrong.push("created_at is not a time");
      }
      checks.add(wrong.length === 0, `${label}: canonical form`, wrong.length === 0 ? undefined : wrong.join("; "));
      const prev = parsed.prev ?? null;
      const expectedPrev = i === 0 ? null : previousHash;
      checks.add(
        prev === expectedPrev,
        `${label}: chain (prev)`,
        prev === expectedPrev
          ? i === 0
            ? "first revision (prev is null)"
            : `follows revision ${number - 1}`
          : i === 0
            ? `the first revision must have prev null, it has ${JSON.stringify(prev)}`
            : `prev is ${JSON.stringify(prev)}, but revision ${number - 1} hashes to ${previousHash ?? "nothing"}`,
      );
    }
    previousHash = actual;

    const signature = isObj(r.signature) ? r.signature : null;
    const signedBy = checkRevisionSignature(label, signature, canonical, createdAt, keys, checks);
    const offline = signature !== null && signature.format !== "ed25519";
    checkLog(
      label,
      r.log,
      { type: "revision", fields: { statement: statementId, group: groupId, number, hash: actual, key: signedBy, at: createdAt } },
      createdAt,
      offline ? OFFLINE_SIGNED_AT_MS + PENDING_GRACE_MS : PENDING_GRACE_MS,
      checkpoint,
      since,
      opts,
      checks,
    );
  }

  // Translations: hash, source revision, instance signature, log.
  const translations = Array.isArray(bundle.translations) ? bundle.translations : [];
  if (bundle.translations !== undefined && !Array.isArray(bundle.translations)) {
    checks.add(false, "translations", "the document's translations are not a list");
  }
  for (const item of translations) {
    const t = isObj(item) ? item : {};
    const lang = str(t, "lang") ?? "?";
    const number = int(t, "number");
    const label = `translation ${lang} #${number ?? "?"}`;
    const canonical = str(t, "canonical");
    const claimed = str(t, "hash");
    if (canonical === null) {
      checks.add(false, `${label}: hash`, "the translation has no canonical text");
      continue;
    }
    const actual = checkHash(checks, label, canonical, claimed);
    const parsed = parseJsonObject(canonical);
    const sourceHash = parsed ? str(parsed, "source_hash") : null;
    const publishedAt = parsed ? str(parsed, "published_at") : null;
    if (parsed === null) {
      checks.add(false, `${label}: canonical form`, "the canonical text is not a JSON object");
    } else {
      const wrong: string[] = [];
      if (!isCanonicalText(canonical)) {
        wrong.push(NOT_CANONICAL);
      }
      if (parsed.v !== 1) {
        wrong.push(`v is ${JSON.stringify(parsed.v ?? null)}, not 1`);
      }
      if (parsed.statement !== statementId) {
        wrong.push(`statement is ${JSON.stringify(parsed.statement ?? null)}, not ${JSON.stringify(statementId)}`);
      }
      if (parsed.lang !== lang) {
        wrong.push(`lang is ${JSON.stringify(parsed.lang ?? null)}, not ${JSON.stringify(lang)}`);
      }
      if (parsed.number !== number) {
        wrong.push(`number is ${JSON.stringify(parsed.number ?? null)}, not ${JSON.stringify(number)}`);
      }
      checks.add(wrong.length === 0, `${label}: canonical form`, wrong.length === 0 ? undefined : wrong.join("; "));
      const sourceRevision = int(parsed, "source_revision");
      const matches = sourceRevision !== null && sourceHash !== null && actualHashes.get(sourceRevision) === sourceHash;
      checks.add(
        matches,
        `${label}: source revision`,
        matches
          ? `translates revision ${sourceRevision}`
          : `source_hash ${sourceHash ?? "is missing"} is not the hash of revision ${sourceRevision ?? "?"} (${[...actualHashes.values()].includes(sourceHash ?? "") ? "it is another revision's" : "no revision has it"})`,
      );
    }
    const signedBy = checkTranslationSignature(label, isObj(t.signature) ? t.signature : null, canonical, keys, logKey, checks);
    checkLog(
      label,
      t.log,
      { type: "translation", fields: { statement: statementId, lang, number, hash: actual, source: sourceHash, key: signedBy, at: publishedAt } },
      publishedAt,
      PENDING_GRACE_MS,
      checkpoint,
      since,
      opts,
      checks,
    );
  }
  return statementId;
}

/** The log key to check with: the pinned one when given (compared with the document's), else the document's own, with a note. */
function resolveLogKey(bundle: Obj, opts: VerifyOptions, checks: Checks): LogKey | null {
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

function verifyCheckpoint(bundle: Obj, key: LogKey | null, checks: Checks): VerifiedCheckpoint | null {
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
async function compareTrusted(
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
interface PendingReference {
  at: number;
  /** "the document's checkpoint" or "the trusted checkpoint". */
  what: string;
}

function pendingReference(doc: VerifiedCheckpoint | null, trusted: VerifiedCheckpoint | null): PendingReference | null {
  if (trusted?.at != null && (doc?.at == null || trusted.at > doc.at)) {
    return { at: trusted.at, what: "the trusted checkpoint" };
  }
  return doc?.at != null ? { at: doc.at, what: "the document's checkpoint" } : null;
}

/** A time for comparisons: an unreadable one sorts before every other (so it counts as "already happened"). */
const timeOf = (iso: string): number => {
  const t = Date.parse(iso);
  return Number.isNaN(t) ? -Infinity : t;
};

/** What the document says about key `fp` at time `at` (the revision's `created_at`). */
interface KeyAt {
  /** The listing to check the signature with. */
  key: Key | undefined;
  /** The earliest revocation of any listing of the key: revoking a key revokes every listing of it. */
  revoked: { at: string; reason: string | null } | null;
  /** When every group listing of the key had been replaced (rotated out) before `at`: the latest replacement. */
  replacedAt: string | null;
}

/**
 * Key `fp` as of time `at`. A key may be listed more than once (a group can register the same key again
 * after replacing it): a listing not replaced by then is preferred, and the key counts as replaced only
 * when every group listing was replaced before `at`. A revoked listing is never outweighed by another
 * one: the key is revoked from its earliest revocation on. An unreadable `at` counts as after everything.
 */
function keyAt(keys: Key[], fp: string | null, at: number): KeyAt {
  const listed = keys.filter((k) => k.fingerprint === fp);
  const own = listed.filter((k) => k.owner === "group");
  const current = (k: Key) => k.retiredAt === null || (!Number.isNaN(at) && timeOf(k.retiredAt) >= at);
  const revocations = listed.filter((k) => k.revokedAt !== null).sort((a, b) => timeOf(a.revokedAt ?? "") - timeOf(b.revokedAt ?? ""));
  const first = revocations[0];
  const replaced = own.length > 0 && !own.some(current);
  const latestRetired = own.map((k) => k.retiredAt ?? "").sort((a, b) => timeOf(b) - timeOf(a))[0] ?? null;
  return {
    key: own.find(current) ?? own[0] ?? listed[0],
    revoked: first ? { at: first.revokedAt ?? "", reason: first.revokedReason } : null,
    replacedAt: replaced ? latestRetired : null,
  };
}

/** Checks a revision's signature; returns the fingerprint it names (for the log entry), or null. */
function checkRevisionSignature(label: string, sig: Obj | null, canonical: string, createdAt: string | null, keys: Key[], checks: Checks): string | null {
  const what = `${label}: signature`;
  if (sig === null) {
    checks.add(false, what, "the revision is not signed");
    return null;
  }
  const format = str(sig, "format");
  const fp = str(sig, "key");
  const value = str(sig, "value");
  const created = createdAt === null ? NaN : Date.parse(createdAt);
  const { key, revoked, replacedAt } = keyAt(keys, fp, created);
  if (fp === null || value === null || key === undefined) {
    checks.add(false, what, fp === null || value === null ? "the signature lacks its key or value" : `key ${fp} is not among the document's keys`);
    return fp;
  }
  if (!key.fingerprintOk || key.publicKey === null) {
    checks.add(false, what, `key ${fp}: the listed public key does not have this fingerprint`);
    return fp;
  }
  if (key.owner !== "group") {
    checks.add(false, what, `key ${fp} is not a key of the group (owner: ${key.owner ?? "unknown"})`);
    return fp;
  }
  let reason: string | null = null;
  if (format === "ed25519") {
    const bytes = fromBase64Strict(value);
    reason = bytes !== null && verify(key.publicKey, utf8.encode(canonical), bytes) ? null : "the Ed25519 signature does not match the canonical text";
  } else if (format === "sshsig") {
    const check = verifySshSignature({ armored: value, message: canonical, publicKey: key.publicKey });
    reason = check.ok ? null : check.reason;
  } else if (format === "minisign") {
    reason = checkMinisign(key, value, canonical);
  } else {
    reason = `unknown signature format ${JSON.stringify(format)}`;
  }
  if (reason !== null) {
    checks.add(false, what, reason);
    return fp;
  }
  const why = revoked?.reason ? ` (${revoked.reason})` : "";
  if (revoked !== null && (Number.isNaN(created) || timeOf(revoked.at) <= created)) {
    checks.add(
      false,
      what,
      `key ${fp} was revoked at ${revoked.at}${why}, at or before this revision (${createdAt ?? "undated"}): its signature no longer counts`,
    );
    return fp;
  }
  if (replacedAt !== null) {
    // A replaced key's private half is destroyed (or, kept by the group, no longer accepted): it signs nothing dated later.
    checks.add(
      false,
      what,
      `signed by key ${fp} after it was replaced on ${replacedAt}: this revision is dated ${createdAt ?? "(undated)"}, and a replaced key signs nothing more`,
    );
    return fp;
  }
  checks.add(true, what, `${format} by group key ${fp}`);
  if (revoked !== null) {
    checks.note(`${label}: key`, `key ${fp} was revoked later, at ${revoked.at}${why}; this revision predates that`);
  }
  return fp;
}

function checkMinisign(key: Key, value: string, canonical: string): string | null {
  if (key.registeredAs === null || key.publicKey === null) {
    return "the key has no registered minisign public key";
  }
  try {
    if (!bytesEqual(minisignKeyToRaw(key.registeredAs).publicKey, key.publicKey)) {
      return "the registered minisign key is not the listed public key";
    }
  } catch (e) {
    return message(e);
  }
  const check = verifyMinisign({ signatureFile: value, message: canonical, publicKey: key.registeredAs });
  return check.ok ? null : check.reason;
}

function checkTranslationSignature(label: string, sig: Obj | null, canonical: string, keys: Key[], logKey: LogKey | null, checks: Checks): string | null {
  const what = `${label}: signature`;
  const fp = sig ? str(sig, "key") : null;
  const value = sig ? str(sig, "value") : null;
  if (sig === null || fp === null || value === null || str(sig, "format") !== "ed25519") {
    checks.add(false, what, "the translation lacks an Ed25519 signature");
    return fp;
  }
  const key = keys.find((k) => k.fingerprint === fp);
  if (key === undefined || !key.fingerprintOk || key.publicKey === null || key.owner !== "instance") {
    checks.add(false, what, key === undefined ? `key ${fp} is not among the document's keys` : `key ${fp} is not a valid instance key`);
    return fp;
  }
  if (logKey === null || !bytesEqual(key.publicKey, logKey.publicKey)) {
    checks.add(false, what, `key ${fp} is not the log's key${logKey ? ` (${logKey.name})` : ""}`);
    return fp;
  }
  const bytes = fromBase64Strict(value);
  const ok = bytes !== null && verify(key.publicKey, utf8.encode(canonical), bytes);
  checks.add(ok, what, ok ? `by the instance key ${fp}` : "the Ed25519 signature does not match the canonical text");
  return fp;
}

function checkLog(
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
