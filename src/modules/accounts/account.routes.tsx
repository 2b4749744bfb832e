import type { Hono } from "hono";
import { setCookie } from "hono/cookie";
import type { AppDeps } from "../../main/deps";
import { clientKey } from "../../platform/http/client-key";
import { fieldErrors, readForm } from "../../platform/http/form";
import { exhaustiveCheck } from "../../platform/result";
import { renderPage } from "../../platform/views/render";
import { groupsOfUser } from "../groups";
import { LANG, type AppEnv } from "../http-env";
import { href, pageCtx } from "../site/page-ctx";
import { signInCommand, signUpCommand, updateAccountCommand } from "./account.commands";
import { accountService, type AccountError } from "./account.service";
import { clearSessionCookie, readSessionCookie, setSessionCookie } from "./session-cookie";
import { AccountPage } from "./views/account-page";
import { safeNext, securityRoutes, setPendingCookie } from "./security.routes";
import { SignInPage, SignUpPage } from "./views/auth-pages";

function accountErrorKey(e: AccountError): string {
  switch (e.type) {
    case "handle-taken":
      return "error.handle_taken";
    case "signin-failed":
      return "error.signin_failed";
    case "setup-invalid":
      return "error.setup_invalid";
    case "user-not-found":
      return "error.user_not_found";
    case "second-factor":
      return "error.signin_failed";
    default:
      return exhaustiveCheck(e);
  }
}

