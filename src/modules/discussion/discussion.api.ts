// The discussion's write endpoints of the JSON API (/api/v1): post, edit, delete and report
// comments with a bearer token. Thin: every rule (screening, rate limits, pre-moderation, the
// doxxing guard, suspension, authorization, notifications) is discussionService's.
import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { z } from "zod";
import type { AppDeps } from "../../main/deps";
import { sha256Hex } from "../../platform/hash";
import type { MessageKey, MessageValues } from "../../platform/i18n/translator";
import { exhaustiveCheck } from "../../platform/result";
import type { Viewer } from "../accounts/account.model";
import { readJson } from "../api/api-helpers";
import type { AppEnv } from "../http-env";
import { editCommentCommand, postCommentCommand, reportCommentCommand } from "./discussion.commands";
import { discussionErrorInfo } from "./discussion.errors";
import { discussionService, type DiscussionError } from "./discussion.service";

/**
 * API error codes of the discussion. The platform's codes where one fits; the discussion's own
 * conflicts (409) have codes of their own, listed in docs/api.md.
 */
export const DISCUSSION_API_CODES = [
  "ERR_DISCUSSION_CLOSED",
  "ERR_COMMENT_PARENT_UNAVAILABLE",
  "ERR_COMMENT_DUPLICATE",
  "ERR_COMMENT_REMOVED",
  "ERR_COMMENT_ALREADY_REPORTED",
  "ERR_COMMENT_EDIT_WINDOW",
] as const;

type ApiCode =
  | (typeof DISCUSSION_API_CODES)[number]
  | "ERR_VALIDATION"
  | "ERR_UNAUTHENTICATED"
  | "ERR_FORBIDDEN"
  | "ERR_NOT_FOUND"
  | "ERR_STATEMENT_NOT_FOUND"
  | "ERR_STATEMENT_RETRACTED"
  | "ERR_RATE_LIMITED"
  | "ERR_PRECONDITION_FAILED";

/** The API code of a discussion failure, and the field it concerns when it is a validation error. */
export function discussionApiCode(e: DiscussionError): { code: ApiCode; field?: string } {
  switch (e.type) {
    case "not-found":
      return { code: "ERR_NOT_FOUND" };
    case "forbidden":
    case "suspended":
    case "closed-by-moderator":
      return { code: "ERR_FORBIDDEN" };
    case "retracted":
      return { code: "ERR_STATEMENT_RETRACTED" };
    case "closed":
      return { code: "ERR_DISCUSSION_CLOSED" };
    case "too-deep":
      return { code: "ERR_VALIDATION", field: "parent_id" };
    case "parent-unavailable":
      return { code: "ERR_COMMENT_PARENT_UNAVAILABLE" };
    case "rate-limited":
      return { code: "ERR_RATE_LIMITED" };
    case "too-many-links":
    case "translation-held":
      return { code: "ERR_VALIDATION", field: "body" };
    case "same-language":
      return { code: "ERR_VALIDATION", field: "lang" };
    case "duplicate":
      return { code: "ERR_COMMENT_DUPLICATE" };
    case "already-removed":
      return { code: "ERR_COMMENT_REMOVED" };
    case "already-reported":
      return { code: "ERR_COMMENT_ALREADY_REPORTED" };
    case "edit-window":
      return { code: "ERR_COMMENT_EDIT_WINDOW" };
    case "stale":
      return { code: "ERR_PRECONDITION_FAILED" };
    default:
      return exhaustiveCheck(e);
  }
}

/** {error: {code, message, details?}} with the message in the caller's language (Accept-Language, account locale). */
function fail(c: Context<AppEnv>, status: number, code: ApiCode, key: MessageKey, values?: MessageValues, details?: unknown): Response {
  const message = c.get("i18n").t(key, values);
  return c.json({ error: details === undefined ? { code, message } : { code, message, details } }, status as ContentfulStatusCode);
}

/** A refusal of discussionService as an API error; a rate limit says when to come back. */
function failure(c: Context<AppEnv>, e: DiscussionError, statementMissing = false): Response {
  const i = c.get("i18n");
  const info = discussionErrorInfo(e, i);
  const { code, field } = discussionApiCode(e);
  if (e.type === "not-found" && statementMissing) {
    return fail(c, 404, "ERR_STATEMENT_NOT_FOUND", "error.statement_not_found");
  }
  if (e.type === "rate-limited") {
    c.header("Retry-After", String(e.seconds));
  }
  const details =
    field !== undefined
      ? [{ field, message: i.t(info.key, info.values) }]
      : e.type === "suspended"
        ? { suspendedUntil: e.until }
        : e.type === "rate-limited"
          ? { retryAfter: e.seconds }
          : undefined;
  return fail(c, info.status, code, info.key, info.values, details);
}

/** API field names of the commands' fields, for validation details. */
const FIELD_NAMES: Record<string, string> = { parentId: "parent_id", readingLang: "reading_lang" };

type Parsed<T> = { ok: true; viewer: Viewer; data: T } | { ok: false; response: Response };

/**
 * The start of every write: a bearer-token caller (cookies are not read under /api), a JSON
 * object body, and the command, validated with localised messages per field.
 */
