import type { Context, Hono } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import QRCode from "qrcode";
import { z } from "zod";
import type { AppDeps } from "../../main/deps";
import { clientKey } from "../../platform/http/client-key";
import { fieldErrors, readForm } from "../../platform/http/form";
import { renderPage } from "../../platform/views/render";
import { LANG, type AppEnv } from "../http-env";
import { href, pageCtx } from "../site/page-ctx";
import { changePasswordCommand, secondFactorCode } from "./account.commands";
import { accountService } from "./account.service";
import { deleteAccount, exportAccountData } from "./account-data";
import { eraseCommentsOf } from "../discussion/discussion.service";
import { authenticationOptions, listPasskeys, registerPasskey, registrationOptions, removePasskey, verifyPasskey } from "./passkey.service";
import {
  beginTotp,
  checkSecondFactor,
  completePendingSignin,
  confirmTotp,
  disableTotp,
  dropPendingSignins,
  pendingTotpSecret,
  replaceRecoveryCodes,
  totpStatus,
} from "./second-factor.service";
import { clearSessionCookie, setSessionCookie } from "./session-cookie";
import { listSessions, markReauthenticated, openSession, recentlyAuthenticated, revokeOtherSessions, revokeSession } from "./sessions";
import { otpauthUri } from "./totp";
import { ReauthPage, RecoveryCodesPage, SecondFactorPage, SecurityPage, TotpSetupPage } from "./views/security-pages";

const PENDING_COOKIE = "sada_pending";

/** Only same-site paths under a language prefix are followed after sign-in. */
export function safeNext(next: unknown, lang: string): string {
  return typeof next === "string" && /^\/(en|ar|ru)(\/[^/\\]|$|\/$)/.test(next) && !next.startsWith("//") ? next : `/${lang}/account`;
}

const ceremony = z.object({ challengeId: z.string().min(1).max(64), response: z.object({ id: z.string().min(1).max(1024) }).passthrough() });

/** Reads the JSON a passkey form posts in its `payload` field (forms keep the CSRF check unchanged). */
function payloadOf(form: Record<string, string | string[]>): unknown {
  try {
    return JSON.parse(typeof form.payload === "string" ? form.payload : "");
  } catch {
    return null;
  }
}

/**
 * Account security: second step of sign-in, passkey sign-in, re-authentication, and the
 * security page (sessions, password, authenticator app, recovery codes, passkeys).
 */
