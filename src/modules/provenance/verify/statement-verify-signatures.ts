// The signature side of the signed-statement verifier: the keys a document lists, what it says
// about a key at a given time (replaced, revoked), and the signatures of revisions (group keys,
// in any of their formats) and of translations (instance keys).
import { parseEntry } from "../log/log.model";
import { bytesEqual } from "../merkle";
import { fingerprint, fromBase64Strict, minisignKeyToRaw, verify, verifyMinisign, verifySshSignature } from "../signing";
import type { LogKey } from "./statement-verify-checkpoint";
import { isObj, message, str, timeOf, utf8, type Checks, type Obj } from "./statement-verify-checks";

export interface Key {
  fingerprint: string;
  publicKey: Uint8Array | null;
  /** The listed fingerprint is the fingerprint of the listed public key. */
  fingerprintOk: boolean;
  owner: string | null;
  registeredAs: string | null;
  createdAt: string | null;
  retiredAt: string | null;
  revokedAt: string | null;
  revokedReason: string | null;
}

export function parseKeys(value: unknown): Key[] {
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
        createdAt: str(k, "created_at"),
        retiredAt: str(k, "retired_at"),
        revokedAt: str(k, "revoked_at"),
        revokedReason: str(k, "revoked_reason"),
      },
    ];
  });
}

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
export function checkRevisionSignature(
  label: string,
  sig: Obj | null,
  canonical: string,
  createdAt: string | null,
  keys: Key[],
  checks: Checks,
): string | null {
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

/** The key a translation's log entry names as its signer; null when there is no readable translation entry. */
export function loggedTranslationKey(log: unknown): string | null {
  const text = isObj(log) ? str(log, "entry") : null;
  try {
    const entry = text === null ? null : parseEntry(text);
    return entry?.type === "translation" ? entry.key : null;
  } catch {
    return null;
  }
}

/**
 * Why instance key `key` could not have signed a translation published at `publishedAt`, or null when
 * it could: it was listed by then, not replaced before it, and not revoked at or before it.
 */
function notInstanceKeyAt(key: Key, publishedAt: string | null): string | null {
  const at = publishedAt === null ? NaN : Date.parse(publishedAt);
  if (Number.isNaN(at)) {
    return "the translation has no publication time to check the key's dates against";
  }
  if (key.createdAt === null || timeOf(key.createdAt) > at) {
    return `it was created ${key.createdAt === null ? "at an unknown time" : `at ${key.createdAt}`}, after the translation was published (${publishedAt ?? ""})`;
  }
  if (key.revokedAt !== null && timeOf(key.revokedAt) <= at) {
    return `it was revoked at ${key.revokedAt}, at or before the translation was published (${publishedAt ?? ""})`;
  }
  if (key.retiredAt !== null && timeOf(key.retiredAt) < at) {
    return `it was replaced on ${key.retiredAt}, before the translation was published (${publishedAt ?? ""})`;
  }
  return null;
}

/**
 * Checks a translation's Ed25519 signature by an instance key; returns the fingerprint it names.
 * The key must be the log's key, or an earlier instance key of the same log: one the document lists
 * as the instance's, which was current when the translation was published, and which the
 * translation's own log entry names (its inclusion in the checkpoint is checked with the entry).
 * That is how translations signed before the instance key changed (a rotation, or an import from
 * another instance whose private key stayed there) keep verifying; any other key fails.
 */
export function checkTranslationSignature(
  label: string,
  sig: Obj | null,
  canonical: string,
  published: { publishedAt: string | null; loggedKey: string | null },
  keys: Key[],
  logKey: LogKey | null,
  checks: Checks,
): string | null {
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
  const isLogKey = logKey !== null && bytesEqual(key.publicKey, logKey.publicKey);
  if (!isLogKey) {
    const notLogKey = `key ${fp} is not the log's key${logKey ? ` (${logKey.name})` : ""}`;
    if (published.loggedKey !== fp) {
      checks.add(false, what, `${notLogKey}, and no log entry of this translation records it as the signer`);
      return fp;
    }
    const wrong = notInstanceKeyAt(key, published.publishedAt);
    if (wrong !== null) {
      checks.add(false, what, `${notLogKey}, and it was not the instance key when the translation was published: ${wrong}`);
      return fp;
    }
  }
  const bytes = fromBase64Strict(value);
  const ok = bytes !== null && verify(key.publicKey, utf8.encode(canonical), bytes);
  checks.add(
    ok,
    what,
    !ok
      ? "the Ed25519 signature does not match the canonical text"
      : isLogKey
        ? `by the instance key ${fp}`
        : `by the instance key ${fp}, an earlier key of this log, current when the translation was published (the log entry records it)`,
  );
  return fp;
}
