import type { Context, Hono } from "hono";
import { requireRecentAuth } from "../accounts/recent-auth";
import type { AppDeps } from "../../main/deps";
import { ERRORS } from "../../platform/errors";
import { fieldErrors, readForm } from "../../platform/http/form";
import type { MessageKey } from "../../platform/i18n/translator";
import { renderPage } from "../../platform/views/render";
import { LANG, type AppEnv } from "../http-env";
import { errorPage, requireSignIn } from "../site/error-response";
import { href, pageCtx } from "../site/page-ctx";
import { listStatements } from "../statements";
import {
  directoryFilter,
  inviteMemberCommand,
  needInput,
  proposeGroupCommand,
  setStatusCommand,
  supportChannelInput,
  updateGroupCommand,
  vouchCommand,
} from "./group.commands";
import { groupErrorCode } from "./group.errors";
import { proposeFormToInput, toFormErrors, updateFormToInput } from "./group.forms";
import { canPublishAsGroup, GROUP_STATUSES, groupPermissions, LISTED_STATUSES } from "./group.model";
import { getGroupDetail, listDirectory, membershipOf } from "./group.queries";
import { groupService, type GroupError } from "./group.service";
import { DirectoryPage } from "./views/directory-page";
import { GroupAdminPage, type AdminFormState } from "./views/group-admin-page";
import { GroupPage } from "./views/group-page";
import { ProposeGroupPage } from "./views/propose-page";

const NOTICES: Record<string, MessageKey> = {
  proposed: "notice.group_proposed",
  vouched: "notice.group_vouched",
  status: "notice.group_status_changed",
  saved: "notice.saved",
  invited: "notice.member_invited",
};

