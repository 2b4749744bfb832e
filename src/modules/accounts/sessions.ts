// Sessions a person can see and end: opening one (with how it was opened), the list, revoking
// one or every other, and "recent authentication" for sensitive actions.
import { newId, newSecretToken } from "../../platform/ids";
import { sha256Hex } from "../../platform/hash";
import type { Clock } from "../../platform/clock";
import type { DbContext } from "../database";

export const SESSION_DAYS = 30;
/** How long a sign-in or re-authentication counts as recent for sensitive actions. */
export const REAUTH_MINUTES = 10;

export type SessionMethod = "password" | "totp" | "recovery" | "passkey";

/** Last use is kept to the hour: enough to recognise a session, not to follow someone's day. */
function hourOf(date: Date): string {
  return `${date.toISOString().slice(0, 13)}:00:00.000Z`;
}

/** Creates a session and returns the secret token for the cookie; only its hash is stored. */
export async function openSession(deps: DbContext & { clock: Clock }, userId: string, method: SessionMethod): Promise<string> {
  const token = newSecretToken();
  const now = deps.clock.now();
  await deps.db
    .insertInto("sessions")
    .values({
      token_hash: sha256Hex(token),
      id: newId(),
      user_id: userId,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + SESSION_DAYS * 86_400_000).toISOString(),
      last_seen_at: hourOf(now),
      method,
      reauth_at: now.toISOString(),
    })
    .execute();
  return token;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  method: SessionMethod;
  current: boolean;
}

export async function listSessions(deps: DbContext & { clock: Clock }, userId: string, currentToken: string | null): Promise<SessionView[]> {
  const currentHash = currentToken ? sha256Hex(currentToken) : null;
  const rows = await deps.db
    .selectFrom("sessions")
    .select(["id", "token_hash", "created_at", "last_seen_at", "method"])
    .where("user_id", "=", userId)
    .where("expires_at", ">", deps.clock.now().toISOString())
    .orderBy("last_seen_at", "desc")
    .orderBy("created_at", "desc")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    createdAt: r.created_at,
    lastSeenAt: r.last_seen_at,
    method: r.method as SessionMethod,
    current: r.token_hash === currentHash,
  }));
}

/** Ends one of the person's own sessions; false when there is no such session of theirs. */
export async function revokeSession(deps: DbContext, userId: string, sessionId: string): Promise<boolean> {
  const r = await deps.db.deleteFrom("sessions").where("user_id", "=", userId).where("id", "=", sessionId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Ends every session of the person except the one making the request; returns how many. */
export async function revokeOtherSessions(deps: DbContext, userId: string, currentToken: string): Promise<number> {
  const r = await deps.db.deleteFrom("sessions").where("user_id", "=", userId).where("token_hash", "!=", sha256Hex(currentToken)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Records use at most once an hour per session (a write per request would be wasteful). */
export async function touchSession(deps: DbContext & { clock: Clock }, token: string): Promise<void> {
  const hour = hourOf(deps.clock.now());
  await deps.db.updateTable("sessions").set({ last_seen_at: hour }).where("token_hash", "=", sha256Hex(token)).where("last_seen_at", "<", hour).execute();
}

export async function markReauthenticated(deps: DbContext & { clock: Clock }, token: string): Promise<void> {
  await deps.db.updateTable("sessions").set({ reauth_at: deps.clock.now().toISOString() }).where("token_hash", "=", sha256Hex(token)).execute();
}

/** Whether the person proved who they are in this session within the last REAUTH_MINUTES. */
export async function recentlyAuthenticated(deps: DbContext & { clock: Clock }, token: string | null): Promise<boolean> {
  if (!token) {
    return false;
  }
  const row = await deps.db.selectFrom("sessions").select("reauth_at").where("token_hash", "=", sha256Hex(token)).executeTakeFirst();
  return row !== undefined && deps.clock.now().getTime() - Date.parse(row.reauth_at) <= REAUTH_MINUTES * 60_000;
}
