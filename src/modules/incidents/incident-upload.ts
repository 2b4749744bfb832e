import type { Viewer } from "../accounts/account.model";
import type { DbContext } from "../database";
import { incidentPermissions } from "./incident.model";
import { isMember } from "./incident.service";

const SOURCE_UPLOAD = /^\/(?:(?:en|ar|ru)|api\/v1)\/incidents\/([0-9a-z]+)\/sources$/;

/**
 * Whether the viewer may add a source (with its file) to the incident the upload path names,
 * answered before the body is read: false when they may not, null when the path is not an
 * incident source upload or the incident does not exist (the route answers then).
 */
export async function incidentUploadAllowed(ctx: DbContext, viewer: Viewer | null, path: string): Promise<boolean | null> {
  const id = SOURCE_UPLOAD.exec(path)?.[1];
  if (id === undefined) {
    return null;
  }
  const row = await ctx.db.selectFrom("incidents").select(["group_id", "created_by"]).where("id", "=", id).executeTakeFirst();
  if (!row) {
    return null;
  }
  const member = viewer !== null && (await isMember(ctx, row.group_id, viewer));
  return incidentPermissions.edit(viewer, member, { groupId: row.group_id, createdBy: row.created_by });
}