async function command<S extends z.ZodType>(c: Context<AppEnv>, schema: S, toInput: (body: Record<string, unknown>) => unknown): Promise<Parsed<z.infer<S>>> {
  const viewer = c.get("viewer");
  if (!viewer) {
    return { ok: false, response: fail(c, 401, "ERR_UNAUTHENTICATED", "error.unauthenticated") };
  }
  const json = await readJson(c);
  if (!json.ok) {
    return json;
  }
  const body = json.value;
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    return {
      ok: false,
      response: fail(c, 422, "ERR_VALIDATION", "error.validation", undefined, [{ field: "", message: c.get("i18n").t("error.validation") }]),
    };
  }
  const parsed = schema.safeParse(toInput(body as Record<string, unknown>));
  if (parsed.success) {
    return { ok: true, viewer, data: parsed.data };
  }
  const i = c.get("i18n");
  const details = parsed.error.issues.map((issue) => {
    const field = issue.path.map(String).join(".");
    return {
      field: FIELD_NAMES[field] ?? field,
      message: issue.message.startsWith("error.") ? i.t(issue.message as MessageKey) : i.t("error.validation"),
    };
  });
  return { ok: false, response: fail(c, 422, "ERR_VALIDATION", "error.validation", undefined, details) };
}

/** A value as the commands expect it: absent or null is "not given". */
const given = (v: unknown): unknown => (v === null ? undefined : v);

/** An edit through the API: the version is optional (the author's current one when left out). */
const apiEditCommand = editCommentCommand.extend({
  version: z.coerce.number({ error: "error.validation" }).int("error.validation").min(1, "error.validation").optional(),
});

/** Route table of the discussion's write API. Registered from discussionRoutes. */
export function discussionApiRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  const base = "/api/v1";
  // The rate limits count per account and per "session": for the API, the token (hashed).
  const tokenKey = (c: Context<AppEnv>): string | null => {
    const bearer = /^bearer\s+(\S+)$/i.exec(c.req.header("authorization") ?? "");
    return bearer?.[1] ? `t:${sha256Hex(bearer[1])}` : null;
  };
  const commentUrl = (c: Context<AppEnv>, statementId: string, commentId: string) =>
    `${c.get("baseUrl")}/${c.get("i18n").lang}/statements/${statementId}#c-${commentId}`;
  /** What the API tells the author about their comment: published, or held and why. */
  const outcome = async (c: Context<AppEnv>, commentId: string) => {
    const row = await deps.db
      .selectFrom("comments")
      .select(["statement_id", "status", "hold_reasons", "version"])
      .where("id", "=", commentId)
      .executeTakeFirstOrThrow();
    const held = row.status === "pending";
    return {
      id: commentId,
      status: held ? "held" : row.status,
      holdReasons: held ? row.hold_reasons.split(",").filter((r) => r !== "") : [],
      version: row.version,
      url: commentUrl(c, row.statement_id, commentId),
    };
  };

  app.post(`${base}/statements/:id/comments`, async (c) => {
    const statementId = c.req.param("id");
    const statement = await deps.db.selectFrom("statements").select(["lang"]).where("id", "=", statementId).executeTakeFirst();
    const cmd = await command(c, postCommentCommand, (b) => ({
      body: b.body,
      lang: given(b.lang),
      // The language the writer was reading: the statement's own unless they say otherwise.
      readingLang: given(b.reading_lang ?? b.readingLang) ?? statement?.lang ?? "en",
      parentId: given(b.parent_id ?? b.parentId),
    }));
    if (!cmd.ok) {
      return cmd.response;
    }
    if (!statement) {
      return failure(c, { type: "not-found" }, true);
    }
    const result = await discussionService.post(deps, cmd.viewer, statementId, cmd.data, tokenKey(c));
    if (!result.ok) {
      return failure(c, result.error, true);
    }
    const body = await outcome(c, result.value.id);
    c.header("Location", body.url);
    return c.json(body, 201);
  });

  app.patch(`${base}/comments/:id`, async (c) => {
    const commentId = c.req.param("id");
    const cmd = await command(c, apiEditCommand, (b) => ({ body: b.body, lang: given(b.lang), version: given(b.version) }));
    if (!cmd.ok) {
      return cmd.response;
    }
    const current = await deps.db.selectFrom("comments").select(["version"]).where("id", "=", commentId).executeTakeFirst();
    if (!current) {
      return failure(c, { type: "not-found" });
    }
    const result = await discussionService.edit(deps, cmd.viewer, commentId, { ...cmd.data, version: cmd.data.version ?? current.version });
    if (!result.ok) {
      return failure(c, result.error);
    }
    return c.json(await outcome(c, commentId));
  });

  app.delete(`${base}/comments/:id`, async (c) => {
    const viewer = c.get("viewer");
    if (!viewer) {
      return fail(c, 401, "ERR_UNAUTHENTICATED", "error.unauthenticated");
    }
    const result = await discussionService.remove(deps, viewer, c.req.param("id"));
    if (!result.ok) {
      return failure(c, result.error);
    }
    return c.body(null, 204);
  });

  app.post(`${base}/comments/:id/reports`, async (c) => {
    const commentId = c.req.param("id");
    const cmd = await command(c, reportCommentCommand, (b) => ({ category: b.category, note: given(b.note) }));
    if (!cmd.ok) {
      return cmd.response;
    }
    const result = await discussionService.report(deps, cmd.viewer, commentId, cmd.data);
    if (!result.ok) {
      return failure(c, result.error);
    }
    return c.json({ commentId, category: cmd.data.category, status: "open" }, 201);
  });
}