/** Route table of the groups module: directory, proposals, group pages, vetting, administration. */
export function groupRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const noticeOf = (c: Context<AppEnv>) => {
    const key = NOTICES[c.req.query("done") ?? ""];
    return key ? c.get("i18n").t(key) : undefined;
  };

  app.get(`${LANG}/groups`, async (c) => {
    const ctx = pageCtx(c);
    const filter = directoryFilter.parse(c.req.query());
    const statuses = groupPermissions.seePending(ctx.viewer) ? [...GROUP_STATUSES] : LISTED_STATUSES;
    const result = await listDirectory(deps, filter, { statuses });
    return renderPage(c, 200, <DirectoryPage ctx={ctx} filter={filter} result={result} statusChoices={statuses} />);
  });

  app.get(`${LANG}/groups/new`, (c) => {
    const ctx = pageCtx(c);
    return ctx.viewer ? renderPage(c, 200, <ProposeGroupPage ctx={ctx} />) : requireSignIn(c);
  });

  app.post(`${LANG}/groups/new`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const form = await readForm(c);
    const parsed = proposeGroupCommand.safeParse(proposeFormToInput(form));
    if (!parsed.success) {
      return renderPage(c, 422, <ProposeGroupPage ctx={ctx} form={form} errors={toFormErrors(fieldErrors(parsed.error))} />);
    }
    const result = await groupService.propose(deps, ctx.viewer, parsed.data);
    if (!result.ok) {
      const code = groupErrorCode(result.error);
      return renderPage(c, 409, <ProposeGroupPage ctx={ctx} form={form} errors={{ slug: ERRORS[code].key }} />);
    }
    return c.redirect(href(ctx, `/groups/${result.value.slug}?done=proposed`), 303);
  });

  app.get(`${LANG}/groups/:slug`, async (c) => {
    const ctx = pageCtx(c);
    const group = await getGroupDetail(deps, c.req.param("slug"));
    if (!group) {
      return errorPage(c, "ERR_GROUP_NOT_FOUND");
    }
    const membership = await membershipOf(deps, group.id, ctx.viewer?.id);
    const statements = await listStatements(deps, { groupId: group.id, limit: 50, listedOnly: false });
    const alreadyVouched = ctx.viewer !== null && group.vouches.some((v) => v.handle === ctx.viewer?.handle);
    const can = {
      vouch: groupPermissions.vouch(ctx.viewer, membership) && !alreadyVouched && group.status !== "suspended",
      setStatus: groupPermissions.setStatus(ctx.viewer),
      edit: groupPermissions.edit(ctx.viewer, membership),
      publish: groupPermissions.publish(membership) && canPublishAsGroup(group.status),
    };
    const fediverseHandle =
      deps.config.federation.enabled && LISTED_STATUSES.some((s) => s === group.status) ? `@${group.slug}@${new URL(deps.config.baseUrl).host}` : null;
    return renderPage(c, 200, <GroupPage ctx={ctx} group={group} statements={statements} can={can} notice={noticeOf(c)} fediverseHandle={fediverseHandle} />);
  });

  /** Runs a group action from a form and redirects back, or shows the error page. */
  const action = (
    path: string,
    run: (
      c: Context<AppEnv>,
      form: Record<string, string | string[]>,
    ) => Promise<{ ok: true; done: string } | { ok: false; error: GroupError } | { ok: false; invalid: true }>,
  ) => {
    app.post(`${LANG}/groups/:slug/${path}`, async (c) => {
      if (!c.get("viewer")) {
        return requireSignIn(c);
      }
      const result = await run(c, await readForm(c));
      if (result.ok) {
        return c.redirect(href(pageCtx(c), `/groups/${c.req.param("slug")}${result.done}`), 303);
      }
      return "invalid" in result ? errorPage(c, "ERR_VALIDATION") : errorPage(c, groupErrorCode(result.error));
    });
  };

  action("vouch", async (c, form) => {
    const parsed = vouchCommand.safeParse(form);
    if (!parsed.success) {
      return { ok: false, invalid: true };
    }
    const r = await groupService.vouch(deps, c.get("viewer")!, c.req.param("slug")!, parsed.data.reason);
    return r.ok ? { ok: true, done: "?done=vouched" } : r;
  });

  action("status", async (c, form) => {
    const parsed = setStatusCommand.safeParse(form);
    if (!parsed.success) {
      return { ok: false, invalid: true };
    }
    const r = await groupService.setStatus(deps, c.get("viewer")!, c.req.param("slug")!, parsed.data.status, parsed.data.reason);
    return r.ok ? { ok: true, done: "?done=status" } : r;
  });

  action("invitation", async (c, form) => {
    const r = await groupService.respondToInvite(deps, c.get("viewer")!, c.req.param("slug")!, form.accept === "yes");
    return r.ok ? { ok: true, done: "" } : r;
  });

  action("admin/support/:id/delete", async (c) => {
    const r = await groupService.removeSupportChannel(deps, c.get("viewer")!, c.req.param("slug")!, c.req.param("id")!);
    return r.ok ? { ok: true, done: "/admin?done=saved" } : r;
  });

  action("admin/needs/:id/delete", async (c) => {
    const r = await groupService.removeNeed(deps, c.get("viewer")!, c.req.param("slug")!, c.req.param("id")!);
    return r.ok ? { ok: true, done: "/admin?done=saved" } : r;
  });

  /** The admin page, re-rendered with a failed form's errors when there are some. */
  const adminPage = async (c: Context<AppEnv>, status: 200 | 409 | 422, state?: AdminFormState) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const group = await getGroupDetail(deps, c.req.param("slug")!);
    if (!group) {
      return errorPage(c, "ERR_GROUP_NOT_FOUND");
    }
    const membership = await membershipOf(deps, group.id, ctx.viewer.id);
    if (!groupPermissions.edit(ctx.viewer, membership)) {
      return errorPage(c, "ERR_FORBIDDEN");
    }
    const profileLang = c.req.query("profile") ?? group.defaultLang;
    return renderPage(
      c,
      status,
      <GroupAdminPage
        ctx={ctx}
        group={group}
        profileLang={profileLang}
        canManageMembers={groupPermissions.manageMembers(ctx.viewer, membership)}
        state={state}
        notice={noticeOf(c)}
      />,
    );
  };

  app.get(`${LANG}/groups/:slug/admin`, (c) => adminPage(c, 200));

  /** A section form of the admin page: validate, run, and redirect or re-render with errors. */
  const adminForm = <T,>(
    path: string,
    section: AdminFormState["section"],
    parse: (form: Record<string, string | string[]>) => { success: true; data: T } | { success: false; error: import("zod").ZodError },
    run: (c: Context<AppEnv>, data: T) => Promise<{ ok: true } | { ok: false; error: GroupError }>,
  ) => {
    app.post(`${LANG}/groups/:slug/admin/${path}`, async (c) => {
      const viewer = c.get("viewer");
      if (!viewer) {
        return requireSignIn(c);
      }
      // Who may publish or administer in the group's name is a sensitive change.
      if (section === "invite") {
        const reauth = await requireRecentAuth(c, deps, href(pageCtx(c), `/groups/${c.req.param("slug")}/admin`));
        if (reauth) {
          return reauth;
        }
      }
      const form = await readForm(c);
      const parsed = parse(form);
      if (!parsed.success) {
        return adminPage(c, 422, { section, errors: toFormErrors(fieldErrors(parsed.error)), values: form });
      }
      const r = await run(c, parsed.data);
      if (r.ok) {
        return c.redirect(href(pageCtx(c), `/groups/${c.req.param("slug")}/admin?done=${section === "invite" ? "invited" : "saved"}`), 303);
      }
      const code = groupErrorCode(r.error);
      if (code === "ERR_EDIT_CONFLICT") {
        return adminPage(c, 409, { section, errors: {}, values: form, conflict: true });
      }
      if (code === "ERR_USER_NOT_FOUND" || code === "ERR_ALREADY_MEMBER") {
        return adminPage(c, 422, { section, errors: { handle: ERRORS[code].key }, values: form });
      }
      return errorPage(c, code);
    });
  };

  adminForm(
    "profile",
    "profile",
    (f) => updateGroupCommand.safeParse(updateFormToInput(f)),
    (c, data) => groupService.update(deps, c.get("viewer")!, c.req.param("slug")!, data),
  );
  adminForm(
    "support",
    "support",
    (f) => supportChannelInput.safeParse(f),
    (c, data) => groupService.addSupportChannel(deps, c.get("viewer")!, c.req.param("slug")!, data),
  );
  adminForm(
    "needs",
    "need",
    (f) => needInput.safeParse(f),
    (c, data) => groupService.addNeed(deps, c.get("viewer")!, c.req.param("slug")!, data),
  );
  adminForm(
    "members",
    "invite",
    (f) => inviteMemberCommand.safeParse(f),
    (c, data) => groupService.invite(deps, c.get("viewer")!, c.req.param("slug")!, data),
  );
}
