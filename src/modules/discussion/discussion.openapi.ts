import { ERRORS } from "../../platform/errors";
import { CONTENT_LANG_CODES } from "../../platform/i18n/languages";
import { HOLD_REASONS, MAX_BODY_CHARS, REPORT_CATEGORIES } from "./comment.model";
import { DISCUSSION_API_CODES } from "./discussion.api";

const errorResponse = { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } };
const id = { name: "id", in: "path", required: true, schema: { type: "string" } };
const secured = [{ bearer: [] }];

/** The platform's error shape, with the discussion's own conflict codes added to the list. */
const discussionError = (description: string, headers?: object) => ({
  description,
  ...(headers ? { headers } : {}),
  content: {
    "application/json": {
      schema: {
        type: "object",
        required: ["error"],
        properties: {
          error: {
            type: "object",
            required: ["code", "message"],
            properties: {
              code: { type: "string", enum: [...Object.keys(ERRORS), ...DISCUSSION_API_CODES] },
              message: { type: "string", description: "In the caller's language (account locale or Accept-Language)" },
              details: { description: "ERR_VALIDATION: [{field, message}]; a suspension: {suspendedUntil}; a rate limit: {retryAfter}" },
            },
          },
        },
      },
    },
  },
});
const writeErrors = {
  "401": discussionError("ERR_UNAUTHENTICATED: no bearer token, or an unknown one (session cookies are not read by the API)"),
  "403": discussionError("ERR_FORBIDDEN: not the author, a suspended account, or a thread closed by a moderator"),
  "404": discussionError("ERR_NOT_FOUND / ERR_STATEMENT_NOT_FOUND"),
  "409": discussionError(
    "A conflict: ERR_DISCUSSION_CLOSED, ERR_STATEMENT_RETRACTED, ERR_COMMENT_PARENT_UNAVAILABLE, ERR_COMMENT_DUPLICATE, ERR_COMMENT_REMOVED, ERR_COMMENT_ALREADY_REPORTED, ERR_COMMENT_EDIT_WINDOW",
  ),
  "422": discussionError("ERR_VALIDATION, with details per field (also: a reply too deep, too many links for a new account)"),
};
const rateLimited = {
  "429": discussionError("ERR_RATE_LIMITED: too many comments (per account and per token)", { "Retry-After": { schema: { type: "integer" } } }),
};
const commentBody = { type: "string", minLength: 1, maxLength: MAX_BODY_CHARS, description: "Markdown" };
const langField = { type: "string", enum: CONTENT_LANG_CODES, description: "Language of the comment; detected from the text when left out" };
const outcome = {
  type: "object",
  required: ["id", "status", "holdReasons", "version", "url"],
  properties: {
    id: { type: "string" },
    status: { type: "string", enum: ["published", "held"], description: "held: waiting for a moderator, not shown to others yet" },
    holdReasons: { type: "array", items: { type: "string", enum: HOLD_REASONS }, description: "Why it is held (empty when published)" },
    version: { type: "integer" },
    url: { type: "string", format: "uri", description: "The comment on the statement's page" },
  },
};
const jsonBody = (schema: object) => ({ required: true, content: { "application/json": { schema } } });

const comment = {
  type: "object",
  required: ["id", "parentId", "depth", "lang", "readingLang", "status", "createdAt", "replies"],
  properties: {
    id: { type: "string" },
    parentId: { type: ["string", "null"] },
    depth: { type: "integer", minimum: 0, maximum: 2 },
    author: { type: ["string", "null"], description: "Handle; null once the comment is removed" },
    lang: { type: "string", description: "Language of the comment" },
    readingLang: { type: "string", description: "Language the writer was reading (original or translation)" },
    status: { type: "string", enum: ["published", "hidden", "removed", "deleted"] },
    hiddenReason: { type: ["string", "null"], enum: ["abuse", "harassment", "spam", "disinformation", "off_topic", "other", null] },
    body: { type: ["string", "null"], description: "Markdown source; null unless published" },
    createdAt: { type: "string", format: "date-time" },
    editedAt: { type: ["string", "null"], format: "date-time" },
    translations: {
      type: "array",
      items: { type: "object", properties: { lang: { type: "string" }, body: { type: "string" }, translator: { type: ["string", "null"] } } },
    },
    replies: { type: "array", description: "Replies, each with this same shape", items: { type: "object" } },
  },
};

/** The discussion module's part of the OpenAPI document (merged into /api/v1/openapi.json). */
export function discussionOpenApiPaths() {
  return {
    "/statements/{id}/comments": {
      get: {
        summary: "The public discussion of a statement as a tree, oldest first (held comments are not included)",
        parameters: [id],
        responses: {
          "200": {
            description: "{count, comments: [Comment]}",
            content: {
              "application/json": { schema: { type: "object", properties: { count: { type: "integer" }, comments: { type: "array", items: comment } } } },
            },
          },
          "404": errorResponse,
        },
      },
      post: {
        summary: "Post a comment, or a reply (parent_id), under a statement; screened like the page's form",
        security: secured,
        parameters: [id],
        requestBody: jsonBody({
          type: "object",
          required: ["body"],
          properties: {
            body: commentBody,
            lang: langField,
            parent_id: { type: "string", description: "The comment replied to (published, same statement, depth < 2); also accepted as parentId" },
            reading_lang: { type: "string", enum: CONTENT_LANG_CODES, description: "The language read; the statement's own by default" },
          },
        }),
        responses: { "201": { description: "Published or held", content: { "application/json": { schema: outcome } } }, ...writeErrors, ...rateLimited },
      },
    },
    "/comments/{id}": {
      patch: {
        summary: "Edit one's comment within 15 minutes of posting it; screened again (it may be held)",
        security: secured,
        parameters: [id],
        requestBody: jsonBody({
          type: "object",
          required: ["body"],
          properties: {
            body: commentBody,
            lang: langField,
            version: { type: "integer", minimum: 1, description: "The version edited; 412 ERR_PRECONDITION_FAILED when it is no longer the current one" },
          },
        }),
        responses: {
          "200": { description: "Published or held", content: { "application/json": { schema: outcome } } },
          ...writeErrors,
          "412": discussionError("ERR_PRECONDITION_FAILED: the comment was changed since that version"),
        },
      },
      delete: {
        summary: "Delete one's comment (its text is erased; replies stay)",
        security: secured,
        parameters: [id],
        responses: { "204": { description: "Deleted" }, ...writeErrors },
      },
    },
    "/comments/{id}/reports": {
      post: {
        summary: "Report a comment to the moderators, once per person",
        security: secured,
        parameters: [id],
        requestBody: jsonBody({
          type: "object",
          required: ["category"],
          properties: { category: { type: "string", enum: REPORT_CATEGORIES }, note: { type: "string", maxLength: 500 } },
        }),
        responses: {
          "201": {
            description: "Reported",
            content: {
              "application/json": {
                schema: { type: "object", properties: { commentId: { type: "string" }, category: { type: "string" }, status: { const: "open" } } },
              },
            },
          },
          ...writeErrors,
        },
      },
    },
  };
}
