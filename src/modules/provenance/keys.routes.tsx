import type { Context, Hono } from "hono";
import { requireRecentAuth } from "../accounts/recent-auth";
import type { AppDeps } from "../../main/deps";
import { fieldErrors, readForm } from "../../platform/http/form";
import { exhaustiveCheck } from "../../platform/result";
import { renderPage } from "../../platform/views/render";
import { groupDisplayName, groupPermissions, membershipOf } from "../groups";
import { LANG, type AppEnv } from "../http-env";
import { errorPage, requireSignIn } from "../site/error-response";
import { href, pageCtx } from "../site/page-ctx";
import { groupKeyService, registerKeyCommand, revokeKeyCommand, type GroupKeyError } from "./group-keys.service";
import { KeysPage, type KeyFormState } from "./views/keys-page";

/** Pages for a group's signing keys: public list; admins register, switch to a server key, revoke. */
export function keysRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const page = async (c: Context<AppEnv>, status: 200 | 422, state?: KeyFormState) => {
    const ctx = pageCtx(c);
    const slug = c.req.param("slug") ?? "";
    const group = await deps.db.selectFrom("groups").select("id").where("slug", "=", slug).executeTakeFirst();
    const keys = await groupKeyService.list(deps.db, slug);
    if (!group || !keys) {
      return errorPage(c, "ERR_GROUP_NOT_FOUND");
    }
    const canManage = ctx.viewer !== null && groupPermissions.manageMembers(ctx.viewer, await membershipOf(deps, group.id, ctx.viewer.id));
    const notice = c.req.query("done") === "saved" ? ctx.i.t("notice.saved") : undefined;
    const name = (await groupDisplayName(deps, group.id, ctx.i.lang)) ?? slug;
    return renderPage(c, status, <KeysPage ctx={ctx} slug={slug} groupName={name} keys={keys} canManage={canManage} state={state} notice={notice} />);
  };

  const failure = (c: Context<AppEnv>, e: GroupKeyError, state: KeyFormState) => {
    switch (e.type) {
      case "group-not-found":
        return errorPage(c, "ERR_GROUP_NOT_FOUND");
      case "forbidden":
        return errorPage(c, "ERR_FORBIDDEN");
      case "not-found":
        return errorPage(c, "ERR_NOT_FOUND");
      case "key-invalid":
        return page(c, 422, { ...state, errors: { publicKey: "error.key_invalid" }, detail: e.reason });
      default:
        return exhaustiveCheck(e);
    }
  };

  const done = (c: Context<AppEnv>) => c.redirect(href(pageCtx(c), `/groups/${c.req.param("slug")}/keys?done=saved`), 303);

  app.get(`${LANG}/groups/:slug/keys`, (c) => page(c, 200));

  app.post(`${LANG}/groups/:slug/keys/register`, async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return requireSignIn(c);
    }
    const reauth = await requireRecentAuth(c, deps, href(pageCtx(c), `/groups/${c.req.param("slug")}/keys`));
    if (reauth) {
      return reauth;
    }
    const form = await readForm(c);
    const parsed = registerKeyCommand.safeParse({ custody: form.custody, publicKey: form.publicKey });
    const state: KeyFormState = { form: "register", errors: {}, values: form };
    if (!parsed.success || parsed.data.custody === "server") {
      return page(c, 422, { ...state, errors: parsed.success ? { custody: "error.key_invalid" } : fieldErrors(parsed.error) });
    }
    const r = await groupKeyService.register(deps, viewer, c.req.param("slug"), parsed.data);
    return r.ok ? done(c) : failure(c, r.error, state);
  });

  app.post(`${LANG}/groups/:slug/keys/server`, async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return requireSignIn(c);
    }
    const reauth = await requireRecentAuth(c, deps, href(pageCtx(c), `/groups/${c.req.param("slug")}/keys`));
    if (reauth) {
      return reauth;
    }
    const r = await groupKeyService.register(deps, viewer, c.req.param("slug"), { custody: "server" });
    return r.ok ? done(c) : failure(c, r.error, { form: "register", errors: {}, values: {} });
  });

  app.post(`${LANG}/groups/:slug/keys/revoke`, async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return requireSignIn(c);
    }
    const reauth = await requireRecentAuth(c, deps, href(pageCtx(c), `/groups/${c.req.param("slug")}/keys`));
    if (reauth) {
      return reauth;
    }
    const form = await readForm(c);
    const state: KeyFormState = { form: "revoke", errors: {}, values: form };
    const parsed = revokeKeyCommand.safeParse({ reason: form.reason });
    if (!parsed.success || typeof form.fingerprint !== "string") {
      return page(c, 422, { ...state, errors: parsed.success ? { reason: "error.validation" } : fieldErrors(parsed.error) });
    }
    const r = await groupKeyService.revoke(deps, viewer, c.req.param("slug"), form.fingerprint, parsed.data.reason);
    return r.ok ? done(c) : failure(c, r.error, state);
  });
}