export function securityRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const secure = deps.config.secureCookies;
  const secretDeps = { ...deps, secret: deps.secret };
  // The relying party is the host the person is on (the clearnet or the onion address).
  const passkeyDeps = (c: Context<AppEnv>) => ({ ...deps, baseUrl: c.get("baseUrl") });
  const security = (c: Context<AppEnv>) => href(pageCtx(c), "/account/security");

  /** Sensitive actions need a sign-in or re-authentication in the last minutes; else the re-authentication page. */
  const needsReauth = async (c: Context<AppEnv>): Promise<Response | null> => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return c.redirect(href(ctx, `/signin?next=${encodeURIComponent(security(c))}`), 303);
    }
    if (await recentlyAuthenticated(deps, c.get("sessionToken"))) {
      return null;
    }
    return c.redirect(href(ctx, `/account/reauth?next=${encodeURIComponent(security(c))}`), 303);
  };

  const securityPage = async (c: Context<AppEnv>, status: 200 | 422, extra: { notice?: string; errors?: Record<string, string> } = {}) => {
    const ctx = pageCtx(c);
    const viewer = ctx.viewer;
    if (!viewer) {
      return c.redirect(href(ctx, `/signin?next=${encodeURIComponent(security(c))}`), 303);
    }
    const [sessions, totp, passkeys] = await Promise.all([
      listSessions(deps, viewer.id, c.get("sessionToken")),
      totpStatus(deps, viewer.id),
      listPasskeys(deps, viewer.id),
    ]);
    return renderPage(c, status, <SecurityPage ctx={ctx} sessions={sessions} totp={totp} passkeys={passkeys} notice={extra.notice} errors={extra.errors} />);
  };

  app.get(`${LANG}/account/security`, (c) => {
    const done = c.req.query("done");
    const i = c.get("i18n");
    const notice =
      done === "password"
        ? i.t("security.done_password")
        : done === "revoked"
          ? i.t("security.done_revoked")
          : done === "totp-off"
            ? i.t("security.done_totp_off")
            : done === "passkey"
              ? i.t("security.done_passkey")
              : undefined;
    return securityPage(c, 200, { notice });
  });

  // ---- sign-in, second step --------------------------------------------------------------

  app.get(`${LANG}/signin/code`, (c) => {
    if (!getCookie(c, PENDING_COOKIE)) {
      return c.redirect(`/${c.get("i18n").lang}/signin`, 303);
    }
    return renderPage(c, 200, <SecondFactorPage ctx={pageCtx(c)} next={c.req.query("next")} />);
  });

  app.post(`${LANG}/signin/code`, async (c) => {
    const ctx = pageCtx(c);
    const form = await readForm(c);
    const next = typeof form.next === "string" ? form.next : undefined;
    const pending = getCookie(c, PENDING_COOKIE);
    if (!pending) {
      return c.redirect(href(ctx, "/signin"), 303);
    }
    if (deps.limits.authPerClient.hit(clientKey(c)) > 0) {
      return renderPage(c, 429, <SecondFactorPage ctx={ctx} next={next} errors={{ code: "error.rate_limited" }} />);
    }
    const code = secondFactorCode.safeParse(form.code);
    if (!code.success) {
      return renderPage(c, 422, <SecondFactorPage ctx={ctx} next={next} errors={{ code: "error.code_invalid" }} />);
    }
    const result = await completePendingSignin(secretDeps, pending, code.data, deps.limits.perAccount);
    if (!result.ok) {
      if (result.error.type === "rate-limited") {
        return renderPage(c, 429, <SecondFactorPage ctx={ctx} next={next} errors={{ code: "error.rate_limited" }} />);
      }
      if (result.error.type === "pending-expired") {
        deleteCookie(c, PENDING_COOKIE, { path: "/" });
        return c.redirect(href(ctx, "/signin?expired=1"), 303);
      }
      return renderPage(c, 401, <SecondFactorPage ctx={ctx} next={next} errors={{ code: "error.code_invalid" }} attemptsLeft={result.error.attemptsLeft} />);
    }
    deleteCookie(c, PENDING_COOKIE, { path: "/" });
    setSessionCookie(c, await openSession(deps, result.value.userId, result.value.method), secure);
    return c.redirect(safeNext(next, ctx.i.lang), 303);
  });

  // ---- passkey sign-in -------------------------------------------------------------------

  app.post(`${LANG}/signin/passkey/options`, async (c) => {
    if (deps.limits.authPerClient.hit(clientKey(c)) > 0) {
      return c.json({ error: c.get("i18n").t("error.rate_limited") }, 429);
    }
    return c.json(await authenticationOptions(passkeyDeps(c), null));
  });

  app.post(`${LANG}/signin/passkey`, async (c) => {
    const form = await readForm(c);
    if (deps.limits.authPerClient.hit(clientKey(c)) > 0) {
      return c.json({ error: c.get("i18n").t("error.rate_limited") }, 429);
    }
    const input = ceremony.safeParse(payloadOf(form));
    if (!input.success) {
      return c.json({ error: c.get("i18n").t("error.passkey_failed") }, 422);
    }
    const result = await verifyPasskey(passkeyDeps(c), input.data as never, null);
    if (!result.ok) {
      return c.json({ error: c.get("i18n").t("error.passkey_failed") }, 401);
    }
    setSessionCookie(c, await openSession(deps, result.value.userId, "passkey"), secure);
    return c.json({ redirect: safeNext(form.next, c.get("i18n").lang) });
  });

  // ---- re-authentication -----------------------------------------------------------------

  const reauthPage = async (c: Context<AppEnv>, status: 200 | 401 | 422, next: string, errors?: Record<string, string>) => {
    const ctx = pageCtx(c);
    const needsCode = ctx.viewer ? (await totpStatus(deps, ctx.viewer.id)).enabled : false;
    return renderPage(c, status, <ReauthPage ctx={ctx} next={next} needsCode={needsCode} errors={errors} />);
  };

  app.get(`${LANG}/account/reauth`, (c) => {
    if (!c.get("viewer")) {
      return c.redirect(`/${c.get("i18n").lang}/signin`, 303);
    }
    return reauthPage(c, 200, safeNext(c.req.query("next"), c.get("i18n").lang));
  });

  app.post(`${LANG}/account/reauth`, async (c) => {
    const viewer = c.get("viewer");
    const token = c.get("sessionToken");
    if (!viewer || !token) {
      return c.redirect(`/${c.get("i18n").lang}/signin`, 303);
    }
    const form = await readForm(c);
    const next = safeNext(form.next, c.get("i18n").lang);
    if (deps.limits.authPerClient.hit(clientKey(c)) > 0 || deps.limits.perAccount.blockedFor(viewer.id) > 0) {
      return reauthPage(c, 422, next, { password: "error.rate_limited" });
    }
    const password = typeof form.password === "string" ? form.password : "";
    if (!(await accountService.checkPassword(deps, viewer, password))) {
      deps.limits.perAccount.hit(viewer.id);
      return reauthPage(c, 401, next, { password: "error.signin_failed" });
    }
    if ((await totpStatus(deps, viewer.id)).enabled) {
      const code = secondFactorCode.safeParse(form.code);
      if (!code.success || !(await checkSecondFactor(secretDeps, viewer.id, code.data))) {
        deps.limits.perAccount.hit(viewer.id);
        return reauthPage(c, 401, next, { code: "error.code_invalid" });
      }
    }
    await markReauthenticated(deps, token);
    return c.redirect(next, 303);
  });

  app.post(`${LANG}/account/reauth/passkey/options`, async (c) => {
    const viewer = c.get("viewer");
    return viewer ? c.json(await authenticationOptions(passkeyDeps(c), viewer.id)) : c.json({ error: "signed out" }, 401);
  });

  app.post(`${LANG}/account/reauth/passkey`, async (c) => {
    const viewer = c.get("viewer");
    const token = c.get("sessionToken");
    const form = await readForm(c);
    const input = ceremony.safeParse(payloadOf(form));
    if (!viewer || !token || !input.success) {
      return c.json({ error: c.get("i18n").t("error.passkey_failed") }, 422);
    }
    const result = await verifyPasskey(passkeyDeps(c), input.data as never, viewer.id);
    if (!result.ok) {
      return c.json({ error: c.get("i18n").t("error.passkey_failed") }, 401);
    }
    await markReauthenticated(deps, token);
    return c.json({ redirect: safeNext(form.next, c.get("i18n").lang) });
  });

  // ---- sessions and password -------------------------------------------------------------

  app.post(`${LANG}/account/sessions/:id/revoke`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    const viewer = c.get("viewer")!;
    await revokeSession(deps, viewer.id, c.req.param("id"));
    return c.redirect(`${security(c)}?done=revoked`, 303);
  });

  app.post(`${LANG}/account/sessions/revoke-others`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    await revokeOtherSessions(deps, c.get("viewer")!.id, c.get("sessionToken")!);
    await dropPendingSignins(deps, c.get("viewer")!.id);
    return c.redirect(`${security(c)}?done=revoked`, 303);
  });

  app.post(`${LANG}/account/password`, async (c) => {
    // Knowing the password is not enough on an old session: a seized device must not change it
    // without the second factor, so this needs a recent (re-)authentication like other changes.
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    const viewer = c.get("viewer")!;
    const token = c.get("sessionToken")!;
    if (deps.limits.perAccount.blockedFor(viewer.id) > 0) {
      return securityPage(c, 422, { errors: { current: "error.rate_limited" } });
    }
    const parsed = changePasswordCommand.safeParse(await readForm(c));
    if (!parsed.success) {
      return securityPage(c, 422, { errors: fieldErrors(parsed.error) });
    }
    if (parsed.data.password.toLowerCase().includes(viewer.handle)) {
      return securityPage(c, 422, { errors: { password: "error.password_handle" } });
    }
    const changed = await accountService.changePassword(deps, viewer, parsed.data.current, parsed.data.password);
    if (!changed.ok) {
      deps.limits.perAccount.hit(viewer.id);
      return securityPage(c, 422, { errors: { current: "error.signin_failed" } });
    }
    // A new password ends every other session and every sign-in still waiting for its code:
    // whoever knew the old one is out.
    await revokeOtherSessions(deps, viewer.id, token);
    await dropPendingSignins(deps, viewer.id);
    return c.redirect(`${security(c)}?done=password`, 303);
  });

  // ---- authenticator app and recovery codes ----------------------------------------------

  const totpSetup = async (c: Context<AppEnv>, status: 200 | 401, secret: string, errors?: Record<string, string>) => {
    const ctx = pageCtx(c);
    const uri = otpauthUri({ issuer: `Sada (${new URL(c.get("baseUrl")).host})`, account: ctx.viewer!.handle, secret });
    const qrSvg = await QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    return renderPage(c, status, <TotpSetupPage ctx={ctx} secret={secret} uri={uri} qrSvg={qrSvg} errors={errors} />);
  };

  app.post(`${LANG}/account/totp/begin`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    const begun = await beginTotp(secretDeps, c.get("viewer")!.id);
    if (!begun.ok) {
      return c.redirect(security(c), 303);
    }
    return totpSetup(c, 200, begun.value);
  });

  app.post(`${LANG}/account/totp/confirm`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    const viewer = c.get("viewer")!;
    const code = secondFactorCode.safeParse((await readForm(c)).code);
    const confirmed = code.success ? await confirmTotp(secretDeps, viewer.id, code.data) : null;
    if (!confirmed?.ok) {
      const secret = await pendingTotpSecret(secretDeps, viewer.id);
      return secret ? totpSetup(c, 401, secret, { code: "error.code_invalid" }) : c.redirect(security(c), 303);
    }
    return renderPage(c, 200, <RecoveryCodesPage ctx={pageCtx(c)} codes={confirmed.value} />);
  });

  app.post(`${LANG}/account/totp/disable`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    await disableTotp(deps, c.get("viewer")!.id);
    return c.redirect(`${security(c)}?done=totp-off`, 303);
  });

  app.post(`${LANG}/account/recovery-codes`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    const viewer = c.get("viewer")!;
    if (!(await totpStatus(deps, viewer.id)).enabled) {
      return c.redirect(security(c), 303);
    }
    return renderPage(c, 200, <RecoveryCodesPage ctx={pageCtx(c)} codes={await replaceRecoveryCodes(secretDeps, viewer.id)} />);
  });

  // ---- the person's own data ---------------------------------------------------------------

  app.get(`${LANG}/account/data.json`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    const data = await exportAccountData(deps, c.get("viewer")!.id);
    return c.body(JSON.stringify(data, null, 2), 200, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": 'attachment; filename="sada-account-data.json"',
      "Cache-Control": "no-store",
    });
  });

  app.post(`${LANG}/account/delete`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    const viewer = c.get("viewer")!;
    const form = await readForm(c);
    if (typeof form.confirm !== "string" || form.confirm.trim().toLowerCase() !== viewer.handle) {
      return securityPage(c, 422, { errors: { confirm: "error.delete_confirm" } });
    }
    await deleteAccount(deps, viewer.id, [eraseCommentsOf]);
    clearSessionCookie(c);
    return c.redirect(`/${c.get("i18n").lang}/?deleted=1`, 303);
  });

  // ---- passkeys --------------------------------------------------------------------------

  app.post(`${LANG}/account/passkeys/options`, async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return c.json({ error: "signed out" }, 401);
    }
    if (!(await recentlyAuthenticated(deps, c.get("sessionToken")))) {
      return c.json({ reauth: href(pageCtx(c), `/account/reauth?next=${encodeURIComponent(security(c))}`) }, 403);
    }
    return c.json(await registrationOptions(passkeyDeps(c), viewer));
  });

  app.post(`${LANG}/account/passkeys`, async (c) => {
    const viewer = c.get("viewer");
    const form = await readForm(c);
    const input = ceremony.safeParse(payloadOf(form));
    const name = z.string().trim().min(1).max(60).safeParse(form.name);
    if (!viewer || !input.success || !(await recentlyAuthenticated(deps, c.get("sessionToken")))) {
      return c.json({ error: c.get("i18n").t("error.passkey_failed") }, 422);
    }
    const result = await registerPasskey(passkeyDeps(c), viewer.id, {
      challengeId: input.data.challengeId,
      response: input.data.response as never,
      name: name.success ? name.data : "Passkey",
    });
    if (!result.ok) {
      return c.json({ error: c.get("i18n").t("error.passkey_failed") }, 422);
    }
    return c.json({ redirect: `${security(c)}?done=passkey` });
  });

  app.post(`${LANG}/account/passkeys/:id/delete`, async (c) => {
    const blocked = await needsReauth(c);
    if (blocked) {
      return blocked;
    }
    await removePasskey(deps, c.get("viewer")!.id, c.req.param("id"));
    return c.redirect(security(c), 303);
  });
}

/** Sets the short-lived cookie of a sign-in waiting for its second factor. */
export function setPendingCookie(c: Context, token: string, secure: boolean): void {
  setCookie(c, PENDING_COOKIE, token, { httpOnly: true, sameSite: "Lax", secure, path: "/", maxAge: 10 * 60 });
}
