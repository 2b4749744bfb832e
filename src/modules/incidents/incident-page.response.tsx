import type { Context } from "hono";
import type { AppDeps } from "../../main/deps";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { renderPage } from "../../platform/views/render";
import { membershipOf } from "../groups";
import type { AppEnv } from "../http-env";
import { errorPage } from "../site/error-response";
import { pageCtx } from "../site/page-ctx";
import { targetsOf } from "../translation";
import { incidentPermissions } from "./incident.model";
import { getIncident } from "./incident.queries";
import { IncidentPage } from "./views/incident-page";

/**
 * The incident page as a response, with what the viewer may do: the GET route and every form
 * that answers with the page (a 409 or 422 with the form's problem) use it.
 */
export function incidentPageResponder(deps: AppDeps, noticeOf: (c: Context<AppEnv>) => string | undefined) {
  /** Whether the viewer may edit the incident: its group's members, its recorder, editors. */
  const mayEdit = async (c: Context<AppEnv>, incident: { groupId: string | null; createdBy: string | null }) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return false;
    }
    const member = incident.groupId !== null && (await membershipOf(deps, incident.groupId, viewer.id))?.accepted === true;
    return incidentPermissions.edit(viewer, member, { groupId: incident.groupId, createdBy: incident.createdBy === viewer.handle ? viewer.id : null });
  };

  /** The incident page with what the viewer may do; `extra` carries a form's problem. */
  const showIncident = async (
    c: Context<AppEnv>,
    id: string,
    status: 200 | 409 | 422 = 200,
    extra: { errors?: Record<string, string>; errorMessage?: string } = {},
  ) => {
    const ctx = pageCtx(c);
    // ?tl= shows a translation in a language the interface does not speak (as on statements).
    const tl = c.req.query("tl");
    const incident = await getIncident(deps, id, tl && CONTENT_LANG_CODES.includes(tl) ? tl : ctx.i.lang);
    if (!incident) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    const can = {
      edit: await mayEdit(c, incident),
      grade: incidentPermissions.grade(ctx.viewer),
      translate: incidentPermissions.translate(ctx.viewer),
    };
    if (!can.edit) {
      incident.privateCoords = null;
    }
    const translations = await targetsOf(deps, id);
    return renderPage(
      c,
      status,
      <IncidentPage
        ctx={ctx}
        incident={incident}
        can={can}
        translations={translations}
        maxUploadMegabytes={Math.floor(deps.config.uploadMaxBytes / (1024 * 1024))}
        notice={noticeOf(c)}
        {...extra}
      />,
    );
  };

  return { mayEdit, showIncident };
}
