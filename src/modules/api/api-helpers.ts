import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { z } from "zod";
import { ERRORS, type ErrorCode } from "../../platform/errors";
import { translatorFor } from "../../platform/i18n/translator";
import type { Viewer } from "../accounts/account.model";
import type { AppEnv } from "../http-env";

/** The JSON error body every API failure uses: {error: {code, message, details?}}. */
export function apiError(c: Context<AppEnv>, code: ErrorCode, details?: unknown): Response {
  const { status, key } = ERRORS[code];
  const message = translatorFor("en").t(key);
  return c.json({ error: details === undefined ? { code, message } : { code, message, details } }, status as ContentfulStatusCode);
}

export type JsonBody = { ok: true; value: unknown } | { ok: false; response: Response };

/** Reads a JSON body; malformed JSON or another content type is a 400 with a stable code. */
export async function readJson(c: Context<AppEnv>): Promise<JsonBody> {
  const type = c.req.header("content-type") ?? "";
  if (!type.toLowerCase().startsWith("application/json")) {
    return { ok: false, response: apiError(c, "ERR_MALFORMED_JSON", { expected: "application/json" }) };
  }
  try {
    return { ok: true, value: JSON.parse(await c.req.text()) as unknown };
  } catch {
    return { ok: false, response: apiError(c, "ERR_MALFORMED_JSON") };
  }
}

/** Validates a parsed body; failures list every field with its problem in English. */
export function validate<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  value: unknown,
): { ok: true; data: z.infer<S> } | { ok: false; response: Response } {
  const parsed = schema.safeParse(value);
  if (parsed.success) {
    return { ok: true, data: parsed.data };
  }
  const en = translatorFor("en");
  const details = parsed.error.issues.map((issue) => ({
    field: issue.path.map(String).join("."),
    message: issue.message.startsWith("error.") ? en.t(issue.message as "error.validation") : issue.message,
  }));
  return { ok: false, response: apiError(c, "ERR_VALIDATION", details) };
}

/** The authenticated API caller, or a 401 response. */
export function requireViewer(c: Context<AppEnv>): { ok: true; viewer: Viewer } | { ok: false; response: Response } {
  const viewer = c.get("viewer");
  return viewer ? { ok: true, viewer } : { ok: false, response: apiError(c, "ERR_UNAUTHENTICATED") };
}

/**
 * The common start of every write endpoint: an authenticated caller and a valid JSON body.
 * `extra` is merged into the body before validation (values taken from headers, say).
 */
export async function authedCommand<S extends z.ZodType>(
  c: Context<AppEnv>,
  schema: S,
  extra: Record<string, unknown> = {},
): Promise<{ ok: true; viewer: Viewer; data: z.infer<S> } | { ok: false; response: Response }> {
  const auth = requireViewer(c);
  if (!auth.ok) {
    return auth;
  }
  const body = await readJson(c);
  if (!body.ok) {
    return body;
  }
  const value = typeof body.value === "object" && body.value !== null && !Array.isArray(body.value) ? { ...body.value, ...extra } : body.value;
  const cmd = validate(c, schema, value);
  return cmd.ok ? { ok: true, viewer: auth.viewer, data: cmd.data } : cmd;
}
