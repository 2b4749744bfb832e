import { federation as fedifyMiddleware } from "@fedify/fedify/x/hono";
import type { Context, Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../main/deps";
import { readForm } from "../../platform/http/form";
import { renderPage } from "../../platform/views/render";
import { LANG, type AppEnv } from "../http-env";
import { errorPage } from "../site/error-response";
import { pageCtx } from "../site/page-ctx";
import { deliveryCounts, failingInboxes, followingList, remotePosts } from "./fediverse.queries";
import type { FollowError } from "./federation.service";
import { INSTANCE_ACTOR } from "./federation.setup";
import { FediversePage } from "./views/fediverse-page";
import { originProblem } from "./inbox-origin";

const accountInput = z.string().trim().min(3).max(300);
const actorInput = z.url({ protocol: /^https?$/ }).max(2000);

/** ActivityPub endpoints (only when an operator turned federation on) and the fediverse page. */
export function federationRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const { federation } = deps;
  if (federation.enabled) {
    // A retracted statement answers 410 Gone with its tombstone, as ActivityPub asks.
    app.get("/ap/statements/:id", async (c, next) => {
      const row = await deps.db.selectFrom("statements").select(["status", "updated_at"]).where("id", "=", c.req.param("id")).executeTakeFirst();
      if (row?.status !== "retracted") {
        return next();
      }
      const id = `${deps.config.baseUrl}/ap/statements/${c.req.param("id")}`;
      return c.json({ "@context": "https://www.w3.org/ns/activitystreams", id, type: "Tombstone", deleted: row.updated_at }, 410, {
        "Content-Type": "application/activity+json",
      });
    });
    // Inboxes: an activity must be signed with a key of its actor's own server (FEP-fe34's
    // same-origin rule). Fedify 1.5 trusts the `owner` named by whatever document the key URL
    // serves, so without this anyone could sign as anyone.
    const inbox = async (c: Context<AppEnv>) => {
      const text = await c.req.text();
      const problem = originProblem(c.req.header("signature") ?? c.req.header("authorization") ?? "", text);
      if (problem) {
        return c.json({ error: problem }, 401);
      }
      const forwarded = new Request(c.req.url, { method: "POST", headers: c.req.raw.headers, body: text });
      return federation.fedify.fetch(forwarded, { contextData: undefined });
    };
    app.post("/ap/inbox", inbox);
    app.post("/ap/actors/:identifier/inbox", inbox);
    const middleware = fedifyMiddleware(federation.fedify, () => undefined);
    app.use("/ap/*", middleware);
    app.use("/.well-known/webfinger", middleware);
    app.use("/.well-known/nodeinfo", middleware);
    app.use("/nodeinfo/*", middleware);
  }

  const page = async (c: Context<AppEnv>, status: 200 | 422, input = "", error: string | null = null) => {
    const viewer = c.get("viewer");
    const isAdmin = viewer?.role === "admin";
    const [posts, admin] = await Promise.all([
      remotePosts(deps),
      isAdmin
        ? Promise.all([followingList(deps), failingInboxes(deps), deliveryCounts(deps)]).then(([following, failing, deliveries]) => ({
            following,
            failing,
            deliveries,
            input,
            error,
          }))
        : Promise.resolve(null),
    ]);
    const host = new URL(deps.config.baseUrl).host;
    return renderPage(
      c,
      status,
      <FediversePage
        ctx={pageCtx(c)}
        enabled={federation.enabled}
        handle={federation.enabled ? `@${INSTANCE_ACTOR}@${host}` : null}
        posts={posts}
        admin={admin}
      />,
    );
  };

  app.get(`${LANG}/fediverse`, (c) => page(c, 200));

  app.post(`${LANG}/fediverse/follow`, async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return errorPage(c, "ERR_UNAUTHENTICATED");
    }
    if (viewer.role !== "admin") {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const i = c.get("i18n");
    const form = await readForm(c);
    const raw = typeof form.account === "string" ? form.account : "";
    const account = accountInput.safeParse(raw);
    if (!federation.enabled) {
      return page(c, 422, raw, i.t("fediverse.disabled"));
    }
    if (!account.success) {
      return page(c, 422, raw, i.t("fediverse.error_handle"));
    }
    const result = await federation.follow(viewer.id, account.data);
    if (!result.ok) {
      return page(c, 422, raw, followErrorText(i, result.error));
    }
    return c.redirect(`/${i.lang}/fediverse`, 303);
  });

  app.post(`${LANG}/fediverse/unfollow`, async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return errorPage(c, "ERR_UNAUTHENTICATED");
    }
    if (viewer.role !== "admin") {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const form = await readForm(c);
    const actor = actorInput.safeParse(form.actor);
    if (!actor.success || !(await federation.unfollow(actor.data))) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    return c.redirect(`/${c.get("i18n").lang}/fediverse`, 303);
  });
}

function followErrorText(i: AppEnv["Variables"]["i18n"], e: FollowError): string {
  switch (e.type) {
    case "handle_invalid":
      return i.t("fediverse.error_handle");
    case "not_found":
      return i.t("fediverse.error_not_found", { detail: e.detail });
    case "not_an_actor":
      return i.t("fediverse.error_not_actor");
    case "already_following":
      return i.t("fediverse.error_already");
  }
}
