import { newId, newSecretToken } from "../../platform/ids";
import { openSession } from "./sessions";
import { createPendingSignin, hasSecondFactor } from "./second-factor.service";
import { sha256Hex } from "../../platform/hash";
import { isoNow, type Clock } from "../../platform/clock";
import { err, ok, type Result } from "../../platform/result";
import type { DbContext } from "../database";
import { isRole, type Role, type Viewer } from "./account.model";
import { accountRepo } from "./account.repo";
import type { CreateUserCommand, SignInCommand, SignUpCommand, UpdateAccountCommand } from "./account.commands";
import { dummyPasswordHash, hashPassword, verifyPassword } from "./password";

export interface AccountDeps extends DbContext {
  clock: Clock;
}

export { SESSION_DAYS } from "./sessions";
const SETUP_TOKEN_KEY = "setup_token_hash";

export type AccountError =
  | { type: "handle-taken" }
  | { type: "signin-failed" }
  | { type: "setup-invalid" }
  | { type: "user-not-found" }
  /** Not a failure: the password was right and a second factor must follow (token for the waiting sign-in). */
  | { type: "second-factor"; pendingToken: string };

function toViewer(row: { id: string; handle: string; role: string; locale: string | null }): Viewer {
  return { id: row.id, handle: row.handle, role: isRole(row.role) ? row.role : "reader", locale: row.locale };
}

async function insertUser(
  deps: AccountDeps,
  input: { handle: string; password: string; email: string | null; role: Role },
): Promise<Result<Viewer, AccountError>> {
  const existing = await accountRepo.findUserByHandle(deps.db, input.handle);
  if (existing) {
    return err({ type: "handle-taken" });
  }
  const row = {
    id: newId(),
    handle: input.handle,
    password_hash: await hashPassword(input.password),
    email: input.email,
    role: input.role,
    locale: null,
    created_at: isoNow(deps.clock),
  };
  try {
    await accountRepo.insertUser(deps.db, row);
  } catch (e) {
    // Two sign-ups racing for one handle: the unique index decides.
    if (await accountRepo.findUserByHandle(deps.db, input.handle)) {
      return err({ type: "handle-taken" });
    }
    throw e;
  }
  return ok(toViewer(row));
}

