import { createHash } from "node:crypto";

/**
 * Conditional GET for generated documents (RFC 9110 §13): a strong ETag over the exact bytes,
 * and Last-Modified from the data. Feed readers poll; most polls should end in a 304.
 */

/** A strong validator: the same bytes always give the same tag, different bytes a different one. */
export function strongEtag(body: string): string {
  return `"${createHash("sha256").update(body).digest("base64url").slice(0, 27)}"`;
}

/** An HTTP date (IMF-fixdate), to the second. */
export function httpDate(date: Date): string {
  return date.toUTCString();
}

/**
 * True when the client's copy is current. If-None-Match wins when present (weak comparison, as
 * the RFC asks for GET); otherwise If-Modified-Since, compared to the second.
 */
export function isNotModified(request: { ifNoneMatch?: string; ifModifiedSince?: string }, current: { etag: string; lastModified: Date }): boolean {
  if (request.ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, "");
    return request.ifNoneMatch.split(",").some((tag) => tag.trim() === "*" || opaque(tag) === opaque(current.etag));
  }
  if (request.ifModifiedSince !== undefined) {
    const since = Date.parse(request.ifModifiedSince);
    return Number.isFinite(since) && Math.floor(current.lastModified.getTime() / 1000) <= Math.floor(since / 1000);
  }
  return false;
}
