// Checks a signed statement document ("sada-signed-statement/1", GET /api/v1/statements/{id}/signed)
// without trusting the server that served it: hashes, the revision chain, signatures, key
// revocation, the signed checkpoint and every inclusion proof. Pure: no database, no HTTP except
// the consistency-proof fetcher the caller injects.
// The checks themselves are in statement-verify-checks.ts (shared parts), -checkpoint.ts (log key
// and checkpoints), -signatures.ts (keys and signatures) and -log.ts (log entries and inclusion).
import type { SignedStatement } from "../bundle.queries";
import { compareTrusted, pendingReference, resolveLogKey, verifyCheckpoint } from "./statement-verify-checkpoint";
import {
  checkHash,
  Checks,
  fieldsWrong,
  int,
  isCanonicalText,
  isObj,
  message,
  NOT_CANONICAL,
  parseJsonObject,
  str,
  type VerifyOptions,
  type VerifyReport,
} from "./statement-verify-checks";
import { checkLog, OFFLINE_SIGNED_AT_MS, PENDING_GRACE_MS } from "./statement-verify-log";
import { checkRevisionSignature, checkTranslationSignature, loggedTranslationKey, parseKeys } from "./statement-verify-signatures";

export { isCanonicalText, type VerifyCheck, type VerifyOptions, type VerifyReport } from "./statement-verify-checks";

/** The document format this verifier understands. */
export const SIGNED_STATEMENT_FORMAT: SignedStatement["format"] = "sada-signed-statement/1";

/** The fields of a revision's canonical form, version 1 (statements/statement.model.ts canonicalForm). */
const REVISION_FIELDS = ["body", "created_at", "group", "kind", "lang", "number", "prev", "retraction", "statement", "title", "v"];

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
    const signedBy = checkTranslationSignature(
      label,
      isObj(t.signature) ? t.signature : null,
      canonical,
      { publishedAt, loggedKey: loggedTranslationKey(t.log) },
      keys,
      logKey,
      checks,
    );
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
