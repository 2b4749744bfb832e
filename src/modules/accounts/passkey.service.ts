// Passkeys (WebAuthn) with @simplewebauthn/server: registering one on the security page, and
// signing in or re-authenticating with one. Challenges live in the database for five minutes
// and are spent on first use, so a ceremony works across app nodes and cannot be replayed.
import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "@simplewebauthn/server";
import type { Clock } from "../../platform/clock";
import { newId } from "../../platform/ids";
import { err, ok, type Result } from "../../platform/result";
import type { DbContext } from "../database";

export interface PasskeyDeps extends DbContext {
  clock: Clock;
  baseUrl: string;
}

const CHALLENGE_MINUTES = 5;

function relyingParty(baseUrl: string): { rpID: string; origin: string } {
  const url = new URL(baseUrl);
  return { rpID: url.hostname, origin: url.origin };
}

async function storeChallenge(deps: PasskeyDeps, userId: string | null, purpose: "register" | "signin", challenge: string): Promise<string> {
  const id = newId();
  const now = deps.clock.now();
  await deps.db.deleteFrom("webauthn_challenges").where("expires_at", "<=", now.toISOString()).execute();
  await deps.db
    .insertInto("webauthn_challenges")
    .values({ id, user_id: userId, purpose, challenge, expires_at: new Date(now.getTime() + CHALLENGE_MINUTES * 60_000).toISOString() })
    .execute();
  return id;
}

/** Takes a challenge out (spent whether or not the answer is good). */
async function takeChallenge(deps: PasskeyDeps, id: string, purpose: "register" | "signin"): Promise<{ challenge: string; userId: string | null } | null> {
  const row = await deps.db.selectFrom("webauthn_challenges").selectAll().where("id", "=", id).where("purpose", "=", purpose).executeTakeFirst();
  if (!row) {
    return null;
  }
  const taken = await deps.db.deleteFrom("webauthn_challenges").where("id", "=", id).executeTakeFirst();
  if (Number(taken.numDeletedRows) !== 1 || row.expires_at <= deps.clock.now().toISOString()) {
    return null;
  }
  return { challenge: row.challenge, userId: row.user_id };
}

export async function registrationOptions(
  deps: PasskeyDeps,
  user: { id: string; handle: string },
): Promise<{ challengeId: string; options: PublicKeyCredentialCreationOptionsJSON }> {
  const existing = await deps.db.selectFrom("passkeys").select(["id", "transports"]).where("user_id", "=", user.id).execute();
  const options = await generateRegistrationOptions({
    rpName: "Sada",
    rpID: relyingParty(deps.baseUrl).rpID,
    userName: user.handle,
    userID: new TextEncoder().encode(user.id),
    attestationType: "none",
    excludeCredentials: existing.map((p) => ({ id: p.id, transports: JSON.parse(p.transports) as string[] })),
    authenticatorSelection: { residentKey: "required", userVerification: "preferred" },
  });
  return { challengeId: await storeChallenge(deps, user.id, "register", options.challenge), options };
}

export type PasskeyError = { type: "challenge-invalid" } | { type: "passkey-invalid" } | { type: "passkey-unknown" };

export async function registerPasskey(
  deps: PasskeyDeps,
  userId: string,
  input: { challengeId: string; name: string; response: RegistrationResponseJSON },
): Promise<Result<{ id: string }, PasskeyError>> {
  const challenge = await takeChallenge(deps, input.challengeId, "register");
  if (!challenge || challenge.userId !== userId) {
    return err({ type: "challenge-invalid" });
  }
  const { rpID, origin } = relyingParty(deps.baseUrl);
  let verified;
  try {
    verified = await verifyRegistrationResponse({
      response: input.response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
    });
  } catch {
    return err({ type: "passkey-invalid" });
  }
  if (!verified.verified) {
    return err({ type: "passkey-invalid" });
  }
  const credential = verified.registrationInfo.credential;
  await deps.db
    .insertInto("passkeys")
    .values({
      id: credential.id,
      user_id: userId,
      public_key: Buffer.from(credential.publicKey).toString("base64url"),
      counter: credential.counter,
      transports: JSON.stringify(credential.transports ?? []),
      name: input.name,
      created_at: deps.clock.now().toISOString(),
      last_used_at: null,
    })
    .onConflict((oc) => oc.column("id").doNothing())
    .execute();
  return ok({ id: credential.id });
}

/** Options for signing in with any passkey of this site (discoverable credentials: no handle typed). */
export async function authenticationOptions(
  deps: PasskeyDeps,
  userId: string | null,
): Promise<{ challengeId: string; options: PublicKeyCredentialRequestOptionsJSON }> {
  const allow = userId
    ? (await deps.db.selectFrom("passkeys").select(["id", "transports"]).where("user_id", "=", userId).execute()).map((p) => ({
        id: p.id,
        transports: JSON.parse(p.transports) as string[],
      }))
    : undefined;
  const options = await generateAuthenticationOptions({ rpID: relyingParty(deps.baseUrl).rpID, userVerification: "preferred", allowCredentials: allow });
  return { challengeId: await storeChallenge(deps, userId, "signin", options.challenge), options };
}

/** Checks a passkey answer; returns the account it belongs to (which must be `expectUser` when given). */
export async function verifyPasskey(
  deps: PasskeyDeps,
  input: { challengeId: string; response: AuthenticationResponseJSON },
  expectUser: string | null,
): Promise<Result<{ userId: string }, PasskeyError>> {
  const challenge = await takeChallenge(deps, input.challengeId, "signin");
  if (!challenge || challenge.userId !== expectUser) {
    return err({ type: "challenge-invalid" });
  }
  const passkey = await deps.db.selectFrom("passkeys").selectAll().where("id", "=", input.response.id).executeTakeFirst();
  if (!passkey || (expectUser !== null && passkey.user_id !== expectUser)) {
    return err({ type: "passkey-unknown" });
  }
  const { rpID, origin } = relyingParty(deps.baseUrl);
  let verified;
  try {
    verified = await verifyAuthenticationResponse({
      response: input.response,
      expectedChallenge: challenge.challenge,
      expectedOrigin: origin,
      expectedRPID: rpID,
      credential: {
        id: passkey.id,
        publicKey: new Uint8Array(Buffer.from(passkey.public_key, "base64url")),
        counter: passkey.counter,
        transports: JSON.parse(passkey.transports) as string[],
      },
    });
  } catch {
    return err({ type: "passkey-invalid" });
  }
  if (!verified.verified) {
    return err({ type: "passkey-invalid" });
  }
  await deps.db
    .updateTable("passkeys")
    .set({ counter: verified.authenticationInfo.newCounter, last_used_at: deps.clock.now().toISOString() })
    .where("id", "=", passkey.id)
    .execute();
  return ok({ userId: passkey.user_id });
}

export async function listPasskeys(deps: DbContext, userId: string) {
  const rows = await deps.db
    .selectFrom("passkeys")
    .select(["id", "name", "created_at", "last_used_at"])
    .where("user_id", "=", userId)
    .orderBy("created_at")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, createdAt: r.created_at, lastUsedAt: r.last_used_at }));
}

export async function removePasskey(deps: DbContext, userId: string, id: string): Promise<boolean> {
  const r = await deps.db.deleteFrom("passkeys").where("user_id", "=", userId).where("id", "=", id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
