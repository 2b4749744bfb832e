// Second factors: a TOTP authenticator with single-use recovery codes, and sign-ins that wait
// for one after a correct password. Secrets are sealed and codes stored as keyed hashes, so a
// copy of the database alone is no use to whoever took it.
import { createHmac, randomBytes } from "node:crypto";
import { sha256Hex } from "../../platform/hash";
import { newSecretToken } from "../../platform/ids";
import type { Clock } from "../../platform/clock";
import { err, ok, type Result } from "../../platform/result";
import type { DbContext } from "../database";
import { deriveKey, open, seal } from "../provenance/signing/secret-box";
import { newTotpSecret, verifyTotp } from "./totp";

export interface SecretDeps extends DbContext {
  clock: Clock;
  /** SADA_SECRET (or the data folder's secret file). */
  secret: string;
}

export const RECOVERY_CODE_COUNT = 10;
export const PENDING_MINUTES = 10;
export const PENDING_ATTEMPTS = 5;

const sealKey = (deps: SecretDeps) => deriveKey(deps.secret, "totp-secrets");
const hmacKey = (deps: SecretDeps) => deriveKey(deps.secret, "recovery-codes");

/** Codes look like "k7qm-2xw9-hd4c": 60 random bits, no look-alike letters. */
function newRecoveryCode(): string {
  const alphabet = "23456789abcdefghjkmnpqrstuvwxyz";
  const bytes = randomBytes(12);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4, 8)}-${chars.slice(8, 12)}`;
}

function normaliseCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]/g, "");
}

function codeHash(deps: SecretDeps, code: string): string {
  return createHmac("sha256", hmacKey(deps)).update(normaliseCode(code)).digest("hex");
}

export async function totpStatus(deps: DbContext, userId: string): Promise<{ enabled: boolean; recoveryLeft: number }> {
  const [factor, codes] = await Promise.all([
    deps.db.selectFrom("totp_factors").select("confirmed_at").where("user_id", "=", userId).executeTakeFirst(),
    deps.db
      .selectFrom("recovery_codes")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("user_id", "=", userId)
      .where("used_at", "is", null)
      .executeTakeFirstOrThrow(),
  ]);
  return { enabled: factor?.confirmed_at != null, recoveryLeft: Number(codes.n) };
}

/** Starts (or restarts) enrolment: a new secret, not yet in force. Returns the secret to show once. */
export async function beginTotp(deps: SecretDeps, userId: string): Promise<Result<string, { type: "already-enabled" }>> {
  const existing = await deps.db.selectFrom("totp_factors").select("confirmed_at").where("user_id", "=", userId).executeTakeFirst();
  if (existing?.confirmed_at) {
    return err({ type: "already-enabled" });
  }
  const secret = newTotpSecret();
  const sealed = seal(sealKey(deps), new TextEncoder().encode(secret), userId);
  await deps.db.deleteFrom("totp_factors").where("user_id", "=", userId).execute();
  await deps.db
    .insertInto("totp_factors")
    .values({ user_id: userId, sealed_secret: sealed, confirmed_at: null, last_step: 0, created_at: deps.clock.now().toISOString() })
    .execute();
  return ok(secret);
}

/** The secret of an enrolment in progress (to show it again after a wrong code). */
export async function pendingTotpSecret(deps: SecretDeps, userId: string): Promise<string | null> {
  const row = await deps.db.selectFrom("totp_factors").select(["sealed_secret", "confirmed_at"]).where("user_id", "=", userId).executeTakeFirst();
  if (!row || row.confirmed_at) {
    return null;
  }
  return new TextDecoder().decode(open(sealKey(deps), row.sealed_secret, userId));
}

/** Confirms enrolment with a first code; returns the recovery codes, shown once. */
export async function confirmTotp(deps: SecretDeps, userId: string, code: string): Promise<Result<string[], { type: "code-invalid" }>> {
  return deps.db.transaction().execute(async (trx) => {
    const tx = { ...deps, db: trx };
    const row = await trx.selectFrom("totp_factors").selectAll().where("user_id", "=", userId).executeTakeFirst();
    if (!row || row.confirmed_at) {
      return err({ type: "code-invalid" as const });
    }
    const secret = new TextDecoder().decode(open(sealKey(deps), row.sealed_secret, userId));
    const step = verifyTotp(secret, code, deps.clock.now(), row.last_step);
    if (step === null) {
      return err({ type: "code-invalid" as const });
    }
    await trx.updateTable("totp_factors").set({ confirmed_at: deps.clock.now().toISOString(), last_step: step }).where("user_id", "=", userId).execute();
    return ok(await replaceRecoveryCodes(tx, userId));
  });
}

/** New recovery codes; the old ones stop working. */
export async function replaceRecoveryCodes(deps: SecretDeps, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
  const now = deps.clock.now().toISOString();
  await deps.db.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  await deps.db
    .insertInto("recovery_codes")
    .values(codes.map((c) => ({ user_id: userId, code_hash: codeHash(deps, c), used_at: null, created_at: now })))
    .execute();
  return codes;
}

/** Ends every sign-in of the account still waiting for its second factor (after a password change or "sign out everywhere"). */
export async function dropPendingSignins(deps: DbContext, userId: string): Promise<void> {
  await deps.db.deleteFrom("pending_signins").where("user_id", "=", userId).execute();
}

export async function disableTotp(deps: DbContext, userId: string): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom("totp_factors").where("user_id", "=", userId).execute();
    await trx.deleteFrom("recovery_codes").where("user_id", "=", userId).execute();
  });
}

/**
 * Checks a second-factor code for an account: a TOTP code (each accepted once) or an unused
 * recovery code (spent now). Says which it was.
 */
export async function checkSecondFactor(deps: SecretDeps, userId: string, code: string): Promise<"totp" | "recovery" | null> {
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom("totp_factors").selectAll().where("user_id", "=", userId).executeTakeFirst();
    if (!row?.confirmed_at) {
      return null;
    }
    const digits = code.replace(/\s/g, "");
    if (/^\d{6}$/.test(digits)) {
      const secret = new TextDecoder().decode(open(sealKey(deps), row.sealed_secret, userId));
      const step = verifyTotp(secret, digits, deps.clock.now(), row.last_step);
      if (step === null) {
        return null;
      }
      // Compare-and-set: two requests with the same code cannot both win.
      const r = await trx.updateTable("totp_factors").set({ last_step: step }).where("user_id", "=", userId).where("last_step", "<", step).executeTakeFirst();
      return Number(r.numUpdatedRows) === 1 ? "totp" : null;
    }
    const spent = await trx
      .updateTable("recovery_codes")
      .set({ used_at: deps.clock.now().toISOString() })
      .where("user_id", "=", userId)
      .where("code_hash", "=", codeHash(deps, code))
      .where("used_at", "is", null)
      .executeTakeFirst();
    return Number(spent.numUpdatedRows) === 1 ? "recovery" : null;
  });
}

export async function hasSecondFactor(deps: DbContext, userId: string): Promise<boolean> {
  const row = await deps.db.selectFrom("totp_factors").select("confirmed_at").where("user_id", "=", userId).executeTakeFirst();
  return row?.confirmed_at != null;
}

/** A correct password waiting for its second factor; returns the token for a short-lived cookie. */
export async function createPendingSignin(deps: DbContext & { clock: Clock }, userId: string): Promise<string> {
  const token = newSecretToken();
  const now = deps.clock.now();
  await deps.db.deleteFrom("pending_signins").where("expires_at", "<=", now.toISOString()).execute();
  await deps.db
    .insertInto("pending_signins")
    .values({ token_hash: sha256Hex(token), user_id: userId, attempts: 0, expires_at: new Date(now.getTime() + PENDING_MINUTES * 60_000).toISOString() })
    .execute();
  return token;
}

export type PendingError = { type: "pending-expired" } | { type: "code-invalid"; attemptsLeft: number } | { type: "rate-limited" };

/** Failures per account, whatever the client or waiting sign-in (an in-memory RateLimiter). */
export interface AccountThrottle {
  hit(key: string): number;
  blockedFor(key: string): number;
}

/**
 * Finishes a waiting sign-in with a code. Wrong codes count; after PENDING_ATTEMPTS the wait is
 * over and the password must be typed again (no lockout of the account itself).
 */
export async function completePendingSignin(
  deps: SecretDeps,
  pendingToken: string,
  code: string,
  throttle: AccountThrottle,
): Promise<Result<{ userId: string; method: "totp" | "recovery" }, PendingError>> {
  const hash = sha256Hex(pendingToken);
  // Count the attempt before looking at the code, atomically: parallel guesses each use one up.
  const counted = await deps.db
    .updateTable("pending_signins")
    .set((eb) => ({ attempts: eb("attempts", "+", 1) }))
    .where("token_hash", "=", hash)
    .where("attempts", "<", PENDING_ATTEMPTS)
    .where("expires_at", ">", deps.clock.now().toISOString())
    .executeTakeFirst();
  const row = await deps.db.selectFrom("pending_signins").selectAll().where("token_hash", "=", hash).executeTakeFirst();
  if (Number(counted.numUpdatedRows) !== 1 || !row) {
    return err({ type: "pending-expired" });
  }
  // Typing the password again starts a new waiting sign-in; the account's own count does not restart.
  if (throttle.blockedFor(row.user_id) > 0) {
    return err({ type: "rate-limited" });
  }
  const method = await checkSecondFactor(deps, row.user_id, code);
  if (!method) {
    throttle.hit(row.user_id);
    const left = PENDING_ATTEMPTS - row.attempts;
    if (left <= 0) {
      await deps.db.deleteFrom("pending_signins").where("token_hash", "=", hash).execute();
      return err({ type: "pending-expired" });
    }
    return err({ type: "code-invalid", attemptsLeft: left });
  }
  await deps.db.deleteFrom("pending_signins").where("token_hash", "=", hash).execute();
  return ok({ userId: row.user_id, method });
}
