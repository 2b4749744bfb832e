import type { Context, Hono } from "hono";
import { z } from "zod";
import type { AppDeps } from "../../main/deps";
import { directoryFilter, inviteMemberCommand, proposeGroupCommand, setStatusCommand, vouchCommand } from "../groups/group.commands";
import { groupErrorCode } from "../groups/group.errors";
import { getGroupDetail, groupService, GROUP_STATUSES, groupPermissions, listDirectory } from "../groups";
import { LISTED_STATUSES } from "../groups/group.model";
import type { AppEnv } from "../http-env";
import { search } from "../search/search.queries";
import { getStatement, listStatements, statementService } from "../statements";
import type { StatementError } from "../statements/statement.service";
import { createStatementCommand, retractStatementCommand, reviseStatementCommand } from "../statements/statement.commands";
import { statementErrorCode } from "../statements/statement.errors";
import { apiError, authedCommand } from "./api-helpers";
import { openApiDocument } from "./openapi";
import { serializeGroup, serializeGroupSummary, serializeStatement, serializeStatementItem } from "./serializers";

const revisionBody = reviseStatementCommand.omit({ baseHash: true });

/** The If-Match header as a bare hash: accepts `"hash"`, `W/"hash"` or `hash`. */
function ifMatchHash(header: string | undefined): string | null {
  if (!header) {
    return null;
  }
  const m = /^(?:W\/)?"?([0-9a-f]{64})"?$/.exec(header.trim());
  return m?.[1] ?? "invalid";
}

/** A failed statement write; a refused signature says why (which key, which namespace…). */
export function statementFailure(c: Context<AppEnv>, error: StatementError): Response {
  return apiError(c, statementErrorCode(error), error.type === "signature-invalid" ? [{ field: "signature", message: error.reason }] : undefined);
}