/** Route table of the accounts module: sign-up, sign-in, sign-out, account settings, first-admin setup. */
export function accountRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const secure = deps.config.secureCookies;
  securityRoutes(app, deps);

  app.get(`${LANG}/signup`, (c) => renderPage(c, 200, <SignUpPage ctx={pageCtx(c)} />));

  app.post(`${LANG}/signup`, async (c) => {
    const ctx = pageCtx(c);
    const form = await readForm(c);
    const values = { handle: String(form.handle ?? ""), email: String(form.email ?? "") };
    if (deps.limits.authPerClient.hit(clientKey(c)) > 0) {
      return renderPage(c, 429, <SignUpPage ctx={ctx} values={values} errors={{ _form: "error.rate_limited" }} />);
    }
    const parsed = signUpCommand.safeParse(form);
    if (!parsed.success) {
      return renderPage(c, 422, <SignUpPage ctx={ctx} values={values} errors={fieldErrors(parsed.error)} />);
    }
    const result = await accountService.signUp(deps, parsed.data);
    if (!result.ok) {
      return renderPage(c, 409, <SignUpPage ctx={ctx} values={values} errors={{ handle: accountErrorKey(result.error) }} />);
    }
    setSessionCookie(c, result.value.sessionToken, secure);
    return c.redirect(href(ctx, "/account"), 303);
  });

  app.get(`${LANG}/signin`, (c) => renderPage(c, 200, <SignInPage ctx={pageCtx(c)} next={c.req.query("next")} expired={c.req.query("expired") === "1"} />));

  app.post(`${LANG}/signin`, async (c) => {
    const ctx = pageCtx(c);
    const form = await readForm(c);
    const handle = String(form.handle ?? "")
      .trim()
      .toLowerCase();
    const next = typeof form.next === "string" ? form.next : undefined;
    const waitClient = deps.limits.authPerClient.hit(clientKey(c));
    // Failures count per handle *and* client: a guesser elsewhere slows only themselves and
    // cannot lock the real person out of their account (no lockout).
    const handleKey = `${handle}\u0000${clientKey(c)}`;
    const waitHandle = deps.limits.signinPerHandle.blockedFor(handleKey);
    if (waitClient > 0 || waitHandle > 0) {
      c.header("Retry-After", String(Math.max(waitClient, waitHandle)));
      return renderPage(c, 429, <SignInPage ctx={ctx} handle={handle} next={next} errors={{ _form: "error.rate_limited" }} />);
    }
    const parsed = signInCommand.safeParse(form);
    if (!parsed.success) {
      return renderPage(c, 422, <SignInPage ctx={ctx} handle={handle} next={next} errors={{ _form: "error.signin_failed" }} />);
    }
    const result = await accountService.signIn(deps, parsed.data);
    if (!result.ok && result.error.type === "second-factor") {
      deps.limits.signinPerHandle.reset(handleKey);
      setPendingCookie(c, result.error.pendingToken, secure);
      return c.redirect(href(ctx, `/signin/code${next ? `?next=${encodeURIComponent(next)}` : ""}`), 303);
    }
    if (!result.ok) {
      deps.limits.signinPerHandle.hit(handleKey);
      return renderPage(c, 401, <SignInPage ctx={ctx} handle={handle} next={next} errors={{ _form: accountErrorKey(result.error) }} />);
    }
    deps.limits.signinPerHandle.reset(handleKey);
    setSessionCookie(c, result.value.sessionToken, secure);
    return c.redirect(safeNext(next, ctx.i.lang), 303);
  });

  app.post(`${LANG}/signout`, async (c) => {
    const token = readSessionCookie(c);
    if (token) {
      await accountService.signOut(deps, token);
    }
    clearSessionCookie(c);
    return c.redirect(`/${c.req.param("lang")}/`, 303);
  });

  app.get(`${LANG}/account`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return c.redirect(href(ctx, `/signin?next=${encodeURIComponent(href(ctx, "/account"))}`), 303);
    }
    const [memberships, user] = await Promise.all([
      groupsOfUser(deps, ctx.viewer.id),
      deps.db.selectFrom("users").select("email").where("id", "=", ctx.viewer.id).executeTakeFirst(),
    ]);
    return renderPage(c, 200, <AccountPage ctx={ctx} email={user?.email ?? null} memberships={memberships} saved={c.req.query("saved") === "1"} />);
  });

  app.post(`${LANG}/account`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return c.redirect(href(ctx, "/signin"), 303);
    }
    const parsed = updateAccountCommand.safeParse(await readForm(c));
    if (!parsed.success) {
      const memberships = await groupsOfUser(deps, ctx.viewer.id);
      return renderPage(c, 422, <AccountPage ctx={ctx} email={null} memberships={memberships} errors={fieldErrors(parsed.error)} />);
    }
    await accountService.updateAccount(deps, ctx.viewer, parsed.data);
    if (parsed.data.locale) {
      setCookie(c, "sada_lang", parsed.data.locale, { path: "/", sameSite: "Lax", maxAge: 365 * 86_400, secure });
    }
    return c.redirect(`/${parsed.data.locale ?? ctx.i.lang}/account?saved=1`, 303);
  });

  app.get(`${LANG}/setup/:token`, async (c) => {
    const ctx = pageCtx(c);
    const token = c.req.param("token");
    if (!(await accountService.isSetupTokenValid(deps, token))) {
      return c.notFound();
    }
    return renderPage(c, 200, <SignUpPage ctx={ctx} setupToken={token} />);
  });

  app.post(`${LANG}/setup/:token`, async (c) => {
    const ctx = pageCtx(c);
    const token = c.req.param("token");
    const form = await readForm(c);
    const values = { handle: String(form.handle ?? ""), email: String(form.email ?? "") };
    const parsed = signUpCommand.safeParse(form);
    if (!parsed.success) {
      return renderPage(c, 422, <SignUpPage ctx={ctx} setupToken={token} values={values} errors={fieldErrors(parsed.error)} />);
    }
    const result = await accountService.completeSetup(deps, token, parsed.data);
    if (!result.ok) {
      if (result.error.type === "setup-invalid") {
        return c.notFound();
      }
      return renderPage(c, 409, <SignUpPage ctx={ctx} setupToken={token} values={values} errors={{ handle: accountErrorKey(result.error) }} />);
    }
    setSessionCookie(c, result.value.sessionToken, secure);
    return c.redirect(href(ctx, "/account"), 303);
  });
}