export const accountService = {
  /** Pseudonymous sign-up as a reader; returns the new session token. */
  async signUp(deps: AccountDeps, cmd: SignUpCommand): Promise<Result<{ viewer: Viewer; sessionToken: string }, AccountError>> {
    const created = await insertUser(deps, { ...cmd, role: "reader" });
    if (!created.ok) {
      return created;
    }
    return ok({ viewer: created.value, sessionToken: await openSession(deps, created.value.id, "password") });
  },

  /** One generic failure for unknown handle and wrong password, taking the same time. */
  async signIn(deps: AccountDeps, cmd: SignInCommand): Promise<Result<{ viewer: Viewer; sessionToken: string }, AccountError>> {
    const user = await accountRepo.findUserByHandle(deps.db, cmd.handle);
    const valid = await verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), cmd.password);
    if (!user || !valid) {
      return err({ type: "signin-failed" });
    }
    if (await hasSecondFactor(deps, user.id)) {
      return err({ type: "second-factor", pendingToken: await createPendingSignin(deps, user.id) });
    }
    return ok({ viewer: toViewer(user), sessionToken: await openSession(deps, user.id, "password") });
  },

  async signOut(deps: AccountDeps, sessionToken: string): Promise<void> {
    await accountRepo.deleteSession(deps.db, sha256Hex(sessionToken));
  },

  async viewerForSession(deps: AccountDeps, sessionToken: string): Promise<Viewer | null> {
    const row = await accountRepo.findSessionUser(deps.db, sha256Hex(sessionToken), isoNow(deps.clock));
    return row ? toViewer(row) : null;
  },

  async viewerForApiToken(deps: AccountDeps, apiToken: string): Promise<Viewer | null> {
    const row = await accountRepo.findApiTokenUser(deps.db, sha256Hex(apiToken));
    return row ? toViewer(row) : null;
  },

  /** Operator path (CLI): any role, password given by the operator. */
  async createUser(deps: AccountDeps, cmd: CreateUserCommand): Promise<Result<Viewer, AccountError>> {
    return insertUser(deps, cmd);
  },

  /** A personal API token; printed once, stored as a hash. */
  async createApiToken(deps: AccountDeps, handle: string, label: string): Promise<Result<{ token: string; viewer: Viewer }, AccountError>> {
    const user = await accountRepo.findUserByHandle(deps.db, handle.toLowerCase());
    if (!user) {
      return err({ type: "user-not-found" });
    }
    const token = `sada_${newSecretToken()}`;
    await accountRepo.insertApiToken(deps.db, {
      id: newId(),
      user_id: user.id,
      token_hash: sha256Hex(token),
      label,
      created_at: isoNow(deps.clock),
      revoked_at: null,
    });
    return ok({ token, viewer: toViewer(user) });
  },

  async updateAccount(deps: AccountDeps, viewer: Viewer, cmd: UpdateAccountCommand): Promise<void> {
    await accountRepo.updateUser(deps.db, viewer.id, { locale: cmd.locale, email: cmd.email });
  },

  /**
   * On a fresh instance with no admin, issues a one-time setup token (printed by the server
   * as a URL). A new token replaces the previous one; none is issued once an admin exists.
   */
  async issueSetupToken(deps: AccountDeps): Promise<string | null> {
    if ((await accountRepo.countAdmins(deps.db)) > 0) {
      await accountRepo.deleteSetting(deps.db, SETUP_TOKEN_KEY);
      return null;
    }
    const token = newSecretToken();
    await accountRepo.putSetting(deps.db, SETUP_TOKEN_KEY, sha256Hex(token));
    return token;
  },

  async isSetupTokenValid(deps: AccountDeps, token: string): Promise<boolean> {
    const stored = await accountRepo.getSetting(deps.db, SETUP_TOKEN_KEY);
    return stored !== null && stored === sha256Hex(token) && (await accountRepo.countAdmins(deps.db)) === 0;
  },

  /** Creates the first admin with the one-time token; the token is spent in the same transaction. */
  async completeSetup(deps: AccountDeps, token: string, cmd: SignUpCommand): Promise<Result<{ viewer: Viewer; sessionToken: string }, AccountError>> {
    return deps.db.transaction().execute(async (trx) => {
      const txDeps = { ...deps, db: trx };
      if (!(await accountService.isSetupTokenValid(txDeps, token))) {
        return err({ type: "setup-invalid" as const });
      }
      const created = await insertUser(txDeps, { ...cmd, role: "admin" });
      if (!created.ok) {
        return created;
      }
      await accountRepo.deleteSetting(trx, SETUP_TOKEN_KEY);
      return ok({ viewer: created.value, sessionToken: await openSession(txDeps, created.value.id, "password") });
    });
  },

  /** Changes the password after checking the current one. */
  async changePassword(deps: AccountDeps, viewer: Viewer, current: string, next: string): Promise<Result<void, AccountError>> {
    const user = await accountRepo.findUserByHandle(deps.db, viewer.handle);
    if (!user || !(await verifyPassword(user.password_hash, current))) {
      return err({ type: "signin-failed" });
    }
    await deps.db
      .updateTable("users")
      .set({ password_hash: await hashPassword(next) })
      .where("id", "=", user.id)
      .execute();
    return ok(undefined);
  },

  /** Checks the password of a signed-in person (re-authentication). */
  async checkPassword(deps: AccountDeps, viewer: Viewer, password: string): Promise<boolean> {
    const user = await accountRepo.findUserByHandle(deps.db, viewer.handle);
    return verifyPassword(user?.password_hash ?? (await dummyPasswordHash()), password).then((valid) => valid && user !== undefined);
  },

  async viewerById(deps: AccountDeps, id: string): Promise<Viewer | null> {
    const row = await deps.db.selectFrom("users").select(["id", "handle", "role", "locale"]).where("id", "=", id).executeTakeFirst();
    return row ? toViewer(row) : null;
  },

  async handlesByIds(deps: DbContext, ids: string[]): Promise<Map<string, string>> {
    const rows = await accountRepo.findUsersByIds(deps.db, [...new Set(ids)]);
    return new Map(rows.map((r) => [r.id, r.handle]));
  },

  async findByHandle(deps: DbContext, handle: string): Promise<Viewer | null> {
    const row = await accountRepo.findUserByHandle(deps.db, handle.trim().toLowerCase());
    return row ? toViewer(row) : null;
  },
};
