import type { Context, Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { AppDeps } from "../../main/deps";
import type { MessageKey } from "../../platform/i18n/translator";
import { translatorFor } from "../../platform/i18n/translator";
import { renderPage } from "../../platform/views/render";
import { requireViewer } from "../api/api-helpers";
import { LANG, type AppEnv } from "../http-env";
import { errorPage, requireSignIn } from "../site/error-response";
import { href, pageCtx } from "../site/page-ctx";
import { attachmentDisposition, downloadUrl, isPublicHash, isVariantName } from "./media.model";
import { mediaFor, originalFor, publicVariant, removeMedia, storeMedia, type MediaError, type MediaItem } from "./media.service";
import { MediaErrorPage } from "./views/media-section";

/** How a refused upload is answered: HTTP status, API code, and the message (a translation key). */
export function mediaErrorResponse(error: MediaError): { status: ContentfulStatusCode; code: string; key: MessageKey; values?: Record<string, number> } {
  switch (error.type) {
    case "not-found":
      return { status: 404, code: "ERR_STATEMENT_NOT_FOUND", key: "error.statement_not_found" };
    case "forbidden":
      return { status: 403, code: "ERR_FORBIDDEN", key: "error.forbidden" };
    case "retracted":
      return { status: 409, code: "ERR_STATEMENT_RETRACTED", key: "error.statement_retracted" };
    case "empty":
      return { status: 422, code: "ERR_VALIDATION", key: "error.media_no_file" };
    case "invalid":
      return { status: 422, code: "ERR_VALIDATION", key: error.field === "alt" ? "error.media_alt_too_long" : "error.media_filename_invalid" };
    case "too-large":
      return { status: 413, code: "ERR_BODY_TOO_LARGE", key: "error.media_too_large", values: { mb: Math.floor(error.maxBytes / (1024 * 1024)) } };
    case "too-many-pixels":
      return { status: 413, code: "ERR_MEDIA_TOO_MANY_PIXELS", key: "error.media_too_many_pixels", values: { mp: Math.floor(error.maxPixels / 1_000_000) } };
    case "heic-unsupported":
      return { status: 415, code: "ERR_MEDIA_TYPE_REFUSED", key: "error.media_heic_unsupported" };
    case "undecodable":
      return { status: 422, code: "ERR_MEDIA_UNDECODABLE", key: "error.media_undecodable" };
    case "type-refused":
      return { status: 415, code: "ERR_MEDIA_TYPE_REFUSED", key: error.reason === "markup" ? "error.media_markup_refused" : "error.media_executable_refused" };
  }
}

/** The API's view of an attached file. */
export function mediaJson(item: MediaItem) {
  return {
    id: item.id,
    kind: item.kind,
    mime: item.mime,
    filename: item.filename,
    alt: item.alt,
    bytes: item.byteSize,
    width: item.width,
    height: item.height,
    url: item.kind === "image" ? `/media/${item.publicHash}/${item.variants.filter((v) => v.mime === "image/jpeg").at(-1)?.name ?? ""}` : downloadUrl(item),
    variants: item.variants.map((v) => ({ url: `/media/${item.publicHash}/${v.name}`, mime: v.mime, width: v.width, height: v.height, bytes: v.bytes })),
    createdAt: item.createdAt,
  };
}

/** The uploaded file of a multipart form, as bytes, or null when there is none. */
async function fileOf(c: Context<AppEnv>): Promise<{ bytes: Uint8Array; filename: string; alt: string } | null> {
  const type = c.req.header("content-type") ?? "";
  if (!type.startsWith("multipart/form-data")) {
    return null;
  }
  const body = await c.req.parseBody();
  const file = body.file;
  if (!(file instanceof File)) {
    return null;
  }
  return { bytes: new Uint8Array(await file.arrayBuffer()), filename: file.name, alt: typeof body.alt === "string" ? body.alt : "" };
}

/** Routes of the media module: uploads (form and API), public variants, originals for editors. */
export function mediaRoutes(app: Hono<AppEnv>, deps: AppDeps): void {
  app.post(`${LANG}/statements/:id/media`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const statementId = c.req.param("id");
    const back = href(ctx, `/statements/${statementId}`);
    const upload = await fileOf(c);
    const result = upload
      ? await storeMedia(deps, ctx.viewer, { owner: { kind: "statement", id: statementId }, ...upload })
      : ({ ok: false, error: { type: "empty" } } as const);
    if (!result.ok) {
      if (result.error.type === "not-found") {
        return errorPage(c, "ERR_STATEMENT_NOT_FOUND");
      }
      const r = mediaErrorResponse(result.error);
      return renderPage(c, r.status, <MediaErrorPage ctx={ctx} status={r.status} messageKey={r.key} values={r.values} back={back} />);
    }
    return c.redirect(`${back}?media=added#media`, 303);
  });

  app.post(`${LANG}/media/:id{[0-9a-z]{16}}/delete`, async (c) => {
    const ctx = pageCtx(c);
    if (!ctx.viewer) {
      return requireSignIn(c);
    }
    const result = await removeMedia(deps, ctx.viewer, c.req.param("id"));
    if (!result.ok) {
      return errorPage(c, result.error.type === "not-found" ? "ERR_NOT_FOUND" : "ERR_FORBIDDEN");
    }
    const { owner } = result.value;
    return c.redirect(href(ctx, owner.kind === "statement" ? `/statements/${owner.id}?media=removed#media` : `/incidents/${owner.id}`), 303);
  });

  app.delete("/api/v1/media/:id", async (c) => {
    const auth = requireViewer(c);
    if (!auth.ok) {
      return auth.response;
    }
    const result = await removeMedia(deps, auth.viewer, c.req.param("id"));
    if (!result.ok) {
      return apiFail(c, result.error.type === "not-found" ? { status: 404, code: "ERR_NOT_FOUND", key: "error.not_found" } : mediaErrorResponse(result.error));
    }
    return c.body(null, 204);
  });

  app.get("/api/v1/statements/:id/media", async (c) => {
    const statement = await deps.db.selectFrom("statements").select("id").where("id", "=", c.req.param("id")).executeTakeFirst();
    if (!statement) {
      return apiFail(c, mediaErrorResponse({ type: "not-found" }));
    }
    const items = await mediaFor(deps, { kind: "statement", id: statement.id });
    return c.json({ items: items.map(mediaJson) });
  });

  app.post("/api/v1/statements/:id/media", async (c) => {
    const auth = requireViewer(c);
    if (!auth.ok) {
      return auth.response;
    }
    const upload = await fileOf(c);
    const result = upload
      ? await storeMedia(deps, auth.viewer, { owner: { kind: "statement", id: c.req.param("id") }, ...upload })
      : ({ ok: false, error: { type: "empty" } } as const);
    if (!result.ok) {
      return apiFail(c, mediaErrorResponse(result.error));
    }
    return c.json(mediaJson(result.value), 201);
  });

  // The untouched original (evidence), decrypted, for editors and admins only; never cached.
  app.get("/media/:id{[0-9a-z]{16}}/original", async (c) => {
    const result = await originalFor(deps, c.get("viewer"), c.req.param("id"));
    if (!result.ok) {
      return errorPage(c, result.error.type === "forbidden" ? "ERR_FORBIDDEN" : "ERR_NOT_FOUND");
    }
    return c.body(new Uint8Array(result.value.bytes), 200, {
      "Content-Type": "application/octet-stream",
      "Content-Disposition": attachmentDisposition(`original-${result.value.sha256.slice(0, 12)}-${result.value.filename}`),
      "Cache-Control": "private, no-store",
      "X-Content-Type-Options": "nosniff",
      "X-Original-SHA256": result.value.sha256,
    });
  });

  // Public variants: named by content hash, so they never change and may be cached for a year.
  app.get("/media/:hash/:variant", async (c) => {
    const hash = c.req.param("hash");
    const name = c.req.param("variant");
    const found = isPublicHash(hash) && isVariantName(name) ? await publicVariant(deps, hash, name, c.req.query("m") ?? null) : null;
    if (!found) {
      return errorPage(c, "ERR_NOT_FOUND");
    }
    const headers: Record<string, string> = {
      "Cache-Control": "public, max-age=31536000, immutable",
      "X-Content-Type-Options": "nosniff",
    };
    if (found.item.kind === "image") {
      headers["Content-Type"] = found.variant.mime;
    } else {
      // Documents are never shown inline: a PDF keeps its type, anything else is opaque bytes.
      headers["Content-Type"] = found.variant.mime === "application/pdf" ? "application/pdf" : "application/octet-stream";
      headers["Content-Disposition"] = attachmentDisposition(found.item.filename);
    }
    return c.body(new Uint8Array(found.bytes), 200, headers);
  });
}

function apiFail(c: Context<AppEnv>, r: ReturnType<typeof mediaErrorResponse>): Response {
  const message = translatorFor("en").t(r.key, r.values);
  return c.json({ error: { code: r.code, message } }, r.status);
}