/** Route table of the JSON API, under /api/v1. Authentication is by bearer token only. */
export function apiRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const base = "/api/v1";

  app.get(`${base}/openapi.json`, (c) => c.json(openApiDocument(deps.config.baseUrl)));

  app.get(`${base}/groups`, async (c) => {
    const filter = directoryFilter.parse(c.req.query());
    const statuses = groupPermissions.seePending(c.get("viewer")) ? [...GROUP_STATUSES] : LISTED_STATUSES;
    const result = await listDirectory(deps, filter, { statuses });
    return c.json({ groups: result.groups.map(serializeGroupSummary), counts: result.counts });
  });

  app.post(`${base}/groups`, async (c) => {
    const cmd = await authedCommand(c, proposeGroupCommand);
    if (!cmd.ok) {
      return cmd.response;
    }
    const result = await groupService.propose(deps, cmd.viewer, cmd.data);
    if (!result.ok) {
      return apiError(c, groupErrorCode(result.error));
    }
    const group = await getGroupDetail(deps, result.value.slug);
    c.header("Location", `${base}/groups/${result.value.slug}`);
    return c.json({ group: group ? serializeGroup(group) : null }, 201);
  });

  app.get(`${base}/groups/:slug`, async (c) => {
    const group = await getGroupDetail(deps, c.req.param("slug"));
    if (!group) {
      return apiError(c, "ERR_GROUP_NOT_FOUND");
    }
    const statements = await listStatements(deps, { groupId: group.id, limit: 100, listedOnly: false });
    return c.json({ group: serializeGroup(group), statements: statements.map(serializeStatementItem) });
  });

  /** POST endpoints on a group that take a small JSON body and return the updated group. */
  const groupAction = <S extends z.ZodType>(
    path: string,
    schema: S,
    run: (
      viewer: NonNullable<AppEnv["Variables"]["viewer"]>,
      slug: string,
      data: z.infer<S>,
    ) => Promise<{ ok: true } | { ok: false; error: Parameters<typeof groupErrorCode>[0] }>,
    status: 200 | 201,
  ) => {
    app.post(`${base}/groups/:slug/${path}`, async (c) => {
      const cmd = await authedCommand(c, schema);
      if (!cmd.ok) {
        return cmd.response;
      }
      const slug = c.req.param("slug") ?? "";
      const result = await run(cmd.viewer, slug, cmd.data);
      if (!result.ok) {
        return apiError(c, groupErrorCode(result.error));
      }
      const group = await getGroupDetail(deps, slug);
      return c.json({ group: group ? serializeGroup(group) : null }, status);
    });
  };

  groupAction("vouches", vouchCommand, (v, slug, d) => groupService.vouch(deps, v, slug, d.reason), 201);
  groupAction("status", setStatusCommand, (v, slug, d) => groupService.setStatus(deps, v, slug, d.status, d.reason), 200);
  groupAction("members", inviteMemberCommand, (v, slug, d) => groupService.invite(deps, v, slug, d), 201);

  app.post(`${base}/groups/:slug/statements`, async (c) => {
    const cmd = await authedCommand(c, createStatementCommand);
    if (!cmd.ok) {
      return cmd.response;
    }
    const result = await statementService.publish(deps, cmd.viewer, c.req.param("slug"), cmd.data);
    if (!result.ok) {
      return statementFailure(c, result.error);
    }
    const statement = await getStatement(deps, result.value.statementId);
    c.header("Location", `${base}/statements/${result.value.statementId}`);
    c.header("ETag", `"${result.value.hash}"`);
    return c.json({ statement: statement ? serializeStatement(statement) : null }, 201);
  });

  app.get(`${base}/statements`, async (c) => {
    const statements = await listStatements(deps, { limit: 100, listedOnly: true });
    return c.json({ statements: statements.map(serializeStatementItem) });
  });

  app.get(`${base}/statements/:id`, async (c) => {
    const statement = await getStatement(deps, c.req.param("id"));
    if (!statement) {
      return apiError(c, "ERR_STATEMENT_NOT_FOUND");
    }
    c.header("ETag", `"${statement.currentHash}"`);
    return c.json({ statement: serializeStatement(statement) });
  });

  app.post(`${base}/statements/:id/revisions`, async (c) => {
    const cmd = await authedCommand(c, revisionBody);
    if (!cmd.ok) {
      return cmd.response;
    }
    const baseHash = ifMatchHash(c.req.header("if-match"));
    if (baseHash === null) {
      return apiError(c, "ERR_PRECONDITION_REQUIRED");
    }
    const result = await statementService.revise(deps, cmd.viewer, c.req.param("id"), { ...cmd.data, baseHash });
    if (!result.ok) {
      if (result.error.type === "stale") {
        c.header("ETag", `"${result.error.currentHash}"`);
      }
      return statementFailure(c, result.error);
    }
    const statement = await getStatement(deps, result.value.statementId);
    c.header("ETag", `"${result.value.hash}"`);
    return c.json({ statement: statement ? serializeStatement(statement) : null }, 201);
  });

  app.post(`${base}/statements/:id/retraction`, async (c) => {
    const ifMatch = ifMatchHash(c.req.header("if-match"));
    const cmd = await authedCommand(c, retractStatementCommand, ifMatch ? { baseHash: ifMatch } : {});
    if (!cmd.ok) {
      return cmd.response;
    }
    const result = await statementService.retract(deps, cmd.viewer, c.req.param("id"), cmd.data);
    if (!result.ok) {
      if (result.error.type === "stale") {
        c.header("ETag", `"${result.error.currentHash}"`);
      }
      return statementFailure(c, result.error);
    }
    const statement = await getStatement(deps, result.value.statementId);
    c.header("ETag", `"${result.value.hash}"`);
    return c.json({ statement: statement ? serializeStatement(statement) : null }, 201);
  });

  app.get(`${base}/search`, async (c) => {
    const query = (c.req.query("q") ?? "").trim();
    if (query.length === 0 || query.length > 200) {
      return apiError(c, "ERR_VALIDATION", [{ field: "q", message: "q must be 1 to 200 characters" }]);
    }
    const results = await search(deps, query);
    return c.json({ query, statements: results.statements.map(serializeStatementItem), groups: results.groups.map(serializeGroupSummary) });
  });

  app.all(`${base}/*`, (c) => apiError(c, "ERR_NOT_FOUND"));
}
